"""The adaptive exam: ability by EAP, the next item by information, and when to stop.

Everything is derived from the answers recorded so far, so an exam resumed after a crash serves
exactly what it would have served: `progress(design, answered, seed)` is a pure function.

- **Ability** is the EAP estimate on a fixed grid of 81 points from -4 to 4 under a standard
  normal prior (the scale calibration fixes); its standard error is the posterior SD. An answer
  is right only at full credit, as calibration counts it.
- **The next item** has the most Fisher information at the current estimate among the unserved
  items of the topic content balancing picks, chosen at random among the `top_k` most
  informative ("randomesque", Kingsbury and Zara, 1989) so no item is served to every candidate
  who passes the same way. Where the design carries Sympson-Hetter parameters (Sympson and
  Hetter, 1985; `exposure_parameters` works them out by simulation), each item in that ranking
  is first let through with its parameter's chance, and the top k come from those let through.
  The generator for the n-th item is seeded from the exam's seed and n.
- **Content balancing** follows Balinski and Young's quota method: a topic may take the next item
  only while its count stays within the upper quota (ceil of share x items), and among those the
  one with the highest share / (count + 1) does. So after every item, each topic's count is
  within one of its share of the items served (the floor or the ceiling of it), as long as the
  topic has items left; one that has run out gives its turn to the next in that order.
- **Stopping**, checked in this order: time ran out; the 95 % interval (estimate +- 1.96 SE) is
  clear of the cut (NCLEX's rule); the SE reached its target; the maximum length; no item left.
  The interval and SE rules wait for `min_items`. Whatever stopped the test, the decision is
  the last estimate against the cut (as NCLEX decides a test that runs out of time), and
  P(pass) is the posterior's mass above it.
- **The score scale** is the expected percent correct on the blueprint's form at an ability
  (its test characteristic curve), which also turns the pass mark into the cut on ability.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

import msgspec

from trainer.engine.irt import Z95, Parameters, information, log_chances, probability
from trainer.engine.scoring import full_marks

GRID = tuple(-4.0 + 0.1 * k for k in range(81))
STEP = 0.1
_PRIOR = tuple(-0.5 * t * t for t in GRID)

Stop = Literal["time", "clear", "se", "max_items", "pool"]
STOP_REASONS: dict[str, str] = {
    "time": "the time ran out",
    "clear": "the 95% interval cleared the pass mark",
    "se": "the estimate reached its precision",
    "max_items": "the maximum number of questions was reached",
    "pool": "no question was left to ask",
}


class Entry(msgspec.Struct, frozen=True):
    """An item an adaptive section may serve, and the topic it counts towards."""

    item: Parameters
    topic: str


class Pool(msgspec.Struct, frozen=True):
    """The items of an adaptive section, with each one's log-likelihood on the grid worked out
    once (build it with `pool`)."""

    entries: tuple[Entry, ...]
    rows: Mapping[str, tuple[tuple[float, ...], tuple[float, ...]]]
    """Per item: log (1 - P) and log P at each grid point, indexed by whether it was right."""
    topics: Mapping[str, str]
    """Per item, its topic."""
    items: Mapping[str, Parameters]


def _rows(item: Parameters) -> tuple[tuple[float, ...], tuple[float, ...]]:
    pairs = [log_chances(item, theta) for theta in GRID]
    return tuple(w for w, _ in pairs), tuple(r for _, r in pairs)


def pool(entries: Iterable[Entry]) -> Pool:
    """A pool of the entries (the first of each id), in id order."""
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique.setdefault(entry.item.id, entry)
    ordered = tuple(unique[k] for k in sorted(unique))
    return Pool(
        ordered,
        {e.item.id: _rows(e.item) for e in ordered},
        {e.item.id: e.topic for e in ordered},
        {e.item.id: e.item for e in ordered},
    )


class Quota(msgspec.Struct, frozen=True):
    topic: str
    share: float
    """The topic's share of the items served, from 0 to 1."""


def quotas(counts: Mapping[str, float]) -> tuple[Quota, ...]:
    """Quotas in proportion to `counts` (a blueprint's questions per topic), by topic."""
    total = sum(v for v in counts.values() if v > 0)
    return tuple(Quota(t, v / total) for t, v in sorted(counts.items()) if v > 0)


class Stopping(msgspec.Struct, frozen=True):
    max_items: int
    min_items: int = 10
    """Before this many items, only time and the maximum length stop the test."""
    se: float | None = 0.30
    """Stop when the standard error reaches this; None: no precision rule."""
    cut: float | None = None
    """The ability of the pass mark; None: no pass/fail rule and no decision."""


class Design(msgspec.Struct, frozen=True):
    """An adaptive section: its pool, content quotas, stopping rules and exposure control."""

    pool: Pool
    stopping: Stopping
    quotas: tuple[Quota, ...] = ()
    """No quotas: the whole pool is one topic. With quotas, items of other topics are never
    served."""
    top_k: int = 5
    exposure: Mapping[str, float] = {}
    """Each item's chance of being let through when chosen (Sympson and Hetter, 1985), from
    `exposure_parameters`; an item not named is always let through."""


