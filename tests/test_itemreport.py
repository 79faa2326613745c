"""Item analysis over a real history: first sittings from the store, a simulated class whose
flawed questions are found, and `trainer items` on the command line."""

from __future__ import annotations

import io
import json
import math
import random
from datetime import timedelta
from pathlib import Path

import pytest
from msgspec.structs import replace

from tests.classes import (
    CLASS_BANK,
    CLASS_EXAM,
    TRUTH,
    load_catalog,
    simulate,
    sit,
)
from tests.conftest import Write
from tests.factory import START, catalog, study
from trainer import cli, config, itemreport
from trainer.content.catalog import Catalog
from trainer.content.models import Multiple, Single, TrueFalse
from trainer.engine.clock import ManualClock
from trainer.store.sqlite import SqliteStore
from trainer.study import Study


def test_first_attempts_are_each_profiles_first_closed_sitting(sealed: Path) -> None:
    first, clock = study(sealed)
    live = first.start_exam("two-part", form=5)
    asked = live.plan.item_ids
    changed = asked[0]
    # The first answer to the first question is changed: only the latest counts.
    live.answer("A")
    sit(live, lambda qid: "B")
    clock.advance(3600)
    sit(first.start_exam("two-part", form=6), lambda qid: "C")
    other = Study(first.catalog, first.store, clock, random.Random(2), profile="other")
    sit(other.start_exam("two-part", form=7), lambda qid: "D", submit=False)  # still open
    other.start_practice(3).answer("B")
    clock.advance(60)
    later = other.start_exam("two-part", form=8)
    sit(later, lambda qid: ... if qid == later.plan.item_ids[0] else "B")

    rows = first.store.first_attempts()
    assert [(r.profile_id, r.form_code, r.state) for r in rows] == [
        (first.profile_id, live.plan.form_code, "finished"),
        (other.profile_id, later.plan.form_code, "finished"),
    ]
    mine = rows[0]
    assert mine.session_id == live.session_id
    assert sorted(a.item_id for a in mine.answers) == sorted(asked)
    assert {a.item_id: a.response for a in mine.answers}[changed] == "B"
    assert len(rows[1].answers) == len(later.plan.item_ids) - 1
    assert first.store.first_attempts("two-part") == rows
    assert first.store.first_attempts("another") == []


def test_a_sitting_left_before_its_end_counts_as_a_first_attempt(sealed: Path) -> None:
    s, _ = study(sealed)
    live = s.start_exam("two-part", form=5)
    live.answer("B")
    live.submit(state="left")
    (row,) = s.store.first_attempts()
    assert row.state == "left"
    attempt = itemreport.attempt_of(row, s.catalog)
    # Every question asked is in the attempt; the unanswered ones score 0.
    assert list(attempt.marks) == live.plan.item_ids
    assert sum(attempt.marks.values()) == 1.0


def test_an_empty_history_has_no_first_attempts(sealed: Path) -> None:
    s, _ = study(sealed)
    assert s.store.first_attempts() == []
    assert itemreport.analyse_history(s.catalog, s.store) == []


def test_options_are_read_as_authored_whatever_order_they_were_shown_in() -> None:
    single = Single(id="s", prompt="?", explanation="x. y.", difficulty=1, options=("a", "b", "c"),
                    answer="B")  # fmt: skip
    several = Multiple(id="m", prompt="?", explanation="x. y.", difficulty=1,
                       options=("a", "b", "c"), answer=("A", "C"))  # fmt: skip
    truth = TrueFalse(id="t", prompt="?", explanation="x. y.", difficulty=1, answer=False)
    assert itemreport.chosen(single, "C") == {"C"}
    assert itemreport.chosen(single, None) == frozenset()
    assert itemreport.chosen(several, ("A", "C")) == {"A", "C"}
    assert itemreport.chosen(several, "A") == frozenset()
    assert itemreport.chosen(truth, True) == {"True"}
    assert itemreport.chosen(truth, "true") == frozenset()


def test_a_shuffled_exam_records_and_analyses_the_letters_of_the_bank(sealed: Path) -> None:
    """The options were shown shuffled; the answer kept, and the option counted, is the bank's."""
    cat = catalog()
    shuffled = replace(cat.blueprints["two-part"], shuffle_options=True)
    cat = Catalog(cat.items, {"two-part": shuffled}, {})
    s, _ = study(sealed, cat)
    live = s.start_exam("two-part", form=9)
    assert any(p.order and list(p.order) != sorted(p.order) for p in live.plan.sections[0].items)
    sit(live, lambda qid: True if qid == "tf-01" else "C")
    (report,) = itemreport.analyse_history(cat, s.store)
    for item in report.stats.items:
        chosen = {o.label for o in item.options if o.chosen}
        assert chosen == ({"True"} if item.id == "tf-01" else {"C"})


def test_answers_to_an_edited_question_are_analysed_apart(sealed: Path) -> None:
    s, _ = study(sealed)
    live = s.start_exam("two-part", form=5)
    sit(live, lambda qid: "B")
    edited_id = live.plan.item_ids[0]
    items = tuple(
        replace(i, question=replace(i.question, prompt="Edited?")) if i.id == edited_id else i
        for i in s.catalog.items
    )
    edited = Catalog(items, s.catalog.blueprints, {})
    (report,) = itemreport.analyse_history(edited, s.store)
    ids = [i.id for i in report.stats.items]
    assert edited_id not in ids
    assert edited_id + itemreport.EARLIER in ids


