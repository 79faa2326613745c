"""`python -m bench.irt_simulation`: the adaptive exam and calibration put to the test, as a table.

The bank: 300 items in six topics, their types and authored difficulties in the shipped banks'
proportions (two thirds single choice, mostly of five options; c = 1 / options, 1/2 for
true/false, 0 for the rest), and true parameters drawn from the priors the trainer assumes of an
item before it has answers: b normal about its difficulty's centre with SD 1, a lognormal with
median 1.7. The blueprint's fixed form is 100 questions drawn from it by topic (25, 20, 20, 15,
10, 10), with a 70 % pass mark; the cut on ability is where the form's expected score is 70 %.

Each simulee's ability is standard normal, and their answer to every item of the bank is drawn
once, so a simulee answers an item the same way whichever test asks it (a "post-hoc" design:
the fixed form, the whole bank and the adaptive tests all read one set of answers). The adaptive
tests, all at most 50 questions (half the form) with the form's topic shares as quotas:
- precision: stop at SE <= 0.30 (from 10 questions);
- pass/fail: stop when the 95 % interval is clear of the cut (NCLEX's rule, from 10 questions);
- both rules, as a blueprint with `adaptive: {se: 0.30}` and a pass mark runs.
Exposure is held by randomesque top-5 selection and Sympson-Hetter parameters worked out for each
test on 1,000 other simulees (target 20 %, under the 25 % claim for sampling's sake).

Calibration: each item answered by 200 simulees, each of whom answers 60 items (a sparse design,
as candidates answer parts of the banks), fitted by the trainer (MAP) on the bank as it is and on
its 2PL twin (every c = 0, the same a and b). On the twin, where `girth` fits the same model, the
trainer without its priors is set beside `girth`'s marginal maximum likelihood on the same
answers (girth's 3PL estimates c; it has no fixed floor, so the fixed-c bank has no twin fit).
The twin is calibrated again from 600 answers an item, without a claim, to show the errors
shrinking with data.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import statistics
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import msgspec

from bench.coach_simulation import Row, table
from trainer.engine import adaptive, irt

BANK_ITEMS = 300
TOPICS = {"t1": 25, "t2": 20, "t3": 20, "t4": 15, "t5": 10, "t6": 10}
"""The fixed form's questions per topic; the bank has three items for each."""
DIFFICULTIES = (73, 160, 182, 127, 57)
"""The shipped banks' questions of difficulty 1 to 5."""
FLOORS = {0.2: 282, 0.25: 106, 1 / 3: 20, 0.5: 39, 0.0: 152}
"""The shipped banks' questions by guessing floor: single choice of 5, 4 and 3 options, true or
false, and every other type."""
PASS_MARK = 70.0
MAX_ITEMS = 50
MIN_ITEMS = 10
SE_TARGET = 0.30
TOP_K = 5
EXPOSURE_TARGET = 0.20
EXPOSURE_SIMULEES = 1_000
EXPOSURE_ROUNDS = 12
ANSWERS_PER_ITEM = 200
MORE_ANSWERS = 600
"""A second calibration of the twin, shown without a claim: how the errors shrink with data."""
ITEMS_PER_PROFILE = 60


@dataclass(frozen=True, slots=True)
class Bank:
    entries: tuple[adaptive.Entry, ...]
    specs: tuple[irt.Spec, ...]
    form: tuple[irt.Parameters, ...]


