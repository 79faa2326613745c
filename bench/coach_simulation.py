"""`make simulate`: seeded simulated candidates put the coach's claims to the test, as a table.

Readiness: each candidate has a fixed true accuracy per topic and studies through the real
`Study` over a SQLite history on a manual clock, practising most days and sitting the shipped
full mock every 7 to 10 days; every mock's saved prediction is set against its score. Each answer
is right with the chance of its topic's true accuracy, drawn from the candidate's own generator:
nothing the predictor says reaches the answers. The planner: the default plan of a fresh
1,000-item deck beside the flat 0.97 schedule, with generous and with realistic minutes.
"""

from __future__ import annotations

import argparse
import functools
import math
import multiprocessing
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factory import sit
from trainer import config, startup
from trainer.content.catalog import Catalog, Item
from trainer.engine import planner
from trainer.engine.clock import ManualClock
from trainer.engine.readiness import layout
from trainer.store.sqlite import SqliteStore
from trainer.study import Study
from trainer.study.coaching import mock_minutes

BLUEPRINT = "cbp-officer-entrance"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAYS = 90
SKILL_RANGE = (0.45, 0.92)
MOCK_GAP = (7, 10)
PRACTICE_DAYS = 0.85
"""The share of days other than mock days with practice: one to three sessions of 8 to 12."""
SECONDS_PER_ANSWER = 40.0
FIRST_SCORED_MOCK = 4
"""The errors are taken over mocks from this one on (from 1), so each has three before it."""
FLAT = planner.Settings(start_retention=0.97, final_retention=0.97, exam_aware=False)
GENEROUS_MINUTES = 300
REALISTIC_MINUTES = (60, 45)
DECK_SEED = 7


@dataclass(frozen=True, slots=True)
class Mock:
    """A mock with a saved prediction: its place in the candidate's history, its score, the
    prediction, and the score the candidate's true accuracies make likeliest."""

    index: int
    score: float
    truth: float
    previous: tuple[float, ...]
    """The scores of the candidate's earlier mocks, oldest first."""
    median: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Run:
    """One candidate's mocks: how many were sat, and those with a prediction."""

    sat: int
    predicted: tuple[Mock, ...]


def scratch() -> Path | None:
    """Where the histories go: memory-backed where the machine has it, since the disk's syncs
    would take most of the run; else the usual temporary folder."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() else None


@functools.cache
def shipped_catalog() -> Catalog:
    """The shipped banks and blueprints, loaded once per process without a cache on disk."""
    where = config.Locations(config.trainer_home(), tuple(config.shipped_content()), ())
    return startup.load_content(where, ManualClock(START), use_cache=False).catalog


def true_accuracy(skill: dict[str, float], item: Item) -> float:
    """The chance the candidate answers `item` right: its topic's true accuracy."""
    return skill[f"{item.section}/{item.topic}"]


def practice_filters(catalog: Catalog) -> list[tuple[str, str | None]]:
    """Per section of the mock, what its practice draws from: the one topic its draws name,
    else the one question-bank section they all come from."""
    out: list[tuple[str, str | None]] = []
    for section in catalog.blueprints[BLUEPRINT].sections:
        named = {(d.section, d.topic) for d in section.draw}
        banks = {bank for bank, _ in named}
        if len(named) == 1:
            out.append(next(iter(named)))
        elif len(banks) == 1:
            out.append((next(iter(banks)), None))
    return out


def expected_score(catalog: Catalog, skill: dict[str, float]) -> float:
    """The mock's mean score, in percent, for a candidate of these true accuracies."""
    drawn = layout(catalog.blueprints[BLUEPRINT], catalog)
    groups = [g for _, _, section in drawn.sections for g in section]
    return 100 * sum(g.count * skill[g.topic] for g in groups) / sum(g.count for g in groups)


