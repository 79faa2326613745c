"""The plain front end, driven in this process by lines of input: each flow, each bad input, the
end of input mid-exam, time said at set points, and the same history as the app records."""

from __future__ import annotations

import io
import os
import random
import re
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Write
from tests.samples import BANK, SCENARIO
from trainer import config, plain
from trainer.content.models import (
    LETTERS,
    Match,
    Multiple,
    Numeric,
    Order,
    Question,
    Rate,
    Single,
    TextAnswer,
    TrueFalse,
)
from trainer.engine.clock import ManualClock
from trainer.engine.plan import draw_exam, seed_from_code
from trainer.engine.scoring import Response
from trainer.plain.asking import Refused, question_lines, read_response
from trainer.plain.console import plain_text
from trainer.plain.sessions import Clockwatch, numbers_text
from trainer.store.records import AnswerRow
from trainer.store.sqlite import SqliteStore
from trainer.study import Study

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEYED = """
bank: keyed-{section}
title: Questions whose key is A
section: {section}
topic: {topic}
sources: ["INA 235"]
questions:
{questions}
"""
EXAM = """
blueprint: plain-exam
title: Plain mock
modelled_on: Nothing real
pass_mark: 70
shuffle_options: false
sections:
  - id: one
    title: Part one
    minutes: 10
    break_after: 1
    instructions: Three questions on admission.
    draw:
      - {section: casework, count: 3}
  - id: two
    title: Part two
    minutes: 5
    instructions: Two sums; no calculator.
    draw:
      - {section: figures, count: 2}
"""
NOISE = re.compile("[\x1b\u2500-\u25ff\u2800-\u28ff]")
"""What a plain line must never hold: escape codes, box drawing, blocks, shapes, braille."""


def keyed_bank(section: str, topic: str, count: int) -> str:
    """Single-choice questions, four options each, the first always right."""
    questions = "\n".join(
        f"""  - id: {section}-{n}
    type: single
    prompt: {section.title()} question {n}?
    options: ["Right {n}", "Wrong {n}", "Also wrong {n}", "Still wrong {n}"]
    answer: A
    explanation: The first option is right. The others are not.
    references: ["INA 235(a)"]
    difficulty: 2"""
        for n in range(1, count + 1)
    )
    return KEYED.format(section=section, topic=topic, questions=questions)


@pytest.fixture
def content(write: Write) -> Path:
    write("content/law.yaml", keyed_bank("casework", "admission", 4))
    write("content/reasoning.yaml", keyed_bank("figures", "arithmetic", 3))
    write("content/exam.yaml", EXAM)
    write("content/interview.yaml", SCENARIO)
    return Path("content").absolute()


def locations(sealed: Path, content: Path, home: str = "home") -> config.Locations:
    return config.Locations(home=sealed / home, content=(content,), user_content=())


def sit(
    sealed: Path,
    content: Path,
    *lines: str,
    clock: ManualClock | None = None,
    home: str = "home",
) -> str:
    """Run the plain front end on these lines of input to their end; every line it says is
    checked for noise, and the whole output is returned."""
    out = io.StringIO()
    code = plain.run(
        locations(sealed, content, home),
        lines_in=io.StringIO("".join(f"{line}\n" for line in lines)),
        out=out,
        clock=clock or ManualClock(START),
        rng=random.Random(3),
    )
    assert code == 0
    said = out.getvalue()
    noisy = [line for line in said.splitlines() if NOISE.search(line)]
    assert noisy == []
    return said


def store(sealed: Path, home: str = "home") -> SqliteStore:
    return SqliteStore(sealed / home / "history.sqlite3")


