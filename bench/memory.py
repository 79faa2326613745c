"""Peak memory with a 10,000-question bank and a 100,000-answer history loaded, against a bare
Textual app holding the same bank as parsed YAML."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.figures import Figure, figure
from bench.generate import write_banks
from trainer.store.sqlite import SqliteStore, day_number

OURS = """
import random, resource, sys
from pathlib import Path
from trainer.content import loader
from trainer.engine.clock import SystemClock
from trainer.store.sqlite import SqliteStore
from trainer.study import Study
from trainer.ui.app import TrainerApp, Ready
from trainer import config

work = Path(sys.argv[1])
result = loader.load([work / "banks"], work / "cache")
assert len(result.catalog) == 10_000
store = SqliteStore(work / "history.sqlite3")
study = Study(result.catalog, store, SystemClock(), random.Random(1))
study.weak_areas(); study.history(); study.due()
locations = config.Locations(home=work, content=(work / "banks",), user_content=())
app = TrainerApp(lambda: Ready(result, study), locations, SystemClock())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

BARE = """
import resource, sys
from pathlib import Path
import yaml
from textual.app import App

work = Path(sys.argv[1])
files = sorted((work / "banks").glob("*.yaml"))
bank = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in files]
assert sum(len(b["questions"]) for b in bank) == 10_000
app = App()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _history(path: Path, answers: int = 100_000) -> None:
    """A history of `answers` answers, written in bulk (its recording is timed elsewhere)."""
    SqliteStore(path).close()
    rng = random.Random(5)
    start = datetime(2025, 11, 24, tzinfo=UTC)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    db.execute("INSERT INTO profiles(name, created_at) VALUES ('default', ?)", (start.isoformat(),))
    for s in range(answers // 50):
        sid = f"s{s:05d}"
        at = start + timedelta(minutes=262 * s)
        db.execute(
            "INSERT INTO sessions(id, profile_id, mode, plan, started_at) VALUES (?, 1, ?, ?, ?)",
            (sid, "practice", '{"mode":"practice","title":"x","seed":1,"sections":[]}',
             at.isoformat()),
        )  # fmt: skip
        db.executemany(
            "INSERT INTO answers(session_id, profile_id, item_id, item_hash, section, topic, tags,"
            " response, score, seconds, answered_at, week) VALUES (?,1,?,?,?,?,?,?,?,?,?,?)",
            [
                (sid, f"bench-{rng.randrange(20):02d}-{rng.randrange(500):04d}", "h", "law",
                 f"topic-{n % 40}", "fraud,vwp", '"B"', float(rng.random() < 0.7), 30.0,
                 at.isoformat(), day_number(at) // 7)
                for n in range(50)
            ],
        )  # fmt: skip
    db.execute("COMMIT")
    db.close()


def _peak(script: str, work: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", script, str(work)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1]) * 1024  # ru_maxrss is in KiB on Linux


def bench_memory(rounds: int = 3) -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-memory-"))
    try:
        write_banks(work / "banks")
        _history(work / "history.sqlite3")
        _peak(OURS, work)  # builds the content cache, as a second start would find it
        ours = min(_peak(OURS, work) for _ in range(rounds))
        bare = min(_peak(BARE, work) for _ in range(rounds))
        return [
            figure(
                "peak memory: 10k-question bank + 100k-answer history vs bare app holding the bank",
                ours / 2**20,
                bare / 2**20,
                1.3,
                unit="MiB",
            )
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
