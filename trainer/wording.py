"""Counts and times worded the same way on every front end."""

from __future__ import annotations


def plural(n: int, noun: str) -> str:
    """`1 question`, `2 questions`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def clock_text(seconds: float) -> str:
    """Seconds as m:ss, or h:mm:ss past an hour; negative time shows as 0:00. A part of a second
    counts as a whole one, so a clock counting down never shows 0:00 with time left."""
    whole = max(0, int(seconds + 0.999))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken_time(seconds: float) -> str:
    """Seconds in words, as a screen reader should say them: `1 hour 5 minutes`, `4 minutes
    30 seconds`, `45 seconds`; rounded up to the second, as `clock_text` is."""
    whole = max(0, int(seconds + 0.999))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(plural(hours, "hour"))
    if minutes:
        parts.append(plural(minutes, "minute"))
    if secs and not hours:
        parts.append(plural(secs, "second"))
    return " ".join(parts) or "0 seconds"
