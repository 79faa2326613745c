"""Clocks: the engine asks one for the time instead of reading the machine's."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Wall time for records (aware, UTC) and a monotonic count of seconds for durations."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


def local_date(clock: Clock) -> date:
    """The candidate's calendar day: the clock's instant in the machine's own time zone."""
    return clock.now().astimezone().date()


class SystemClock:
    """The machine's clock; the app factory passes it in, the core never constructs it itself."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that moves only when told to: for tests, replays and scripted candidates."""

    def __init__(self, start: datetime, monotonic: float = 0.0) -> None:
        if start.tzinfo is None:
            raise ValueError("naive datetimes are refused: pass an aware UTC time")
        self._now = start
        self._mono = monotonic

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds
