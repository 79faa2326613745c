"""`trainer --plain` as a person at a terminal meets it: the real command on a pseudo-terminal,
read and answered line by line; nothing it writes may redraw, colour or draw boxes."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from tests.conftest import Write
from tests.samples import SCENARIO
from tests.test_plain import EXAM, NOISE, keyed_bank

MENU = "Type a number from 1 to 7, or q to quit:"


@pytest.fixture
def content(write: Write) -> Path:
    write("content/law.yaml", keyed_bank("casework", "admission", 4))
    write("content/reasoning.yaml", keyed_bank("figures", "arithmetic", 3))
    write("content/exam.yaml", EXAM)
    write("content/interview.yaml", SCENARIO)
    return Path("content").absolute()


class Terminal:
    """The trainer on a pseudo-terminal, with everything it wrote kept to check afterwards."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "trainer", *args],
            env={**os.environ, **(env or {})},
            encoding="utf-8",
            timeout=60,
            dimensions=(40, 120),
        )
        self.child.logfile_read = self.log

    def expect(self, text: str) -> str:
        """Wait for `text`; return what came before it."""
        self.child.expect_exact(text)
        return str(self.child.before)

    def line(self, text: str) -> None:
        self.child.sendline(text)

    def pick(self, label: str) -> None:
        """At a numbered list, choose the entry that starts with `label`."""
        listed = self.expect("or Enter to go back:")
        found = re.search(rf"^(\d+)\. {re.escape(label)}", listed, re.MULTILINE)
        assert found, f"{label!r} not listed in:\n{listed}"
        self.line(found.group(1))

    def close(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        assert isinstance(status, int)
        return status

    def lines(self) -> Iterator[str]:
        yield from self.log.getvalue().splitlines()


def plain_only(terminal: Terminal) -> None:
    noisy = [line for line in terminal.lines() if NOISE.search(line)]
    assert noisy == []


def test_a_practice_session_on_a_terminal(content: Path) -> None:
    term = Terminal("--plain", "--content", str(content))
    term.expect(MENU)
    term.line("1")
    term.pick("figures")
    term.expect("How many questions?")
    term.line("2")
    term.expect("Your answer, or h for help:")
    term.line("A")
    term.expect("Right.")
    term.expect("Press Enter for the next question:")
    term.line("")
    term.expect("Your answer, or h for help:")
    term.line("C")
    term.expect("Not right.")
    term.expect("or w to say why it went wrong:")
    term.line("")
    term.expect("Result: 50.0 percent.")
    term.expect("or Enter to go back:")
    term.line("")
    term.expect(MENU)
    term.line("q")
    term.expect("Goodbye.")
    assert term.close() == 0
    plain_only(term)


def sit_section(term: Terminal, count: int) -> None:
    for _ in range(count):
        term.expect("Your answer, or h for help:")
        term.line("A")
    term.expect("Every question of this section is answered.")
    term.line("s")
    term.expect("Type yes to go ahead, or anything else to stay:")
    term.line("yes")


def test_a_two_section_mock_exam_with_a_break_on_a_terminal(content: Path) -> None:
    term = Terminal("--plain", "--content", str(content))
    term.expect(MENU)
    term.line("2")
    term.pick("Plain mock")
    term.expect("Form code to sit a form again, or Enter for a new form:")
    term.line("")
    term.expect("Section 1 of 2: Part one, 3 questions, 10 minutes left.")
    term.expect("Your answer, or h for help:")
    term.line("t")
    term.expect("left in this section.")
    sit_section(term, 3)
    term.expect("Break: 1 minute.")
    term.expect("Press Enter to start the next section now")
    term.line("")
    term.expect("Section 2 of 2: Part two, 2 questions, 5 minutes left.")
    sit_section(term, 2)
    term.expect("Result: 100.0 percent, passed (pass mark 70 percent).")
    term.expect("or Enter to go back:")
    term.line("")
    term.expect(MENU)
    term.line("q")
    assert term.close() == 0
    plain_only(term)


def test_an_exam_left_at_the_end_of_input_resumes_where_it_stopped(
    content: Path, sealed: Path
) -> None:
    term = Terminal("--plain", "--content", str(content))
    term.expect(MENU)
    term.line("2")
    term.pick("Plain mock")
    term.expect("or Enter for a new form:")
    term.line("")
    term.expect("Your answer, or h for help:")
    term.line("A")
    term.expect("Question 2 of 3")
    term.expect("Your answer, or h for help:")
    term.child.sendeof()
    term.expect("The exam is saved: open the trainer again to resume it.")
    assert term.close() == 0
    plain_only(term)

    # The settings ask for the plain mode this time, instead of the flag.
    home = Path(os.environ["TRAINER_HOME"])
    (home / "settings.toml").write_text(f"plain = true\ncontent = [{str(content)!r}]\n")
    again = Terminal()
    again.expect("1. Resume a mock exam (1 unfinished)")
    again.expect("Type a number from 1 to 8, or q to quit:")
    again.line("1")
    again.pick("Plain mock")
    again.expect("Resumed with 1 question answered.")
    again.expect("Question 2 of 3, section 1.")
    sit_section(again, 2)
    again.expect("Press Enter to start the next section now")
    again.line("")
    sit_section(again, 2)
    again.expect("Result: 100.0 percent, passed")
    again.expect("or Enter to go back:")
    again.line("")
    again.expect(MENU)
    again.line("q")
    assert again.close() == 0
    plain_only(again)


def test_an_interview_to_its_debrief_on_a_terminal(content: Path) -> None:
    term = Terminal("--content", str(content), env={"TRAINER_PLAIN": "1"})
    term.expect(MENU)
    term.line("5")
    term.pick("Sample interview")
    term.expect("Traveler: Why am I here?")
    term.expect("Choose 1 to 2:")
    term.line("1")
    term.expect("You: Explain the process.")
    term.expect("Press Enter to go on, or q to leave:")
    term.line("")
    term.expect("Debrief: Admitted (outcome: admitted).")
    term.expect("Courtesy and control: 2 of 2.")
    term.expect(MENU)
    term.line("q")
    assert term.close() == 0
    plain_only(term)
