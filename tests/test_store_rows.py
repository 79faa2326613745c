"""Typed rows: each column's value is written and read back as its type, the texts older trainers
wrote still read, and a damaged text is a StoreError that names the row."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.factory import START
from trainer.content.models import Response, SessionMode
from trainer.store import opening
from trainer.store.records import AnswerRow, ItemState, ScenarioRunRow, SessionRow
from trainer.store.sqlite import SqliteStore, StoreError


def _store(where: Path | str, mode: SessionMode = "practice") -> Any:
    """A history with one session "s1": a SQLite file in the folder `where`, or the history the
    contract suite's `history` names (SQLite or PostgreSQL)."""
    store = (
        SqliteStore(where / "h.sqlite3")
        if isinstance(where, Path)
        else opening.open_history(where, START)[0]
    )
    profile = store.profile("default", START)
    blueprint = "mock" if mode == "exam" else None
    store.start_session(
        SessionRow(
            id="s1", profile_id=profile, mode=mode, started_at=START, plan="{}", blueprint=blueprint
        )
    )
    return store


def _answer(
    item: str = "q1", response: Response = "B", tags: tuple[str, ...] = ("vwp", "fraud")
) -> AnswerRow:
    return AnswerRow(
        session_id="s1",
        profile_id=1,
        item_id=item,
        item_hash="h",
        section="law",
        topic="vwp",
        tags=tags,
        response=response,
        score=1.0,
        seconds=3.0,
        answered_at=START,
    )


def _record(store: SqliteStore, row: AnswerRow) -> int:
    return store.record_answer(row, position=0, section=0, section_elapsed="[]", seconds=1.0)


def _run(**fields: object) -> ScenarioRunRow:
    return ScenarioRunRow(
        id="run-1",
        profile_id=1,
        scenario_id="sample-interview",
        started_at=START,
        **fields,  # type: ignore[arg-type]
    )


def _set(store: SqliteStore, sql: str, *args: object) -> None:
    """Write a column's text as another version of the trainer (or a damaged disk) left it."""
    with sqlite3.connect(store.path) as db:
        db.execute(sql, args)


@pytest.mark.parametrize(
    "response", ["B", True, False, 2.5, 3, ("A", "C"), (2, None, 0), (), None, ""]
)
def test_every_kind_of_response_comes_back_as_it_was_given(
    history: str, response: Response
) -> None:
    store = _store(history)
    _record(store, _answer(response=response))
    [row] = store.answers("s1")
    assert row.response == response
    assert type(row.response) is type(response)
    assert next(store.all_answers()).response == response


def test_an_answer_comes_back_with_its_tags_as_a_tuple(history: str) -> None:
    store = _store(history)
    _record(store, _answer("q1", tags=("vwp", "fraud")))
    _record(store, _answer("q2", tags=()))
    assert [a.tags for a in store.answers("s1")] == [("vwp", "fraud"), ()]
    tallies = {t.tags for t in store.tallies(1, 0)}
    assert tallies == {("vwp", "fraud"), ()}
    keys = {(k.kind, k.key, k.tags) for k in store.key_tallies(1, 0, 14)}
    assert keys == {("topic", "law/vwp", ()), ("tags", "vwp,fraud", ("vwp", "fraud"))}


def test_a_first_attempt_brings_its_responses_decoded(history: str) -> None:
    store = _store(history, mode="exam")
    _record(store, _answer("q1", response=("A", "C")))
    _record(store, _answer("q2", response=None))
    store.finish_session(
        "s1",
        finished_at=START + timedelta(hours=1),
        score=1.0,
        passed=True,
        seconds=60,
        report=None,
    )
    [attempt] = store.first_attempts()
    assert {a.item_id: a.response for a in attempt.answers} == {"q1": ("A", "C"), "q2": None}


def test_struck_options_come_back_as_a_set_of_indexes(history: str) -> None:
    store = _store(history)
    store.set_item_state(ItemState(session_id="s1", item_id="q1", struck=frozenset({2, 0})))
    store.set_item_state(ItemState(session_id="s1", item_id="q2", flagged=True))
    states = {s.item_id: (s.flagged, s.struck) for s in store.item_states("s1")}
    assert states == {"q1": (False, frozenset({0, 2})), "q2": (True, frozenset())}


def test_an_interview_run_keeps_its_points_and_moves(history: str) -> None:
    store = _store(history)
    moves = ({"choice": 0}, {"text": "Open the bag, please."}, {"continue": True})
    store.save_scenario_run(_run(scores={"professionalism": 1.5}, path=moves[:1]))
    [running] = store.scenario_runs(1)
    assert (running.scores, running.path) == ({"professionalism": 1.5}, moves[:1])
    store.save_scenario_run(
        _run(
            finished_at=START + timedelta(minutes=5),
            outcome="admitted",
            scores={"professionalism": (2.0, 4.0)},
            path=moves,
        )
    )
    [done] = store.scenario_runs(1)
    assert (done.scores, done.path) == ({"professionalism": (2.0, 4.0)}, moves)
    assert [(b.key, b.total) for b in store.competencies(1)] == [("professionalism", 0.5)]


