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
from collections.abc import Iterable, Sequence
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


def _weight(age_days: int) -> float:
    return float(0.5 ** (max(0, age_days) / HALF_LIFE_DAYS))


def _posterior(
    buckets: Iterable[Bucket], today: int, prior: float
) -> tuple[float, float, float, int]:
    right = wrong = 0.0
    count = 0
    for b in buckets:
        w = _weight(today - b.day)
        right += w * b.total
        wrong += w * (b.count - b.total)
        count += b.count
    a = PRIOR_WEIGHT * prior + right
    b_ = PRIOR_WEIGHT * (1 - prior) + wrong
    mean = a / (a + b_)
    sd = math.sqrt(a * b_ / ((a + b_) ** 2 * (a + b_ + 1)))
    return mean, max(0.0, mean - Z90 * sd), min(1.0, mean + Z90 * sd), count


def _trend(buckets: Sequence[Bucket], today: int) -> str:
    recent = [b for b in buckets if today - b.day < RECENT_DAYS]
    older = [b for b in buckets if today - b.day >= RECENT_DAYS]
    n_recent = sum(b.count for b in recent)
    n_older = sum(b.count for b in older)
    if n_recent < 3 or n_older < 3:
        return "new"
    change = sum(b.total for b in recent) / n_recent - sum(b.total for b in older) / n_older
    if change > 0.1:
        return "rising"
    if change < -0.1:
        return "falling"
    return "steady"


def estimate(buckets: Sequence[Bucket], today: int) -> list[Mastery]:
    """Mastery of every key with answers; sections are summed from their topics."""
    topics = [b for b in buckets if b.kind == "topic"]
    answered = sum(b.count for b in topics)
    right = sum(b.total for b in topics)
    prior = (right + AVERAGE_WEIGHT / 2) / (answered + AVERAGE_WEIGHT)
    prior = min(0.95, max(0.05, prior))
    grouped: dict[tuple[str, str], list[Bucket]] = defaultdict(list)
    for b in buckets:
        grouped[b.kind, b.key].append(b)
        if b.kind == "topic":
            section = b.key.split("/", 1)[0]
            grouped["section", section].append(b)
    out = []
    for (kind, key), group in sorted(grouped.items()):
        mean, low, high, count = _posterior(group, today, prior)
        out.append(Mastery(kind, key, mean, low, high, count, _trend(group, today)))
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
