"""The item-analysis benchmark: 2,000 candidates' first sittings of a 50-question mock exam."""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.figures import Figure
from bench.history import _median, _under
from trainer.content.catalog import Catalog, Item
from trainer.content.models import Blueprint, BlueprintSection, Draw, Single
from trainer.engine.plan import draw_exam
from trainer.itemreport import analyse_history
from trainer.store.sqlite import SqliteStore
from trainer.study import item_hash

CANDIDATES = 2_000
QUESTIONS = 50
POOL = 200
TARGET_S = 2.0
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def _catalog() -> Catalog:
    """A pool of 200 four-option questions and a mock exam drawing 50 of them, options shuffled."""
    items = tuple(
        Item(
            Single(
                id=f"q-{n:03d}",
                prompt=f"Question {n}?",
                explanation="B is right. The others are not.",
                difficulty=1 + n % 5,
                options=("a", "b", "c", "d"),
                answer="B",
            ),
            "law",
            "admission",
            "law",
            "memory",
            n,
        )
        for n in range(POOL)
    )
    exam = Blueprint(
        blueprint="bench-mock",
        title="Bench mock",
        modelled_on="Nothing real",
        pass_mark=70,
        shuffle_options=True,
        sections=(
            BlueprintSection(
                id="all", title="All", draw=(Draw(section="law", count=QUESTIONS),), minutes=60
            ),
        ),
    )
    return Catalog(items, {"bench-mock": exam}, {})


def _fill(path: Path, cat: Catalog) -> None:
    """Each candidate's sitting written straight into the history, through its triggers."""
    rng = random.Random(5)
    hashes = {i.id: item_hash(i) for i in cat.items}
    difficulty = {i.id: rng.gauss(0, 1) for i in cat.items}
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    for c in range(CANDIDATES):
        db.execute("INSERT INTO profiles(id, name, created_at) VALUES (?, ?, ?)",
                   (c + 1, f"candidate-{c}", START.isoformat()))  # fmt: skip
        plan = draw_exam(cat, cat.blueprints["bench-mock"], c)
        at = START + timedelta(minutes=c)
        sid = f"sitting-{c:05d}"
        db.execute(
            "INSERT INTO sessions(id, profile_id, mode, blueprint, form_code, seed, plan, state,"
            " started_at) VALUES (?, ?, 'exam', 'bench-mock', ?, ?, ?, 'finished', ?)",
            (sid, c + 1, plan.form_code, plan.seed, plan.encode(), at.isoformat()),
        )
        ability = rng.gauss(0, 1)
        rows = []
        for qid in plan.item_ids:
            knows = ability + rng.gauss(0, 0.7) > difficulty[qid]
            letter = "B" if knows else rng.choice("ACD")
            rows.append((sid, c + 1, qid, hashes[qid], "law", "admission", "", f'"{letter}"',
                         1.0 if knows else 0.0, 30.0, at.isoformat(), 0))  # fmt: skip
        db.executemany(
            "INSERT INTO answers(session_id, profile_id, item_id, item_hash, section, topic, tags,"
            " response, score, seconds, answered_at, week) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    db.execute("COMMIT")
    db.close()


def bench_items() -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-items-"))
    try:
        path = work / "history.sqlite3"
        SqliteStore(path).close()
        cat = _catalog()
        _fill(path, cat)
        store = SqliteStore(path)
        raw = sqlite3.connect(path)
        count = _median(lambda: raw.execute("SELECT count(*) FROM answers").fetchone())
        (report,) = analyse_history(cat, store)
        if report.stats.attempts != CANDIDATES or report.stats.fixed:
            raise RuntimeError("the bench history is not 2,000 sittings of forms drawn apart")
        value = _median(lambda: analyse_history(cat, store), rounds=3)
        store.close()
        raw.close()
        name = f"item analysis: {CANDIDATES:,} first sittings of {QUESTIONS} questions"
        return [_under(f"{name} over 100,000 answers", value, count, TARGET_S)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
