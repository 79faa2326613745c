"""The coach on the command line: goal, readiness and plan, with their bad-input messages."""

from __future__ import annotations

import io
import json
import random
from datetime import UTC, datetime

import pytest

from tests.conftest import Write
from tests.factory import sit
from tests.samples import BANK, BLUEPRINT
from trainer import cli, config
from trainer.content import loader
from trainer.engine.clock import ManualClock
from trainer.store.sqlite import open_store
from trainer.study import Study

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main([*argv, "--content", "content"], out, clock=ManualClock(NOW)), out.getvalue()


@pytest.fixture(autouse=True)
def content(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "shipped_content", list)
    write("content/law.yaml", BANK)
    write("content/exam.yaml", BLUEPRINT)


def practise(sessions: int) -> None:
    """Practice sessions of the sample bank in the real history, about three in four right."""
    locations, _, _ = config.locate([])
    from pathlib import Path

    locations, _, _ = config.locate([Path("content")])
    clock = ManualClock(NOW)
    store, _ = open_store(locations.history, clock.now())
    study = Study(loader.load(locations.all_content).catalog, store, clock, random.Random(3))
    rng = random.Random(4)
    for _ in range(sessions):
        sit(study.start_practice(5, section="law"), rng, 0.75)
    store.close()


def test_no_goal_says_how_to_set_one() -> None:
    code, out = run("goal")
    assert code == 0
    assert "No goal set. Set one with: trainer goal set --exam YYYY-MM-DD" in out


def test_set_show_and_clear_a_goal() -> None:
    code, out = run("goal", "set", "--exam", "2027-03-01", "--blueprint", "sample-exam",
                    "--minutes", "45")  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        "Exam: 2027-03-01 (88 days left)",
        "Mock: Sample exam",
        "Time: 45 minutes a day",
    ]
    code, out = run("goal", "--json")
    assert json.loads(out)["goal"] == {
        "exam_date": "2027-03-01",
        "blueprint": "sample-exam",
        "minutes": 45,
        "days_left": 88,
    }
    assert run("goal", "clear") == (0, "Goal cleared.\n")
    assert run("goal", "clear") == (0, "There was no goal to clear.\n")


@pytest.mark.parametrize(
    ("exam", "blueprint", "minutes", "message"),
    [
        ("2027-13-01", "sample-exam", "45", "'2027-13-01' is not a date"),
        ("2026-12-02", "sample-exam", "45", "the exam day 2026-12-02 is already past"),
        ("2027-03-01", "cbp", "45", "no mock exam 'cbp' (known: sample-exam)"),
        ("2027-03-01", "sample-exam", "0", "give at least 1 minute a day"),
        ("2027-03-01", "sample-exam", "half", "'half' is not a number of minutes"),
    ],
)
def test_a_bad_goal_is_refused_and_the_old_one_kept(
    exam: str, blueprint: str, minutes: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run("goal", "set", "--exam", "2027-02-01", "--blueprint", "sample-exam", "--minutes", "30")
    capsys.readouterr()
    code, _ = run("goal", "set", "--exam", exam, "--blueprint", blueprint, "--minutes", minutes)
    err = capsys.readouterr().err
    assert code == 1
    assert message in err
    assert err.rstrip().endswith("the goal is unchanged")
    assert json.loads(run("goal", "--json")[1])["goal"]["exam_date"] == "2027-02-01"


def test_readiness_without_a_goal_or_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("readiness")[0] == 1
    assert "set a goal first" in capsys.readouterr().err
    code, out = run("readiness", "--blueprint", "sample-exam")
    assert code == 0
    assert "Readiness needs 30 more scored answers" in out
    data = json.loads(run("readiness", "--blueprint", "sample-exam", "--json")[1])
    assert data["today"] is None
    assert data["needed"] == 30
    assert data["shortfalls"] == [{"section": "Law", "answers": 0, "needed": 10}]


def test_readiness_today_and_on_the_exam_day() -> None:
    practise(8)
    run("goal", "set", "--exam", "2027-01-15", "--blueprint", "sample-exam", "--minutes", "20")
    code, out = run("readiness")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Sample exam"
    assert lines[1].startswith("  If the exam were today: ")
    assert "80% likely" in lines[1]
    assert "chance of 70%" in lines[1]
    assert lines[2].startswith("  On 2027-01-15 (43 days), keeping to the plan: ")
    assert lines[-1] == "  Based on 40 answers in this mock's topics."
    data = json.loads(run("readiness", "--json")[1])
    today = data["today"]
    assert today["low"] <= today["median"] <= today["high"]
    assert 0 <= today["p_pass"] <= 1
    assert data["exam_day"] is not None
    assert data["needed"] == 0


def test_plan_without_a_goal(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("plan")[0] == 1
    assert "set a goal first" in capsys.readouterr().err
    assert run("plan", "--days", "0")[0] == 2


def test_plan_prints_the_days_and_json_has_every_one() -> None:
    practise(2)
    run("goal", "set", "--exam", "2026-12-20", "--blueprint", "sample-exam", "--minutes", "10")
    code, out = run("plan", "--days", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Plan to the exam on 2026-12-20 (17 days), 10 minutes a day:"
    assert lines[1].startswith("  2026-12-03 Thu  ")
    assert lines[4] == "  ... 14 more days (--days N to show more)"
    assert any(line.startswith("Mock exams: ") for line in lines)
    data = json.loads(run("plan", "--json")[1])
    assert len(data["days"]) == 17
    assert data["days"][-1]["date"] == "2026-12-19"
    assert all(d["minutes"] <= d["cap"] for d in data["days"])
    assert json.loads(run("plan", "--json")[1]) == data
