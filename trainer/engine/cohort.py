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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from trainer.engine import mastery
from trainer.engine.readiness import Layout, Readiness, assess

MIN_CANDIDATES = 5
"""Candidates who must have answered a question before its miss rate is ranked."""
MOST_MISSED = 10
"""Questions listed as the class's most missed."""


class ProfileTally(Protocol):
    """One profile's running summaries of one topic, weighted by age (the store's rows)."""

    @property
    def profile_id(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def total(self) -> float: ...
    @property
    def weighted_count(self) -> float: ...
    @property
    def weighted_total(self) -> float: ...


Evidence = Mapping[tuple[str, str], mastery.Evidence]
"""Mastery's evidence per ("topic", topic): the recent trend left out, as the report shows none."""


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


def evidence(rows: Iterable[ProfileTally]) -> dict[int, Evidence]:
    """Each profile's evidence per topic, as mastery reads it."""
    out: dict[int, dict[tuple[str, str], mastery.Evidence]] = defaultdict(dict)
    for r in rows:
        found = mastery.Evidence(r.count, r.total, r.weighted_count, r.weighted_total)
        out[r.profile_id]["topic", r.topic] = found
    return dict(out)


def candidate_readiness(drawn: Layout, found: Evidence) -> Readiness:
    """Readiness today from one candidate's evidence per topic, as the coach computes it."""
    skills, prior = mastery.skills(found)
    return assess(drawn, skills, prior)


def class_topics(
    per_profile: Iterable[Evidence], all_topics: Iterable[str]
) -> tuple[tuple[ClassTopic, ...], tuple[str, ...]]:
    """Every topic's mastery with every candidate's evidence pooled, weakest first, with how
    many candidates it rests on; and the topics nobody has answered."""
    pooled: dict[tuple[str, str], mastery.Evidence] = defaultdict(mastery.Evidence)
    who: dict[str, int] = defaultdict(int)
    for found in per_profile:
        for (kind, key), e in found.items():
            if e.count > 0:
                pooled[kind, key].add(e)
                who[key] += 1
    areas = mastery.weak_areas(mastery.estimate(pooled), all_topics)
    topics = tuple(
        ClassTopic(m.key, m.estimate, m.low, m.high, m.answers, who[m.key]) for m in areas.ranked
    )
    return topics, areas.unexplored


def most_missed(
    rows: Iterable[ItemMisses], *, min_candidates: int = MIN_CANDIDATES, limit: int = MOST_MISSED
) -> tuple[MissedItem, ...]:
    """The questions with the highest share of candidates who missed them, among those enough
    candidates answered (more candidates, then the id, break ties); questions nobody missed
    are left out."""
    found = [
        MissedItem(r.item_id, r.candidates, r.missed, r.attempts)
        for r in rows
        if r.candidates >= min_candidates and r.missed > 0
    ]
    found.sort(key=lambda m: (-m.rate, -m.candidates, m.item_id))
    return tuple(found[:limit])