def candidate(seed: int) -> Run:
    """One candidate's `DAYS` days, drawn from `seed`, and what their mocks scored and were
    predicted to."""
    catalog = shipped_catalog()
    rng = random.Random(seed)
    skill = {
        t: rng.uniform(*SKILL_RANGE)
        for t in sorted({f"{i.section}/{i.topic}" for i in catalog.items})
    }
    filters = practice_filters(catalog)
    work = Path(tempfile.mkdtemp(prefix="trainer-simulate-", dir=scratch()))
    try:
        clock = ManualClock(START)
        store = SqliteStore(work / "history.sqlite3")
        study = Study(catalog, store, clock, random.Random(rng.getrandbits(32)))
        sessions: list[str] = []
        next_mock = rng.randint(*MOCK_GAP)
        for day in range(DAYS):
            if day == next_mock:
                live = study.start_exam(BLUEPRINT)
                sit(live, rng, functools.partial(true_accuracy, skill), SECONDS_PER_ANSWER)
                sessions.append(live.session_id)
                next_mock += rng.randint(*MOCK_GAP)
            elif rng.random() < PRACTICE_DAYS:
                for _ in range(rng.randint(1, 3)):
                    section, topic = rng.choice(filters)
                    live = study.start_practice(rng.randint(8, 12), section=section, topic=topic)
                    sit(live, rng, functools.partial(true_accuracy, skill), SECONDS_PER_ANSWER)
            clock.advance((START + timedelta(days=day + 1) - clock.now()).total_seconds())
        predicted = {p.session_id: p for p in store.predictions(study.profile_id)}
        truth = expected_score(catalog, skill)
        scores: list[float] = []
        mocks = []
        for index, session_id in enumerate(sessions, start=1):
            row = store.session(session_id)
            if row is None or row.score is None:
                raise RuntimeError(f"mock {session_id} was not scored")
            if (found := predicted.get(session_id)) is not None:
                mocks.append(
                    Mock(
                        index, row.score, truth, tuple(scores), found.median, found.low, found.high
                    )
                )
            scores.append(row.score)
        store.close()
        return Run(len(sessions), tuple(mocks))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def candidates(count: int, seed: int, workers: int) -> list[Run]:
    """`count` candidates, the same ones whatever the number of worker processes."""
    seeds = [seed * 1_000_003 + n for n in range(count)]
    if workers <= 1:
        return [candidate(s) for s in seeds]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return pool.map(candidate, seeds, chunksize=1)


@dataclass(frozen=True, slots=True)
class Calibration:
    """Readiness set against the mocks: the 80 % interval's coverage and the median's error,
    beside the mean of the candidate's earlier mock scores and their last one."""

    candidates: int
    sat: int
    predicted: int
    coverage: float
    coverage_later: float
    width: float
    later: int
    """Predicted mocks from the `FIRST_SCORED_MOCK`th on: the errors' sample."""
    error: float
    error_mean: float
    error_last: float
    gap_se: float
    """The standard error of the mean gap between our error and the mean baseline's."""
    truth_error: float
    truth_error_mean: float
    truth_error_last: float
    noise: float
    """The error of a perfect predictor: the mock's own chance, its score from its mean."""


def _mae(pairs: Sequence[tuple[float, float]]) -> float:
    return statistics.fmean(abs(a - b) for a, b in pairs) if pairs else math.nan


def _share(mocks: Sequence[Mock]) -> float:
    inside = sum(1 for m in mocks if m.low <= m.score <= m.high)
    return inside / len(mocks) if mocks else math.nan


