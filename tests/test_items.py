"""Item analysis: the figures worked out by hand on a small class, their properties, the flags."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.engine import items
from trainer.engine.items import Attempt, QuestionInfo, analyse

# Five candidates and four questions marked 0/1. Q4 is a choice question keyed A; the letters
# are the options each candidate chose on it.
#
#         Q1 Q2 Q3 Q4  total  Q4 chosen
#   c1     1  1  1  1    4    A
#   c2     1  1  1  0    3    C
#   c3     1  1  0  0    2    C
#   c4     1  0  0  1    2    A
#   c5     0  0  0  0    0    B
MARKS = ((1, 1, 1, 1), (1, 1, 1, 0), (1, 1, 0, 0), (1, 0, 0, 1), (0, 0, 0, 0))
Q4_CHOSEN = ("A", "C", "C", "A", "B")
IDS = ("q1", "q2", "q3", "q4")
INFO = {"q4": QuestionInfo("q4", 1.0, ("A", "B", "C", "D"), frozenset({"A"}))}


def attempts(copies: int = 1) -> list[Attempt]:
    """The class above, each candidate repeated `copies` times (20 attempts at 4 copies)."""
    out = []
    for _ in range(copies):
        for row, letter in zip(MARKS, Q4_CHOSEN, strict=True):
            marks = {qid: float(m) for qid, m in zip(IDS, row, strict=True)}
            out.append(Attempt(marks, {"q4": frozenset({letter})}))
    return out


def by_id(stats: items.FormStats) -> dict[str, items.ItemStats]:
    return {i.id: i for i in stats.items}


def test_the_worked_example_by_hand() -> None:
    """Every figure of the five-candidate class, as worked out in the comments."""
    stats = analyse(attempts(), INFO)
    q = by_id(stats)
    # Facility (Moodle, "Quiz statistics calculations": mean mark / max mark).
    assert [q[i].facility for i in IDS] == pytest.approx([0.8, 0.6, 0.4, 0.4])
    # SD (same page: sample SD of the marks, n - 1, over the max mark). Q1: mean 0.8, squared
    # deviations 4 x 0.04 + 0.64 = 0.8, / 4 = 0.2, sqrt = 0.4472. Q2-Q4: 1.2 / 4 = 0.3 -> 0.5477.
    assert [q[i].sd for i in IDS] == pytest.approx([math.sqrt(0.2), *[math.sqrt(0.3)] * 3])
    # Discrimination index (same page: r of the mark with the rest of the test, T - x).
    # Q1: rest 3 2 1 1 0 (mean 1.4); C(x, R) = (0.32 + 0.12 - 0.08 - 0.08 + 1.12) / 4 = 0.35;
    #     V(R) = 5.2 / 4 = 1.3; r = 0.35 / sqrt(0.2 * 1.3) = 0.6864.
    # Q2: rest 3 2 1 2 0; C = 1.2 / 4 = 0.3; V(R) = 1.3; r = 0.3 / sqrt(0.3 * 1.3) = 0.4804.
    # Q3: rest 3 2 2 2 0 (mean 1.8); C = (0.72 + 0.12 - 0.08 - 0.08 + 0.72) / 4 = 0.35;
    #     V(R) = 4.8 / 4 = 1.2; r = 0.35 / sqrt(0.3 * 1.2) = 0.5833.
    # Q4: rest 3 3 2 1 0 (mean 1.8); C = (0.72 - 0.48 - 0.08 - 0.48 + 0.72) / 4 = 0.1;
    #     V(R) = 6.8 / 4 = 1.7; r = 0.1 / sqrt(0.3 * 1.7) = 0.1400.
    assert [q[i].discrimination for i in IDS] == pytest.approx(
        [0.35 / math.sqrt(0.26), 0.3 / math.sqrt(0.39), 0.35 / 0.6, 0.1 / math.sqrt(0.51)]
    )
    # Discriminative efficiency (same page: C(x, R) over C of x and R each sorted ascending).
    # Q1: sorted x 0 1 1 1 1 with sorted R 0 1 1 2 3 pairs as the data do: 1.4 / 4 = 0.35 -> 1.
    # Q2: sorted R 0 1 2 2 3: (0.96 + 0.36 + 0.16 + 0.16 + 0.56) / 4 = 0.55; 0.3 / 0.55 = 0.5455.
    # Q3: sorted R 0 2 2 2 3 pairs as the data do: 1.4 / 4 = 0.35 -> 1.
    # Q4: sorted x 0 0 0 1 1, sorted R 0 1 2 3 3: (0.72 + 0.32 - 0.08 + 0.72 + 0.72) / 4 = 0.6;
    #     0.1 / 0.6 = 0.1667.
    assert [q[i].efficiency for i in IDS] == pytest.approx([1.0, 0.3 / 0.55, 1.0, 0.1 / 0.6])
    # Effective weight (same page: sqrt C(x, T) over the sum of sqrt C(x_i, T)). T = 4 3 2 2 0,
    # mean 2.2. C(x, T): Q1 2.2 / 4 = 0.55, Q2 2.4 / 4 = 0.6, Q3 2.6 / 4 = 0.65, Q4 1.6 / 4 = 0.4
    # (they add up to V(T) = 8.8 / 4 = 2.2, as they must).
    roots = [math.sqrt(c) for c in (0.55, 0.6, 0.65, 0.4)]
    assert [q[i].effective_weight for i in IDS] == pytest.approx([r / sum(roots) for r in roots])
    # Cronbach's alpha (Cronbach 1951): k / (k - 1) (1 - sum V(x_i) / V(T))
    #   = 4/3 (1 - (0.2 + 0.3 + 0.3 + 0.3) / 2.2) = 4/3 x 0.5 = 0.6667.
    assert stats.alpha == pytest.approx(2 / 3)
    # Error ratio sqrt(1 - alpha) = sqrt(1/3); SEM = SD(T) sqrt(1 - alpha) = sqrt(2.2 / 3).
    assert stats.error_ratio == pytest.approx(math.sqrt(1 / 3))
    assert stats.sem == pytest.approx(math.sqrt(2.2 / 3))
    assert stats.mean == pytest.approx(2.2)
    # Alpha without a question: 3/2 (1 - remaining variances / V(rest)).
    # Q1: 1.5 (1 - 0.9 / 1.3) = 0.4615; Q2: 1.5 (1 - 0.8 / 1.3) = 0.5769;
    # Q3: 1.5 (1 - 0.8 / 1.2) = 0.5; Q4: 1.5 (1 - 0.8 / 1.7) = 0.7941 (alpha rises without the
    # weakest question).
    assert [q[i].alpha_if_deleted for i in IDS] == pytest.approx(
        [1.5 * (1 - 0.9 / 1.3), 1.5 * (1 - 0.8 / 1.3), 0.5, 1.5 * (1 - 0.8 / 1.7)]
    )
    # Options of Q4: A chosen by c1 and c4 (its point-biserial is Q4's own discrimination), B by
    # c5, C by c2 and c3, D by nobody. C against the rest 3 3 2 1 0: indicator 0 1 1 0 0, mean
    # 0.4; C = (-0.48 + 0.72 + 0.12 + 0.32 + 0.72) / 4 = 0.35; r = 0.35 / sqrt(0.3 x 1.7) = 0.4901.
    # B: indicator 0 0 0 0 1 (V = 0.2); C = (-0.24 - 0.24 - 0.04 + 0.16 - 1.44) / 4 = -0.45;
    # r = -0.45 / sqrt(0.2 x 1.7) = -0.7717.
    options = {o.label: o for o in q["q4"].options}
    assert [options[x].chosen for x in "ABCD"] == [2, 1, 2, 0]
    assert options["A"].key
    assert not options["C"].key
    assert options["A"].point_biserial == pytest.approx(q["q4"].discrimination)
    assert options["B"].point_biserial == pytest.approx(-0.45 / math.sqrt(0.34))
    assert options["C"].point_biserial == pytest.approx(0.35 / math.sqrt(0.51))
    assert options["D"].point_biserial is None
    assert options["C"].share == pytest.approx(0.4)


def test_too_few_answers_are_shown_but_flag_nothing() -> None:
    stats = analyse(attempts(), INFO)
    assert all(i.flags == () for i in stats.items)
    assert {i.note for i in stats.items} == {"not enough answers (5 of 20)"}
    assert stats.note == "not enough attempts (5 of 20)"


def test_the_class_four_times_over_flags_the_weak_question_and_its_distractors() -> None:
    """Twenty attempts: the same correlations, now with enough answers to flag Q4."""
    stats = analyse(attempts(4), INFO)
    q = by_id(stats)
    assert stats.note is None
    assert stats.alpha == pytest.approx(2 / 3)
    # SD of the totals with n - 1 = 19: sqrt(4 x 8.8 / 19).
    assert stats.sem == pytest.approx(math.sqrt(4 * 8.8 / 19) * math.sqrt(1 / 3))
    assert q["q4"].discrimination == pytest.approx(0.1 / math.sqrt(0.51))
    assert [f.reason for f in q["q4"].flags] == [
        "discrimination 0.14 < 0.20: weak",
        "distractor C chosen by strong candidates (point-biserial +0.49 > 0)",
        "distractor D chosen by nobody",
    ]
    assert [f.option for f in q["q4"].flags] == [None, "C", "D"]
    assert all(q[i].flags == () and q[i].note is None for i in ("q1", "q2", "q3"))


def _class(columns: Sequence[Sequence[float]]) -> list[Attempt]:
    """Attempts from marks given question by question."""
    rows = list(zip(*columns, strict=True))
    return [Attempt({f"q{j}": m for j, m in enumerate(row)}) for row in rows]


# A 20-candidate class ranked by ability: candidate i gets the first questions right up to i.
ABILITY = [[1.0 if i >= cut else 0.0 for i in range(20)] for cut in (4, 8, 12, 16)]


def test_an_easy_a_hard_and_a_reversed_question_are_flagged_with_their_thresholds() -> None:
    easy = [0.0, *[1.0] * 19]  # facility 0.95, still right for the strongest
    hard = [*[0.0] * 17, 1.0, 1.0, 0.0]  # facility 0.10
    reversed_key = [1.0 if i < 8 else 0.0 for i in range(20)]  # the weak get it right
    stats = analyse(_class([*ABILITY, easy, hard, reversed_key]), {})
    reasons = {i.id: [f.reason for f in i.flags] for i in stats.items}
    assert reasons["q4"] == ["facility 0.95: too easy for a mock (> 0.90)"]
    assert reasons["q5"] == ["facility 0.10: too hard (< 0.20)"]
    assert reasons["q6"][0].startswith("negative discrimination (-")
    assert reasons["q6"][0].endswith("): key may be wrong")
    assert [f.kind for f in stats.items[6].flags] == ["negative"]
    assert all(reasons[f"q{j}"] == [] for j in range(4))


def test_low_efficiency_is_flagged_as_moodle_marks_a_dubious_question() -> None:
    """Right for the weakest four and the strongest five: barely related to the rest. (An
    efficiency under 15 % comes with a weak index: the largest covariance is at most the
    product of the SDs, so a positive efficiency is never below the discrimination index.)"""
    odd = [1.0 if i < 4 or i >= 15 else 0.0 for i in range(20)]
    ability = [[1.0 if i >= cut else 0.0 for i in range(20)] for cut in (2, 6, 10, 14, 18)]
    stats = analyse(_class([*ability, odd]), {})
    assert [f.reason for f in stats.items[5].flags] == [
        "discrimination 0.10 < 0.20: weak",
        "efficiency 12 % < 15 %",
    ]


def test_a_rarely_chosen_distractor_is_named_with_its_share() -> None:
    info = {"q0": QuestionInfo("q0", 1.0, ("A", "B"), frozenset({"A"}))}
    marks = [0.0, *[1.0] * 19]
    rest = ABILITY[1:]
    base = _class([marks, *rest])
    picked = [Attempt(a.marks, {"q0": frozenset({"A" if a.marks["q0"] else "B"})}) for a in base]
    stats = analyse(picked, info)
    assert "distractor B chosen by 1 of 20 (< 5 %)" not in [f.reason for f in stats.items[0].flags]
    # Twenty-one attempts, one choosing B: under 5 %.
    picked.append(Attempt(picked[-1].marks, {"q0": frozenset({"A"})}))
    stats = analyse(picked, info)
    assert "distractor B chosen by 1 of 21 (< 5 %)" in [f.reason for f in stats.items[0].flags]


def test_forms_drawn_apart_are_analysed_per_question_and_by_position_for_alpha() -> None:
    """Each candidate drew their own form: a question's figures come from the attempts that
    asked it; alpha comes from the marks by position; no alpha without, nor weights."""
    forms = []
    for i, a in enumerate(_class(ABILITY)):
        extra = "x" if i % 2 else "y"
        forms.append(Attempt({**a.marks, extra: a.marks["q3"]}))
    stats = analyse(forms, {})
    q = by_id(stats)
    assert not stats.fixed
    assert stats.length == 5
    assert q["x"].n == 10
    assert q["y"].n == 10
    assert q["q0"].n == 20
    positions = [list(a.marks.values()) for a in forms]
    assert stats.alpha == pytest.approx(items.alpha(positions))
    assert all(i.alpha_if_deleted is None and i.effective_weight is None for i in stats.items)


def test_attempts_of_different_lengths_have_no_alpha() -> None:
    forms = _class(ABILITY)
    forms[0] = Attempt({"q0": 0.0})
    stats = analyse(forms, {})
    assert stats.alpha is None
    assert stats.sem is None
    assert stats.note == "attempts asked different numbers of questions: no alpha"


def test_no_attempts_and_questions_nobody_varied_on_give_no_figures() -> None:
    empty = analyse([], {})
    assert (empty.attempts, empty.alpha, empty.mean, empty.items) == (0, None, None, ())
    same = analyse([Attempt({"a": 1.0, "b": 1.0})] * 25, {})
    assert same.alpha is None
    assert all(i.discrimination is None and i.efficiency is None for i in same.items)
    assert [f.kind for f in same.items[0].flags] == ["too-easy"]


def test_a_negative_covariance_with_the_total_has_no_effective_weight() -> None:
    against = [1.0 if i < 10 else 0.0 for i in range(20)]
    stats = analyse(_class([*ABILITY, against]), {})
    assert stats.items[4].effective_weight is None
    weights = [i.effective_weight for i in stats.items[:4]]
    assert sum(w for w in weights if w is not None) == pytest.approx(1.0)


def test_marks_out_of_more_than_one_are_scaled_by_the_max() -> None:
    columns = [[2.0 * m for m in ABILITY[0]], *ABILITY[1:]]
    stats = analyse(_class(columns), {"q0": QuestionInfo("q0", max_mark=2.0)})
    plain = analyse(_class(ABILITY), {})
    assert stats.items[0].facility == pytest.approx(plain.items[0].facility)
    assert stats.items[0].sd == pytest.approx(plain.items[0].sd)


def kr20(table: Sequence[Sequence[float]]) -> float:
    """Kuder and Richardson's (1937) formula 20, written from p and q with population variance."""
    n, k = len(table), len(table[0])
    totals = [sum(r) for r in table]
    mean = sum(totals) / n
    variance = sum((t - mean) ** 2 for t in totals) / n
    pq = sum(p * (1 - p) for p in (sum(r[j] for r in table) / n for j in range(k)))
    return k / (k - 1) * (1 - pq / variance)


