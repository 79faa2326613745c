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
    """The options' labels as authored (A, B, C, ...; or true and false); empty if not a choice."""
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
    return math.fsum(values) / len(values)


def _covariance(xs: Sequence[float], ys: Sequence[float], mx: float, my: float) -> float:
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def _variance(xs: Sequence[float], mx: float) -> float:
    return math.fsum((x - mx) ** 2 for x in xs) / (len(xs) - 1)


_TINY = 1e-12


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of two paired lists; None when either does not vary or there are < 2 pairs."""
    if len(xs) < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    vx, vy = _variance(xs, mx), _variance(ys, my)
    if vx <= _TINY or vy <= _TINY:
        return None
    return _covariance(xs, ys, mx, my) / math.sqrt(vx * vy)


def efficiency(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """C(x, y) over the covariance of x and y each sorted on its own: Moodle's discriminative
    efficiency, the share of the largest covariance these two sets of marks could have."""
    if len(xs) < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    largest = _covariance(sorted(xs), sorted(ys), mx, my)
    if largest <= _TINY:
        return None
    return _covariance(xs, ys, mx, my) / largest


def alpha(components: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a table of marks, one row per attempt and one column per question:
    k / (k - 1) * (1 - sum of column variances / variance of row totals)."""
    if len(components) < 2 or len(components[0]) < 2:
        return None
    k = len(components[0])
    totals = [math.fsum(row) for row in components]
    total_variance = _variance(totals, _mean(totals))
    if total_variance <= _TINY:
        return None
    columns = list(zip(*components, strict=True))
    parts = math.fsum(_variance(c, _mean(c)) for c in columns)
    return k / (k - 1) * (1 - parts / total_variance)


def _options(
    info: QuestionInfo, picks: Sequence[frozenset[str]], rest: Sequence[float]
) -> tuple[OptionStats, ...]:
    n = len(picks)
    out = []
    for label in info.options:
        chose = [1.0 if label in p else 0.0 for p in picks]
        count = int(sum(chose))
        out.append(
            OptionStats(
                label=label,
                key=label in info.key,
                chosen=count,
                share=count / n if n else 0.0,
                point_biserial=correlation(chose, rest),
            )
        )
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
    attempts: Sequence[Attempt],
    totals: Sequence[float],
) -> ItemStats:
    xs: list[float] = []
    ts: list[float] = []
    picks: list[frozenset[str]] = []
    for attempt, total in zip(attempts, totals, strict=True):
        mark = attempt.marks.get(qid)
        if mark is None:
            continue
        xs.append(mark)
        ts.append(total)
        picks.append(attempt.chosen.get(qid, frozenset()))
    n = len(xs)
    rest = [t - x for t, x in zip(ts, xs, strict=True)]
    top = info.max_mark if info.max_mark > 0 else 1.0
    facility = _mean(xs) / top if n else None
    sd = math.sqrt(_variance(xs, _mean(xs))) / top if n > 1 else None
    item = ItemStats(
        id=qid,
        n=n,
        facility=facility,
        sd=sd,
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
    totals = [math.fsum(a.marks.values()) for a in attempts]
    asked = sorted({qid for attempt in attempts for qid in attempt.marks})
    sets = {frozenset(a.marks) for a in attempts}
    fixed = len(sets) == 1
    lengths = [len(a.marks) for a in attempts]
    length = max(set(lengths), key=lengths.count) if lengths else 0
    items = [
        _question(qid, questions.get(qid) or QuestionInfo(qid), attempts, totals) for qid in asked
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
    sd = math.sqrt(_variance(totals, mean)) if mean is not None and len(totals) > 1 else None
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
    mt = _mean(totals)
    total_variance = _variance(totals, mt)
    columns = [list(c) for c in zip(*table, strict=True)]
    variances = [_variance(c, _mean(c)) for c in columns]
    with_total = [_covariance(c, totals, _mean(c), mt) for c in columns]
    parts = math.fsum(variances)
    roots = math.fsum(math.sqrt(c) for c in with_total if c >= 0)
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