class Estimate(msgspec.Struct, frozen=True):
    """Ability (EAP) and its standard error (the posterior SD) after `answers` answers."""

    theta: float
    se: float
    answers: int

    @property
    def low(self) -> float:
        return self.theta - Z95 * self.se

    @property
    def high(self) -> float:
        return self.theta + Z95 * self.se


class Progress(msgspec.Struct, frozen=True):
    """Where an adaptive section stands after the answers so far, and what comes next."""

    estimate: Estimate
    served: tuple[str, ...]
    """The pool's items answered, in the order served."""
    counts: tuple[tuple[str, int], ...]
    """Items served per quota topic."""
    next: str | None
    """The item to serve next; None once the test has stopped."""
    stop: Stop | None
    p_pass: float | None
    """The posterior's chance that ability is at or above the cut."""
    passed: bool | None
    """The last estimate at or above the cut."""


def _posterior(design: Design, answered: Sequence[tuple[str, bool]]) -> list[float]:
    rows = design.pool.rows
    log = list(map(sum, zip(_PRIOR, *(rows[item][ok] for item, ok in answered), strict=True)))
    top = max(log)
    weights = [math.exp(x - top) for x in log]
    mass = math.fsum(weights)
    return [w / mass for w in weights]


def _estimate(weights: Sequence[float], answers: int) -> Estimate:
    mean = math.fsum(w * t for w, t in zip(weights, GRID, strict=True))
    variance = math.fsum(w * (t - mean) ** 2 for w, t in zip(weights, GRID, strict=True))
    return Estimate(mean, math.sqrt(variance), answers)


def above(weights: Sequence[float], cut: float) -> float:
    """The posterior's mass at or above `cut`, each point's mass spread evenly over its cell."""
    total = 0.0
    for w, t in zip(weights, GRID, strict=True):
        share = (t + STEP / 2 - cut) / STEP
        total += w * min(max(share, 0.0), 1.0)
    return min(max(total, 0.0), 1.0)


def _served(design: Design, answered: Iterable[tuple[str, float]]) -> dict[str, bool]:
    """The pool's items answered, in the order first served, each with its last answer."""
    out: dict[str, bool] = {}
    for item, score in answered:
        if item in design.pool.rows:
            out[item] = full_marks(score)
    return out


def estimate(design: Design, answered: Sequence[tuple[str, float]]) -> Estimate:
    """The ability estimate from the answers to the design's items (others are left out)."""
    served = _served(design, answered)
    return _estimate(_posterior(design, list(served.items())), len(served))


def _topic_order(quotas: Sequence[Quota], counts: Mapping[str, int], n: int) -> list[str]:
    """The topics in the order the quota method would give them the next item: within the
    upper quota first, each group by share / (count + 1), then share, then name."""

    def rank(q: Quota) -> tuple[bool, float, float, str]:
        within = counts[q.topic] + 1 <= math.ceil(q.share * (n + 1) - 1e-9)
        return (not within, -q.share / (counts[q.topic] + 1), -q.share, q.topic)

    return [q.topic for q in sorted(quotas, key=rank)]


def _choose(design: Design, theta: float, served: Mapping[str, bool], seed: int) -> str | None:
    """The next item: the quota method's topic, then randomesque maximum information."""
    by_topic: dict[str, list[Parameters]] = {}
    for entry in design.pool.entries:
        if entry.item.id not in served:
            by_topic.setdefault(entry.topic, []).append(entry.item)
    if design.quotas:
        counts = dict(_counts(design, served))
        order = _topic_order(design.quotas, counts, sum(counts.values()))
        candidates = next((by_topic[t] for t in order if by_topic.get(t)), [])
    else:
        candidates = [item for items in by_topic.values() for item in items]
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda item: (-information(item, theta), item.id))
    rng = random.Random(f"{seed}:{len(served)}")
    k = max(design.top_k, 1)
    let = []
    for item in ranked:
        if rng.random() < design.exposure.get(item.id, 1.0):
            let.append(item)
            if len(let) == k:
                break
    return rng.choice(let or ranked[:k]).id


