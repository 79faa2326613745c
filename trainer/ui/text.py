"""Text from banks, made safe to show: never markup, never control codes."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from trainer.content.text import clean


def literal(text: str) -> Content:
    """Bank text as written: markup is not read, control characters are shown as symbols."""
    return Content(clean(text))


def plain(text: str) -> Text:
    """The same safety for Rich renderables (tables)."""
    return Text(clean(text))


def plural(n: int, noun: str) -> str:
    """`1 question`, `2 questions`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def clock_text(seconds: float) -> str:
    """Seconds as m:ss, or h:mm:ss past an hour; negative time shows as 0:00."""
    whole = max(0, int(seconds + 0.999))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
