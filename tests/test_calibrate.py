"""Calibration over the history: stored item parameters, the first attempts calibration reads,
a simulated class whose hard and mis-authored questions are found, and `trainer calibrate`."""

from __future__ import annotations

import io
import json
import math
import random
from pathlib import Path

import pytest
from msgspec.structs import replace

from tests.conftest import Write
from tests.factory import START
from trainer import cli, config
from trainer.content import loader
from trainer.content.catalog import Catalog, Item
from trainer.engine import irt
from trainer.store import sqlite as store_module
from trainer.store.records import AnswerRow, CalibrationAnswer, ParameterRow, SessionRow
from trainer.store.sqlite import SqliteStore
from trainer.study import calibration, item_hash


def session(store: SqliteStore, sid: str, profile: str) -> tuple[str, int]:
    pid = store.profile(profile, START)
    store.start_session(
        SessionRow(id=sid, profile_id=pid, mode="practice", started_at=START, plan="{}")
    )
    return sid, pid


def record(
    store: SqliteStore, sid: str, pid: int, item: str, score: float | None, item_hash: str = "h"
) -> int:
    row = AnswerRow(
        session_id=sid,
        profile_id=pid,
        item_id=item,
        item_hash=item_hash,
        section="law",
        topic="admission",
        tags=(),
        response="B",
        score=score,
        seconds=5.0,
        answered_at=START,
    )
    return store.record_answer(row, position=0, section=0, section_elapsed="[]", seconds=0.0)


def parameter_row(
    item: str, b: float, *, item_hash: str = "h", prior: bool = False
) -> ParameterRow:
    return ParameterRow(
        item_id=item,
        item_hash=item_hash,
        model="2pl",
        a=1.2,
        b=b,
        c=0.25,
        se_a=0.3,
        se_b=0.2,
        answers=40,
        prior=prior,
        calibrated_at=START,
    )


# The store.


def test_item_parameters_round_trip_and_each_save_replaces_them_all(sealed: Path) -> None:
    store = SqliteStore(sealed / "h.sqlite3")
    assert store.item_parameters() == {}
    first = [parameter_row("law-01", -0.5), parameter_row("law-02", 1.5, prior=True)]
    store.save_item_parameters(first)
    assert store.item_parameters() == {row.item_id: row for row in first}
    unbounded = replace(parameter_row("law-02", 0.7, item_hash="h2"), se_a=math.inf)
    store.save_item_parameters([unbounded])
    # law-01 is no longer calibrated: it has no parameters at all.
    assert store.item_parameters() == {"law-02": unbounded}
    store.close()
    assert SqliteStore(sealed / "h.sqlite3").item_parameters() == {"law-02": unbounded}


def test_a_failed_save_keeps_the_parameters_there_were(sealed: Path) -> None:
    store = SqliteStore(sealed / "h.sqlite3")
    kept = [parameter_row("law-01", -0.5)]
    store.save_item_parameters(kept)
    twice = [parameter_row("law-02", 0.0), parameter_row("law-02", 1.0)]
    with pytest.raises(store_module.StoreError):
        store.save_item_parameters(twice)
    assert store.item_parameters() == {"law-01": kept[0]}


def test_calibration_reads_each_profiles_first_counting_answer_to_each_item(
    sealed: Path,
) -> None:
    store = SqliteStore(sealed / "h.sqlite3")
    s1, ana = session(store, "s1", "ana")
    record(store, s1, ana, "x", 0.0, "old")  # changed in the same session: superseded
    x = record(store, s1, ana, "x", 1.0, "new")
    record(store, s1, ana, "y", None)  # not scored
    s2, _ = session(store, "s2", "ana")
    y = record(store, s2, ana, "y", 0.5)
    record(store, s2, ana, "x", 0.0)  # a later attempt, after feedback
    s3, ben = session(store, "s3", "ben")
    ben_x = record(store, s3, ben, "x", 0.0)
    record(store, s3, ben, "x", 1.0)  # ben changed his answer: only the new one counts
    assert store.calibration_answers() == [
        CalibrationAnswer(str(ana), "x", "new", 1.0, x),
        CalibrationAnswer(str(ana), "y", "h", 0.5, y),
        CalibrationAnswer(str(ben), "x", "h", 1.0, ben_x + 1),
    ]


