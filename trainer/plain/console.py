"""Lines out and lines in: what the plain front end says stays in the scrollback as it was said.

Nothing is redrawn: no cursor movement, no alternate screen, no colour, and no box-drawing,
block, braille or geometric characters, which screen readers read out as noise. Input is read a
line at a time on a thread of its own, so a timed exam can speak up (time points, time-outs)
while it waits for the candidate.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable
from typing import TextIO

from trainer.content.text import clean

_NOISE = re.compile("[\u2500-\u25ff\u2800-\u28ff]")
"""Box drawing, block elements, geometric shapes and braille patterns."""
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_text(text: str) -> str:
    """Text as the plain front end says it: control codes and noisy characters left out."""
    return _NOISE.sub(" ", _ESCAPES.sub("", clean(text))).rstrip()


class EndOfInput(Exception):
    """The input ended (a script ran out, or the candidate pressed Ctrl-D)."""


class Console:
    """Says lines and asks for lines; `ask` can be woken by a clock while it waits."""

    def __init__(self, lines_in: TextIO, out: TextIO, *, echo: bool | None = None) -> None:
        self.out = out
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.echo = (not _is_terminal(lines_in)) if echo is None else echo
        """Repeat each line read after its prompt: a script's answers then show in the output."""
        reader = threading.Thread(target=self._read, args=(lines_in,), daemon=True)
        reader.start()

    def _read(self, lines_in: TextIO) -> None:
        try:
            for line in iter(lines_in.readline, ""):
                self._lines.put(line.rstrip("\r\n"))
        except (OSError, ValueError, UnicodeDecodeError):
            pass  # a closed or unreadable input ends like an empty one
        self._lines.put(None)

    def say(self, *lines: str) -> None:
        """Write each line (a line with breaks in it becomes several), then flush."""
        for text in lines:
            for line in text.split("\n"):
                self.out.write(plain_text(line) + "\n")
        self.out.flush()

    def blank(self) -> None:
        self.out.write("\n")
        self.out.flush()

    def ask(
        self,
        prompt: str,
        *,
        every: float | None = None,
        wake: Callable[[], bool] | None = None,
    ) -> str | None:
        """Say the prompt on its own line and wait for a line of input, stripped of spaces.

        While waiting, `wake` is called every `every` seconds; when it returns True the wait
        stops and None is returned (something happened that the caller must tell). Raises
        EndOfInput when the input has ended.
        """
        self.say(prompt)
        deadline = time.monotonic() + every if every else None
        while True:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                if wake is not None and wake():
                    return None
                assert every is not None
                deadline = time.monotonic() + every
                continue
            if line is None:
                self._lines.put(None)  # every later ask ends too
                raise EndOfInput
            if self.echo:
                self.say(f"> {line}")
            return line.strip()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
