"""What every reader shares: the drafts it returns, the problems it reports, its limits.

A reader never raises for anything a file contains: a question it cannot read is refused with an
error at its line, what our schema cannot hold is reported as a warning, and the rest goes on.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Final

import msgspec

from trainer.content import checks, models
from trainer.content.loader import dotted, explain
from trainer.content.models import Question
from trainer.content.problems import Problem, Severity

MAX_FILE_BYTES: Final = 50 * 1024 * 1024
"""The largest file read at all: a quiz export is far smaller; a bigger one is a mistake."""
MAX_UNPACKED_BYTES: Final = 200 * 1024 * 1024
"""The most an Anki package may unpack to (its collection), checked before and while unpacking."""

DRAFT_ID: Final = "draft"
"""The id a draft carries until the writer gives it its own."""
DEFAULT_DIFFICULTY: Final = 3
"""No format says how hard a question is; every imported question starts in the middle."""

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Refused(Exception):
    """A whole file that cannot be read, with the place of the fault when it has one."""

    def __init__(self, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass(frozen=True, slots=True)
class Draft:
    """A question read from a file, not yet given its id: where it stood, and what it said."""

    question: Question
    line: int
    col: int
    given_id: str | None = None
    """The id the file gave it (GIFT `[id:]`, Moodle `idnumber`), if any."""
    category: str | None = None
    """The category or deck it was filed under (the last part), if any."""


@dataclass
class Report:
    """The problems found in one file so far, each at its place."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    refused_at: set[tuple[int, int]] = field(default_factory=set)

    def error(self, line: int, col: int, message: str, at: tuple[int, int] | None = None) -> None:
        """A question refused: it is not imported. `at` is where it starts, if not here."""
        self.problems.append(Problem(self.source, line, col, message))
        self.refused_at.add(at or (line, col))

    @property
    def refused(self) -> int:
        """How many questions were refused."""
        return len(self.refused_at)

    def warn(self, line: int, col: int, message: str) -> None:
        """Something kept differently, or not kept, that the user must hear about."""
        self.problems.append(Problem(self.source, line, col, message, Severity.WARNING))


@dataclass(frozen=True)
class Imported:
    """One file read: its format, its drafts, and every problem met on the way."""

    source: str
    format: str
    drafts: tuple[Draft, ...]
    problems: tuple[Problem, ...]
    refused: int = 0
    """How many questions (or the whole file, counted as one) were refused."""


def slug(text: str, limit: int = 60) -> str | None:
    """Text made into an id (`Default for Unit 1` -> `default-for-unit-1`); None if none is left."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    made = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:limit].strip("-")
    return made or None


def is_id(text: str) -> bool:
    """Whether the text may stand as an id as it is."""
    return len(text) <= 80 and _ID.match(text) is not None


def finish(
    report: Report, question: Question, line: int, col: int, **where: str | None
) -> Draft | None:
    """The draft of a question that passes the schema and the bank checks; else an error, None.

    Checking here, at the source's line, is what makes every written bank pass `trainer validate`.
    """
    raw = msgspec.to_builtins(question)
    try:
        msgspec.convert(raw, models.Question)
    except msgspec.ValidationError as exc:
        at, message, _ = explain(exc, raw)
        report.error(line, col, f"cannot be imported: {dotted(at) or 'question'}: {message}")
        return None
    for _, message in checks.question(question, ()):
        report.error(line, col, f"cannot be imported: {message}")
        return None
    return Draft(question, line, col, where.get("given_id"), where.get("category"))


def where_in(text: str) -> list[int]:
    """Offsets where each line of the text starts, for `position`."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def position(starts: list[int], offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset, given the line starts from `where_in`."""
    index = bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1