def test_a_history_of_the_goals_schema_migrates_to_item_parameters(sealed: Path) -> None:
    path = sealed / "old.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:3])
        patch.setattr(store_module, "SCHEMA_VERSION", 3)
        old = SqliteStore(path)
        assert old.schema_version == 3
        sid, pid = session(old, "s1", "ana")
        old._db.execute(
            "INSERT INTO answers(session_id, profile_id, item_id, item_hash, section, topic, tags,"
            " response, score, seconds, answered_at, week) VALUES (?, ?, 'x', 'h', 'law',"
            " 'admission', '', '\"B\"', 1.0, 5.0, ?, 0)",
            (sid, pid, START.isoformat()),
        )
        with pytest.raises(store_module.StoreError, match="no such table: item_parameters"):
            old.item_parameters()
        old.close()
    migrated = SqliteStore(path)
    assert migrated.schema_version == store_module.SCHEMA_VERSION
    assert migrated.item_parameters() == {}
    assert [a.item for a in migrated.calibration_answers()] == ["x"]
    migrated.save_item_parameters([parameter_row("x", 0.3)])
    assert migrated.item_parameters()["x"].b == 0.3


# A simulated class. Free-response questions (no guessing floor) except `choice`; `trap` was
# authored as easy (1) but is beyond nearly everyone; `rare` has too few answers to be fitted.

BANK = (
    """
bank: calibration-law
title: Calibration bank
section: law
topic: admission
questions:
"""
    + "".join(
        f"""
  - id: {qid}
    type: numeric
    prompt: Question {qid}?
    answer: 1
    explanation: It is one. Not two.
    difficulty: {difficulty}
"""
        for qid, difficulty in (("easy", 2), ("mid", 3), ("hard", 4), ("trap", 1), ("rare", 3))
    )
    + """
  - id: choice
    type: single
    prompt: Which one?
    options: [one, two, three, four]
    answer: B
    explanation: It is two. The others are not.
    difficulty: 3
"""
)
TRUE_B = {"easy": -1.5, "mid": 0.0, "hard": 1.5, "trap": 3.0, "rare": 0.0, "choice": 0.0}
PROFILES = 120
RARE = 5
"""Profiles that answer `rare`: fewer than the 30 a fit needs."""


def bank_catalog(folder: Path) -> Catalog:
    result = loader.load([folder])
    assert not result.problems
    return result.catalog


def simulate(cat: Catalog, store: SqliteStore, hashes: dict[str, str] | None = None) -> None:
    """Each profile, of an ability drawn from a standard normal, answers every question once
    (`rare` only the first few), right with the model's chance at the true parameters; then
    takes `trap` again after its feedback and gets it right."""
    rng = random.Random(7)
    for p in range(PROFILES):
        theta = rng.gauss(0.0, 1.0)
        sid, pid = session(store, f"first-{p:03d}", f"candidate-{p:03d}")
        for item in cat.items:
            if item.id == "rare" and p >= RARE:
                continue
            truth = irt.Parameters(item.id, 1.5, TRUE_B[item.id], irt.guessing(item.question))
            score = 1.0 if rng.random() < irt.probability(truth, theta) else 0.0
            digest = (hashes or {}).get(item.id, item_hash(item))
            record(store, sid, pid, item.id, score, digest)
        again, _ = session(store, f"again-{p:03d}", f"candidate-{p:03d}")
        record(store, again, pid, "trap", 1.0, item_hash(cat.by_id["trap"]))


@pytest.fixture
def bank(write: Write) -> Path:
    write("content/calibration.yaml", BANK)
    return Path("content")


