"""Item analysis of a mock exam: which questions work, which are too easy, too hard or keyed wrong.

The figures are the ones Moodle's quiz statistics report gives, computed as its developer page
"Quiz statistics calculations" defines them (docs.moodle.org/dev/Quiz_statistics_calculations),
with x the marks on one question, T the attempt totals and R = T - x the rest of the test:
- facility: mean(x) / max mark;
- SD: the sample standard deviation of x / max mark;
- discrimination index: the Pearson correlation of x with R;
- discriminative efficiency: C(x, R) over the largest covariance the two sets of marks allow,
  which is their covariance when both are sorted on their own and paired in order;
- effective weight: sqrt(C(x, T)) over the sum of the same for every question whose covariance
  with the total is not negative (a question with a negative one has none).
Per option, how often it was chosen and its point-biserial correlation with R. Per form,
Cronbach's (1951) alpha, which on 0/1 marks is Kuder and Richardson's (1937) KR-20, its error
ratio sqrt(1 - alpha), the standard error of measurement SD(T) * sqrt(1 - alpha), and alpha
with each question left out. Variances and covariances divide by n - 1, as Moodle's do.

A form whose attempts asked different questions (each candidate drew their own) has its
questions analysed over the attempts that asked them, as Moodle does for random questions, and
its alpha computed over the positions of the form instead of the questions; alpha without a
question and effective weights need every attempt to have asked it, so such a form has none.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

MIN_ATTEMPTS = 20
"""Below this many answers a question's figures are shown but nothing is flagged: with fewer, one
candidate moves a correlation by more than the thresholds below are apart (the standard error of
a correlation near zero is about 1 / sqrt(n), 0.22 at 20)."""

TOO_EASY = 0.90
"""Facility above this is flagged. Moodle's docs call 90-94 % "very easy"; the textbook 0.8 upper
bound is for norm-referenced tests, and would flag much of a mock built for a 70 % pass mark."""

TOO_HARD = 0.20
"""Facility below this is flagged: the lower bound of the classic 0.2-0.8 band, and where Moodle's
docs stop calling a question "difficult" and start calling it "very difficult"."""

WEAK_DISCRIMINATION = 0.20
"""A discrimination index below this is weak: Ebel's (1965) rule of thumb, which Moodle's docs
repeat (below 20 % "weak", 30 % and up adequate)."""

LOW_EFFICIENCY = 0.15
"""Discriminative efficiency below this marks a question Moodle's report calls dubious."""

STRONG_DISTRACTOR = 0.0
"""A wrong option whose point-biserial with the rest of the test is above this draws the stronger
candidates: in classic distractor analysis every distractor should correlate negatively."""

NONFUNCTIONING_SHARE = 0.05
"""A wrong option chosen by fewer than this share of candidates does no work (Haladyna and
Downing, 1993: a non-functioning distractor is chosen by under 5 %)."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """One candidate's first sitting of a form: the mark on each question asked, in the order
    asked (an unanswered question scores 0), and the options chosen on choice questions."""

    marks: Mapping[str, float]
    chosen: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Question id to the labels of the options chosen, as authored (not as displayed)."""


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """What the analysis knows of a question: its mark out of, its options and its key."""

    id: str
    max_mark: float = 1.0
    options: tuple[str, ...] = ()
    """The options' labels as authored (A, B, C, ...; or True and False); empty if not a choice."""
    key: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Flag:
    """Something wrong with a question: a short kind for machines, the reason in words."""

    kind: str
    reason: str
    option: str | None = None
    """The option the flag is about, for the flags on distractors."""


@dataclass(frozen=True, slots=True)
class OptionStats:
    """How one option of a choice question drew candidates."""

    label: str
    key: bool
    chosen: int
    share: float
    point_biserial: float | None
    """The correlation of choosing it with the rest of the test; None if all or none chose it."""


@dataclass(frozen=True, slots=True)
class ItemStats:
    """The figures and flags of one question; a figure that cannot be computed is None."""

    id: str
    n: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None
    effective_weight: float | None
    alpha_if_deleted: float | None
    options: tuple[OptionStats, ...]
    flags: tuple[Flag, ...]
    note: str | None = None
    """Why nothing is flagged, when there are too few answers to say."""


@dataclass(frozen=True, slots=True)
class FormStats:
    """The test statistics of one form and the analysis of each of its questions."""

    attempts: int
    length: int
    """Questions per attempt (the most common count, should attempts differ)."""
    fixed: bool
    """Whether every attempt asked the same questions."""
    mean: float | None
    sd: float | None
    alpha: float | None
    error_ratio: float | None
    sem: float | None
    items: tuple[ItemStats, ...]
    note: str | None = None


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _deviations(values: Sequence[float]) -> list[float]:
    mean = sum(values) / len(values)
    return [v - mean for v in values]


