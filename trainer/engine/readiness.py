"""Readiness: the predictive distribution of a candidate's score on a mock exam's blueprint.

The model, exactly computed (no sampling, so the same history always gives the same figures):
- Each topic's accuracy is its Beta mastery posterior (`mastery.skills`); a topic with no
  answers starts from the candidate's own average, with the weight of a few answers.
- On a day other than the one the answers were given, a topic's mean moves with memory: for
  the items of the topic the candidate has already reviewed, FSRS's recall probability on the
  target day over the one today (`recall`, per item); items never reviewed keep the topic's
  mean. The posterior's weight (a + b) is kept, so moving the mean does not make it surer.
- A section draws as the blueprint draws: each draw's count, split over the topics of its pool
  as the pool is split when the draw names no topic. The answers right in one topic follow the
  Beta-binomial of its count; a section's are their sum (topics are independent), and the
  exam's the sum of its sections', every question weighing the same as in the score report.
- The 80 % interval and the median are the distribution's 10th, 50th and 90th percentiles with
  each count's probability spread over the unit around it, so the interval covers 80 % and not
  80 % plus half of two whole counts. P(pass) follows the blueprint's rule: the overall score
  at the pass mark, or every section at it (the sections taken as independent).
- Partial credit is taken as all-or-nothing: the spread is a little wider than it is.

Below `MIN_ANSWERS` answers in the blueprint's topics, or `MIN_SECTION_ANSWERS` in any of its
sections, there is no figure, only how many more answers it needs.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import accumulate, repeat

import msgspec

from trainer.content.catalog import Catalog
from trainer.content.models import Blueprint
from trainer.engine.mastery import Skill

MIN_ANSWERS = 30
"""Scored answers in the blueprint's topics before readiness gives a figure."""
MIN_SECTION_ANSWERS = 10
"""Scored answers in each section's topics before readiness gives a figure."""
INTERVAL = 0.80
MOST_LIKELY = 0.995
"""The highest chance of a right answer any topic is given: certainty is never predicted."""


class Distribution(msgspec.Struct, frozen=True):
    """A score's distribution over its possible percentages, and what the candidate asks of it."""

    items: int
    chances: tuple[float, ...]
    """The chance of each number of right answers, 0 to `items`."""
    median: float
    low: float
    high: float
    """The 80 % interval, in percent."""
    p_pass: float | None


class SectionForecast(msgspec.Struct, frozen=True):
    id: str
    title: str
    score: Distribution


class Forecast(msgspec.Struct, frozen=True):
    """The predicted score of one sitting of a blueprint on one day."""

    score: Distribution
    sections: tuple[SectionForecast, ...]
    p_pass: float | None
    """By the blueprint's own rule (every section, or overall)."""


class Shortfall(msgspec.Struct, frozen=True):
    """Where there is too little evidence for a figure: a section, its answers and how many more."""

    section: str
    answers: int
    needed: int


class Evidence(msgspec.Struct, frozen=True):
    """How much the figure rests on, and how many more answers it would need (0: enough)."""

    answers: int
    needed: int
    shortfalls: tuple[Shortfall, ...]

    @property
    def enough(self) -> bool:
        return self.needed == 0

    def advice(self) -> str:
        if self.enough:
            return ""
        where = ", ".join(f"{s.section} {s.needed}" for s in self.shortfalls)
        need = f"{self.needed} more scored answer{'s' if self.needed != 1 else ''}"
        return f"Readiness needs {need} in this mock's topics before it gives a figure" + (
            f" ({where})." if where else "."
        )


class Group(msgspec.Struct, frozen=True):
    """The questions one section draws from one topic, and the items they are drawn from."""

    topic: str
    count: int
    """Whole questions, as the forecast counts them."""
    expected: float
    """The questions a sitting draws from the topic on average."""
    pool: tuple[str, ...]


class Layout(msgspec.Struct, frozen=True):
    """What a sitting of a blueprint draws, per section and topic: worked out once per catalog."""

    blueprint: Blueprint
    sections: tuple[tuple[str, str, tuple[Group, ...]], ...]
    scope: tuple[str, ...]
    """The ids of every item a sitting may draw, sorted."""

    def weights(self) -> dict[str, float]:
        """Each topic's share of the questions a sitting asks."""
        counts: dict[str, float] = defaultdict(float)
        for _, _, groups in self.sections:
            for group in groups:
                counts[group.topic] += group.expected
        total = sum(counts.values())
        return {topic: n / total for topic, n in sorted(counts.items())} if total else {}