def test_a_practice_from_home_gives_feedback_and_records_every_answer(
    sealed: Path, content: Path
) -> None:
    said = sit(
        sealed, content,
        "1", "2", "3",  # practice, casework (its one topic), three questions
        "A", "",
        "B", "w", "2", "",  # wrong, then why: misread
        "2", "",  # "2" is option B by its number: wrong again
        "",  # the results' menu: back home
        "q",
    )  # fmt: skip
    assert "Practice: casework: 3 questions, feedback after each." in said
    assert said.count("Right.") == 1
    assert said.count("Not right.") == 2
    assert "You: B. Wrong " in said
    assert "See: INA 235(a)" in said
    assert "Noted." in said
    assert "Result: 33.3 percent." in said
    assert said.rstrip().endswith("Goodbye.")
    history = store(sealed)
    [row] = history.sessions(1)
    assert (row.mode, row.state) == ("practice", "finished")
    assert row.score == pytest.approx(33.3)
    answers = history.answers(row.id)
    assert [a.response for a in answers] == ["A", "B", "B"]
    assert [a.miss_reason for a in answers] == [None, "misread", None]


def test_each_question_is_printed_once_with_lettered_and_numbered_options(
    sealed: Path, content: Path
) -> None:
    said = sit(sealed, content, "1", "3", "1", "A", "", "", "q")
    assert said.count("Figures question") == 1
    assert re.search(r"A \(1\)\. Right \d\nB \(2\)\. Wrong \d", said)
    lines = said.splitlines()
    prompt = lines.index("Answer with one letter, A to D, or its number.")
    assert lines[prompt + 1] == "Your answer, or h for help:"


def test_bad_input_says_what_is_allowed_and_asks_again(sealed: Path, content: Path) -> None:
    said = sit(sealed, content, "1", "3", "1", "Z", "", "9", "A B", "A", "", "", "12", "q")
    allowed = "Answer with one letter, A to D, or its number."
    assert f"'Z' is not an answer here. {allowed} Type h for the commands." in said
    assert f"Nothing was typed. {allowed} Type h for the commands." in said
    assert f"'9' is not an answer here. {allowed}" in said
    assert f"'A B' is not an answer here. {allowed}" in said
    assert "'12' is not on the menu." in said
    [row] = store(sealed).sessions(1)
    assert [a.response for a in store(sealed).answers(row.id)] == ["A"]


def exam_lines() -> list[str]:
    """A whole two-section mock exam: flags, a strike, navigation by number, the break."""
    return [
        "2", "1", "",  # mock exam, the plain mock, a new form
        "f", "x B", "l", "A",  # flag question 1, strike B, list, answer it
        "g 1",  # back to question 1: said again with its answer and flag
        "n", "B", "u", "A",  # question 2 wrong; question 3 is the one unanswered
        "s", "no", "s", "yes",  # submitting asks first
        "t", "",  # the break: its time, then start section two at once
        "A", "A", "s", "yes",
        "", "q",
    ]  # fmt: skip


def test_a_two_section_mock_exam_with_its_break_is_sat_to_the_results(
    sealed: Path, content: Path
) -> None:
    said = sit(sealed, content, *exam_lines())
    assert "Mock exam: Plain mock." in said
    assert "Section 1 of 2: Part one, 3 questions, 10 minutes left." in said
    assert "Three questions on admission." in said
    assert said.count("Two sums; no calculator.") == 1
    assert said.index("Break: 1 minute.") < said.index("Two sums; no calculator.")
    assert "Flagged for review." in said
    assert "Option B struck out." in said
    assert re.search(r"B \(2\)\. Wrong \d \(struck out\)", said)
    assert "Answered: none.\nNot answered: 1 to 3.\nFlagged: 1." in said
    assert re.search(r"Question 1 of 3, section 1 \(answered: A\. Right \d; flagged\)\.", said)
    assert "End this section? You cannot come back to it." in said
    assert "Staying in the section." in said
    assert "Break: 1 minute." in said
    assert "1 minute left of the break." in said
    assert "Section 2 of 2: Part two, 2 questions, 5 minutes left." in said
    assert "Submit the exam? No answer can be changed after this." in said
    assert "Result: 80.0 percent, passed (pass mark 70 percent)." in said
    [row] = store(sealed).sessions(1)
    assert (row.mode, row.state) == ("exam", "finished")
    scores = [a.score for a in store(sealed).answers(row.id)]
    assert scores == [1.0, 0.0, 1.0, 1.0, 1.0]