def bank(seed: int, items: int = BANK_ITEMS) -> Bank:
    """The bank's items with their true parameters, and the fixed form drawn from it."""
    rng = random.Random(f"{seed}:bank")
    floors, weights = list(FLOORS), list(FLOORS.values())
    entries: list[adaptive.Entry] = []
    specs: list[irt.Spec] = []
    for topic, questions in TOPICS.items():
        for _ in range(items * questions // sum(TOPICS.values())):
            item_id = f"q{len(entries):03d}"
            c = rng.choices(floors, weights)[0]
            difficulty = rng.choices(range(1, 6), DIFFICULTIES)[0]
            b = rng.gauss(irt.PRIORS.b_mean(difficulty), irt.PRIORS.b_sd)
            a = math.exp(rng.gauss(math.log(irt.PRIORS.a_median), irt.PRIORS.a_log_sd))
            entries.append(adaptive.Entry(irt.Parameters(item_id, a, b, c), topic))
            specs.append(irt.Spec(item_id, difficulty, c))
    form: list[irt.Parameters] = []
    for topic, questions in TOPICS.items():
        pool = [e.item for e in entries if e.topic == topic]
        form += rng.sample(pool, questions)
    return Bank(tuple(entries), tuple(specs), tuple(form))


def designs(
    found: Bank, exposure: Mapping[str, Mapping[str, float]] | None = None
) -> dict[str, adaptive.Design]:
    """The three adaptive tests of the module's text, each with its exposure parameters."""
    cut = adaptive.scale(found.form).theta(PASS_MARK)
    pool = adaptive.pool(found.entries)
    quotas = adaptive.quotas(TOPICS)

    rules = {"precision": (SE_TARGET, None), "pass/fail": (None, cut), "both": (SE_TARGET, cut)}
    return {
        name: adaptive.Design(
            pool,
            adaptive.Stopping(MAX_ITEMS, MIN_ITEMS, se, rule),
            quotas,
            TOP_K,
            dict((exposure or {}).get(name, {})),
        )
        for name, (se, rule) in rules.items()
    }


def _exposure(job: tuple[int, str, int]) -> dict[str, float]:
    seed, name, simulees = job
    return adaptive.exposure_parameters(
        designs(bank(seed))[name],
        simulees=simulees,
        seed=seed,
        target=EXPOSURE_TARGET,
        rounds=EXPOSURE_ROUNDS,
    )


def exposure(
    seed: int, workers: int, simulees: int = EXPOSURE_SIMULEES
) -> dict[str, dict[str, float]]:
    """Sympson-Hetter parameters for each adaptive test, from simulees of their own."""
    names = list(designs(bank(seed)))
    jobs = [(seed, name, simulees) for name in names]
    if workers <= 1:
        return {name: _exposure(job) for name, job in zip(names, jobs, strict=True)}
    with multiprocessing.get_context("spawn").Pool(min(workers, len(jobs))) as pool:
        return dict(zip(names, pool.map(_exposure, jobs, chunksize=1), strict=True))


@dataclass(frozen=True, slots=True)
class Sitting:
    theta: float
    estimate: float
    se: float
    items: int
    stop: str
    worst_quota: float
    """The largest gap between a topic's count and its share of the questions served."""
    served: tuple[str, ...]
    passed: bool | None


@dataclass(frozen=True, slots=True)
class Simulee:
    theta: float
    form_passed: bool
    bank_passed: bool
    sittings: dict[str, Sitting]


def simulee(
    found: Bank, tests: Mapping[str, adaptive.Design], cuts: tuple[float, float], n: int, seed: int
) -> Simulee:
    """One simulee's answers to the whole bank, the fixed form's and the bank's verdicts, and
    each adaptive test they sit."""
    rng = random.Random(f"{seed}:candidate:{n}")
    theta = rng.gauss(0.0, 1.0)
    answers = {e.item.id: rng.random() < irt.probability(e.item, theta) for e in found.entries}
    form_percent = 100 * sum(answers[i.id] for i in found.form) / len(found.form)
    bank_percent = 100 * sum(answers.values()) / len(answers)
    sittings = {}
    for name, design in tests.items():
        done = adaptive.sit(design, lambda item: answers[item.id], seed=n)
        shares = {q.topic: q.share for q in design.quotas}
        served = len(done.served)
        worst = max(abs(count - shares[topic] * served) for topic, count in done.counts)
        sittings[name] = Sitting(
            theta,
            done.estimate.theta,
            done.estimate.se,
            served,
            done.stop or "",
            worst,
            done.served,
            done.passed,
        )
    return Simulee(theta, form_percent >= cuts[0], bank_percent >= cuts[1], sittings)


def _chunk(job: tuple[int, Mapping[str, Mapping[str, float]], range]) -> list[Simulee]:
    seed, chances, ns = job
    found = bank(seed)
    tests = designs(found, chances)
    cut = tests["pass/fail"].stopping.cut
    assert cut is not None
    cuts = (PASS_MARK, adaptive.scale(e.item for e in found.entries).percent(cut))
    return [simulee(found, tests, cuts, n, seed) for n in ns]


def simulees(
    count: int, seed: int, chances: Mapping[str, Mapping[str, float]], workers: int
) -> list[Simulee]:
    """`count` simulees, the same whatever the number of worker processes."""
    parts = max(1, min(workers, count))
    jobs = [(seed, chances, range(k, count, parts)) for k in range(parts)]
    if parts == 1:
        done = [_chunk(jobs[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(parts) as pool:
            done = pool.map(_chunk, jobs, chunksize=1)
    return sorted((s for part in done for s in part), key=lambda s: s.theta)


@dataclass(frozen=True, slots=True)
class Adaptive:
    """One adaptive test's figures over every simulee."""

    name: str
    simulees: int
    median_items: float
    mean_items: float
    reached_se: float
    """The share of simulees whose test reached SE <= 0.30."""
    rmse: float
    agreement_form: float
    agreement_bank: float
    accuracy: float
    """Its verdicts against the simulees' true side of the cut."""
    max_exposure: float
    worst_quota: float
    stops: dict[str, int]


def figures(name: str, found: Sequence[Simulee], cut: float) -> Adaptive:
    sittings = [s.sittings[name] for s in found]
    served: dict[str, int] = {}
    for sitting in sittings:
        for item in sitting.served:
            served[item] = served.get(item, 0) + 1
    stops: dict[str, int] = {}
    for sitting in sittings:
        stops[sitting.stop] = stops.get(sitting.stop, 0) + 1
    verdicts = [x.estimate >= cut for x in sittings]
    return Adaptive(
        name=name,
        simulees=len(found),
        median_items=statistics.median(x.items for x in sittings),
        mean_items=statistics.fmean(x.items for x in sittings),
        reached_se=statistics.fmean(x.se <= SE_TARGET for x in sittings),
        rmse=math.sqrt(statistics.fmean((x.estimate - x.theta) ** 2 for x in sittings)),
        agreement_form=_share(v == s.form_passed for v, s in zip(verdicts, found, strict=True)),
        agreement_bank=_share(v == s.bank_passed for v, s in zip(verdicts, found, strict=True)),
        accuracy=_share(v == (s.theta >= cut) for v, s in zip(verdicts, found, strict=True)),
        max_exposure=max(served.values()) / len(found),
        worst_quota=max(x.worst_quota for x in sittings),
        stops=dict(sorted(stops.items())),
    )


def _share(values: Iterable[bool]) -> float:
    flags = list(values)
    return sum(flags) / len(flags) if flags else math.nan


@dataclass(frozen=True, slots=True)
class Recovery:
    """A calibration's errors against the true parameters (RMSE), over the fitted items."""

    name: str
    items: int
    answers: int
    rmse_b: float
    rmse_a: float
    median_b: float
    """The median absolute error of b: the RMSE is the extremes' (an item far from every
    candidate is told apart by few answers)."""
    iterations: int
    seconds: float
    claimed: bool = True
    """Whether the issue's targets are held against it (200 answers an item)."""


def answers(
    found: Bank, twin: bool, seed: int, per_item: int = ANSWERS_PER_ITEM
) -> list[irt.Response]:
    """Every item answered by `per_item` simulees, each of whom answers `ITEMS_PER_PROFILE`:
    the bank shuffled `per_item` times and cut into profiles, so no profile sees an item twice."""
    rng = random.Random(f"{seed}:calibration")
    truth = [_twin(e.item) if twin else e.item for e in found.entries]
    out: list[irt.Response] = []
    profile = 0
    for _ in range(per_item):
        order = list(truth)
        rng.shuffle(order)
        for start in range(0, len(order), ITEMS_PER_PROFILE):
            theta = rng.gauss(0.0, 1.0)
            for item in order[start : start + ITEMS_PER_PROFILE]:
                right = rng.random() < irt.probability(item, theta)
                out.append(irt.Response(f"p{profile}", item.id, float(right), len(out)))
            profile += 1
    return out


def _twin(item: irt.Parameters) -> irt.Parameters:
    return msgspec.structs.replace(item, c=0.0)


def _rmse(pairs: Sequence[tuple[float, float]]) -> float:
    return math.sqrt(statistics.fmean((x - y) ** 2 for x, y in pairs)) if pairs else math.nan


def recovery(
    name: str,
    found: Bank,
    responses: Sequence[irt.Response],
    twin: bool,
    settings: irt.Settings = irt.DEFAULTS,
    *,
    claimed: bool = True,
) -> tuple[Recovery, irt.Calibration]:
    specs = [msgspec.structs.replace(s, c=0.0) if twin else s for s in found.specs]
    began = time.perf_counter()
    fitted = irt.calibrate(responses, specs, settings)
    seconds = time.perf_counter() - began
    truth = {e.item.id: e.item for e in found.entries}
    fits = [f for f in fitted.items if not f.prior]
    return (
        Recovery(
            name,
            len(fits),
            fitted.answers,
            _rmse([(f.b, truth[f.id].b) for f in fits]),
            _rmse([(f.a, truth[f.id].a) for f in fits]),
            statistics.median(abs(f.b - truth[f.id].b) for f in fits),
            fitted.iterations,
            seconds,
            claimed=claimed,
        ),
        fitted,
    )


@dataclass(frozen=True, slots=True)
class Crosscheck:
    """The trainer without priors beside girth on the 2PL twin's answers, over the items both
    can fit (answered neither all right nor all wrong)."""

    items: int
    ours_b: float
    ours_a: float
    girth_b: float
    girth_a: float
    between_b: float
    between_a: float
    """The RMS difference between the two fits' estimates."""
    seconds: float


def crosscheck(found: Bank, responses: Sequence[irt.Response], ours: irt.Calibration) -> Crosscheck:
    """girth's 2PL marginal maximum likelihood (its defaults, up to 100 iterations) on the same
    answers as `ours`, missing answers marked as girth marks them."""
    import numpy as np
    from girth import twopl_mml
    from girth.utilities import INVALID_RESPONSE

    ids = [e.item.id for e in found.entries]
    row = {item: k for k, item in enumerate(ids)}
    profiles = sorted({r.profile for r in responses})
    column = {p: k for k, p in enumerate(profiles)}
    data = np.full((len(ids), len(profiles)), INVALID_RESPONSE, dtype=int)
    for r in responses:
        data[row[r.item], column[r.profile]] = int(r.score)
    began = time.perf_counter()
    fitted = twopl_mml(data, {"max_iteration": 100})
    seconds = time.perf_counter() - began
    girth_a = [float(x) for x in fitted["Discrimination"]]
    girth_b = [float(x) for x in np.ravel(fitted["Difficulty"])]
    truth = {e.item.id: e.item for e in found.entries}
    mine = {f.id: f for f in ours.items}
    shares: dict[str, list[float]] = {item: [] for item in ids}
    for r in responses:
        shares[r.item].append(r.score)
    both = [k for k, item in enumerate(ids) if 0 < statistics.fmean(shares[item]) < 1]
    return Crosscheck(
        items=len(both),
        ours_b=_rmse([(mine[ids[k]].b, truth[ids[k]].b) for k in both]),
        ours_a=_rmse([(mine[ids[k]].a, truth[ids[k]].a) for k in both]),
        girth_b=_rmse([(girth_b[k], truth[ids[k]].b) for k in both]),
        girth_a=_rmse([(girth_a[k], truth[ids[k]].a) for k in both]),
        between_b=_rmse([(mine[ids[k]].b, girth_b[k]) for k in both]),
        between_a=_rmse([(mine[ids[k]].a, girth_a[k]) for k in both]),
        seconds=seconds,
    )


def adaptive_rows(
    runs: Mapping[str, Adaptive], cut: float, form_accuracy: float, held: Mapping[str, int]
) -> list[Row]:
    precision, verdict, both = runs["precision"], runs["pass/fail"], runs["both"]
    pass_rate = 1 - statistics.NormalDist().cdf(cut)
    rows = [
        Row(
            f"adaptive: {precision.simulees:,} simulees, {BANK_ITEMS}-item bank, at most"
            f" {MAX_ITEMS} questions; cut {cut:+.2f} ({pass_rate:.0%} truly pass)",
            "",
        ),
        Row(
            "precision: median questions to SE <= 0.30",
            f"{precision.median_items:g}",
            "<= 25",
            precision.median_items <= 25,
        ),
        Row(
            f"  mean questions; tests that reached it ({precision.stops})",
            f"{precision.mean_items:.1f}; {precision.reached_se:.1%}",
        ),
        Row("precision: RMSE(theta)", f"{precision.rmse:.3f}", "<= 0.30", precision.rmse <= 0.30),
        Row(
            f"pass/fail: verdicts agreeing with the {sum(TOPICS.values())}-question fixed form",
            f"{verdict.agreement_form:.1%}",
            ">= 95%",
            verdict.agreement_form >= 0.95,
        ),
        Row(
            f"  its questions, mean (median) of the form's {sum(TOPICS.values())}",
            f"{verdict.mean_items:.1f} ({verdict.median_items:g})",
            "<= 50",
            verdict.mean_items <= 0.5 * sum(TOPICS.values()),
        ),
        Row(
            "  the adaptive verdict against the true side of the cut",
            f"{verdict.accuracy:.1%}",
        ),
        Row(
            "  the fixed form's verdict against the true side of the cut",
            f"{form_accuracy:.1%}",
        ),
        Row(
            f"  verdicts agreeing with all {BANK_ITEMS} items taken as a fixed form",
            f"{verdict.agreement_bank:.1%}",
        ),
        Row(f"  how its tests stopped: {verdict.stops}", ""),
        Row(
            "both rules: agreeing with the fixed form; mean questions",
            f"{both.agreement_form:.1%}; {both.mean_items:.1f}",
        ),
        Row(
            "items held back by exposure control (precision, pass/fail, both)",
            ", ".join(str(held[n]) for n in ("precision", "pass/fail", "both")),
        ),
        Row(
            "most simulees any item was served to (precision, pass/fail, both)",
            f"{precision.max_exposure:.1%}, {verdict.max_exposure:.1%}, {both.max_exposure:.1%}",
            "<= 25%",
            max(r.max_exposure for r in (precision, verdict, both)) <= 0.25,
        ),
        Row(
            "largest gap between a topic's count and its quota, any test",
            f"{max(r.worst_quota for r in (precision, verdict, both)):.2f}",
            "<= 1",
            max(r.worst_quota for r in (precision, verdict, both)) <= 1.0,
        ),
    ]
    return rows


def recovery_rows(found: Sequence[Recovery], check: Crosscheck | None) -> list[Row]:
    rows = []
    for r in found:
        rows.append(
            Row(
                f"calibration, {r.name}: {r.items} items, {r.answers:,} answers,"
                f" {r.iterations} EM steps, {r.seconds:.1f} s",
                "",
            )
        )
        claim = r.claimed
        rows += [
            Row(
                "  RMSE(b); median absolute error of b",
                f"{r.rmse_b:.3f}; {r.median_b:.3f}",
                "<= 0.20" if claim else "",
                r.rmse_b <= 0.20 if claim else None,
            ),
            Row(
                "  RMSE(a); the same on the normal-ogive metric (a / 1.7)",
                f"{r.rmse_a:.3f}; {r.rmse_a / 1.7:.3f}",
                "<= 0.25" if claim else "",
                r.rmse_a <= 0.25 if claim else None,
            ),
        ]
    if check is not None:
        rows += [
            Row(
                f"against girth, the 2PL twin without priors: {check.items} items,"
                f" girth {check.seconds:.0f} s",
                "",
            ),
            Row(
                "  RMSE(b): ours, girth",
                f"{check.ours_b:.3f}, {check.girth_b:.3f}",
                "+-0.05",
                abs(check.ours_b - check.girth_b) <= 0.05,
            ),
            Row(
                "  RMSE(a): ours, girth",
                f"{check.ours_a:.3f}, {check.girth_a:.3f}",
                "+-0.05",
                abs(check.ours_a - check.girth_a) <= 0.05,
            ),
            Row(
                "  RMS difference of the two fits: b, a",
                f"{check.between_b:.3f}, {check.between_a:.3f}",
            ),
        ]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.irt_simulation", description=__doc__)
    parser.add_argument("--simulees", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-girth", action="store_true", help="leave out the girth cross-check")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    found = bank(args.seed)
    chances = exposure(args.seed, args.workers)
    tests = designs(found, chances)
    cut = tests["pass/fail"].stopping.cut
    assert cut is not None
    sat = simulees(args.simulees, args.seed, chances, args.workers)
    runs = {name: figures(name, sat, cut) for name in tests}
    form_accuracy = _share(s.form_passed == (s.theta >= cut) for s in sat)
    held = {name: sum(1 for v in c.values() if v < 1) for name, c in chances.items()}
    rows = adaptive_rows(runs, cut, form_accuracy, held)

    plain = answers(found, twin=False, seed=args.seed)
    twin = answers(found, twin=True, seed=args.seed)
    more = answers(found, twin=True, seed=args.seed, per_item=MORE_ANSWERS)
    flat, fitted = recovery(
        "its 2PL twin, no priors", found, twin, True, irt.Settings(regularised=False)
    )
    fits = [
        recovery("the bank (c fixed), MAP", found, plain, twin=False)[0],
        recovery("its 2PL twin, MAP", found, twin, twin=True)[0],
        flat,
        recovery(
            f"its 2PL twin, MAP, {MORE_ANSWERS} answers an item", found, more, True, claimed=False
        )[0],
    ]
    check = None if args.no_girth else crosscheck(found, twin, fitted)
    rows += recovery_rows(fits, check)
    print(table(rows))
    print(f"seed {args.seed}, {args.workers} workers, {time.perf_counter() - began:.0f} s")
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
