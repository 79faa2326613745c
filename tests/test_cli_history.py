"""The history commands: sessions, one session's answers, weak areas, exports; never Textual."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Write
from tests.samples import BANK, BLUEPRINT
from trainer import cli, config
from trainer.engine.clock import SystemClock
from trainer.store.sqlite import open_store


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(list(argv), out), out.getvalue()


@pytest.fixture(autouse=True)
def content(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "shipped_content", list)
    write("content/law.yaml", BANK)
    write("content/exam.yaml", BLUEPRINT)


@pytest.fixture
def practised() -> str:
    """One practice session with two answers, one right and one wrong, in the real history."""
    import random

    from trainer.content import loader
    from trainer.study import Study

    locations, _, _ = config.locate([Path("content")])
    clock = SystemClock()
    store, _ = open_store(locations.history, clock.now())
    catalog = loader.load(locations.all_content).catalog
    study = Study(catalog, store, clock, random.Random(3))
    live = study.start_practice(2, section="law", topic="admission", seed=11)
    first = live.item()
    live.answer(first.question.answer)
    live.go(1)
    live.answer(None)
    store.close()
    return live.session_id


def test_history_lists_sessions(practised: str) -> None:
    code, out = run("history", "--content", "content")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["session", "date", "mode", "score", "time", "title"]
    assert lines[1].startswith(practised)
    assert "practice" in lines[1]
    assert lines[1].split()[4] == "open"


def test_history_json(practised: str) -> None:
    code, out = run("history", "--json", "--content", "content")
    [session] = json.loads(out)
    assert code == 0
    assert session["id"] == practised
    assert session["items"] == 2


def test_one_session_with_every_answer_and_the_right_one(practised: str) -> None:
    code, out = run("history", practised, "--json", "--content", "content")
    data = json.loads(out)
    assert code == 0
    assert [a["score"] for a in data["answers"]] == [1.0, 0.0]
    assert data["answers"][1]["response"] is None
    assert data["answers"][1]["right_answer"] is not None
    code, text = run("history", practised, "--content", "content")
    assert "right:" in text


def test_an_unknown_session(practised: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("history", "nope", "--content", "content")[0] == 1
    assert "no session 'nope'" in capsys.readouterr().err


def test_weak_lists_topics_and_a_recommendation(practised: str) -> None:
    code, out = run("weak", "--json", "--content", "content")
    data = json.loads(out)
    assert code == 0
    assert [r["topic"] for r in data["ranked"]] == ["law/admission"]
    assert "law/vwp" in data["unexplored"]
    assert [s["key"] for s in data["sections"]] == ["law"]
    assert data["sections"][0]["answers"] == 2
    assert data["recommendation"]
    code, text = run("weak", "--content", "content")
    assert "Weakest first:" in text


def test_export_csv_and_json(practised: str, sealed: Path) -> None:
    code, out = run("export", "--format", "csv", "--content", "content")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["score"] for r in rows] == ["1.0", "0.0"]
    target = sealed / "answers.json"
    code, out = run("export", "--format", "json", "--out", str(target), "--content", "content")
    assert (code, out) == (0, f"2 answers written to {target}\n")
    assert len(json.loads(target.read_text())) == 2


def test_export_to_an_unwritable_place(practised: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", "--out", "no/such/dir/x.csv", "--content", "content")[0] == 1
    assert "cannot write no/such/dir/x.csv" in capsys.readouterr().err


def test_a_corrupt_history_is_moved_aside_with_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = Path(os.environ["TRAINER_HOME"])
    home.mkdir(parents=True)
    (home / "history.sqlite3").write_bytes(b"garbage" * 300)
    code, out = run("history", "--content", "content")
    assert (code, out) == (0, "No sessions yet.\n")
    err = capsys.readouterr().err
    assert "was damaged; it was kept as history.sqlite3.corrupt-" in err
    assert len(list(home.glob("history.sqlite3.corrupt-*"))) == 1


def test_a_history_from_a_newer_trainer_stops_with_a_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sqlite3

    home = Path(os.environ["TRAINER_HOME"])
    run("history", "--content", "content")
    with sqlite3.connect(home / "history.sqlite3") as db:
        db.execute("PRAGMA user_version = 99")
    assert run("history", "--content", "content")[0] == 1
    assert "written by a newer trainer" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["history"], ["weak"], ["export"]])
def test_history_commands_never_import_textual(command: list[str]) -> None:
    probe = (
        "import sys, io\n"
        "from trainer import cli, config\n"
        "config.shipped_content = list\n"
        f"code = cli.main({command!r} + ['--content', 'content'], io.StringIO())\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(code, loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0 []"