def _split(count: int, shares: Mapping[str, int]) -> dict[str, int]:
    """`count` split in proportion to `shares`, largest remainders first, ties by key; a key
    may get none (its topic still counts as evidence: a sitting may draw from it)."""
    total = sum(shares.values())
    exact = {key: count * n / total for key, n in shares.items()}
    out = {key: math.floor(x) for key, x in exact.items()}
    left = count - sum(out.values())
    for key in sorted(exact, key=lambda k: (out[k] - exact[k], k))[:left]:
        out[key] += 1
    return out


def layout(blueprint: Blueprint, catalog: Catalog) -> Layout:
    """Each section's questions per topic: a draw naming no topic is split as its pool is."""
    sections = []
    for section in blueprint.sections:
        counts: dict[str, int] = defaultdict(int)
        expected: dict[str, float] = defaultdict(float)
        pools: dict[str, set[str]] = defaultdict(set)
        for draw in section.draw:
            by_topic: dict[str, list[str]] = defaultdict(list)
            pool = catalog.drawable(draw)
            for item in pool:
                by_topic[f"{item.section}/{item.topic}"].append(item.id)
            if not by_topic:
                continue
            sizes = {k: len(v) for k, v in by_topic.items()}
            for topic, n in _split(draw.count, sizes).items():
                counts[topic] += n
                expected[topic] += draw.count * sizes[topic] / len(pool)
                pools[topic].update(by_topic[topic])
        groups = tuple(
            Group(t, n, expected[t], tuple(sorted(pools[t]))) for t, n in sorted(counts.items())
        )
        sections.append((section.id, section.title, groups))
    scope = sorted({i for _, _, groups in sections for g in groups for i in g.pool})
    return Layout(blueprint, tuple(sections), tuple(scope))


def evidence(drawn: Layout, skills: Mapping[str, Skill]) -> Evidence:
    """Whether there are answers enough in the blueprint's topics to give a figure."""
    seen: set[str] = set()
    shortfalls = []
    for _, title, groups in drawn.sections:
        answers = sum(skills[g.topic].answers for g in groups if g.topic in skills)
        if answers < MIN_SECTION_ANSWERS:
            shortfalls.append(Shortfall(title, answers, MIN_SECTION_ANSWERS - answers))
        seen.update(g.topic for g in groups)
    total = sum(skills[t].answers for t in seen if t in skills)
    needed = max(MIN_ANSWERS - total, sum(s.needed for s in shortfalls), 0)
    return Evidence(total, needed, tuple(shortfalls))


@functools.cache
def _log_factorials(n: int) -> tuple[float, ...]:
    return tuple(math.lgamma(k + 1) for k in range(n + 1))


def _beta_binomial(n: int, a: float, b: float) -> list[float]:
    base = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) - math.lgamma(n + a + b)
    log_factorial = _log_factorials(n)
    out = [
        math.exp(
            log_factorial[n]
            - log_factorial[k]
            - log_factorial[n - k]
            + base
            + math.lgamma(k + a)
            + math.lgamma(n - k + b)
        )
        for k in range(n + 1)
    ]
    total = sum(out)
    return [p / total for p in out]


TINY = 1e-15
"""Chances below this are left out of a convolution: far below any figure shown."""


def _convolve(left: Sequence[float], right: Sequence[float]) -> list[float]:
    out = [0.0] * (len(left) + len(right) - 1)
    window = [j for j, q in enumerate(right) if q > TINY]
    if not window:
        return out
    low, high = window[0], window[-1] + 1
    part = right[low:high]
    for i, p in enumerate(left):
        if p > TINY:
            for j, q in enumerate(part, start=i + low):
                out[j] += p * q
    return out