def calibration(runs: Sequence[Run]) -> Calibration:
    """The figures of readiness over every candidate's predicted mocks."""
    mocks = [m for run in runs for m in run.predicted]
    later = [m for m in mocks if m.index >= FIRST_SCORED_MOCK]
    mean = [statistics.fmean(m.previous) for m in later]
    last = [m.previous[-1] for m in later]
    gaps = [abs(m.median - m.score) - abs(b - m.score) for m, b in zip(later, mean, strict=True)]
    return Calibration(
        candidates=len(runs),
        sat=sum(run.sat for run in runs),
        predicted=len(mocks),
        coverage=_share(mocks),
        coverage_later=_share(later),
        width=statistics.fmean(m.high - m.low for m in mocks) if mocks else math.nan,
        later=len(later),
        error=_mae([(m.median, m.score) for m in later]),
        error_mean=_mae([(b, m.score) for m, b in zip(later, mean, strict=True)]),
        error_last=_mae([(b, m.score) for m, b in zip(later, last, strict=True)]),
        gap_se=statistics.stdev(gaps) / math.sqrt(len(gaps)) if len(gaps) > 1 else math.nan,
        truth_error=_mae([(m.median, m.truth) for m in later]),
        truth_error_mean=_mae([(b, m.truth) for m, b in zip(later, mean, strict=True)]),
        truth_error_last=_mae([(b, m.truth) for m, b in zip(later, last, strict=True)]),
        noise=_mae([(m.score, m.truth) for m in later]),
    )


@dataclass(frozen=True, slots=True)
class Schedule:
    """One plan of the deck, in figures."""

    minutes: int
    reviews: int
    recall: float
    over_cap: int
    deferred: int
    not_reached: int
    peak_load: float
    """A study day's most minutes over their mean (mock days left out), drills and all."""
    peak_work: float
    """The same for the minutes of reviews and new items, drills left out."""
    peak_reviews: float


def deck(
    seed: int, items: int = 1_000, topics: int = 10
) -> tuple[list[planner.Scope], dict[str, float], dict[str, float]]:
    """`items` in `topics` equal topics, and each topic's mastery (0.5 to 0.9) and weight."""
    rng = random.Random(seed)
    names = [f"deck/t{n}" for n in range(topics)]
    scope = [planner.Scope(f"q{n:04d}", names[n % topics]) for n in range(items)]
    return scope, {t: rng.uniform(0.5, 0.9) for t in names}, {t: 1 / topics for t in names}


def _peak(values: Sequence[float]) -> float:
    mean = statistics.fmean(values) if values else 0.0
    return max(values) / mean if mean else math.nan


def schedule(minutes: int, settings: planner.Settings, seed: int = DECK_SEED) -> Schedule:
    """A fresh candidate's plan of the deck over `DAYS` days to the exam, with the full mock's
    days, in figures."""
    scope, mastery, weights = deck(seed)
    today = START.date()
    made = planner.plan(
        today=today,
        exam_date=today + timedelta(days=DAYS),
        minutes=minutes,
        scope=scope,
        cards={},
        mastery=mastery,
        weights=weights,
        mock=(BLUEPRINT, mock_minutes(shipped_catalog().blueprints[BLUEPRINT])),
        seed=seed,
        settings=settings,
    )
    study = [d for d in made.days if d.mock is None]
    return Schedule(
        minutes=minutes,
        reviews=made.reviews,
        recall=made.mean_recall,
        over_cap=sum(1 for d in made.days if d.minutes > d.cap),
        deferred=made.deferred,
        not_reached=made.not_reached,
        peak_load=_peak([d.minutes for d in study]),
        peak_work=_peak([d.parts[0] + d.parts[1] for d in study]),
        peak_reviews=_peak([d.parts[0] for d in study]),
    )


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table; `ok` is None for a figure shown without a claim."""

    name: str
    value: str
    target: str = ""
    ok: bool | None = None


def readiness_rows(found: Calibration) -> list[Row]:
    """Readiness's claims and the figures that explain them."""
    return [
        Row(
            f"readiness: {found.candidates} candidates, {found.sat} mocks,"
            f" {found.predicted} predicted, {found.later} from the {FIRST_SCORED_MOCK}th on",
            "",
        ),
        Row(
            "score inside the 80% interval, every predicted mock",
            f"{found.coverage:.1%}",
            "75-85%",
            0.75 <= found.coverage <= 0.85,
        ),
        Row(
            f"score inside the 80% interval, mocks from the {FIRST_SCORED_MOCK}th on",
            f"{found.coverage_later:.1%}",
        ),
        Row("mean width of the 80% interval", f"{found.width:.1f} pts"),
        Row(
            "median's mean absolute error vs the score",
            f"{found.error:.2f} pts",
            "<= 5",
            found.error <= 5.0,
        ),
        Row(
            "  baseline: mean of the earlier mocks' scores",
            f"{found.error_mean:.2f} pts",
            "> ours",
            found.error < found.error_mean,
        ),
        Row(
            "  baseline: the last mock's score",
            f"{found.error_last:.2f} pts",
            "> ours",
            found.error < found.error_last,
        ),
        Row(
            "  ours minus the mean baseline (paired, +- 1 standard error)",
            f"{found.error - found.error_mean:+.2f} +- {found.gap_se:.2f}",
        ),
        Row("  floor: a perfect predictor (the score vs its true mean)", f"{found.noise:.2f} pts"),
        Row("median's mean absolute error vs the true mean score", f"{found.truth_error:.2f} pts"),
        Row("  baseline: mean of the earlier mocks' scores", f"{found.truth_error_mean:.2f} pts"),
        Row("  baseline: the last mock's score", f"{found.truth_error_last:.2f} pts"),
    ]