def test_a_simulated_class_orders_the_items_and_finds_the_mis_authored_one(
    bank: Path, sealed: Path
) -> None:
    cat = bank_catalog(bank)
    store = SqliteStore(sealed / "h.sqlite3")
    simulate(cat, store)
    report = calibration.run(cat, store, START, irt.Settings())
    fits = {fit.id: fit for fit in report.calibration.items}
    assert set(fits) == set(TRUE_B)
    assert (report.items, report.fitted, report.prior) == (6, 5, 1)
    assert (report.profiles, report.answers, report.changed, report.gone) == (
        PROFILES, 5 * PROFILES + RARE, 0, 0
    )  # fmt: skip
    assert report.calibration.converged
    assert fits["rare"].prior
    assert fits["rare"].answers == RARE
    assert fits["easy"].b < fits["mid"].b < fits["hard"].b
    assert fits["hard"].b - fits["easy"].b > 2.0
    assert fits["choice"].c == 0.25
    (trap,) = report.disagreements
    assert (trap.id, trap.authored, trap.direction) == ("trap", 1, "harder")
    assert trap.low > irt.band(1)[1]
    assert trap.answers == PROFILES
    stored = store.item_parameters()
    assert set(stored) == set(TRUE_B)
    for fit in report.calibration.items:
        row = stored[fit.id]
        assert (row.a, row.b, row.se_b, row.prior, row.answers) == (
            fit.a, fit.b, fit.se_b, fit.prior, fit.answers
        )  # fmt: skip
        assert row.item_hash == item_hash(cat.by_id[fit.id])
        assert (row.model, row.calibrated_at) == ("2pl", START)


def test_answers_to_a_question_edited_since_are_left_out(bank: Path, sealed: Path) -> None:
    cat = bank_catalog(bank)
    store = SqliteStore(sealed / "h.sqlite3")
    simulate(cat, store, hashes={"hard": "an-older-version"})
    sid, pid = session(store, "gone", "candidate-000")
    record(store, sid, pid, "deleted-question", 1.0)
    report = calibration.run(cat, store, START, irt.Settings())
    fits = {fit.id: fit for fit in report.calibration.items}
    assert (report.changed, report.gone) == (PROFILES, 1)
    assert report.answers == 4 * PROFILES + RARE
    assert fits["hard"].prior
    assert fits["hard"].answers == 0
    assert not fits["easy"].prior


def test_parameters_are_the_stored_fits_while_the_question_is_unchanged(
    bank: Path, sealed: Path
) -> None:
    cat = bank_catalog(bank)
    store = SqliteStore(sealed / "h.sqlite3")
    priors = {item.id: irt.PRIORS.start(irt.spec(item.question)) for item in cat.items}
    assert calibration.parameters(cat, store) == priors
    simulate(cat, store)
    report = calibration.run(cat, store, START, irt.Settings())
    fits = {fit.id: fit for fit in report.calibration.items}
    found = calibration.parameters(cat, store)
    assert found == {qid: fit.parameters for qid, fit in fits.items()}
    assert found["hard"] != priors["hard"]

    edited = Catalog(
        tuple(
            replace(i, question=replace(i.question, prompt="Edited?")) if i.id == "hard" else i
            for i in cat.items
        )
    )
    after_edit = calibration.parameters(edited, store)
    assert after_edit["hard"] == priors["hard"]
    assert after_edit["easy"] == fits["easy"].parameters


def test_the_guessing_floor_comes_from_the_question_as_it_stands(bank: Path, sealed: Path) -> None:
    cat = bank_catalog(bank)
    store = SqliteStore(sealed / "h.sqlite3")
    choice: Item = cat.by_id["choice"]
    stored = replace(parameter_row("choice", 0.8, item_hash=item_hash(choice)), c=0.9)
    store.save_item_parameters([stored])
    assert calibration.parameters(cat, store)["choice"] == irt.Parameters("choice", 1.2, 0.8, 0.25)


# The command line.


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main([*argv, "--content", "content"], out), out.getvalue()