def _covariance(dx: Sequence[float], dy: Sequence[float]) -> float:
    """The sample covariance of two lists given as deviations from their means."""
    products: float = sum(map(operator.mul, dx, dy))
    return products / (len(dx) - 1)


def _variance(values: Sequence[float]) -> float:
    d = _deviations(values)
    return _covariance(d, d)


_TINY = 1e-12
_NONE: frozenset[str] = frozenset()


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of two paired lists; None when either does not vary or there are < 2 pairs."""
    if len(xs) < 2:
        return None
    dx, dy = _deviations(xs), _deviations(ys)
    vx, vy = _covariance(dx, dx), _covariance(dy, dy)
    if vx <= _TINY or vy <= _TINY:
        return None
    return _covariance(dx, dy) / math.sqrt(vx * vy)


def efficiency(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """C(x, y) over the covariance of x and y each sorted on its own: Moodle's discriminative
    efficiency, the share of the largest covariance these two sets of marks could have."""
    if len(xs) < 2:
        return None
    dx, dy = _deviations(xs), _deviations(ys)
    largest = _covariance(sorted(dx), sorted(dy))
    if largest <= _TINY:
        return None
    return _covariance(dx, dy) / largest


def alpha(components: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a table of marks, one row per attempt and one column per question:
    k / (k - 1) * (1 - sum of column variances / variance of row totals)."""
    if len(components) < 2 or len(components[0]) < 2:
        return None
    k = len(components[0])
    total_variance = _variance([sum(row) for row in components])
    if total_variance <= _TINY:
        return None
    parts = sum(_variance(c) for c in zip(*components, strict=True))
    return k / (k - 1) * (1 - parts / total_variance)


def _options(
    info: QuestionInfo, picks: Sequence[frozenset[str]], rest: Sequence[float]
) -> tuple[OptionStats, ...]:
    """Each option's count and point-biserial with the rest score. With d the deviations of the
    rest and p the share choosing, r = sum of d over those who chose / sqrt(count (1 - p) sum d^2),
    Pearson's r of the 0/1 choice with the rest written out, so one pass serves every option."""
    if not info.options:
        return ()
    n = len(picks)
    d = _deviations(rest) if n else []
    spread: float = sum(map(operator.mul, d, d))
    counts = dict.fromkeys(info.options, 0)
    sums = dict.fromkeys(info.options, 0.0)
    for chose, deviation in zip(picks, d, strict=True):
        for label in chose:
            if label in counts:
                counts[label] += 1
                sums[label] += deviation
    out = []
    for label in info.options:
        count = counts[label]
        share = count / n if n else 0.0
        varies = 0 < count < n and spread > _TINY
        r = sums[label] / math.sqrt(count * (1 - share) * spread) if varies else None
        out.append(OptionStats(label, label in info.key, count, share, r))
    return tuple(out)


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.0f} %"


def _flags(item: ItemStats) -> tuple[Flag, ...]:
    """What a question's figures say is wrong with it, each reason naming its threshold."""
    flags = []
    f, d, e = item.facility, item.discrimination, item.efficiency
    if f is not None and f > TOO_EASY:
        flags.append(Flag("too-easy", f"facility {f:.2f}: too easy for a mock (> {TOO_EASY:.2f})"))
    if f is not None and f < TOO_HARD:
        flags.append(Flag("too-hard", f"facility {f:.2f}: too hard (< {TOO_HARD:.2f})"))
    if d is not None and d < 0:
        flags.append(Flag("negative", f"negative discrimination ({d:.2f}): key may be wrong"))
    elif d is not None and d < WEAK_DISCRIMINATION:
        flags.append(Flag("weak", f"discrimination {d:.2f} < {WEAK_DISCRIMINATION:.2f}: weak"))
    if e is not None and e < LOW_EFFICIENCY and (d is None or d >= 0):
        flags.append(Flag("inefficient", f"efficiency {_percent(e)} < {_percent(LOW_EFFICIENCY)}"))
    for option in item.options:
        if option.key:
            continue
        if option.chosen == 0:
            flags.append(
                Flag("unused", f"distractor {option.label} chosen by nobody", option.label)
            )
        elif option.share < NONFUNCTIONING_SHARE:
            flags.append(
                Flag(
                    "unused",
                    f"distractor {option.label} chosen by {option.chosen} of {item.n}"
                    f" (< {_percent(NONFUNCTIONING_SHARE)})",
                    option.label,
                )
            )
        pb = option.point_biserial
        if pb is not None and pb > STRONG_DISTRACTOR:
            flags.append(
                Flag(
                    "strong-distractor",
                    f"distractor {option.label} chosen by strong candidates"
                    f" (point-biserial {pb:+.2f} > 0)",
                    option.label,
                )
            )
    return tuple(flags)


