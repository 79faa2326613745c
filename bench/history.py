"""The history benchmark: record 100,000 answers, then time the queries the app runs over them."""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.figures import Figure, figure
from tests.factory import catalog
from trainer.engine.clock import ManualClock
from trainer.store import summaries
from trainer.store.records import AnswerRow, CardRow, SessionRow
from trainer.store.sqlite import MIGRATIONS, SqliteStore
from trainer.study import Study

ANSWERS = 100_000
MILLION = 1_000_000
SUMMARY_TARGET_S = 0.005
PER_SESSION = 50
QUERY_TARGET_S = 0.050
START = datetime(2025, 11, 24, 8, 0, tzinfo=UTC)


def _median(fn: Callable[[], object], rounds: int = 15) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _under(
    name: str, value: float, count: float, target: float, against: str = "SELECT count(*)"
) -> Figure:
    """A time held to an absolute target, shown beside a baseline from the same run (a bare
    count of the same answers unless `against` names another)."""
    return Figure(
        name=f"{name} (target < {target * 1000:g} ms) vs {against}",
        value=round(value, 6),
        unit="s",
        baseline=round(count, 6),
        ratio=round(value / count, 3),
        target_ratio=None,
        ok=value < target,
    )


def _row(rng: random.Random, sid: str, n: int, at: datetime, topics: list[str]) -> AnswerRow:
    topic = topics[n % len(topics)]
    return AnswerRow(
        session_id=sid,
        profile_id=1,
        item_id=f"item-{rng.randrange(10_000):05d}",
        item_hash="0123456789abcdef",
        section=topic.split("/")[0],
        topic=topic.split("/")[1],
        tags=tuple(sorted(rng.sample(["fraud", "vwp", "forms", "parole", "6c"], 2))),
        response="B",
        score=1.0 if rng.random() < 0.7 else 0.0,
        seconds=rng.uniform(10, 90),
        answered_at=at,
    )


