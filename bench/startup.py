"""Start-up to the first frame on a real pseudo-terminal: the trainer against a bare Textual app."""

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

PAIRS = 15
HELLO = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Hello(App):
    def compose(self):
        yield Header()
        yield Static("Hello from a bare Textual app")
        yield Footer()

Hello().run()
"""
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")


def first_frame(
    command: list[str], marker: bytes, env: dict[str, str], timeout: float = 30
) -> float:
    """Seconds from spawning `command` on a pseudo-terminal until `marker` is drawn."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if marker in _ANSI.sub(b"", seen):
                return time.perf_counter() - start
        raise RuntimeError(f"{command} never drew {marker!r}")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def bench_startup(pairs: int = PAIRS) -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-startup-"))
    try:
        hello = work / "hello.py"
        hello.write_text(HELLO)
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        env["TRAINER_HOME"] = str(work / "home")
        trainer = [sys.executable, "-m", "trainer"]
        bare = [sys.executable, str(hello)]
        # One run each first, untimed, so both start from a warm disk cache and a built cache.
        first_frame(trainer, b"Practice", env)
        first_frame(bare, b"Hello from a bare", env)
        ours, theirs = [], []
        for _ in range(pairs):
            ours.append(first_frame(trainer, b"Practice", env))
            theirs.append(first_frame(bare, b"Hello from a bare", env))
        return [
            figure(
                f"start-up to home's first frame on a pty vs bare Textual app ({pairs} pairs)",
                statistics.median(ours),
                statistics.median(theirs),
                1.3,
            )
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