def _counts(design: Design, served: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = {q.topic: 0 for q in design.quotas}
    for item in served:
        topic = design.pool.topics[item]
        if topic in counts:
            counts[topic] += 1
    return tuple(sorted(counts.items()))


def progress(
    design: Design, answered: Sequence[tuple[str, float]], seed: int, *, timed_out: bool = False
) -> Progress:
    """The estimate, the next item or why the test stopped, from the answers in the order the
    items were served (an item answered again counts with its last score; items outside the
    pool are left out) and the exam's seed."""
    served = _served(design, answered)
    weights = _posterior(design, list(served.items()))
    found = _estimate(weights, len(served))
    rules = design.stopping
    cut = rules.cut
    n = len(served)
    stop: Stop | None = None
    if timed_out:
        stop = "time"
    elif n >= rules.min_items and cut is not None and (found.low > cut or found.high < cut):
        stop = "clear"
    elif n >= rules.min_items and rules.se is not None and found.se <= rules.se:
        stop = "se"
    elif n >= rules.max_items:
        stop = "max_items"
    chosen = None if stop else _choose(design, found.theta, served, seed)
    if stop is None and chosen is None:
        stop = "pool"
    return Progress(
        estimate=found,
        served=tuple(served),
        counts=_counts(design, served),
        next=chosen,
        stop=stop,
        p_pass=None if cut is None else above(weights, cut),
        passed=None if cut is None else found.theta >= cut,
    )


def sit(
    design: Design, answer: Callable[[Parameters], bool], seed: int, *, limit: int = 10_000
) -> Progress:
    """A whole sitting, each served item answered by `answer` (a simulated candidate)."""
    answered: list[tuple[str, float]] = []
    for _ in range(limit):
        now = progress(design, answered, seed)
        if now.next is None:
            return now
        answered.append((now.next, 1.0 if answer(design.pool.items[now.next]) else 0.0))
    return progress(design, answered, seed, timed_out=True)


def simulee(theta: float, rng: random.Random) -> Callable[[Parameters], bool]:
    """A simulated candidate of ability `theta`: right with the chance the model gives."""
    return functools.partial(_answer, theta, rng)


def _answer(theta: float, rng: random.Random, item: Parameters) -> bool:
    return rng.random() < probability(item, theta)


RAISE = 1.25
"""The most an under-used item's exposure parameter grows in a round: one chance of a rare item
measured on a few simulees would otherwise send it straight back to 1."""


def exposure_parameters(
    design: Design, *, simulees: int = 500, seed: int = 0, target: float = 0.20, rounds: int = 8
) -> dict[str, float]:
    """Sympson-Hetter parameters that hold every item's exposure near `target` or below.

    The same `simulees` candidates (abilities standard normal, answering as the pool's
    parameters say) sit the design each round. An item served to a larger share than `target`
    has its parameter scaled by target / share (Sympson and Hetter's update, since its share is
    its parameter times its chance of being chosen); one served less has it raised the same
    way, by at most `RAISE`, up to 1. Of the parameters tried, those whose most-served item was
    served least are returned, as soon as none is over `target`."""
    chances = {e.item.id: 1.0 for e in design.pool.entries}
    best, best_top = dict(chances), math.inf
    for _ in range(rounds):
        trial = msgspec.structs.replace(design, exposure=dict(chances))
        served: dict[str, int] = dict.fromkeys(chances, 0)
        for n in range(simulees):
            rng = random.Random(f"{seed}:simulee:{n}")
            theta = rng.gauss(0.0, 1.0)
            done = sit(trial, simulee(theta, rng), n)
            for item_id in done.served:
                served[item_id] += 1
        shares = {i: served[i] / simulees for i in chances}
        top = max(shares.values(), default=0.0)
        if top < best_top:
            best, best_top = dict(chances), top
        if top <= target:
            break
        for i, share in shares.items():
            scale = target / share if share > 0 else RAISE
            chances[i] = min(1.0, chances[i] * min(scale, RAISE))
    return best


# The score scale.


class Scale(msgspec.Struct, frozen=True):
    """Ability to the expected percent correct on a form (its test characteristic curve)."""

    form: tuple[tuple[Parameters, float], ...]
    """Each item and its weight (a blueprint's questions per topic over the topic's items)."""

    def percent(self, theta: float) -> float:
        total = math.fsum(w for _, w in self.form)
        expected = math.fsum(w * probability(item, theta) for item, w in self.form)
        return 100.0 * expected / total

    def theta(self, percent: float) -> float:
        """The ability whose expected percent is `percent`, held to -6..6 (a pass mark below
        the form's guessing floor is reached by everyone)."""
        low, high = -6.0, 6.0
        if percent <= self.percent(low):
            return low
        if percent >= self.percent(high):
            return high
        for _ in range(60):
            middle = (low + high) / 2
            if self.percent(middle) < percent:
                low = middle
            else:
                high = middle
        return (low + high) / 2


def scale(form: Iterable[Parameters | tuple[Parameters, float]]) -> Scale:
    """The scale of a form: items, each of weight 1, or (item, weight) pairs."""
    return Scale(tuple(f if isinstance(f, tuple) else (f, 1.0) for f in form))


class Score(msgspec.Struct, frozen=True):
    """An ability on the score scale: its percent and the 95 % interval's ends."""

    percent: float
    low: float
    high: float


def score(found: Estimate, on: Scale) -> Score:
    return Score(on.percent(found.theta), on.percent(found.low), on.percent(found.high))