@pytest.fixture
def content(bank: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Only the calibration bank loaded; `trainer` opens the history in the sealed data folder."""
    monkeypatch.setattr(config, "shipped_content", list)
    return bank


@pytest.fixture
def history(content: Path) -> None:
    """The simulated class in the history `trainer` itself opens."""
    locations, _, _ = config.locate([content])
    store = SqliteStore(locations.history)
    simulate(bank_catalog(content), store)
    store.close()


def stored() -> dict[str, ParameterRow]:
    locations, _, _ = config.locate([Path("content")])
    store = SqliteStore(locations.history)
    try:
        return store.item_parameters()
    finally:
        store.close()


def test_calibrate_prints_the_summary_and_the_disagreeing_items(history: None) -> None:
    code, out = run("calibrate")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        f"6 items calibrated (2PL) from {5 * PROFILES + RARE} first attempts by {PROFILES}"
        " profiles: 5 fitted from their answers, 1 kept their prior (fewer than 30 first"
        " attempts)."
    )
    assert lines[1].startswith("EM converged after ")
    assert lines[3] == "Items whose answers disagree with their authored difficulty:"
    assert lines[4].split() == ["item", "authored", "implied", "b", "95%", "interval", "answers"]
    (row,) = lines[5:]
    words = row.split()
    assert words[:2] == ["trap", "1"]
    assert words[-2:] == [str(PROFILES), "harder"]
    assert float(words[3]) == pytest.approx(stored()["trap"].b, abs=0.005)
    assert len(stored()) == 6


def test_calibrate_as_json(history: None) -> None:
    code, out = run("calibrate", "--json", "--model", "1pl", "--min-answers", "3")
    assert code == 0
    report = json.loads(out)
    assert (report["model"], report["min_answers"]) == ("1pl", 3)
    summary = report["summary"]
    assert (summary["items"], summary["fitted"], summary["prior"]) == (6, 6, 0)
    assert (summary["profiles"], summary["answers"]) == (PROFILES, 5 * PROFILES + RARE)
    assert summary["converged"] is True
    assert summary["iterations"] > 0
    items = {i["id"]: i for i in report["items"]}
    assert set(items) == set(TRUE_B)
    assert {i["a"] for i in items.values()} == {irt.PRIORS.a_median}
    assert {i["se_a"] for i in items.values()} == {0.0}
    assert items["easy"]["b"] < items["hard"]["b"]
    assert items["rare"]["answers"] == RARE
    assert items["rare"]["prior"] is False
    assert [d["id"] for d in report["disagreements"]] == ["trap"]
    assert report["disagreements"][0]["direction"] == "harder"
    assert {r.model for r in stored().values()} == {"1pl"}


def test_calibrate_with_no_history_keeps_every_prior(content: Path) -> None:
    code, out = run("calibrate")
    assert code == 0
    assert out == (
        "No first attempts in the history yet: all 6 items keep the prior from their authored"
        " difficulty (2PL).\n"
    )
    code, out = run("calibrate", "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["summary"]["fitted"], report["summary"]["prior"]) == (0, 6)
    assert all(i["prior"] for i in report["items"])
    assert report["disagreements"] == []
    assert {r.b for r in stored().values()} == {-2.0, -1.0, 0.0, 1.0}


def test_calibrate_with_too_few_answers_for_any_fit_says_so(history: None) -> None:
    code, out = run("calibrate", "--min-answers", str(PROFILES + 1))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith(
        f"0 fitted from their answers, 6 kept their prior (fewer than {PROFILES + 1} first"
        " attempts)."
    )
    assert lines[1:] == [f"No item has {PROFILES + 1} first attempts yet: nothing fitted."]


@pytest.mark.parametrize(
    ("given", "said"), [("0", "takes 1 or more, not 0"), ("some", "'some' is not a whole number")]
)
def test_calibrate_refuses_a_bad_minimum(
    content: Path, given: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run("calibrate", "--min-answers", given)
    assert exited.value.code == 2
    assert f"argument --min-answers: {said}" in capsys.readouterr().err
    assert stored() == {}


def test_a_changed_question_is_named_in_the_summary(content: Path) -> None:
    locations, _, _ = config.locate([content])
    store = SqliteStore(locations.history)
    sid, pid = session(store, "s1", "ana")
    record(store, sid, pid, "easy", 1.0, "an-older-version")
    record(store, sid, pid, "nowhere", 1.0)
    store.close()
    code, out = run("calibrate")
    assert code == 0
    assert out.splitlines() == [
        "No first attempts at the questions as they stand: all 6 items keep the prior from"
        " their authored difficulty (2PL).",
        "1 first attempt left out: the question was edited since.",
        "1 first attempt left out: the question is no longer loaded.",
    ]
    assert stored()["easy"].prior