def test_the_end_of_input_leaves_the_exam_saved_and_home_resumes_it(
    sealed: Path, content: Path
) -> None:
    said = sit(sealed, content, "2", "1", "", "A", "f")
    assert "The exam is saved: open the trainer again to resume it." in said
    assert said.rstrip().endswith("End of input.")
    [row] = store(sealed).sessions(1)
    assert (row.state, row.position) == ("open", 1)
    said = sit(sealed, content, "1", "1", "A", "A", "s", "yes", "", "A", "A", "s", "yes", "", "q")
    assert "1. Resume a mock exam (1 unfinished)" in said
    assert "Resumed with 1 question answered." in said
    resumed = said.split("Resumed with", 1)[1]
    assert re.search(r"Question 2 of 3, section 1 \(flagged\)\.", resumed)
    assert "Result: 100.0 percent, passed" in said
    [row] = store(sealed).sessions(1)
    assert row.state == "finished"
    assert len(store(sealed).answers(row.id)) == 5


def test_an_exam_left_on_its_break_resumes_on_the_break(sealed: Path, content: Path) -> None:
    sit(sealed, content, "2", "1", "", "A", "A", "A", "s", "yes")
    said = sit(sealed, content, "1", "1", "", "A", "A", "s", "yes", "", "q")
    assert said.count("Break: 1 minute.") == 1
    assert "Section 2 of 2: Part two" in said


def test_leaving_an_exam_asks_first_and_keeps_it(sealed: Path, content: Path) -> None:
    said = sit(sealed, content, "2", "1", "", "q", "no", "q", "yes", "q")
    assert said.count("Leave the exam? Pausing is not allowed") == 2
    assert "The exam is kept to resume." in said
    [row] = store(sealed).sessions(1)
    assert row.state == "open"


def test_an_interview_runs_to_its_debrief(sealed: Path, content: Path) -> None:
    said = sit(sealed, content, "5", "1", "3", "1", "", "", "q")
    assert "Interview: Sample interview." in said
    assert "Setting: Secondary inspection" in said
    assert "Traveler: Why am I here?\n1. Explain the process.\n2. Tell them to be quiet." in said
    assert "'3' is not one of the replies: type 1 to 2." in said
    assert "You: Explain the process." in said
    assert "Traveler: Fine." in said
    assert "Debrief: Admitted (outcome: admitted)." in said
    assert "Courtesy and control: 2 of 2." in said
    assert "The model path:\n- Explain the process." in said
    [run] = store(sealed).scenario_runs(1)
    assert run.outcome == "admitted"


def test_an_interview_left_is_offered_again_with_what_was_said(sealed: Path, content: Path) -> None:
    sit(sealed, content, "5", "1", "1", "q", "q")
    said = sit(sealed, content, "5", "1", "", "", "q")
    assert "1. Go on with: Sample interview (1 move made)" in said
    assert "Resumed. What was said so far:\nTraveler: Why am I here?\nYou: Explain" in said
    assert "Debrief: Admitted" in said


def test_weak_areas_and_history_read_out_what_was_recorded(sealed: Path, content: Path) -> None:
    sit(sealed, content, "1", "2", "2", "A", "", "B", "", "", "q")
    said = sit(sealed, content, "6", "7", "1", "2", "", "", "q")
    assert "Topics, weakest first:\ncasework/admission: " in said
    assert "Not tried yet: figures/arithmetic." in said
    assert re.search(r"1\. \d\d \w+ 2026 \d\d:\d\d: Practice: casework, 50\.0%", said)
    review = said.split("Review the wrong or partly wrong ones", 1)[1]
    assert "Question 2 of 2: wrong." in review
    assert "You: B. Wrong" in review
    assert "Answer: A. Right" in review
    assert "End of the review." in review


def test_an_empty_history_and_nothing_due_are_said_plainly(sealed: Path, content: Path) -> None:
    said = sit(sealed, content, "7", "3", "q")
    assert "No finished session yet: practise or sit a mock exam first." in said
    assert "That could not be done: nothing is due for review" in said


