"""The cohort benchmark: the instructors' report over 200 candidates sharing a 100,000-answer
history, each with a goal and a finished mock exam."""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.figures import Figure
from bench.history import START, _median, _under
from tests.factory import question
from trainer.content.catalog import Catalog, Item
from trainer.content.models import Blueprint, BlueprintSection, Draw
from trainer.engine.readiness import Layout
from trainer.store import summaries
from trainer.store.records import GoalRow, SessionRow
from trainer.store.sqlite import SqliteStore, day_number
from trainer.study.cohort import report

ANSWERS = 100_000
CANDIDATES = 200
PER_SESSION = 50
ITEMS = 10_000
TARGET_S = 0.200
TOPICS = [f"section{s}/topic{t}" for s in range(5) for t in range(8)]
TAGS = ["fraud", "vwp", "forms", "parole", "6c"]
END = START + timedelta(days=365)


def _catalog() -> Catalog:
    """The history benchmark's 10,000 items in its 40 topics, and a mock drawing 20 a section."""
    items = []
    for n in range(ITEMS):
        section, topic = TOPICS[n % len(TOPICS)].split("/")
        items.append(
            Item(question(f"item-{n:05d}", 1 + n % 5), section, topic, "bench", "memory", n)
        )
    exam = Blueprint(
        blueprint="bench-mock",
        title="Benchmark mock",
        modelled_on="Nothing real",
        pass_mark=70,
        sections=tuple(
            BlueprintSection(
                id=f"s{s}", title=f"Section {s}", minutes=30, draw=(Draw(section=f"section{s}",
                count=20),)
            )
            for s in range(5)
        ),
    )  # fmt: skip
    return Catalog(tuple(items), {"bench-mock": exam}, {})


def _fill(path: Path) -> None:
    """200 profiles with 500 answers each, in sessions of 50 spread over the year as the history
    benchmark spreads them (every answer through the summary triggers, in bulk), a goal each and
    a finished mock exam each."""
    rng = random.Random(13)
    store = SqliteStore(path)
    profiles = [store.profile(f"candidate-{n:03d}", START) for n in range(CANDIDATES)]
    sessions = ANSWERS // PER_SESSION
    starts = [START + timedelta(minutes=s * 262) for s in range(sessions)]
    for s, at in enumerate(starts):
        store.start_session(
            SessionRow(
                id=f"session-{s:05d}",
                profile_id=profiles[s % CANDIDATES],
                mode="practice",
                started_at=at,
                plan="{}",
            )
        )
    for n, profile in enumerate(profiles):
        store.set_goal(
            GoalRow(
                profile_id=profile,
                exam_date=date(2026, 12, 1),
                blueprint="bench-mock",
                minutes=30,
                set_at=START,
            )
        )
        sid = f"mock-{n:03d}"
        at = END - timedelta(days=rng.randint(1, 60))
        store.start_session(
            SessionRow(id=sid, profile_id=profile, mode="exam", blueprint="bench-mock",
                       started_at=at, plan="{}")
        )  # fmt: skip
        score = round(rng.uniform(40, 95), 1)
        store.finish_session(
            sid, finished_at=at + timedelta(hours=2), score=score, passed=score >= 70,
            seconds=7200.0, report=None,
        )  # fmt: skip
    store.close()
    rows = []
    for n in range(ANSWERS):
        s = n // PER_SESSION
        at = starts[s] + timedelta(seconds=40 * (n % PER_SESSION))
        item = rng.randrange(ITEMS)
        section, topic = TOPICS[item % len(TOPICS)].split("/")
        rows.append(
            (f"session-{s:05d}", profiles[s % CANDIDATES], f"item-{item:05d}", "0123456789abcdef",
             section, topic, ",".join(sorted(rng.sample(TAGS, 2))), '"B"',
             1.0 if rng.random() < 0.7 else 0.0, rng.uniform(10, 90), at.isoformat(),
             day_number(at) // 7)
        )  # fmt: skip
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO answers(session_id, profile_id, item_id, item_hash, section, topic, tags,"
        " response, score, seconds, answered_at, week) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.execute("COMMIT")
    db.close()


def bench_cohort() -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-cohort-"))
    try:
        return _run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> list[Figure]:
    path = work / "history.sqlite3"
    _fill(path)
    cat = _catalog()
    store = SqliteStore(path)
    found = report(cat, store, END)
    ready = sum(c.readiness is not None and c.readiness.today is not None for c in found.candidates)
    if len(found.candidates) != CANDIDATES or ready != CANDIDATES or not found.missed:
        raise RuntimeError(
            f"the cohort report has {len(found.candidates)} candidates, {ready} with a readiness"
            f" figure and {len(found.missed)} questions missed"
        )
    layouts: dict[str, Layout] = {}  # kept between reports, as the coach keeps them
    value = _median(lambda: report(cat, store, END, layouts=layouts), rounds=9)
    raw = sqlite3.connect(path)
    today = END.date().isoformat()

    def bare() -> None:
        # The report's five reads in plain SQL, no rows turned into values or estimates.
        raw.execute(
            "SELECT p.id, p.name, sum(d.answers), sum(d.answers * (d.date >= ?)), max(d.date)"
            " FROM profiles AS p LEFT JOIN day_activity AS d ON d.profile_id = p.id GROUP BY p.id",
            (today,),
        ).fetchall()
        raw.execute(summaries.TOPIC_TALLIES).fetchall()
        raw.execute("SELECT * FROM goals").fetchall()
        raw.execute(
            "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY profile_id ORDER BY"
            " finished_at DESC) AS nth FROM sessions WHERE mode = 'exam' AND state = 'finished')"
            " WHERE nth = 1"
        ).fetchall()
        raw.execute(
            "SELECT item_id, count(*) AS n, sum(lowest < 1) AS missed FROM item_tallies"
            " WHERE lowest IS NOT NULL GROUP BY item_id HAVING n >= 5 AND missed > 0"
            " ORDER BY missed * 1.0 / n DESC LIMIT 10"
        ).fetchall()

    baseline = _median(bare, rounds=9)
    raw.close()
    store.close()
    return [
        _under(
            f"cohort report over {CANDIDATES} candidates (readiness for each, 100,000 answers)",
            value,
            baseline,
            TARGET_S,
            "its five reads in bare SQL",
        )
    ]


if __name__ == "__main__":
    for f in bench_cohort():
        print(f)