def _bare_insert_table(path: Path) -> sqlite3.Connection:
    """The answer log as it was before summaries, with the indexes its reads scanned (session,
    item, mastery, tags), written with plain SQL: the recording baseline."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    for statement in MIGRATIONS[0].split(";"):
        if "answers" in statement and statement.strip():
            db.execute(statement.replace("REFERENCES sessions(id)", ""))
    return db


def _record(store: SqliteStore, row: AnswerRow, n: int) -> float:
    """Seconds to record one answer through the store."""
    t0 = time.perf_counter()
    store.record_answer(row, position=n, section=0, section_elapsed="[0]", seconds=n)
    return time.perf_counter() - t0


def _insert_bare(bare: sqlite3.Connection, insert: str, row: AnswerRow, tags: str) -> float:
    """Seconds to insert the same answer in plain SQL, in a transaction of its own."""
    t0 = time.perf_counter()
    bare.execute("BEGIN IMMEDIATE")
    bare.execute(
        insert,
        (row.session_id, 1, row.item_id, row.item_hash, row.section, row.topic, tags, '"B"',
         row.score, None, None, row.seconds, row.answered_at.isoformat(), 0),
    )  # fmt: skip
    bare.execute("COMMIT")
    return time.perf_counter() - t0


def bench_history() -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-history-"))
    try:
        return _run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> list[Figure]:
    rng = random.Random(11)
    store = SqliteStore(work / "history.sqlite3")
    bare = _bare_insert_table(work / "bare.sqlite3")
    profile = store.profile("default", START)
    topics = [f"section{s}/topic{t}" for s in range(5) for t in range(8)]
    store_times: list[float] = []
    bare_times: list[float] = []
    columns = (
        "session_id, profile_id, item_id, item_hash, section, topic, tags, response, score,"
        " confidence, miss_reason, seconds, answered_at, week"
    )
    insert = f"INSERT INTO answers({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    for s in range(ANSWERS // PER_SESSION):
        at = START + timedelta(minutes=s * 262)
        sid = f"session-{s:05d}"
        store.start_session(
            SessionRow(id=sid, profile_id=profile, mode="practice", started_at=at, plan="{}")
        )
        for n in range(PER_SESSION):
            row = _row(rng, sid, n, at + timedelta(seconds=40 * n), topics)
            tags = ",".join(row.tags)  # the column's text for the bare insert, made untimed
            # Whichever runs first in a pair pays for the caches the other then finds warm, so
            # the two take turns at going first.
            if n % 2:
                store_times.append(_record(store, row, n))
                bare_times.append(_insert_bare(bare, insert, row, tags))
            else:
                bare_times.append(_insert_bare(bare, insert, row, tags))
                store_times.append(_record(store, row, n))
    end = START + timedelta(days=365)
    for i in range(10_000):
        store.save_card(
            CardRow(
                profile_id=profile,
                item_id=f"item-{i:05d}",
                card="{}",
                due=START + timedelta(hours=rng.uniform(0, 24 * 400)),
                priority=rng.choice([0, 0, 0, 1, 2]),
            )
        )
    clock = ManualClock(end)
    study = Study(catalog(), store, clock, random.Random(1))
    raw = sqlite3.connect(work / "history.sqlite3")
    count = _median(lambda: raw.execute("SELECT count(*) FROM answers").fetchone())
    queries = {
        "history: the last 1,000 sessions": lambda: study.history(1000),
        "weak areas: mastery of every topic and tag": lambda: study.weak_areas(),
        "due review: the 100 most urgent due cards": lambda: store.due_cards(profile, end),
    }
    figures = [
        figure(
            "record one answer with its summaries vs a bare WAL insert, indexes for the same reads",
            statistics.median(store_times),
            statistics.median(bare_times),
            1.5,
        )
    ]
    # The same reads in plain indexed SQL, with no rows turned into values or estimates.
    bare_sql = {
        "history: the last 1,000 sessions": lambda: raw.execute(
            "SELECT * FROM sessions WHERE profile_id = 1 ORDER BY started_at DESC LIMIT 1000"
        ).fetchall(),
        "weak areas: mastery of every topic and tag": lambda: (
            raw.execute(summaries.KEY_TALLIES, {"profile": 1, "since": 0}).fetchall(),
            raw.execute(
                "SELECT finished_at, scores FROM scenario_runs WHERE profile_id = 1"
                " AND finished_at IS NOT NULL"
            ).fetchall(),
            raw.execute(
                "SELECT count(*) FROM cards WHERE profile_id = 1 AND due <= ?", (end.isoformat(),)
            ).fetchall(),
        ),
        "due review: the 100 most urgent due cards": lambda: raw.execute(
            "SELECT item_id, card, due, priority FROM cards WHERE profile_id = 1 AND due <= ?"
            " ORDER BY priority DESC, due LIMIT 100",
            (end.isoformat(),),
        ).fetchall(),
    }
    for name, query in queries.items():
        value = _median(query)
        figures.append(
            figure(
                f"{name} vs the same query in bare indexed SQL", value, _median(bare_sql[name]), 3.0
            )
        )
        figures.append(_under(f"{name} over 100,000 answers", value, count, QUERY_TARGET_S))
    figures.extend(_at_a_million(work, store, end))
    return figures


def _at_a_million(work: Path, store: SqliteStore, end: datetime) -> list[Figure]:
    """Grow the same history to a million answers in bulk, then time weak areas and due again."""
    store.close()
    path = work / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    # Copies of the answers already there, a session each, spread over the same year; every row
    # passes through the summary triggers as a recorded answer does.
    for copy in range(1, MILLION // ANSWERS):
        db.execute(
            "INSERT INTO sessions(id, profile_id, mode, plan, state, started_at)"
            " SELECT id || '-' || ?, profile_id, mode, plan, state, started_at FROM sessions"
            " WHERE id NOT LIKE '%-%-%'",
            (copy,),
        )
        db.execute(
            "INSERT INTO answers(session_id, profile_id, item_id, item_hash, section, topic, tags,"
            " response, score, seconds, answered_at, week)"
            " SELECT session_id || '-' || ?, profile_id, item_id, item_hash, section, topic, tags,"
            " response, score, seconds, answered_at, week FROM answers WHERE id <= ?",
            (copy, ANSWERS),
        )
    db.execute("COMMIT")
    count_rows = db.execute("SELECT count(*) FROM answers").fetchone()[0]
    if count_rows != MILLION:
        raise RuntimeError(f"the bulk history has {count_rows} answers, not {MILLION}")
    big = SqliteStore(path)
    study = Study(catalog(), big, ManualClock(end), random.Random(1))
    count = _median(lambda: db.execute("SELECT count(*) FROM answers").fetchone())
    out = []
    for name, query in (
        ("weak areas: mastery of every topic and tag", study.weak_areas),
        ("due review: the 100 most urgent due cards", lambda: big.due_cards(1, end)),
    ):
        value = _median(query)
        out.append(_under(f"{name} over 1,000,000 answers", value, count, SUMMARY_TARGET_S))
    big.close()
    db.close()
    return out
