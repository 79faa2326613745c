"""Item response theory and the adaptive exam (trainer.engine.irt, trainer.engine.adaptive), and a
small seeded run of `python -m bench.irt_simulation`.

The simulation's claims are held here with room for the smaller samples: 200 simulees against
2,000 (a standard error of RMSE(theta) near 0.015 rather than 0.005; of an item's exposure near
0.03), and a 120-item bank for calibration. Quotas, determinism and the girth cross-check on the
same answers do not depend on the sample, so they are held as stated.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Sequence

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import irt_simulation as simulation
from trainer.content.models import Numeric, Single, TrueFalse
from trainer.engine import adaptive, irt
from trainer.engine.adaptive import Design, Entry, Stopping
from trainer.engine.irt import Fit, Parameters, Response, Spec

# The item model.


def test_the_chance_at_b_is_halfway_from_the_floor_and_rises_with_ability() -> None:
    item = Parameters("q", a=1.5, b=0.4, c=0.25)
    assert irt.probability(item, 0.4) == pytest.approx(0.625)
    assert irt.probability(item, -8.0) == pytest.approx(0.25, abs=1e-4)
    assert irt.probability(item, 8.0) == pytest.approx(1.0, abs=1e-4)
    chances = [irt.probability(item, t / 10) for t in range(-40, 41)]
    assert chances == sorted(chances)


@pytest.mark.parametrize("c", [0.0, 0.2, 0.5])
@pytest.mark.parametrize("theta", [-3.0, -0.5, 0.0, 1.2, 3.5])
def test_information_is_the_bernoulli_fisher_information_of_the_curve(
    c: float, theta: float
) -> None:
    """I = P'(theta)^2 / (P (1 - P)), with P' taken by central difference."""
    item = Parameters("q", a=1.8, b=0.3, c=c)
    h = 1e-5
    slope = (irt.probability(item, theta + h) - irt.probability(item, theta - h)) / (2 * h)
    p = irt.probability(item, theta)
    assert irt.information(item, theta) == pytest.approx(slope**2 / (p * (1 - p)), rel=1e-6)


@given(
    a=st.floats(0.2, 5.0),
    b=st.floats(-6.0, 6.0),
    c=st.floats(0.0, 0.5),
    theta=st.floats(-8.0, 8.0),
)
def test_information_is_positive_and_finite(a: float, b: float, c: float, theta: float) -> None:
    found = irt.information(Parameters("q", a, b, c), theta)
    assert 0 < found < math.inf


def test_the_guessing_floor_is_one_over_the_options_for_choice_items_only() -> None:
    common = {"prompt": "?", "explanation": "!", "difficulty": 2}
    four = Single(id="s", options=("a", "b", "c", "d"), answer="A", **common)  # type: ignore[arg-type]
    assert irt.guessing(four) == 0.25
    assert irt.guessing(TrueFalse(id="t", answer=True, **common)) == 0.5  # type: ignore[arg-type]
    assert irt.guessing(Numeric(id="n", answer=3.0, **common)) == 0.0  # type: ignore[arg-type]
    assert irt.spec(four) == Spec("s", 2, 0.25)


def test_authored_difficulty_centres_b_and_a_starts_at_the_prior_median() -> None:
    priors = irt.PRIORS
    assert [priors.b_mean(d) for d in range(1, 6)] == [-2.0, -1.0, 0.0, 1.0, 2.0]
    assert priors.start(Spec("q", 4, 0.2)) == Parameters("q", priors.a_median, 1.0, 0.2)


# Calibration.


def _simulated(
    items: Sequence[Parameters], profiles: int, per_profile: int, seed: int
) -> list[Response]:
    """Each profile of standard normal ability answers `per_profile` of the items at random."""
    rng = random.Random(seed)
    out: list[Response] = []
    for p in range(profiles):
        theta = rng.gauss(0, 1)
        for item in rng.sample(list(items), per_profile):
            right = rng.random() < irt.probability(item, theta)
            out.append(Response(f"p{p}", item.id, float(right), len(out)))
    return out


def _bank(count: int, seed: int, c: float = 0.0) -> tuple[list[Parameters], list[Spec]]:
    rng = random.Random(seed)
    items, specs = [], []
    for k in range(count):
        difficulty = rng.randint(2, 4)
        b = rng.gauss(irt.PRIORS.b_mean(difficulty), 0.7)
        a = math.exp(rng.gauss(math.log(1.5), 0.25))
        items.append(Parameters(f"q{k:02d}", a, b, c))
        specs.append(Spec(f"q{k:02d}", difficulty, c))
    return items, specs


def test_only_each_profiles_first_attempt_counts_and_only_full_credit_is_right() -> None:
    specs = {"q1": Spec("q1", 3), "q2": Spec("q2", 3)}
    answers = [
        Response("ann", "q1", 0.0, seq=5),
        Response("ann", "q1", 1.0, seq=2),
        Response("ann", "q2", 0.5, seq=3),
        Response("bob", "q1", 1.0, seq=9),
        Response("bob", "gone", 1.0, seq=1),
    ]
    assert irt.first_attempts(answers, specs) == {
        "ann": {"q1": True, "q2": False},
        "bob": {"q1": True},
    }


def test_items_with_too_few_answers_keep_their_prior() -> None:
    items, specs = _bank(12, seed=1)
    answers = _simulated(items, profiles=60, per_profile=6, seed=2)
    found = irt.calibrate(answers, specs)
    counts = {f.id: f.answers for f in found.items}
    assert sum(counts.values()) == len(answers)
    for fit, spec in zip(found.items, specs, strict=True):
        assert fit.prior == (fit.answers < irt.MIN_ANSWERS)
        if fit.prior:
            assert (fit.b, fit.a, fit.se_b) == (
                irt.PRIORS.b_mean(spec.difficulty),
                irt.PRIORS.a_median,
                irt.PRIORS.b_sd,
            )
    assert any(f.prior for f in found.items)
    assert not all(f.prior for f in found.items)


def test_calibration_recovers_known_parameters_and_is_deterministic() -> None:
    items, specs = _bank(20, seed=3)
    answers = _simulated(items, profiles=600, per_profile=10, seed=4)
    found = irt.calibrate(answers, specs)
    assert found.converged
    assert found.profiles == 600
    assert found.answers == 6_000
    truth = {i.id: i for i in items}
    assert statistics.fmean((f.b - truth[f.id].b) ** 2 for f in found.items) ** 0.5 < 0.3
    assert statistics.fmean((f.a - truth[f.id].a) ** 2 for f in found.items) ** 0.5 < 0.45
    shuffled = list(reversed(answers))
    assert irt.calibrate(shuffled, specs) == found


def _marginal_log_likelihood(
    answers: Sequence[Response], items: dict[str, Parameters], points: int = 41
) -> float:
    """The data's log-likelihood under a standard normal ability, on the fit's grid, worked out
    here from the definition."""
    grid = [-4 + 8 * q / (points - 1) for q in range(points)]
    weights = [math.exp(-t * t / 2) for t in grid]
    weights = [w / sum(weights) for w in weights]
    by_profile: dict[str, list[Response]] = {}
    for r in answers:
        by_profile.setdefault(r.profile, []).append(r)
    total = 0.0
    for rows in by_profile.values():
        mass = 0.0
        for t, w in zip(grid, weights, strict=True):
            like = w
            for r in rows:
                p = irt.probability(items[r.item], t)
                like *= p if r.score == 1.0 else 1 - p
            mass += like
        total += math.log(mass)
    return total


def test_standard_errors_are_the_observed_information_of_the_marginal_likelihood() -> None:
    """Without priors, each item's SEs are those of the Hessian of the marginal log-likelihood
    in (log a, b), taken numerically with the other items held at their fit."""
    items, specs = _bank(6, seed=5, c=0.2)
    answers = _simulated(items, profiles=400, per_profile=6, seed=6)
    found = irt.calibrate(answers, specs, irt.Settings(regularised=False, tolerance=1e-7))
    fitted = {f.id: f.parameters for f in found.items}
    fit = found.items[2]

    def log_likelihood(alpha: float, b: float) -> float:
        moved = dict(fitted)
        moved[fit.id] = Parameters(fit.id, math.exp(alpha), b, fit.c)
        return _marginal_log_likelihood(answers, moved)

    h = 1e-3
    x, y = math.log(fit.a), fit.b
    f0 = log_likelihood(x, y)
    h_aa = (log_likelihood(x + h, y) - 2 * f0 + log_likelihood(x - h, y)) / h**2
    h_bb = (log_likelihood(x, y + h) - 2 * f0 + log_likelihood(x, y - h)) / h**2
    h_ab = (
        log_likelihood(x + h, y + h)
        - log_likelihood(x + h, y - h)
        - log_likelihood(x - h, y + h)
        + log_likelihood(x - h, y - h)
    ) / (4 * h * h)
    det = h_aa * h_bb - h_ab * h_ab
    assert fit.se_b == pytest.approx(math.sqrt(-h_aa / det), rel=0.02)
    assert fit.se_a == pytest.approx(fit.a * math.sqrt(-h_bb / det), rel=0.02)
    assert found.log_likelihood == pytest.approx(f0, abs=1e-6)


def test_the_1pl_fits_b_alone_with_a_at_the_prior_median() -> None:
    items, specs = _bank(8, seed=7)
    answers = _simulated(items, profiles=300, per_profile=8, seed=8)
    found = irt.calibrate(answers, specs, irt.Settings(model="1pl"))
    assert {f.a for f in found.items} == {irt.PRIORS.a_median}
    assert {f.se_a for f in found.items} == {0.0}
    assert all(0 < f.se_b < 0.5 for f in found.items)


def test_no_answers_gives_every_item_its_prior() -> None:
    found = irt.calibrate([], [Spec("q", 5, 0.25)])
    prior = irt.PRIORS
    assert found.items[0] == Fit(
        "q", prior.a_median, 2.0, 0.25, prior.a_median * prior.a_log_sd, prior.b_sd, 0, True
    )
    assert (found.profiles, found.answers, found.converged) == (0, 0, True)


def test_items_are_reported_when_the_data_place_them_at_another_difficulty() -> None:
    specs = [Spec(s, d) for s, d in (("easy", 1), ("fine", 3), ("unsure", 3), ("hard", 5))]
    fits = [
        Fit("easy", 1.2, 1.1, 0.0, 0.2, 0.15, 200, False),
        Fit("fine", 1.2, 0.4, 0.0, 0.2, 0.15, 200, False),
        Fit("unsure", 1.2, -1.2, 0.0, 0.2, 0.5, 40, False),
        Fit("hard", 1.2, -0.5, 0.0, 0.2, 0.6, 0, True),
    ]
    (found,) = irt.disagreements(fits, specs)
    assert (found.id, found.authored, found.implied, found.direction) == ("easy", 1, 4, "harder")
    assert found.low == pytest.approx(1.1 - 1.96 * 0.15, abs=1e-3)
    assert irt.band(1) == (-math.inf, -1.5)
    assert irt.band(3) == (-0.5, 0.5)
    assert irt.band(5) == (1.5, math.inf)


# The adaptive exam.


def _pool(
    count: int = 60, topics: Sequence[str] = ("t1", "t2", "t3"), seed: int = 9
) -> adaptive.Pool:
    rng = random.Random(seed)
    return adaptive.pool(
        Entry(
            Parameters(f"i{k:03d}", rng.uniform(0.8, 2.5), rng.gauss(0, 1.2), rng.choice([0, 0.2])),
            topics[k % len(topics)],
        )
        for k in range(count)
    )


def _design(**stopping: float | None) -> Design:
    rules = {"max_items": 30, "min_items": 5, "se": None, "cut": None} | stopping
    return Design(
        _pool(),
        Stopping(**rules),  # type: ignore[arg-type]
        adaptive.quotas({"t1": 2, "t2": 1, "t3": 1}),
    )


def _sit(design: Design, answers: Sequence[bool], seed: int = 0) -> list[adaptive.Progress]:
    """Every step of a sitting answered in turn from `answers` (then wrong)."""
    answered: list[tuple[str, float]] = []
    steps = [adaptive.progress(design, answered, seed)]
    while (item := steps[-1].next) is not None:
        right = answers[len(answered)] if len(answered) < len(answers) else False
        answered.append((item, float(right)))
        steps.append(adaptive.progress(design, answered, seed))
    return steps


def test_with_no_answers_the_estimate_is_the_prior() -> None:
    found = adaptive.progress(_design(), [], seed=1)
    assert found.estimate.theta == pytest.approx(0.0, abs=1e-12)
    assert found.estimate.se == pytest.approx(1.0, abs=1e-3)
    assert found.next is not None
    assert found.stop is None


def test_eap_is_the_posterior_mean_of_one_answer() -> None:
    """One right answer to an item: the mean of prior x P over the grid, written out."""
    design = _design()
    item = design.pool.entries[0].item
    found = adaptive.estimate(design, [(item.id, 1.0)])
    weights = [math.exp(-t * t / 2) * irt.probability(item, t) for t in adaptive.GRID]
    mean = sum(w * t for w, t in zip(weights, adaptive.GRID, strict=True)) / sum(weights)
    assert found.theta == pytest.approx(mean)
    assert found.theta > 0


@given(st.lists(st.booleans(), min_size=1, max_size=12), st.data())
def test_in_the_1pl_eap_depends_on_the_number_right_and_rises_with_it(
    answers: list[bool], data: st.DataObject
) -> None:
    rng = random.Random(len(answers))
    items = [Parameters(f"r{k}", 1.3, rng.uniform(-2, 2)) for k in range(len(answers))]
    design = Design(adaptive.pool(Entry(i, "t") for i in items), Stopping(max_items=20))
    scored = [(i.id, float(a)) for i, a in zip(items, answers, strict=True)]
    shuffled = data.draw(st.permutations([a for _, a in scored]))
    same_count = [(i.id, s) for i, s in zip(items, shuffled, strict=True)]
    found = adaptive.estimate(design, scored)
    assert adaptive.estimate(design, same_count).theta == pytest.approx(found.theta, abs=1e-9)
    if not all(answers):
        k = answers.index(False)
        one_more = [*scored[:k], (items[k].id, 1.0), *scored[k + 1 :]]
        assert adaptive.estimate(design, one_more).theta > found.theta


def test_the_interval_clear_of_the_cut_stops_the_test_after_the_minimum() -> None:
    steps = _sit(_design(cut=-1.0), [True] * 30)
    last = steps[-1]
    assert last.stop == "clear"
    assert len(last.served) >= 5
    assert last.estimate.low > -1.0
    assert last.passed is True
    assert last.p_pass is not None
    assert last.p_pass > 0.97
    assert all(s.stop is None for s in steps[:-1])


def test_a_candidate_clearly_below_the_cut_fails_by_the_same_rule() -> None:
    last = _sit(_design(cut=1.0), [False] * 30)[-1]
    assert (last.stop, last.passed) == ("clear", False)
    assert last.estimate.high < 1.0


def test_the_standard_error_target_stops_the_test() -> None:
    steps = _sit(_design(se=0.45), [True, False] * 15)
    assert steps[-1].stop == "se"
    assert steps[-1].estimate.se <= 0.45
    assert steps[-2].estimate.se > 0.45 or len(steps[-2].served) < 5


def test_the_maximum_length_stops_the_test() -> None:
    last = _sit(_design(max_items=7), [True, False] * 15)[-1]
    assert (last.stop, len(last.served)) == ("max_items", 7)


def test_time_out_stops_the_test_and_decides_by_the_last_estimate() -> None:
    design = _design(cut=0.0)
    answered = [(s, 1.0) for s in _sit(design, [True] * 3)[3].served]
    found = adaptive.progress(design, answered, seed=0, timed_out=True)
    assert (found.stop, found.next, found.passed) == ("time", None, found.estimate.theta >= 0)
    assert found.passed


def test_an_exhausted_pool_stops_the_test() -> None:
    design = msgspec.structs.replace(_design(), pool=_pool(count=4))
    last = _sit(design, [True] * 10)[-1]
    assert (last.stop, len(last.served)) == ("pool", 4)


@given(
    st.lists(st.integers(1, 6), min_size=1, max_size=5),
    st.lists(st.booleans(), max_size=40),
    st.integers(0, 2**32),
)
def test_every_topic_stays_within_one_of_its_quota_after_every_item(
    counts: list[int], answers: list[bool], seed: int
) -> None:
    topics = [f"t{k}" for k in range(len(counts))]
    design = Design(
        _pool(count=60 * len(topics), topics=topics, seed=seed % 7),
        Stopping(max_items=40, se=None),
        adaptive.quotas(dict(zip(topics, counts, strict=True))),
    )
    shares = {q.topic: q.share for q in design.quotas}
    for step in _sit(design, answers, seed):
        n = len(step.served)
        for topic, count in step.counts:
            assert (
                math.floor(shares[topic] * n + 1e-9) <= count <= math.ceil(shares[topic] * n - 1e-9)
            )


def test_randomesque_serves_one_of_the_k_most_informative_and_sympson_hetter_holds_items_back() -> (
    None
):
    design = Design(_pool(), Stopping(max_items=30), top_k=5)
    first = {adaptive.progress(design, [], seed).next for seed in range(200)}
    items = [e.item for e in design.pool.entries]
    best = sorted(items, key=lambda i: -irt.information(i, 0.0))[:5]
    assert first == {i.id for i in best}
    alone = msgspec.structs.replace(design, top_k=1)
    assert {adaptive.progress(alone, [], seed).next for seed in range(20)} == {best[0].id}
    held = msgspec.structs.replace(alone, exposure={best[0].id: 0.0})
    assert {adaptive.progress(held, [], seed).next for seed in range(20)} == {best[1].id}


def test_exposure_parameters_hold_the_most_used_item_back() -> None:
    design = Design(_pool(count=30), Stopping(max_items=8, se=None), top_k=1)
    chances = adaptive.exposure_parameters(design, simulees=60, seed=3, target=0.3, rounds=3)
    assert min(chances.values()) < 1
    assert all(0 < v <= 1 for v in chances.values())


answer_lists = st.lists(
    st.tuples(
        st.one_of(st.sampled_from([f"i{k:03d}" for k in range(60)]), st.text(max_size=5)),
        st.one_of(st.floats(allow_nan=True), st.sampled_from([0.0, 0.5, 1.0])),
    ),
    max_size=40,
)


@given(answer_lists, st.integers(), st.booleans())
def test_no_sequence_of_answers_breaks_the_engine(
    answered: list[tuple[str, float]], seed: int, timed_out: bool
) -> None:
    design = _design(cut=0.3, se=0.3)
    found = adaptive.progress(design, answered, seed, timed_out=timed_out)
    assert -4 <= found.estimate.theta <= 4
    # Not <= 1 (the prior's SD): under a guessing floor the likelihood of one right answer is not
    # log-concave, and the posterior can be a little wider than the prior. The grid bounds it.
    assert 0 < found.estimate.se <= 4.0
    assert found.p_pass is not None
    assert 0 <= found.p_pass <= 1
    assert (found.next is None) == (found.stop is not None)
    if found.next is not None:
        assert found.next in design.pool.rows
        assert found.next not in found.served
    assert len(set(found.served)) == len(found.served)


@given(st.lists(st.booleans(), max_size=30), st.integers(0, 2**32))
def test_a_resumed_exam_serves_exactly_what_the_unbroken_one_did(
    answers: list[bool], seed: int
) -> None:
    """Each step is derived from the answers alone: from any prefix (a crash, then a resume)
    the next item and the estimate are those of the unbroken sitting, and so is every item."""
    design = _design(cut=0.2, se=0.35)
    steps = _sit(design, answers, seed)
    assert _sit(design, answers, seed) == steps
    final = steps[-1]
    for k, step in enumerate(steps[:-1]):
        prefix = [
            (item, float(answers[j] if j < len(answers) else False))
            for j, item in enumerate(final.served[:k])
        ]
        again = adaptive.progress(design, prefix, seed)
        assert again == step
        assert again.next == final.served[k]


def test_the_score_scale_is_the_forms_expected_percent_and_gives_the_cut() -> None:
    form = [Parameters("a", 1.0, -1.0, 0.25), Parameters("b", 2.0, 0.5, 0.0)]
    scale = adaptive.scale(form)
    assert scale.percent(0.0) == pytest.approx(
        50 * (irt.probability(form[0], 0) + irt.probability(form[1], 0))
    )
    cut = scale.theta(70.0)
    assert scale.percent(cut) == pytest.approx(70.0, abs=1e-9)
    assert scale.theta(5.0) == -6.0
    assert scale.theta(100.0) == 6.0
    found = adaptive.Estimate(cut, 0.3, 20)
    score = adaptive.score(found, scale)
    assert score.percent == pytest.approx(70.0)
    assert score.low < score.percent < score.high


# The simulation, small.


@pytest.fixture(scope="module")
def sittings() -> tuple[simulation.Bank, list[simulation.Simulee], float, dict[str, int]]:
    """200 simulees through the adaptive tests, exposure held by parameters from 200 others."""
    seed = 31
    found = simulation.bank(seed)
    chances = {
        name: adaptive.exposure_parameters(
            design, simulees=200, seed=seed, target=simulation.EXPOSURE_TARGET, rounds=4
        )
        for name, design in simulation.designs(found).items()
        if name != "both"
    }
    sat = simulation.simulees(200, seed, chances, workers=1)
    cut = simulation.designs(found)["pass/fail"].stopping.cut
    assert cut is not None
    return found, sat, cut, {n: sum(v < 1 for v in c.values()) for n, c in chances.items()}


def test_the_precision_test_reaches_se_030_in_25_questions_with_rmse_under_030(
    sittings: tuple[simulation.Bank, list[simulation.Simulee], float, dict[str, int]],
) -> None:
    _, sat, cut, _ = sittings
    found = simulation.figures("precision", sat, cut)
    assert found.median_items <= 25
    assert found.reached_se >= 0.95
    assert found.rmse <= 0.33
    assert found.max_exposure <= 0.30
    assert found.worst_quota <= 1


def test_the_pass_fail_test_at_half_the_forms_length_is_as_right_as_the_form(
    sittings: tuple[simulation.Bank, list[simulation.Simulee], float, dict[str, int]],
) -> None:
    _, sat, cut, _ = sittings
    found = simulation.figures("pass/fail", sat, cut)
    form = statistics.fmean(s.form_passed == (s.theta >= cut) for s in sat)
    assert found.mean_items <= 50
    assert found.accuracy >= form - 0.03
    assert found.agreement_form >= 0.88
    assert found.worst_quota <= 1


def test_calibration_recovers_the_twin_bank_as_girth_does() -> None:
    """The 2PL twin of a 120-item bank, 200 answers an item: the trainer's MAP fit, and its fit
    without priors beside girth's on the same answers."""
    found = simulation.bank(11, items=120)
    twin = simulation.answers(found, twin=True, seed=11)
    fitted, _ = simulation.recovery("twin", found, twin, twin=True)
    assert fitted.rmse_b <= 0.45
    _, flat = simulation.recovery("flat", found, twin, True, irt.Settings(regularised=False))
    check = simulation.crosscheck(found, twin, flat)
    assert abs(check.ours_b - check.girth_b) <= 0.05
    assert abs(check.ours_a - check.girth_a) <= 0.05
    assert check.between_b <= 0.15
    assert check.between_a <= 0.15