def test_a_history_that_cannot_be_opened_is_said_and_nothing_else_runs(
    sealed: Path, content: Path
) -> None:
    (sealed / "home").mkdir()
    (sealed / "home" / "history.sqlite3").mkdir()  # a folder where the file should be
    out = io.StringIO()
    code = plain.run(
        locations(sealed, content), lines_in=io.StringIO("q\n"), out=out,
        clock=ManualClock(START),
    )  # fmt: skip
    assert code == 1
    assert "The history cannot be opened:" in out.getvalue()


def test_problems_in_the_content_are_counted_and_the_rest_loads(
    sealed: Path, content: Path, write: Write
) -> None:
    write("content/broken.yaml", "bank: [\n")
    said = sit(sealed, content, "q")
    assert "Warning: 1 problem in the content (1 error); the rest is loaded." in said
    assert "7 questions in 2 sections, 1 mock exam, 1 interview scenario." in said


class TickingClock(ManualClock):
    """A clock that moves on ten seconds each time it is read for a span of time."""

    def monotonic(self) -> float:
        self.advance(10)
        return super().monotonic()


def test_time_is_said_at_set_points_and_running_out_ends_sections_and_the_exam(
    sealed: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.plain import sessions

    monkeypatch.setattr(sessions, "TICK_SECONDS", 0.001)
    reading, writing = os.pipe()
    out = io.StringIO()
    lines_in = os.fdopen(reading, "r")
    feed = os.fdopen(writing, "w")
    feed.write("2\n1\n\n")
    feed.flush()

    def run() -> None:
        plain.run(locations(sealed, content), lines_in=lines_in, out=out, clock=TickingClock(START))

    runner = threading.Thread(target=run)
    runner.start()
    try:
        for _ in range(2000):
            if "What next?" in out.getvalue():
                break
            threading.Event().wait(0.01)
    finally:
        feed.close()
        runner.join(timeout=10)
    said = out.getvalue()
    assert not runner.is_alive()
    order = [
        "Section 1 of 2",
        "Half-time: ",
        "Time: ",
        "Time is up for this section.",
        "Break: ",
        "The break is over.",
        "Section 2 of 2",
        "Half-time: ",
        "Time is up: the exam was submitted.",
        "Result: 0.0 percent, not yet passed",
    ]
    at = 0
    for text in order:
        found = said.find(text, at)
        assert found >= 0, f"{text!r} not said after position {at}:\n{said[at:]}"
        at = found + len(text)
    assert re.search(r"Half-time: [45] minutes( \d+ seconds)? left in this section\.", said)


def test_the_clock_is_said_at_half_time_and_at_ten_five_and_one_minute(
    sealed: Path, write: Write
) -> None:
    write("content/law.yaml", keyed_bank("casework", "admission", 2))
    write(
        "content/exam.yaml",
        "blueprint: long\ntitle: Long\nmodelled_on: Nothing\npass_mark: 70\nsections:\n"
        "  - {id: one, title: One, minutes: 30, draw: [{section: casework, count: 2}]}\n",
    )
    clock = ManualClock(START)
    from trainer import startup

    loaded = startup.load_content(locations(sealed, Path("content").absolute()), clock)
    study = Study(loaded.catalog, store(sealed), clock, random.Random(1))
    live = study.start_exam("long")
    watch = Clockwatch()
    watch.begin(live)
    said = []
    for _ in range(30 * 6):
        clock.advance(10)
        live.tick()
        if (line := watch.due(live)) is not None:
            said.append(line)
    assert said == [
        "Half-time: 15 minutes left in this section.",
        "Time: 10 minutes left in this section.",
        "Time: 5 minutes left in this section.",
        "Time: 1 minute left in this section.",
    ]


def right_line(question: Question, order: tuple[int, ...]) -> str:
    """What to type to answer a question rightly, in its display letters."""
    shown = list(order) or list(range(len(getattr(question, "options", ()))))

    def letter(original: str) -> str:
        return LETTERS[shown.index(LETTERS.index(original))]

    match question:
        case Single(answer=answer):
            return letter(answer)
        case Multiple(answer=answer) | Order(answer=answer):
            return " ".join(letter(a) for a in answer)
        case TrueFalse(answer=answer):
            return "true" if answer else "false"
        case Numeric(answer=answer):
            return f"{answer:g}"
        case TextAnswer(answer=answer):
            return answer[0]
        case Match(answer=answer):
            return " ".join(answer)
        case Rate(answer=answer):
            return " ".join(map(str, answer))
    raise AssertionError(type(question).__name__)  # pragma: no cover


def test_every_question_type_reads_its_right_answer_and_refuses_a_wrong_shape(
    write: Write,
) -> None:
    from trainer.content import loader
    from trainer.engine.scoring import score

    path = write("content/law.yaml", BANK)
    catalog = loader.load([path]).catalog
    assert len(catalog) == 8
    for item in catalog.items:
        question = item.question
        order = (1, 0, 2) if isinstance(question, (Order, Multiple)) else ()
        response = read_response(question, order, right_line(question, order))
        assert not isinstance(response, Refused), item.id
        assert score(question, response).correct, item.id
        wrong_shape = "" if isinstance(question, TextAnswer) else "Q Q Q Q Q Q Q Q"
        assert isinstance(read_response(question, order, wrong_shape), Refused), item.id
        lines = question_lines(question, order, frozenset())
        assert lines[-1].startswith(("Answer with", "Answer A for true", "Type your answer"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("B", "A"), ("b", "A"), ("1", "B"), ("A", "B"), ("3", "C"), ("AB", Refused), ("", Refused)],
)
def test_a_choice_is_read_by_its_shown_letter_or_number(typed: str, expected: Any) -> None:
    question = Single(
        id="q", prompt="?", explanation="x", difficulty=1, options=("x", "y", "z"), answer="A"
    )
    got = read_response(question, (1, 0, 2), typed)
    assert isinstance(got, Refused) if expected is Refused else got == expected


def test_plain_text_drops_escape_codes_and_noisy_characters() -> None:
    assert (
        plain_text("\x1b[31mred\x1b[0m \u2588\u2500 \u28ff ok") == "␛[31mred␛[0m" + " " * 6 + "ok"
    )
    assert NOISE.search(plain_text("\x1b[2J\u2502box\u2502")) is None
    assert numbers_text([1, 2, 3, 5, 7, 8]) == "1 to 3, 5, 7 to 8"
    assert numbers_text([]) == "none"


async def test_the_same_answers_give_the_same_history_as_the_app(
    sealed: Path, write: Write
) -> None:
    from tests.pilot import EXAM as MIXED
    from tests.pilot import press, right_keys, settle
    from trainer.content import loader
    from trainer.ui.app import create_app
    from trainer.ui.screens.question import QuestionScreen

    write("content/law.yaml", BANK)
    write("content/exam.yaml", MIXED)
    content = Path("content").absolute()
    code = "3KQ7ZD"
    catalog = loader.load([content]).catalog
    plan = draw_exam(catalog, catalog.blueprints["two-part"], seed_from_code(code))
    lines = ["2", "1", code]
    for section in plan.sections:
        lines += [right_line(catalog.by_id[p.id].question, p.order) for p in section.items]
        lines += ["s", "yes", ""]
    sit(sealed, content, *lines, "q", home="home-plain")

    app = create_app(
        locations(sealed, content), clock=ManualClock(START), rng=random.Random(3),
        tick_seconds=None,
    )  # fmt: skip
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "tab", *code, "enter")
        for section in plan.sections:
            for n in range(len(section.items)):
                screen = app.screen
                assert isinstance(screen, QuestionScreen)
                await press(pilot, *right_keys(screen))
                if n + 1 < len(section.items):
                    await press(pilot, "n")
            # An answer typed keeps the focus in its field, where s is a letter: submit directly.
            question = app.screen
            assert isinstance(question, QuestionScreen)
            await question.action_submit()
            await press(pilot, "y", "enter")

    def recorded(history: SqliteStore) -> list[tuple[str, Response, float | None]]:
        [row] = history.sessions(1)
        assert row.state == "finished"
        answers: list[AnswerRow] = history.answers(row.id)
        return [(a.item_id, a.response, a.score) for a in answers]

    from_plain = recorded(store(sealed, "home-plain"))
    assert from_plain == recorded(store(sealed))
    assert len(from_plain) == 5
    assert all(score == 1.0 for _, _, score in from_plain)
