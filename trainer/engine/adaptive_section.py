"""An adaptive section of a mock exam: its pool frozen in the plan, and the questions it serves.

The plan keeps everything the adaptive engine needs (each pool item's parameters and option
order, the quotas, the stopping rules and the cut), fixed when the exam is drawn, so a later
calibration never changes an exam under way. Which questions were served is never stored: it is
a fold over the answers in the order they were recorded, superseded ones included, so an exam
resumed after a crash serves exactly what it served before (`replay`).

The fold: the first question is the engine's choice with no answers. After each answer, once
every question served has an answer, the engine looks at the latest answers in the order the
questions were served and either serves the next one or stops. A changed answer to an earlier
question moves the estimate, and may let a stopped test go on, but never changes what was served.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence

import msgspec

from trainer.engine import adaptive
from trainer.engine.irt import Parameters

ENDED = "ended"
REASONS: dict[str, str] = {  # why an adaptive section stopped
    **adaptive.STOP_REASONS,
    ENDED: "the section was ended before the test had decided",
}


class PoolItem(msgspec.Struct, frozen=True, array_like=True):
    """A question an adaptive section may serve: its parameters as the exam began, the quota
    it counts towards, its weight on the score scale and its options' display order."""

    id: str
    quota: str
    a: float
    b: float
    c: float
    weight: float
    order: tuple[int, ...] = ()

    @property
    def parameters(self) -> Parameters:
        return Parameters(self.id, self.a, self.b, self.c)


class AdaptivePlan(msgspec.Struct, frozen=True, kw_only=True):
    """An adaptive section as drawn: the pool, the quotas and stopping rules, and the scale."""

    pool: tuple[PoolItem, ...]
    quotas: tuple[tuple[str, float], ...]
    """Each quota's share of the questions served."""
    max_items: int
    min_items: int
    se: float | None
    cut: float | None
    """The ability of the pass mark on the score scale; None without a pass mark."""
    top_k: int = 5
    form_items: int = 0
    """The questions of the blueprint's form (its draws' counts): the section's weight in the
    overall score."""

    def order(self, item_id: str) -> tuple[int, ...]:
        return next((p.order for p in self.pool if p.id == item_id), ())


@functools.lru_cache(maxsize=16)
def design(plan: AdaptivePlan) -> adaptive.Design:
    """The engine's design of the section (worked out once per plan: its pool's grid rows)."""
    return adaptive.Design(
        pool=adaptive.pool(adaptive.Entry(p.parameters, p.quota) for p in plan.pool),
        stopping=adaptive.Stopping(
            max_items=plan.max_items, min_items=plan.min_items, se=plan.se, cut=plan.cut
        ),
        quotas=tuple(adaptive.Quota(topic, share) for topic, share in plan.quotas),
        top_k=plan.top_k,
    )


@functools.lru_cache(maxsize=16)
def scale(plan: AdaptivePlan) -> adaptive.Scale:
    """Ability to the expected percent on the blueprint's form, each item weighted so each
    quota counts as its draw does."""
    return adaptive.scale((p.parameters, p.weight) for p in plan.pool)


def cut(pool: Iterable[PoolItem], pass_mark: float | None) -> float | None:
    if pass_mark is None:
        return None
    return adaptive.scale((p.parameters, p.weight) for p in pool).theta(pass_mark)


class Served(msgspec.Struct, frozen=True):
    """What an adaptive section has served and where its test stands."""

    items: tuple[str, ...]
    """The questions served, in order; the last is still unanswered unless the test stopped."""
    stop: adaptive.Stop | None
    """Why the engine stopped serving; None while a question is pending."""


def _latest(items: Sequence[str], answers: Mapping[str, float]) -> list[tuple[str, float]]:
    return [(item, answers[item]) for item in items if item in answers]


def first(plan: AdaptivePlan, seed: int) -> Served:
    """What the section serves before any answer."""
    found = adaptive.progress(design(plan), [], seed)
    return Served(() if found.next is None else (found.next,), found.stop)


def step(plan: AdaptivePlan, seed: int, now: Served, answers: Mapping[str, float]) -> Served:
    """After an answer: `answers` are the latest score of every question answered so far.
    While a served question is unanswered, or once no answer changes the engine's mind, nothing
    new is served."""
    if any(item not in answers for item in now.items):
        return now
    found = adaptive.progress(design(plan), _latest(now.items, answers), seed)
    if found.next is None:
        return Served(now.items, found.stop)
    return Served((*now.items, found.next), None)


def replay(plan: AdaptivePlan, seed: int, answers: Iterable[tuple[str, float]]) -> Served:
    """What the section served, from every answer to it in the order recorded (superseded ones
    included); answers to questions it never served are left out."""
    now = first(plan, seed)
    latest: dict[str, float] = {}
    for item, value in answers:
        if item in now.items:
            latest[item] = value
            now = step(plan, seed, now, latest)
    return now


class Result(msgspec.Struct, frozen=True, kw_only=True):
    """An adaptive section's outcome: ability with its 95 % interval, on the score scale too."""

    theta: float
    se: float
    low: float
    high: float
    percent: float
    """The expected percent on the blueprint's form at that ability."""
    percent_low: float
    percent_high: float
    p_pass: float | None
    passed: bool | None
    items: int
    """Questions answered."""
    max_items: int
    stop: str
    """A key of `REASONS`."""

    @property
    def reason(self) -> str:
        return REASONS.get(self.stop, self.stop)


def result(
    plan: AdaptivePlan,
    seed: int,
    served: Sequence[str],
    answers: Mapping[str, float],
    *,
    timed_out: bool = False,
) -> Result:
    """The outcome from the latest answers to the questions served. A test the engine had not
    stopped stopped on time when the section's time ran out, else the candidate ended it."""
    latest = _latest(served, answers)
    found = adaptive.progress(design(plan), latest, seed)
    if found.next is None and found.stop is not None:
        stop: str = found.stop
    else:
        stop = "time" if timed_out else ENDED
    on = adaptive.score(found.estimate, scale(plan))
    return Result(
        theta=round(found.estimate.theta, 3),
        se=round(found.estimate.se, 3),
        low=round(found.estimate.low, 3),
        high=round(found.estimate.high, 3),
        percent=round(on.percent, 1),
        percent_low=round(on.low, 1),
        percent_high=round(on.high, 1),
        p_pass=None if found.p_pass is None else round(found.p_pass, 3),
        passed=found.passed,
        items=len(latest),
        max_items=plan.max_items,
        stop=stop,
    )
