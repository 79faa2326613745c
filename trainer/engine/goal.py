"""The candidate's goal: the exam's date, the mock exam it is modelled on, and the daily minutes.

Everything a person types is checked here, so the app and the command line refuse the same
things with the same words: a date that is not a date, a day already past, a mock exam that is
not loaded, no minutes or more than a day holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import msgspec

from trainer.errors import TrainerError

MAX_MINUTES = 16 * 60
"""A day's waking hours: more than this is a typing slip, not a study plan."""


class GoalError(TrainerError, ValueError):
    """A goal that cannot be set as given; the message says what to type instead."""


class Goal(msgspec.Struct, frozen=True):
    """What the candidate is working towards."""

    exam_date: date
    blueprint: str
    minutes: int

    def days_left(self, today: date) -> int:
        return (self.exam_date - today).days


def parse_date(text: str) -> date:
    cleaned = text.strip()
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise GoalError(
            f"{text!r} is not a date: write the exam day as YYYY-MM-DD, such as 2027-03-01"
        ) from None


def parse_minutes(text: str | int) -> int:
    if isinstance(text, int):
        minutes = text
    else:
        try:
            minutes = int(text.strip())
        except ValueError:
            raise GoalError(
                f"{text!r} is not a number of minutes: give a whole number, such as 45"
            ) from None
    if minutes <= 0:
        raise GoalError("give at least 1 minute a day: a plan needs some time to fill")
    if minutes > MAX_MINUTES:
        raise GoalError(f"{minutes} minutes is more than a day holds: give at most {MAX_MINUTES}")
    return minutes


def make_goal(
    exam: str | date,
    blueprint: str,
    minutes: str | int,
    *,
    today: date,
    blueprints: Mapping[str, object],
) -> Goal:
    """A goal from what was typed, or GoalError naming the first thing wrong with it."""
    exam_date = exam if isinstance(exam, date) else parse_date(exam)
    if exam_date <= today:
        when = "today" if exam_date == today else "already past"
        raise GoalError(
            f"the exam day {exam_date.isoformat()} is {when}: give a day after {today.isoformat()}"
        )
    if blueprint not in blueprints:
        known = ", ".join(sorted(blueprints)) or "none loaded"
        raise GoalError(f"no mock exam {blueprint!r} (known: {known})")
    return Goal(exam_date, blueprint, parse_minutes(minutes))
