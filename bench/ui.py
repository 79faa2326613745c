"""Key press to repaint, and quit to exit, on a real pseudo-terminal, against bare Textual apps.

Pilot waits about 64 ms a key, so it cannot time this; here a real terminal process is driven.
A repaint is timed from writing the key to the moment the screen is as it finally settles: every
byte read is kept with its time, and once nothing more arrives the bytes are played through a
terminal emulator (pyte) to find the first moment after which the screen no longer changed. A
first frame that is later corrected (a bar drawn before its question, a list laid out twice)
counts until the correction, as a person sees it.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

import msgspec
import pyte
import yaml

from bench.figures import Figure, figure
from bench.startup import HELLO

ROUNDS = 25
QUESTIONS = 12
COLUMNS, LINES = 120, 40
TITLE = "Repaint benchmark"
"""The benchmark's blueprint, found by this title wherever the mock exams list it."""
QUIET = 0.25
"""Seconds without output after which a repaint is taken to be over."""
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
# What changes on the exam screen by itself, whatever the key: the clock and the pace.
_MOVING = re.compile(r"\d+:\d\d(:\d\d)? left|on pace|behind by \d+ items?")

# The baseline draws the same questions as the exam, in the same layout (the passage beside the
# prompt and an OptionList of the options), with no engine, store, navigator or clock. Its list
# never scrolls by itself, as the exam's does not: otherwise a stale scrollbar makes Textual lay a
# new question out twice, a frame apart, and the baseline would be slow for a reason of its own.
BARE_QUESTIONS = """
import json, sys
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static

QUESTIONS = json.load(open(sys.argv[1]))

class Bare(App):
    CSS = '''
    #passage { width: 1fr; height: auto; border: round $secondary; padding: 0 1; margin-right: 2; }
    #asked { width: 1fr; height: auto; }
    #qa { height: auto; }
    #body { padding: 1 2; }
    #prompt { text-style: bold; margin-bottom: 1; }
    #list { height: auto; overflow-y: hidden; }
    '''
    BINDINGS = [("n", "step(1)", "Next"), ("p", "step(-1)", "Back"), ("q", "quit", "Quit")]
    at = 0

    def compose(self):
        yield Header()
        yield Static("", id="where")
        with VerticalScroll(id="body"), Horizontal(id="qa"):
            yield Static("", id="passage")
            with Vertical(id="asked"):
                yield Static("", id="prompt")
                yield OptionList(id="list")
        yield Footer()

    def on_mount(self):
        self.show()
        self.query_one("#list").focus()

    def action_step(self, by):
        self.at = (self.at + by) % len(QUESTIONS)
        self.show()

    def show(self):
        question = QUESTIONS[self.at]
        self.query_one("#where").update(f"Q {self.at + 1}/{len(QUESTIONS)}")
        self.query_one("#passage").update(question["passage"])
        self.query_one("#prompt").update(question["prompt"])
        options = self.query_one("#list")
        options.clear_options()
        options.add_options([f"{'ABCDE'[i]}  {text}" for i, text in enumerate(question["options"])])
        options.highlighted = 0

Bare().run()
"""


def bench_content(folder: Path) -> list[dict[str, object]]:
    """Write a bank of shipped passage questions and a blueprint drawing all of them.

    Returns the same questions for the bare app: each one's passage, prompt and options.
    """
    from trainer import config
    from trainer.content import loader
    from trainer.content.models import Passage, Single

    catalog = loader.load(config.shipped_content(), None).catalog
    chosen = sorted(
        (
            item.question
            for item in catalog.items
            if isinstance(item.question, Single) and isinstance(item.question.exhibit, Passage)
        ),
        key=lambda q: q.id,
    )[:QUESTIONS]
    if len(chosen) < QUESTIONS:
        raise RuntimeError("the shipped banks have too few single-choice passage questions")
    bank = {
        "bank": "bench-screen",
        "title": "Questions for the repaint benchmark",
        "section": "bench",
        "topic": "logic",
        "sources": ["copies of shipped reasoning items"],
        "questions": [msgspec.to_builtins(q) | {"id": f"bench-{q.id}"} for q in chosen],
    }
    blueprint = {
        "blueprint": "bench-screen",
        "title": TITLE,
        "modelled_on": "nothing: a benchmark",
        "pass_mark": 70,
        "shuffle_options": False,
        "sections": [
            {
                "id": "bench",
                "title": "Bench",
                "minutes": 90,
                "draw": [{"section": "bench", "count": QUESTIONS}],
            }
        ],
    }
    folder.mkdir(parents=True)
    (folder / "bench.yaml").write_text(yaml.safe_dump(bank, sort_keys=False))
    (folder / "bench-blueprint.yaml").write_text(yaml.safe_dump(blueprint, sort_keys=False))
    return [
        {
            "passage": q.exhibit.text if isinstance(q.exhibit, Passage) else "",
            "prompt": q.prompt,
            "options": list(q.options),
        }
        for q in chosen
    ]


