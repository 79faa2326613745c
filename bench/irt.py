"""Item response theory in `make bench`: choosing the next adaptive item, and calibrating."""

from __future__ import annotations

import math
import random
import statistics
import time

from bench.figures import Figure
from trainer.engine import adaptive, irt

NEXT_ITEM_TARGET = 0.005
CALIBRATION_TARGET = 30.0


def _under(name: str, value: float, baseline: float, target: float, against: str) -> Figure:
    """A time held to an absolute target, beside a baseline from the same run."""
    return Figure(
        name=f"{name} (target < {target:g} s) vs {against}",
        value=round(value, 6),
        unit="s",
        baseline=round(baseline, 6),
        ratio=round(value / baseline, 3),
        target_ratio=None,
        ok=value < target,
    )


def _items(count: int, seed: int) -> list[tuple[irt.Parameters, int]]:
    """Items with parameters drawn from the priors, and their authored difficulty."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        difficulty = rng.randint(1, 5)
        a = math.exp(rng.gauss(math.log(irt.PRIORS.a_median), irt.PRIORS.a_log_sd))
        b = rng.gauss(irt.PRIORS.b_mean(difficulty), irt.PRIORS.b_sd)
        c = rng.choice((0.0, 0.2, 0.25, 0.5))
        out.append((irt.Parameters(f"q{k:04d}", a, b, c), difficulty))
    return out


def bench_next_item(rounds: int = 200) -> Figure:
    """The next item of a 300-item pool in six topics after 25 answers, derived from scratch
    as a resumed exam is, against working out every item's information once."""
    items = [item for item, _ in _items(300, seed=1)]
    pool = adaptive.pool(adaptive.Entry(item, f"t{k % 6}") for k, item in enumerate(items))
    design = adaptive.Design(
        pool,
        adaptive.Stopping(max_items=60, se=None),
        adaptive.quotas({f"t{k}": 1 + k % 3 for k in range(6)}),
    )
    rng = random.Random(2)
    answered: list[tuple[str, float]] = []
    while len(answered) < 25:
        chosen = adaptive.progress(design, answered, seed=3).next
        assert chosen is not None
        answered.append((chosen, float(rng.random() < 0.6)))
    times, bare = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        adaptive.progress(design, answered, seed=3)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for item in items:
            irt.information(item, 0.3)
        bare.append(time.perf_counter() - start)
    return _under(
        "adaptive: next item of a 300-item pool after 25 answers",
        statistics.median(times),
        statistics.median(bare),
        NEXT_ITEM_TARGET,
        "the information of all 300 items",
    )


def bench_calibration() -> Figure:
    """Calibrating 1,000 items from 100,000 answers (1,000 profiles of 100 answers each, every
    item answered 100 times), against reading the answers into first attempts."""
    drawn = _items(1_000, seed=4)
    specs = [irt.Spec(item.id, difficulty, item.c) for item, difficulty in drawn]
    rng = random.Random(5)
    answers: list[irt.Response] = []
    order = [item for item, _ in drawn]
    for round_ in range(100):
        rng.shuffle(order)
        for first in range(0, len(order), 100):
            theta = rng.gauss(0.0, 1.0)
            profile = f"p{round_}-{first}"
            for item in order[first : first + 100]:
                right = rng.random() < irt.probability(item, theta)
                answers.append(irt.Response(profile, item.id, float(right), len(answers)))
    known = {s.id: s for s in specs}
    start = time.perf_counter()
    irt.first_attempts(answers, known)
    reading = time.perf_counter() - start
    start = time.perf_counter()
    found = irt.calibrate(answers, specs)
    seconds = time.perf_counter() - start
    if not found.converged:
        raise RuntimeError("the calibration bench did not converge")
    return _under(
        "calibrate 1,000 items from 100,000 answers",
        seconds,
        reading,
        CALIBRATION_TARGET,
        "reading them into first attempts",
    )


def bench_irt() -> list[Figure]:
    return [bench_next_item(), bench_calibration()]