zero_one = st.lists(
    st.lists(st.sampled_from([0.0, 1.0]), min_size=3, max_size=3), min_size=3, max_size=30
)
marks = st.integers(2, 6).flatmap(
    lambda k: st.lists(
        st.lists(st.floats(0, 1, allow_nan=False), min_size=k, max_size=k),
        min_size=2,
        max_size=40,
    )
)


@given(zero_one)
def test_kr20_is_alpha_on_zero_one_marks(table: list[list[float]]) -> None:
    found = items.alpha(table)
    totals = [sum(r) for r in table]
    if len(set(totals)) == 1:
        assert found is None
    else:
        assert found == pytest.approx(kr20(table), abs=1e-9)


@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=2, max_size=40), st.integers(2, 6))
def test_alpha_of_identical_questions_is_one(column: list[float], k: int) -> None:
    """Alpha is 1 for questions marked alike, and undefined (None) where the totals do not vary;
    a spread of marks under a millionth may fall either side of that line."""
    found = items.alpha([[x] * k for x in column])
    spread = max(column) - min(column)
    if spread == 0:
        assert found is None
    elif spread < 1e-6:
        assert found is None or found == pytest.approx(1.0)
    else:
        assert found == pytest.approx(1.0)


@given(marks)
def test_figures_stay_in_their_ranges(table: list[list[float]]) -> None:
    stats = analyse([Attempt({f"q{j}": m for j, m in enumerate(r)}) for r in table], {})
    for item in stats.items:
        assert item.facility is not None
        assert 0.0 <= item.facility <= 1.0
        r = item.discrimination
        assert r is None or -1.0 - 1e-9 <= r <= 1.0 + 1e-9
        # Below -1 is possible: the most negative covariance may outweigh the largest.
        assert item.efficiency is None or item.efficiency <= 1.0 + 1e-9
    if stats.alpha is not None:
        assert stats.alpha <= 1.0 + 1e-9
