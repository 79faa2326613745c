"""Counts and times worded the same way on every front end."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.engine.adaptive_section import Result


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


def chance_text(p: float, unit: str = "%") -> str:
    """A probability as a percent that never claims certainty it rounds to: `<1%`, `>99%`."""
    if p < 0.005:
        return f"under 1{unit}"
    if p > 0.995:
        return f"over 99{unit}"
    return f"{p * 100:.0f}{unit}"


def adaptive_lines(result: Result, unit: str = "%") -> list[str]:
    """An adaptive section's outcome in three sentences: the estimated score with its 95 %
    interval and the ability behind it, the chance of passing, and how the test ended."""
    lines = [
        f"Estimated score {result.percent:.1f}{unit}, 95{unit} interval "
        f"{result.percent_low:.1f}{unit} to {result.percent_high:.1f}{unit} "
        f"(ability {result.theta:+.2f}, standard error {result.se:.2f})."
    ]
    if result.p_pass is not None:
        lines.append(f"Chance of passing: {chance_text(result.p_pass, unit)}.")
    lines.append(
        f"{plural(result.items, 'question')} of at most {result.max_items}; "
        f"it stopped because {result.reason}."
    )
    return lines


def length_text(questions: int, adaptive: bool) -> str:
    """A section's length: `12 questions`, or `adaptive, at most 30 questions`."""
    counted = plural(questions, "question")
    return f"adaptive, at most {counted}" if adaptive else counted
