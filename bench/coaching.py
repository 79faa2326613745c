"""The coaching benchmark: readiness over a 100,000-answer history, and a 90-day plan over
1,000 items, each beside the work it builds on, timed in the same run."""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Card, Rating, Scheduler

from bench.figures import Figure, figure
from bench.history import _median, _under
from tests.factory import question
from trainer.content.catalog import Catalog, Item
from trainer.content.models import Blueprint, BlueprintSection, Draw
from trainer.engine.clock import ManualClock
from trainer.engine.review import review
from trainer.store.records import CardRow, SessionRow
from trainer.store.sqlite import SqliteStore, day_number
from trainer.study import Study

ANSWERS = 100_000
ITEMS = 1_000
SECTIONS = ("law", "reasoning", "writing")
TOPICS_PER_SECTION = 4
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
READINESS_TARGET_S = 0.050
PLAN_TARGET_S = 1.0


def _catalog() -> Catalog:
    """1,000 questions in twelve topics, and a three-section mock drawing 30 from each section."""
    topics = [(s, f"t{t}") for s in SECTIONS for t in range(TOPICS_PER_SECTION)]
    items = tuple(
        Item(question(f"q{n:04d}", 1 + n % 5), *topics[n % len(topics)], "bench", "memory", n)
        for n in range(ITEMS)
    )
    exam = Blueprint(
        blueprint="bench-mock",
        title="Benchmark mock",
        modelled_on="Nothing real",
        pass_mark=70,
        pass_rule="every_section",
        sections=tuple(
            BlueprintSection(id=s, title=s.title(), minutes=60, draw=(Draw(section=s, count=30),))
            for s in SECTIONS
        ),
    )
    return Catalog(items, {"bench-mock": exam}, {})


def _fill(path: Path, cat: Catalog) -> None:
    """A year of answers to the catalog's items in bulk (each through the summary triggers), and a
    reviewed card for every item."""
    store = SqliteStore(path)
    profile = store.profile("default", NOW)
    rng = random.Random(21)
    sessions = ANSWERS // 50
    start = NOW - timedelta(days=365)
    for s in range(sessions):
        store.start_session(
            SessionRow(
                id=f"s{s:05d}",
                profile_id=profile,
                mode="practice",
                started_at=start + timedelta(minutes=s * 262),
                plan="{}",
            )
        )
    store.close()
    db = sqlite3.connect(path, isolation_level=None)
    rows = []
    for n in range(ANSWERS):
        item = cat.items[rng.randrange(ITEMS)]
        at = start + timedelta(minutes=(n // 50) * 262, seconds=40 * (n % 50))
        rows.append(
            (f"s{n // 50:05d}", profile, item.id, "0123456789abcdef", item.section, item.topic,
             "", '"B"', 1.0 if rng.random() < 0.72 else 0.0, rng.uniform(20, 80),
             at.isoformat(), day_number(at) // 7)
        )  # fmt: skip
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO answers(session_id, profile_id, item_id, item_hash, section, topic, tags,"
        " response, score, seconds, answered_at, week) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.execute("COMMIT")
    db.close()
    store = SqliteStore(path)
    for item in cat.items:
        card = None
        when = NOW - timedelta(days=rng.randint(20, 120))
        for _ in range(rng.randint(1, 4)):
            done = review(card, item.id, 1.0 if rng.random() < 0.8 else 0.0, None, when)
            card = done.card
            when += timedelta(days=rng.randint(2, 15))
        assert card is not None
        store.save_card(CardRow(profile_id=profile, item_id=item.id, card=card, due=done.due))
    store.close()


def _median_after_write(study: Study, *, card: bool, rounds: int = 15) -> float:
    """Readiness timed just after a write to the history (the write itself is not timed): the
    goal saved again, which leaves the cards' recall standing, or a card saved again, after
    which every card is read again."""
    goal = study.coach.goal()
    assert goal is not None
    store, profile = study.store, study.profile_id
    item = study.catalog.items[0].id
    times = []
    for _ in range(rounds):
        if card:
            row = store.card(profile, item)
            assert row is not None
            store.save_card(row)
        else:
            study.coach.set_goal(goal.exam_date, goal.blueprint, goal.minutes)
        start = time.perf_counter()
        study.coach.readiness()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_coaching() -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-coaching-"))
    try:
        return _run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> list[Figure]:
    cat = _catalog()
    path = work / "history.sqlite3"
    _fill(path, cat)
    store = SqliteStore(path)
    study = Study(cat, store, ManualClock(NOW), random.Random(1))
    study.coach.set_goal((NOW + timedelta(days=90)).date(), "bench-mock", 60)
    found = study.coach.readiness()
    if found.today is None or found.exam_day is None:
        raise RuntimeError(f"readiness gave no figure: {found.evidence.advice()}")
    today = _median(lambda: study.coach.readiness(project=False))
    both = _median(study.coach.readiness)
    weak = _median(study.weak_areas)
    after_write = _median_after_write(study, card=False)
    after_card = _median_after_write(study, card=True)
    figures = [
        figure(
            "readiness today over 100,000 answers vs the weak-area query it builds on",
            today,
            weak,
            3.0,
        ),
        figure(
            "readiness today and on the exam day, asked again (1,000 cards' recall kept) vs"
            " weak areas",
            both,
            weak,
            3.0,
        ),
        figure(
            "readiness today and on the exam day just after a write that leaves the cards alone"
            " vs weak areas",
            after_write,
            weak,
            3.0,
        ),
        figure(
            "readiness today and on the exam day just after a card changed (the changed card"
            " read again) vs weak areas",
            after_card,
            weak,
            3.0,
        ),
        _under(
            "readiness today and on the exam day just after a card changed, 100,000 answers",
            after_card,
            weak,
            READINESS_TARGET_S,
            "weak areas",
        ),
    ]
    plan = study.coach.plan()
    if len(plan.days) != 90 or not plan.reviews:
        raise RuntimeError(f"the plan has {len(plan.days)} days and {plan.reviews} reviews")
    planning = _median(study.coach.plan, rounds=3)

    def bare_reviews() -> None:
        # The FSRS library alone, stepping as many cards through as the plan reviews.
        scheduler = Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())
        card = Card(card_id=1, due=NOW)
        for n in range(plan.reviews + ITEMS):
            card, _ = scheduler.review_card(card, Rating.Good, NOW + timedelta(days=n))
            if n % 8 == 7:
                card = Card(card_id=1, due=NOW)

    baseline = _median(bare_reviews, rounds=3)
    figures.append(
        figure(
            f"a 90-day plan over 1,000 items ({plan.reviews} reviews) vs FSRS stepping as many"
            " cards",
            planning,
            baseline,
            3.0,
        )
    )
    figures.append(
        _under("a 90-day plan over 1,000 items", planning, baseline, PLAN_TARGET_S, "FSRS alone")
    )
    store.close()
    return figures
