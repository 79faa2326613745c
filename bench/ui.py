"""Key press to repaint, and quit to exit, on a real pseudo-terminal, against bare Textual apps.

Pilot waits about 64 ms a key, so it cannot time this; here a real terminal process is driven and
the time runs from writing the key to the first bytes of the repaint (or to the marker a new
question draws, or to the process's exit).
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import Figure, figure
from bench.startup import HELLO

ROUNDS = 25
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
BARE_LIST = """
from textual.app import App
from textual.widgets import Footer, Header, OptionList, Static

class Bare(App):
    BINDINGS = [("n", "next", "Next")]
    count = 1

    def compose(self):
        yield Header()
        yield Static("Q 1", id="where")
        yield OptionList(*(f"Option {i} of the first question" for i in range(5)), id="list")
        yield Footer()

    def on_mount(self):
        self.query_one("#list").focus()

    def action_next(self):
        self.count += 1
        self.query_one("#where").update(f"Q {self.count}")
        options = self.query_one("#list")
        options.clear_options()
        options.add_options([f"Option {i} of question {self.count}" for i in range(5)])

Bare().run()
"""


class Terminal:
    """A program running on a pseudo-terminal, with its output read as it comes."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.seen = b""

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
        """Read until nothing more arrives for `quiet` seconds."""
        while self.read(quiet):
            pass
        self.seen = b""

    def press(self, key: bytes) -> float:
        """Seconds from writing a key to the first bytes drawn in answer."""
        self.settle()
        start = time.perf_counter()
        os.write(self.master, key)
        while not self.read(5):
            if time.perf_counter() - start > 5:
                raise RuntimeError(f"no repaint after {key!r}")
        return time.perf_counter() - start

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


def bench_ui(rounds: int = ROUNDS) -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-ui-"))
    try:
        bare_list = work / "bare_list.py"
        bare_list.write_text(BARE_LIST)
        hello = work / "hello.py"
        hello.write_text(
            HELLO.replace(
                "class Hello(App):", 'class Hello(App):\n    BINDINGS = [("q", "quit", "Quit")]'
            )
        )
        env = {**os.environ, "TERM": "xterm-256color", "TRAINER_HOME": str(work / "home")}
        ours = Terminal([sys.executable, "-m", "trainer"], env)
        bare = Terminal([sys.executable, str(bare_list)], env)
        try:
            ours.wait_for(b"Mock exam")
            ours.wait_for(b"questions in")
            ours.press_until(b"m", b"Form code")
            ours.press_until(b"\r", b"left")
            bare.wait_for(b"Option 0")
            move, move_base, step, step_base = [], [], [], []
            for n in range(rounds):
                move.append(ours.press(DOWN))
                move_base.append(bare.press(DOWN))
                position = n % 4 + 2
                step.append(ours.press_until(b"n", f"Q {position}/".encode()))
                bare_marker = f"Q {n + 2}".encode()
                step_base.append(bare.press_until(b"n", bare_marker))
                if position == 5:
                    ours.press_until(b"\x1b[D" * 4, b"Q 1/")
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
            figure("key to repaint: move the highlight, question vs bare OptionList app",
                   median(move), median(move_base), 2.0),
            figure("key to repaint: next question, exam screen vs bare app swapping options",
                   median(step), median(step_base), 2.0),
            figure("quit to process exit vs bare Textual app",
                   median(quits), median(quits_base), 1.2),
        ]  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