def _quantiles(chances: Sequence[float], *ps: float) -> list[float]:
    """The p-quantiles of a count, each count's chance spread evenly over the unit around it."""
    below = list(accumulate(chances, initial=0.0))  # below[k]: the chance of fewer than k
    out = []
    for p in ps:
        k = bisect.bisect_left(below, p, lo=1) - 1  # the first count that reaches p
        if k < len(chances):
            out.append(max(0.0, min(len(chances) - 1.0, k - 0.5 + (p - below[k]) / chances[k])))
        else:
            out.append(len(chances) - 1.0)
    return out


def _passes(k: int, items: int, mark: float) -> bool:
    # As the score report judges: the percentage rounded to one decimal, at or over the mark.
    return round(100.0 * k / items, 1) >= mark


def _first_pass(items: int, mark: float) -> int:
    """The fewest right answers that pass (`items + 1` when none do); passing only gets easier
    with each more right, so the counts that pass are those from this one up."""
    low, high = 0, items + 1
    while low < high:
        middle = (low + high) // 2
        if _passes(middle, items, mark):
            high = middle
        else:
            low = middle + 1
    return low


def _distribution(chances: Sequence[float], pass_mark: float | None) -> Distribution:
    items = len(chances) - 1
    scale = 100.0 / items if items else 0.0
    tail = (1 - INTERVAL) / 2
    p_pass = None
    if pass_mark is not None and items:
        p_pass = sum(chances[_first_pass(items, pass_mark) :])
    median, low, high = _quantiles(chances, 0.5, tail, 1 - tail)
    return Distribution(
        items=items,
        chances=tuple(chances),
        median=median * scale,
        low=low * scale,
        high=high * scale,
        p_pass=p_pass,
    )


@functools.lru_cache(maxsize=256)
def _section(topics: tuple[tuple[int, float, float], ...], pass_mark: float | None) -> Distribution:
    """A section's score from its topics' questions and Beta posteriors (count, a, b): kept, as
    after an answer only the section of its topic has new ones."""
    chances = [1.0]
    for count, a, b in topics:
        chances = _convolve(chances, _beta_binomial(count, a, b))
    return _distribution(chances, pass_mark)


def forecast(
    drawn: Layout,
    skills: Mapping[str, Skill],
    prior: Skill,
    recall: Mapping[str, float] | None = None,
) -> Forecast:
    """The score's distribution on one sitting; `recall` maps an item to how its chance of a
    right answer moves by the target day (absent items: not at all)."""
    blueprint = drawn.blueprint
    moves = recall or {}
    total = [1.0]
    sections = []
    for sid, title, groups in drawn.sections:
        topics = []
        for group in groups:
            if not group.count:
                continue
            skill = skills.get(group.topic, prior)
            weight = skill.a + skill.b
            moved = 1.0
            if moves:
                moved = sum(map(moves.get, group.pool, repeat(1.0))) / len(group.pool)
            mean = min(MOST_LIKELY, skill.mean * moved)
            topics.append((group.count, mean * weight, (1 - mean) * weight))
        found = _section(tuple(topics), blueprint.pass_mark)
        sections.append(SectionForecast(sid, title, found))
        total = _convolve(total, found.chances)
    score = _distribution(total, blueprint.pass_mark)
    p_pass: float | None
    if blueprint.pass_rule == "every_section":
        p_pass = math.prod(s.score.p_pass or 0.0 for s in sections)
    else:
        p_pass = score.p_pass
    return Forecast(score, tuple(sections), p_pass)


class Readiness(msgspec.Struct, frozen=True):
    """Readiness for one blueprint: the evidence, and the forecasts when there is enough."""

    blueprint: Blueprint
    evidence: Evidence
    today: Forecast | None
    exam_day: Forecast | None = None
    """On the goal's exam day, keeping to the plan's reviews; None without a goal."""


def assess(
    drawn: Layout,
    skills: Mapping[str, Skill],
    prior: Skill,
    exam_day_recall: Mapping[str, float] | None = None,
) -> Readiness:
    """Readiness today and, given how each item's chance moves by then, on the exam day."""
    found = evidence(drawn, skills)
    if not found.enough:
        return Readiness(drawn.blueprint, found, None)
    today = forecast(drawn, skills, prior)
    later = None
    if exam_day_recall is not None:
        later = forecast(drawn, skills, prior, exam_day_recall)
    return Readiness(drawn.blueprint, found, today, later)
