"""The question screen's top bar: where the candidate is, how the pace goes, the time left."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Static

from trainer.ui.text import clock_text, literal, plural


@dataclass(frozen=True)
class Place:
    """The question shown of those in its section, and the section of those in the exam."""

    position: int
    total: int
    at_most: int | None = None
    """The most questions an adaptive section can serve."""
    section_title: str = ""
    section: int = 0
    sections: int = 1
    answered: int | None = None
    """How many of the section's questions are answered, counted in exams only."""
    sure: str | None = None
    """How sure the candidate said they are of the answer about to be given."""

    def text(self) -> str:
        place = f"Q {self.position + 1}/{self.total}"
        if self.at_most is not None:
            place += f" of at most {self.at_most}"
        if self.sections > 1:
            place = f"{self.section_title} ({self.section + 1}/{self.sections}) - {place}"
        if self.answered is not None:
            place += f", {self.answered} answered"
        return place + (f" - sure: {self.sure}" if self.sure else "")


@dataclass(frozen=True)
class Countdown:
    """Seconds left of a timed section, of the `limit` it had."""

    left: float
    limit: float

    @property
    def warning(self) -> bool:
        """The last tenth of the time."""
        return self.left <= 0.1 * self.limit


class QuestionBar(Horizontal):
    """The place, the pace and the clock on one line; each part is redrawn only when its value
    changes, since each redraw costs the candidate a repaint."""

    place: var[Place | None] = var[Place | None](None, init=False)
    countdown: var[Countdown | None] = var[Countdown | None](None, init=False)
    """None when the section is untimed."""
    behind: var[int | None] = var[int | None](None, init=False)
    """Questions behind an even pace; None when the section is untimed."""

    def compose(self) -> ComposeResult:
        yield Static("", id="progress")
        yield Static("", id="pace")
        yield Static("", id="timer")

    def watch_place(self, place: Place | None) -> None:
        self.query_one("#progress", Static).update(literal(place.text()) if place else "")

    def watch_countdown(self, countdown: Countdown | None) -> None:
        timer = self.query_one("#timer", Static)
        if countdown is None:
            timer.update("")
            return
        timer.update(f"{clock_text(countdown.left)} left")
        timer.set_class(countdown.warning, "warning")

    def watch_behind(self, behind: int | None) -> None:
        pace = self.query_one("#pace", Static)
        if behind is None:
            pace.update("")
            return
        pace.update("on pace" if not behind else f"behind by {plural(behind, 'item')}")
        pace.set_class(behind > 0, "behind")
