"""Text from banks, made safe to show: never markup, never control codes."""

from __future__ import annotations

from textual.content import Content


def literal(text: str) -> Content:
    """Bank text exactly as written: markup is not interpreted and control codes are dropped."""
    return Content(text)


def plural(n: int, noun: str) -> str:
    """`1 question`, `2 questions`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def clock_text(seconds: float) -> str:
    """Seconds as m:ss, or h:mm:ss past an hour; negative time shows as 0:00."""
    whole = max(0, int(seconds + 0.999))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