class Terminal:
    """A program running on a pseudo-terminal, with its output read as it comes."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.seen = b""
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return b""
        self.seen += chunk
        return chunk

    def wait_for(self, marker: bytes, timeout: float = 30) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if marker in _ANSI.sub(b"", self.seen):
                return time.perf_counter() - start
            self.read(0.2)
        raise RuntimeError(f"never saw {marker!r}")

    def settle(self, quiet: float = 0.15) -> None:
        """Read until nothing more arrives for `quiet` seconds; the emulated screen follows."""
        while self.read(quiet):
            pass
        self.stream.feed(self.seen)
        self.seen = b""

    def view(self) -> list[tuple[object, ...]]:
        """The screen's characters with their colours and styles; the clock and pace left out."""
        rows = []
        for y, text in enumerate(self.screen.display):
            row: list[object] = [self.screen.buffer[y][x] for x in range(COLUMNS)]
            for moving in _MOVING.finditer(text):
                row[moving.start() : moving.end()] = [None] * (moving.end() - moving.start())
            rows.append(tuple(row))
        return rows

    def repaint(self, key: bytes) -> float:
        """Seconds from writing `key` until the screen is as it finally settles."""
        self.settle()
        before = self.view()
        start = time.perf_counter()
        os.write(self.master, key)
        chunks: list[tuple[float, bytes]] = []
        while chunk := self.read(QUIET):
            chunks.append((time.perf_counter() - start, chunk))
            if chunks[-1][0] > 10:
                raise RuntimeError(f"the screen never settled after {key!r}")
        self.seen = b""
        views = []
        for _, chunk in chunks:
            self.stream.feed(chunk)
            views.append(self.view())
        final = views[-1] if views else before
        if final == before:
            raise RuntimeError(f"{key!r} changed nothing on screen")
        first = next(i for i, view in enumerate(views) if all(v == final for v in views[i:]))
        return chunks[first][0]

    def press_until(self, key: bytes, marker: bytes) -> float:
        """Seconds from writing a key until `marker` is drawn."""
        self.settle()
        start = time.perf_counter()
        os.write(self.master, key)
        while marker not in _ANSI.sub(b"", self.seen):
            self.read(1)
            if time.perf_counter() - start > 10:
                raise RuntimeError(f"never drew {marker!r}")
        return time.perf_counter() - start

    def quit(self, key: bytes) -> float:
        """Seconds from writing the quit key to the process's exit."""
        self.settle()
        start = time.perf_counter()
        os.write(self.master, key)
        while self.process.poll() is None:
            self.read(0.01)
            if time.perf_counter() - start > 10:
                raise RuntimeError("did not exit")
        return time.perf_counter() - start

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


DOWN = b"\x1b[B"
CTRL_P = b"\x10"


def start_by_title(terminal: Terminal, title: str) -> None:
    """Start the mock exam of this title from the command palette: it is found by what it is
    called, never by where a list puts it (that depends on what else is loaded)."""
    command = f"Mock exam: {title}"
    terminal.press_until(CTRL_P, b"Search for commands")
    terminal.press_until(title.encode(), command.encode())
    terminal.settle(QUIET)
    if not any(command in line for line in terminal.screen.display):
        raise RuntimeError(f"the command palette does not offer {command!r}")
    terminal.press_until(b"\r", f"Q 1/{QUESTIONS}".encode())
    terminal.settle()
    if not any(title in line for line in terminal.screen.display):
        raise RuntimeError(f"the exam started is not {title!r}")


def bench_ui(rounds: int = ROUNDS) -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-ui-"))
    try:
        questions = work / "questions.json"
        questions.write_text(json.dumps(bench_content(work / "content")))
        bare_app = work / "bare_questions.py"
        bare_app.write_text(BARE_QUESTIONS)
        hello = work / "hello.py"
        hello.write_text(
            HELLO.replace(
                "class Hello(App):", 'class Hello(App):\n    BINDINGS = [("q", "quit", "Quit")]'
            )
        )
        env = {**os.environ, "TERM": "xterm-256color", "TRAINER_HOME": str(work / "home")}
        trainer = [sys.executable, "-m", "trainer", "--content", str(work / "content")]
        ours = Terminal(trainer, env)
        bare = Terminal([sys.executable, str(bare_app), str(questions)], env)
        try:
            ours.wait_for(b"Mock exam")
            ours.wait_for(b"questions in")
            start_by_title(ours, TITLE)
            bare.wait_for(b"Q 1/")
            # The form code's notice goes after six seconds; it must not land in a measurement.
            time.sleep(6.5)
            move, move_base, step, step_base = [], [], [], []
            for n in range(rounds):
                move.append(ours.repaint(DOWN))
                move_base.append(bare.repaint(DOWN))
                # Forward through the exam and back again: every press shows another question.
                key = b"n" if n % (2 * (QUESTIONS - 1)) < QUESTIONS - 1 else b"p"
                step.append(ours.repaint(key))
                step_base.append(bare.repaint(key))
        finally:
            ours.close()
            bare.close()
        quits, quits_base = [], []
        for _ in range(max(5, rounds // 3)):
            app = Terminal([sys.executable, "-m", "trainer"], env)
            base = Terminal([sys.executable, str(hello)], env)
            try:
                app.wait_for(b"questions in")
                base.wait_for(b"Hello from a bare")
                quits.append(app.quit(b"q"))
                quits_base.append(base.quit(b"q"))
            finally:
                app.close()
                base.close()
        median = statistics.median
        return [
            figure("key to settled screen: move the highlight, exam vs bare app, same questions",
                   median(move), median(move_base), 2.0),
            figure("key to settled screen: next question, exam vs bare app, same questions",
                   median(step), median(step_base), 2.0),
            figure("quit to process exit vs bare Textual app",
                   median(quits), median(quits_base), 1.2),
        ]  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
