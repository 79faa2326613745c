"""The cohort report: every candidate's activity, last mock and readiness, the class's weakest
topics, and the questions most of the class has missed.

Values in, values out: the rows come from the store's running summaries across profiles.
- Readiness is the coach's: each candidate's topic mastery (`mastery.skills`) put through
  `readiness.assess` for their goal's mock, as on the day asked (not projected to the exam day,
  which would read every candidate's review cards).
- The class's topics pool every candidate's answers into one mastery estimate per topic
  (`mastery.estimate` over the summed evidence), ranked weakest first by `mastery.weak_areas`.
- A question's miss rate is over all answers: of the candidates who answered it with a score,
  the share whose lowest score on it is under full marks; a question needs `MIN_CANDIDATES`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from trainer.engine import mastery
from trainer.engine.readiness import Layout, Readiness, assess

MIN_CANDIDATES = 5
"""Candidates who must have answered a question before its miss rate is ranked."""
MOST_MISSED = 10
"""Questions listed as the class's most missed."""


class ProfileTally(mastery.KeyTally, Protocol):
    """One profile's summed running summary of one topic (the store's rows have this shape)."""

    @property
    def profile_id(self) -> int: ...


class ItemMisses(Protocol):
    """One question across the class: candidates who scored it, those who ever missed it."""

    @property
    def item_id(self) -> str: ...
    @property
    def candidates(self) -> int: ...
    @property
    def missed(self) -> int: ...
    @property
    def attempts(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Mock:
    """A candidate's latest finished mock exam."""

    blueprint: str
    score: float | None
    passed: bool | None
    finished: date


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidate's line of the report."""

    name: str
    answers: int
    week: int
    """Answers in the last 7 days."""
    window: int
    """Answers in the report's window of days."""
    days_studied: int
    """Days in the window with an answer."""
    last_active: date | None
    last_mock: Mock | None
    goal: str | None
    """The blueprint of the candidate's goal, or None without one."""
    readiness: Readiness | None
    """For the goal's mock today; None without a goal or when that mock is not loaded."""

    @property
    def readiness_note(self) -> str:
        """Why there is no figure, or what is short; empty when there is a figure."""
        if self.goal is None:
            return "no goal set"
        if self.readiness is None:
            return f"the goal's mock {self.goal!r} is not loaded"
        if self.readiness.today is None:
            return self.readiness.evidence.advice()
        return ""


@dataclass(frozen=True, slots=True)
class ClassTopic:
    """One topic's mastery with every candidate's answers pooled."""

    topic: str
    estimate: float
    low: float
    high: float
    answers: int
    candidates: int


@dataclass(frozen=True, slots=True)
class MissedItem:
    """A question the class misses: of `candidates` who answered it, `missed` ever got it wrong."""

    item_id: str
    candidates: int
    missed: int
    attempts: int

    @property
    def rate(self) -> float:
        return self.missed / self.candidates


@dataclass(frozen=True, slots=True)
class Report:
    """The cohort report as of `today`, over a window of `days`."""

    today: date
    days: int
    candidates: tuple[Candidate, ...]
    topics: tuple[ClassTopic, ...]
    """Weakest first."""
    untried: tuple[str, ...]
    """Topics of the content no candidate has answered."""
    missed: tuple[MissedItem, ...]
    """Most missed first."""
    min_candidates: int


def candidate_readiness(drawn: Layout, rows: Iterable[mastery.KeyTally]) -> Readiness:
    """Readiness today from one candidate's topic summaries, as the coach computes it."""
    skills, prior = mastery.skills(mastery.from_key_tallies(rows))
    return assess(drawn, skills, prior)


def class_topics(
    rows: Iterable[ProfileTally], all_topics: Iterable[str]
) -> tuple[tuple[ClassTopic, ...], tuple[str, ...]]:
    """Every topic's pooled mastery, weakest first, and the topics nobody has answered."""
    kept = [r for r in rows if r.kind == "topic" and r.count > 0]
    who: dict[str, set[int]] = defaultdict(set)
    for r in kept:
        who[r.key].add(r.profile_id)
    areas = mastery.weak_areas(mastery.estimate(mastery.from_key_tallies(kept)), all_topics)
    topics = tuple(
        ClassTopic(m.key, m.estimate, m.low, m.high, m.answers, len(who[m.key]))
        for m in areas.ranked
    )
    return topics, areas.unexplored


def most_missed(
    rows: Iterable[ItemMisses], *, min_candidates: int = MIN_CANDIDATES, limit: int = MOST_MISSED
) -> tuple[MissedItem, ...]:
    """The questions with the highest share of candidates who missed them, among those enough
    candidates answered; questions nobody missed are left out."""
    found = [
        MissedItem(r.item_id, r.candidates, r.missed, r.attempts)
        for r in rows
        if r.candidates >= min_candidates and r.missed > 0
    ]
    found.sort(key=lambda m: (-m.rate, -m.candidates, m.item_id))
    return tuple(found[:limit])


def by_profile(rows: Iterable[ProfileTally]) -> Mapping[int, Sequence[ProfileTally]]:
    """The topic summaries grouped by whose they are."""
    out: dict[int, list[ProfileTally]] = defaultdict(list)
    for r in rows:
        out[r.profile_id].append(r)
    return out