def test_all_or_nothing_exams_count_marks_as_the_exam_did(sealed: Path) -> None:
    from trainer.engine.plan import draw_exam

    cat = catalog()
    several = Multiple(id="law-many", prompt="?", explanation="x. y.", difficulty=1,
                       options=("a", "b", "c"), answer=("A", "B"))  # fmt: skip
    first = cat.items[0]
    items = (*cat.items, type(first)(several, "law", "admission", "law", "memory", 200))
    strict = replace(cat.blueprints["two-part"], scoring="all_or_nothing")
    cat = Catalog(items, {"two-part": strict}, {})
    seed = next(n for n in range(500) if "law-many" in draw_exam(cat, strict, n).item_ids)
    s, _ = study(sealed, cat)
    live = s.start_exam("two-part", form=seed)
    sit(live, lambda qid: ("A",) if qid == "law-many" else "B")
    assert {a.item_id: a.score for a in s.store.answers(live.session_id)}["law-many"] == 0.5
    (row,) = s.store.first_attempts()
    attempt = itemreport.attempt_of(row, cat)
    assert attempt.marks["law-many"] == 0.0
    assert attempt.chosen["law-many"] == {"A"}


@pytest.fixture
def class_content(write: Write) -> Path:
    write("content/class.yaml", CLASS_BANK)
    write("content/class-exam.yaml", CLASS_EXAM)
    return Path("content")


def test_a_simulated_class_finds_the_wrong_key_and_the_dead_distractor(
    class_content: Path, sealed: Path
) -> None:
    cat = load_catalog(class_content)
    store = SqliteStore(sealed / "history.sqlite3")
    clock = ManualClock(START)
    simulate(cat, store, clock)
    # Everyone sits again: second sittings are by candidates who have seen the answers.
    for c in range(3):
        again = Study(cat, store, clock, random.Random(c), profile=f"candidate-{c:02d}")
        sit(again.start_exam("class-mock"), TRUTH.__getitem__)
    (report,) = itemreport.analyse_history(cat, store)
    stats = report.stats
    assert (report.blueprint, report.title, stats.attempts, stats.fixed) == (
        "class-mock", "Class mock", 40, True
    )  # fmt: skip
    flagged = {i.id: {f.kind for f in i.flags} for i in stats.items if i.flags}
    assert set(flagged) == {"c-03", "c-06"}
    assert {"negative", "strong-distractor"} <= flagged["c-03"]
    strong = [f for f in stats.items[0].flags if f.kind == "strong-distractor"]
    assert strong == []
    wrong_key = next(i for i in stats.items if i.id == "c-03")
    assert [f.option for f in wrong_key.flags if f.kind == "strong-distractor"] == ["C"]
    assert flagged["c-06"] == {"unused"}
    dead = next(i for i in stats.items if i.id == "c-06")
    assert [f.reason for f in dead.flags] == ["distractor D chosen by nobody"]
    assert stats.alpha is not None
    assert stats.alpha > 0.5
    assert stats.sem is not None
    assert stats.sd is not None
    assert stats.sem == pytest.approx(stats.sd * math.sqrt(1 - stats.alpha))
    store.close()


# The command line.


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(list(argv), out), out.getvalue()


@pytest.fixture
def history(class_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The simulated class in the history `trainer` itself opens."""
    monkeypatch.setattr(config, "shipped_content", list)
    locations, _, _ = config.locate([class_content])
    store = SqliteStore(locations.history)
    simulate(load_catalog(class_content), store, ManualClock(START - timedelta(days=30)))
    store.close()


def test_items_prints_a_table_per_mock_exam(history: None) -> None:
    code, out = run("items", "--content", "content")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Class mock (class-mock)"
    assert lines[1].startswith("  40 first attempts, 8 questions (one form); alpha 0.")
    assert "SEM " in lines[1]
    assert lines[2].split() == ["question", "n", "facility", "SD", "discr.", "effic.", "flags"]
    rows = {line.split()[0]: line for line in lines[3:]}
    assert set(rows) == set(TRUTH)
    assert "negative discrimination" in rows["c-03"]
    assert "key may be wrong" in rows["c-03"]
    assert rows["c-06"].endswith("distractor D chosen by nobody")
    assert rows["c-01"].split()[1] == "40"


def test_items_as_json(history: None) -> None:
    code, out = run("items", "--content", "content", "--blueprint", "class-mock", "--json")
    assert code == 0
    (form,) = json.loads(out)
    assert form["blueprint"] == "class-mock"
    assert form["attempts"] == 40
    items = {i["id"]: i for i in form["items"]}
    assert [f["kind"] for f in items["c-06"]["flags"]] == ["unused"]
    assert [o["label"] for o in items["c-06"]["options"]] == ["A", "B", "C", "D"]
    assert items["c-06"]["options"][3]["chosen"] == 0
    assert 0 <= items["c-01"]["facility"] <= 1
    assert items["c-01"]["facility"] == round(items["c-01"]["facility"], 4)


def test_items_with_no_history_says_so(
    class_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "shipped_content", list)
    code, out = run("items", "--content", "content")
    assert code == 0
    assert out.startswith("No finished mock exams yet: item analysis reads each candidate's")
    code, out = run("items", "--content", "content", "--blueprint", "class-mock")
    assert out.startswith("No finished mock exams of 'class-mock' yet")
    code, out = run("items", "--content", "content", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_items_for_an_unknown_mock_exam_fails(
    class_content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(config, "shipped_content", list)
    code, out = run("items", "--content", "content", "--blueprint", "nope")
    assert code == 1
    assert out == ""
    assert "no mock exam 'nope' (known: class-mock)" in capsys.readouterr().err