def planner_rows(default: Schedule, flat: Schedule, *, claims: bool) -> list[Row]:
    """The default plan beside the flat 0.97 one at the same minutes; the fewer-reviews claim
    only where `claims` (the cap binds neither, so both plans do the same work)."""
    fewer = 1 - default.reviews / flat.reviews if flat.reviews else math.nan
    return [
        Row(f"planner: 1,000 items, 10 topics, {DAYS} days, {default.minutes} min a day", ""),
        Row(
            "mean predicted recall on the exam day (flat 0.97 beside it)",
            f"{default.recall:.3f} ({flat.recall:.3f})",
            ">= 0.95",
            default.recall >= 0.95,
        ),
        Row(
            f"reviews: {default.reviews:,} against flat 0.97's {flat.reviews:,}",
            f"{fewer:.0%} fewer",
            ">= 30%" if claims else "",
            fewer >= 0.30 if claims else None,
        ),
        Row("days over their cap", str(default.over_cap), "0", default.over_cap == 0),
        Row(
            "peak / mean minutes of a study day",
            f"{default.peak_load:.2f}",
            "<= 1.25",
            default.peak_load <= 1.25,
        ),
        Row(
            "  the same, reviews and new items only (drills fill the rest)",
            f"{default.peak_work:.2f}",
        ),
        Row("  the same, reviews only", f"{default.peak_reviews:.2f}"),
        Row(
            "reviews deferred / new items not reached (flat 0.97's)",
            f"{default.deferred} / {default.not_reached} ({flat.deferred} / {flat.not_reached})",
        ),
    ]


def table(rows: Sequence[Row]) -> str:
    width = max(len(r.name) for r in rows)
    value = max(len(r.value) for r in rows)
    lines = [f"{'figure':<{width}}  {'measured':>{value}}  {'target':>8}  ok"]
    for r in rows:
        ok = "" if r.ok is None else ("yes" if r.ok else "NO")
        lines.append(f"{r.name:<{width}}  {r.value:>{value}}  {r.target:>8}  {ok}".rstrip())
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.coach_simulation", description=__doc__)
    parser.add_argument("--candidates", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    rows = readiness_rows(calibration(candidates(args.candidates, args.seed, args.workers)))
    rows += planner_rows(
        schedule(GENEROUS_MINUTES, planner.Settings()),
        schedule(GENEROUS_MINUTES, FLAT),
        claims=True,
    )
    for minutes in REALISTIC_MINUTES:
        rows += planner_rows(
            schedule(minutes, planner.Settings()), schedule(minutes, FLAT), claims=False
        )
    print(table(rows))
    print(f"seed {args.seed}, {args.workers} workers, {time.perf_counter() - began:.0f} s")
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