def _question(
    qid: str,
    info: QuestionInfo,
    xs: Sequence[float],
    totals: Sequence[float],
    picks: Sequence[frozenset[str]],
) -> ItemStats:
    """One question's figures from the attempts that asked it: its marks, their totals, picks."""
    n = len(xs)
    rest = list(map(operator.sub, totals, xs))
    top = info.max_mark if info.max_mark > 0 else 1.0
    item = ItemStats(
        id=qid,
        n=n,
        facility=_mean(xs) / top if n else None,
        sd=math.sqrt(_variance(xs)) / top if n > 1 else None,
        discrimination=correlation(xs, rest),
        efficiency=efficiency(xs, rest),
        effective_weight=None,
        alpha_if_deleted=None,
        options=_options(info, picks, rest),
        flags=(),
    )
    if n < MIN_ATTEMPTS:
        return replace(item, note=f"not enough answers ({n} of {MIN_ATTEMPTS})")
    return replace(item, flags=_flags(item))


def analyse(attempts: Sequence[Attempt], questions: Mapping[str, QuestionInfo]) -> FormStats:
    """The analysis of one form from its attempts, its questions in order of id; `questions` says
    how each is marked and what its options are (one it does not know is out of 1, no options)."""
    totals = [sum(a.marks.values()) for a in attempts]
    columns: dict[str, tuple[list[float], list[float], list[frozenset[str]]]] = {}
    for attempt, total in zip(attempts, totals, strict=True):
        chosen = attempt.chosen
        for qid, mark in attempt.marks.items():
            if qid not in columns:
                columns[qid] = ([], [], [])
            marks, sums, picks = columns[qid]
            marks.append(mark)
            sums.append(total)
            picks.append(chosen.get(qid, _NONE))
    asked = sorted(columns)
    sets = {frozenset(a.marks) for a in attempts}
    fixed = len(sets) == 1
    lengths = [len(a.marks) for a in attempts]
    length = max(set(lengths), key=lengths.count) if lengths else 0
    items = [
        _question(qid, questions.get(qid) or QuestionInfo(qid), *columns[qid]) for qid in asked
    ]
    note = None
    if len(attempts) < MIN_ATTEMPTS:
        note = f"not enough attempts ({len(attempts)} of {MIN_ATTEMPTS})"
    if fixed and attempts:
        table = [[a.marks[q] for q in asked] for a in attempts]
        reliability = alpha(table)
        items = _fixed_extras(items, table, totals, reliability)
    else:
        same = [list(a.marks.values()) for a in attempts if len(a.marks) == length]
        reliability = alpha(same) if len(same) == len(attempts) else None
        if len(same) != len(attempts):
            note = "attempts asked different numbers of questions: no alpha"
    mean = _mean(totals) if totals else None
    sd = math.sqrt(_variance(totals)) if len(totals) > 1 else None
    ratio = math.sqrt(1 - reliability) if reliability is not None and reliability <= 1 else None
    return FormStats(
        attempts=len(attempts),
        length=length,
        fixed=fixed,
        mean=mean,
        sd=sd,
        alpha=reliability,
        error_ratio=ratio,
        sem=sd * ratio if sd is not None and ratio is not None else None,
        items=tuple(items),
        note=note,
    )


def _fixed_extras(
    items: list[ItemStats],
    table: Sequence[Sequence[float]],
    totals: Sequence[float],
    reliability: float | None,
) -> list[ItemStats]:
    """Effective weights and alpha without each question: both need every attempt to have it.

    Alpha without question p needs no second pass: V(T - x_p) = V(T) + V(x_p) - 2 C(x_p, T).
    """
    if len(table) < 2:
        return items
    k = len(table[0])
    dt = _deviations(totals)
    total_variance = _covariance(dt, dt)
    columns = [_deviations(c) for c in zip(*table, strict=True)]
    variances = [_covariance(c, c) for c in columns]
    with_total = [_covariance(c, dt) for c in columns]
    parts = sum(variances)
    roots = sum(math.sqrt(c) for c in with_total if c >= 0)
    out = []
    for index, item in enumerate(items):
        weight = None
        if with_total[index] >= 0 and roots > _TINY:
            weight = math.sqrt(with_total[index]) / roots
        without = None
        rest_variance = total_variance + variances[index] - 2 * with_total[index]
        if reliability is not None and k > 2 and rest_variance > _TINY:
            without = (k - 1) / (k - 2) * (1 - (parts - variances[index]) / rest_variance)
        out.append(replace(item, effective_weight=weight, alpha_if_deleted=without))
    return out