def test_the_texts_an_older_trainer_wrote_still_read(sealed: Path) -> None:
    store = _store(sealed)
    answer = _record(store, _answer())
    store.set_item_state(ItemState(session_id="s1", item_id="q1"))
    store.save_scenario_run(_run(finished_at=START, outcome="refused"))
    # The columns as the trainer wrote them by hand before its rows were typed.
    _set(store, "UPDATE answers SET tags = 'a,b', response = '[\"A\",\"C\"]' WHERE id = ?", answer)
    _set(store, "UPDATE item_states SET struck = '0,3'")
    _set(
        store,
        "UPDATE scenario_runs SET scores = ?, path = ?",
        '{"tact": [2.0, 3.0], "safety": [0, 0]}',
        '[{"choice": 1}, {"continue": true}, {"text": "Hello."}]',
    )
    [row] = store.answers("s1")
    assert (row.tags, row.response) == (("a", "b"), ("A", "C"))
    assert store.item_states("s1")[0].struck == frozenset({0, 3})
    [run] = store.scenario_runs(1)
    assert run.scores == {"tact": (2.0, 3.0), "safety": (0.0, 0.0)}
    assert run.path == ({"choice": 1}, {"continue": True}, {"text": "Hello."})
    # The table's defaults: no tags, no struck options, no points or moves yet.
    _set(store, "UPDATE answers SET tags = '', response = '[0,null]'")
    _set(store, "UPDATE item_states SET struck = ''")
    _set(store, "UPDATE scenario_runs SET scores = '{}', path = '[]'")
    assert (store.answers("s1")[0].tags, store.answers("s1")[0].response) == ((), (0, None))
    assert store.item_states("s1")[0].struck == frozenset()
    assert (store.scenario_runs(1)[0].scores, store.scenario_runs(1)[0].path) == ({}, ())


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('["A",', "truncated"),
        ('{"A": 1}', "Expected"),
        ('["A", 1]', "a list of both letters and numbers"),
        ("[true]", "got `bool`"),
    ],
)
def test_a_damaged_response_is_a_store_error_naming_the_answer(
    sealed: Path, text: str, why: str
) -> None:
    store = _store(sealed, mode="exam")
    answer = _record(store, _answer())
    store.finish_session("s1", finished_at=START, score=1.0, passed=True, seconds=1, report=None)
    _set(store, "UPDATE answers SET response = ?", text)
    with pytest.raises(StoreError, match=f"the response of answer {answer} cannot be read") as e:
        store.answers("s1")
    assert why in str(e.value)
    with pytest.raises(StoreError, match="the response to 'q1' in session 's1' cannot be read"):
        store.first_attempts()


def test_damaged_struck_options_are_a_store_error_naming_the_item(sealed: Path) -> None:
    store = _store(sealed)
    store.set_item_state(ItemState(session_id="s1", item_id="q1", struck=frozenset({1})))
    _set(store, "UPDATE item_states SET struck = '1,x'")
    with pytest.raises(StoreError, match="the struck options of 'q1' in session 's1' cannot be"):
        store.item_states("s1")


@pytest.mark.parametrize(
    ("column", "text", "what"),
    [
        ("scores", '{"tact": "high"}', "scores"),
        ("scores", "{", "scores"),
        ("path", '[{"choice": [1]}]', "moves"),
        ("path", '"choice"', "moves"),
    ],
)
def test_a_damaged_interview_run_is_a_store_error_naming_the_run(
    sealed: Path, column: str, text: str, what: str
) -> None:
    store = _store(sealed)
    store.save_scenario_run(_run(finished_at=START))
    _set(store, f"UPDATE scenario_runs SET {column} = ?", text)
    reading = store.scenario_runs if column == "path" else store.competencies
    with pytest.raises(StoreError, match=f"the {what} of run 'run-1' cannot be read"):
        reading(1)


@pytest.mark.parametrize("tags", [("vwp,fraud",), ("vwp", ""), ("",)])
def test_a_tag_that_the_column_cannot_keep_is_refused_and_nothing_written(
    history: str, tags: tuple[str, ...]
) -> None:
    store = _store(history)
    with pytest.raises(StoreError, match="a tag cannot be empty or contain a comma"):
        _record(store, _answer(tags=tags))
    assert store.answers("s1") == []
