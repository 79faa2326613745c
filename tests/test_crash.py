"""A real `kill -9` in the middle of a mock exam loses no recorded answer and no time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factory import study

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.factory import study

s, clock = study(Path({home!r}))
live = s.start_exam("two-part", form=7)
print("session", live.session_id, flush=True)
for line in sys.stdin:
    if line.strip() != "answer":
        break
    clock.advance(30)
    outcome = live.answer("B")
    live.flag(live.state.position % 2 == 0)
    if live.state.position + 1 < len(live.state.items):
        live.go(live.state.position + 1)
    print("recorded", live.state.current.id if live.state.current else "-", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_mid_exam_then_resume(sealed: Path) -> None:
    home = sealed / "data"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), home=str(home))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    session_id = child.stdout.readline().split()[1]
    for _ in range(3):
        child.stdin.write("answer\n")
        child.stdin.flush()
        assert child.stdout.readline().startswith("recorded")
    os.kill(child.pid, signal.SIGKILL)
    child.wait(30)
    assert child.returncode == -signal.SIGKILL

    s, _ = study(home)
    [unfinished] = s.unfinished()
    assert unfinished.id == session_id
    live = s.resume(session_id)
    planned = [item.id for item in live.plan.sections[0].items]
    assert list(live.state.answers) == planned[:3]
    assert all(given.response == "B" for given in live.state.answers.values())
    assert [given.seconds for given in live.state.answers.values()] == [30.0, 30.0, 30.0]
    assert live.state.flags == {planned[0], planned[2]}
    assert live.state.position == 3
    assert live.state.time_left() == pytest.approx(600 - 90)
    live.answer("B")
    report = live.submit()
    assert report.sections[0].answered == 4
