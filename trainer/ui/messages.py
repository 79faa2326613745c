"""Messages that carry results from workers, and requests from the screens up to the app.

Screens never open one another: they post one of these, which bubbles up to the app, and the
app (through `flows`) decides what opens. So no screen imports another or the flows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from trainer.engine.report import Report
    from trainer.study import StudySession
    from trainer.ui.app import Ready

ACTIONS = (
    ("today", "t", "Today's plan", "today's reviews, new items and drills"),
    ("practice", "p", "Practice", "choose topics and difficulty; feedback at once"),
    ("exam", "m", "Mock exam", "timed, built like the real exams"),
    ("drill", "d", "Weak-area drill", "your weakest topics, missed questions first"),
    ("review", "v", "Spaced review", "what is due today"),
    ("scenario", "i", "Interview scenario", "a branching interview, scored and debriefed"),
    ("history", "h", "History", "every session, scores over time"),
    ("weak", "w", "Weak areas", "each topic's estimate and trend"),
    ("goal", "g", "Goal", "your exam day, its mock and minutes a day"),
    ("plan", "l", "Study plan", "every day to the exam, and how ready you are"),
    ("items", "a", "Item analysis", "for authors: weak questions and distractors"),
    ("cohort", "c", "Class report", "for instructors: every candidate, weakest topics"),
)
"""Home's actions, as (name, key, label, hint); the command palette offers them too."""

FOR_INSTRUCTORS = frozenset({"cohort"})
"""Actions a candidate's own trainer does not offer: they show other candidates' figures."""


def offered(instructor: bool) -> tuple[tuple[str, str, str, str], ...]:
    """Home's actions this trainer offers: all of them to an instructor."""
    return tuple(a for a in ACTIONS if instructor or a[0] not in FOR_INSTRUCTORS)


@dataclass
class ContentLoaded(Message):
    """Content and history are ready (or failed); `ready` says which."""

    ready: Ready


@dataclass
class Act(Message):
    """Start one of home's actions, by its name in ACTIONS."""

    name: str


@dataclass
class ResumeExam(Message):
    """Pick up the latest unfinished mock exam."""


@dataclass
class OpenSession(Message):
    """Start a session (it writes to the history, so in a worker), then show its questions."""

    start: Callable[[], StudySession]


@dataclass
class ShowReport(Message):
    """Show a finished session's results; `replace` puts them in place of the current screen."""

    report: Report
    session_id: str
    replace: bool = False


@dataclass
class TimeCounted(Message, bubble=False):
    """A timed session's clock moved on; a screen showing its time draws it again."""
