"""`kill -9` at random moments of a mock exam and of an interview run loses nothing recorded.

A child process answers as fast as it can and prints each step only after the store returned;
the parent kills it after a random delay, then checks the store: readable, and holding every step
the child reported. CI kills 8 times each; `TRAINER_KILLS=50` (as `make fuzz` sets) kills 50.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.factory import study
from tests.samples import SCENARIO
from trainer.content import loader

ROOT = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("TRAINER_KILLS", "8"))

EXAM_CHILD = """
import random, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.factory import study

s, clock = study(Path({home!r}), seed={seed})
rng = random.Random({seed})
while True:
    open_ = s.unfinished()
    live = s.resume(open_[0].id) if open_ else s.start_exam("two-part", form=rng.randrange(2**30))
    while not live.state.finished:
        if live.state.on_break:
            live.end_break()
            continue
        clock.advance(1)
        answer = rng.choice("ABCD")
        live.answer(answer)
        print("recorded", live.session_id, live.state.current.id, answer, flush=True)
        nxt = live.state.next_unanswered()
        if nxt is None:
            live.end_section()
        else:
            live.go(nxt)
"""

SCENARIO_CHILD = """
import random, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.factory import study
from trainer.content import loader
from trainer.engine import scenario as engine

result = loader.load([Path({content!r})])
s, clock = study(Path({home!r}), result.catalog, seed={seed})
# Each child's clock starts where the last child's could not have reached, so the run a kill cuts
# short is the newest of its scenario (the one offered to pick up), as on a wall clock.
clock.advance({seed} * 1_000_000)
rng = random.Random({seed})
while True:
    clock.advance(1)  # each run starts later than the one before, as on a wall clock
    live = s.start_scenario("sample-interview")
    while not live.run.ended:
        offered = engine.choices(live.run)
        if offered:
            live.choose(rng.choice(offered)[0])
        else:
            live.proceed()
        print("moved", live.run_id, len(live.moves), flush=True)
"""


def _kill_after(child: subprocess.Popen[str], delay: float) -> list[str]:
    """Let the child run for `delay` seconds once it has recorded its first step, kill it with
    SIGKILL, and return what it printed. Counting from the first step, not from the start, keeps
    a slow start-up on a loaded machine from eating the delay (the kill would find nothing)."""
    assert child.stdout is not None
    first = child.stdout.readline()
    assert first, "the child ended before recording anything"
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return [first.rstrip("\n"), *out.splitlines()]


def _run(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_random_kills_during_mock_exams_lose_no_recorded_answer(sealed: Path) -> None:
    home = sealed / "data"
    rng = random.Random(2026)
    reported: dict[tuple[str, str], str] = {}
    for kill in range(KILLS):
        child = _run(EXAM_CHILD.format(root=str(ROOT), home=str(home), seed=kill))
        for line in _kill_after(child, rng.uniform(0.05, 0.8)):
            parts = line.split()
            if len(parts) == 4 and parts[0] == "recorded":
                reported[parts[1], parts[2]] = parts[3]
        db = sqlite3.connect(home / "history.sqlite3")
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {
            (sid, item): json.loads(response)
            for sid, item, response in db.execute(
                "SELECT session_id, item_id, response FROM answers WHERE superseded = 0"
            )
        }
        db.close()
        missing = {key for key in reported if key not in stored}
        assert not missing, f"kill {kill}: recorded answers lost: {sorted(missing)[:3]}"
        assert all(stored[key] == value for key, value in reported.items())
    assert len(reported) > KILLS  # the children really were answering when killed


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_random_kills_during_interviews_lose_no_recorded_move(sealed: Path) -> None:
    home = sealed / "data"
    content = sealed / "content.yaml"
    content.write_text(SCENARIO.replace("initial: 2", "initial: 6"), encoding="utf-8")
    catalog = loader.load([content]).catalog
    picked_up = 0
    rng = random.Random(11)
    moves: dict[str, int] = {}
    for kill in range(KILLS):
        code = SCENARIO_CHILD.format(
            root=str(ROOT), home=str(home), content=str(content), seed=kill
        )
        for line in _kill_after(_run(code), rng.uniform(0.05, 0.8)):
            parts = line.split()
            if len(parts) == 3 and parts[0] == "moved":
                moves[parts[1]] = max(moves.get(parts[1], 0), int(parts[2]))
        db = sqlite3.connect(home / "history.sqlite3")
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {rid: len(json.loads(path)) for rid, path in db.execute(
            "SELECT id, path FROM scenario_runs"
        )}  # fmt: skip
        db.close()
        for run_id, count in moves.items():
            assert stored.get(run_id, 0) >= count, f"kill {kill}: run {run_id} lost moves"
        # The run the kill cut short picks up with every move it had saved.
        s, _ = study(home, catalog)
        for row in s.unfinished_scenarios():
            resumed = s.resume_scenario(row.id)
            assert len(resumed.moves) == stored[row.id]
            assert not resumed.run.ended
            picked_up += 1
        s.store.close()
    assert moves
    assert picked_up, "no kill left a run to pick up"
