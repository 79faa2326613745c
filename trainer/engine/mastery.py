"""Mastery estimates from the history, and the weak areas they reveal.

Each topic's accuracy is a Beta posterior: answers count for less as they age (half-life of
30 days), and the prior is centred on the candidate's own overall accuracy with the weight of a
few answers, so a topic with little evidence sits near the candidate's average rather than at an
extreme. That average is itself drawn towards one half until there are enough answers to trust
it: one missed question is not a 4% candidate. The interval is the normal approximation of the
posterior's 90% interval.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class Bucket(Protocol):
    """Scored answers to one key on one day (the store's rows have this shape)."""

    @property
    def kind(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def day(self) -> int: ...
    @property
    def count(self) -> int: ...
    @property
    def total(self) -> float: ...


HALF_LIFE_DAYS = 30.0
PRIOR_WEIGHT = 4.0
AVERAGE_WEIGHT = 10.0
"""How many answers' worth of one-half the candidate's overall accuracy starts from."""
RECENT_DAYS = 14
Z90 = 1.645


@dataclass(frozen=True, slots=True)
class Mastery:
    """The estimated accuracy on one topic, section or tag."""

    kind: str
    key: str
    estimate: float
    low: float
    high: float
    answers: int
    trend: str
    """"rising", "falling", "steady", or "new" when there is not enough to compare."""

    @property
    def reason(self) -> str:
        trend = "" if self.trend in ("steady", "new") else f", {self.trend}"
        answers = "1 answer" if self.answers == 1 else f"{self.answers} answers"
        return f"{round(self.estimate * 100)}% over {answers}{trend}"


class KeyTally(Protocol):
    """The running summaries of one topic or one set of tags summed as on a day (the store's
    rows): `kind` is `topic` or `tags`, `key` the topic, `tags` the set of tags."""

    @property
    def kind(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def total(self) -> float: ...
    @property
    def weighted_count(self) -> float: ...
    @property
    def weighted_total(self) -> float: ...
    @property
    def recent_count(self) -> int: ...
    @property
    def recent_total(self) -> float: ...
    @property
    def tags(self) -> tuple[str, ...]: ...


@dataclass(slots=True)
class Evidence:
    """What the answers to one key say on a given day: all of them, weighted by age, and recent."""

    count: int = 0
    total: float = 0.0
    weighted_count: float = 0.0
    weighted_total: float = 0.0
    recent_count: int = 0
    recent_total: float = 0.0

    def add(self, other: Evidence) -> None:
        self.count += other.count
        self.total += other.total
        self.weighted_count += other.weighted_count
        self.weighted_total += other.weighted_total
        self.recent_count += other.recent_count
        self.recent_total += other.recent_total


def _weight(age_days: int) -> float:
    return float(0.5 ** (max(0, age_days) / HALF_LIFE_DAYS))


def from_buckets(buckets: Iterable[Bucket], today: int) -> dict[tuple[str, str], Evidence]:
    """Evidence per (kind, key) from answers grouped by day: the full scan the summaries mirror."""
    out: dict[tuple[str, str], Evidence] = defaultdict(Evidence)
    for b in buckets:
        w = _weight(today - b.day)
        recent = today - b.day < RECENT_DAYS
        out[b.kind, b.key].add(
            Evidence(
                b.count,
                b.total,
                w * b.count,
                w * b.total,
                b.count if recent else 0,
                b.total if recent else 0.0,
            )
        )
    return out


def from_key_tallies(rows: Iterable[KeyTally]) -> dict[tuple[str, str], Evidence]:
    """Evidence per topic and per tag from the running summaries, summed per topic and per set
    of tags and weighted by the store; a set's answers count to each tag."""
    out: dict[tuple[str, str], Evidence] = defaultdict(Evidence)
    for r in rows:
        evidence = Evidence(
            r.count, r.total, r.weighted_count, r.weighted_total, r.recent_count, r.recent_total
        )
        if r.kind == "topic":
            out["topic", r.key].add(evidence)
        else:
            for tag in r.tags:
                out["tag", tag].add(evidence)
    return out


@dataclass(frozen=True, slots=True)
class Skill:
    """A key's Beta posterior of accuracy, Beta(a, b), and the answers behind it."""

    a: float
    b: float
    answers: int

    @property
    def mean(self) -> float:
        return self.a / (self.a + self.b)


def _beta(e: Evidence, prior: float) -> Skill:
    a = PRIOR_WEIGHT * prior + e.weighted_total
    b = PRIOR_WEIGHT * (1 - prior) + max(0.0, e.weighted_count - e.weighted_total)
    return Skill(a, b, e.count)


def _posterior(e: Evidence, prior: float) -> tuple[float, float, float]:
    skill = _beta(e, prior)
    a, b = skill.a, skill.b
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    return mean, max(0.0, mean - Z90 * sd), min(1.0, mean + Z90 * sd)


def _trend(e: Evidence) -> str:
    n_older = e.count - e.recent_count
    if e.recent_count < 3 or n_older < 3:
        return "new"
    change = e.recent_total / e.recent_count - (e.total - e.recent_total) / n_older
    if change > 0.1:
        return "rising"
    if change < -0.1:
        return "falling"
    return "steady"


def _average(evidence: Mapping[tuple[str, str], Evidence]) -> float:
    """The candidate's overall accuracy drawn towards one half: every topic's prior mean."""
    topics = [e for (kind, _), e in evidence.items() if kind == "topic"]
    answered = sum(e.count for e in topics)
    right = sum(e.total for e in topics)
    prior = (right + AVERAGE_WEIGHT / 2) / (answered + AVERAGE_WEIGHT)
    return min(0.95, max(0.05, prior))


def skills(evidence: Mapping[tuple[str, str], Evidence]) -> tuple[dict[str, Skill], Skill]:
    """Each topic's posterior, and the prior a topic with no answers starts from."""
    prior = _average(evidence)
    topics = {key: _beta(e, prior) for (kind, key), e in evidence.items() if kind == "topic"}
    return topics, _beta(Evidence(), prior)


def estimate(evidence: Mapping[tuple[str, str], Evidence]) -> list[Mastery]:
    """Mastery of every key with answers; sections are summed from their topics."""
    prior = _average(evidence)
    grouped: dict[tuple[str, str], Evidence] = defaultdict(Evidence)
    for (kind, key), e in evidence.items():
        if e.count == 0:
            continue
        grouped[kind, key].add(e)
        if kind == "topic":
            grouped["section", key.split("/", 1)[0]].add(e)
    out = []
    for (kind, key), e in sorted(grouped.items()):
        mean, low, high = _posterior(e, prior)
        out.append(Mastery(kind, key, mean, low, high, e.count, _trend(e)))
    return out


@dataclass(frozen=True, slots=True)
class WeakAreas:
    """Topics ranked weakest first, the topics never tried, and what to do next."""

    ranked: tuple[Mastery, ...]
    unexplored: tuple[str, ...]
    recommendation: str


def weak_areas(
    masteries: Sequence[Mastery], all_topics: Iterable[str], *, due_reviews: int = 0
) -> WeakAreas:
    """Rank the topics by estimated accuracy, weakest first; topics never tried are listed apart."""
    ranked = sorted(
        (m for m in masteries if m.kind == "topic"), key=lambda m: (m.estimate, -m.answers, m.key)
    )
    tried = {m.key for m in ranked}
    unexplored = tuple(sorted(set(all_topics) - tried))
    if due_reviews:
        advice = f"Review the {due_reviews} items due today."
        if ranked and ranked[0].estimate < 0.75:
            advice = advice[:-1] + f", then drill {ranked[0].key}."
    elif ranked and ranked[0].estimate < 0.75:
        advice = f"Drill {ranked[0].key}: {ranked[0].reason}."
    elif unexplored:
        advice = f"Try {unexplored[0]}: no answers there yet."
    elif ranked:
        advice = "No weak topic stands out: sit a mock exam."
    else:
        advice = "Start with a practice session in any section."
    return WeakAreas(tuple(ranked), unexplored, advice)
