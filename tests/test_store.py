"""The SQLite history: schema and migrations, damaged and foreign files, two writers at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.factory import START
from trainer.store import sqlite as store_module
from trainer.store.records import AnswerRow, SessionRow
from trainer.store.sqlite import SCHEMA_VERSION, SqliteStore, StoreError, day_number, open_store


def session(store: SqliteStore, sid: str = "s1") -> str:
    profile = store.profile("default", START)
    store.start_session(
        SessionRow(id=sid, profile_id=profile, mode="practice", started_at=START, plan="{}")
    )
    return sid


def answer(
    sid: str, item: str, score: float = 1.0, at: datetime = START, tags: tuple[str, ...] = ()
) -> AnswerRow:
    return AnswerRow(
        session_id=sid,
        profile_id=1,
        item_id=item,
        item_hash="h",
        section="law",
        topic="vwp",
        tags=tags,
        response="B",
        score=score,
        seconds=3.0,
        answered_at=at,
    )


def record(store: SqliteStore, row: AnswerRow) -> int:
    return store.record_answer(row, position=0, section=0, section_elapsed="[]", seconds=0.0)


def test_a_new_store_has_the_schema_wal_and_our_mark(sealed: Path) -> None:
    path = sealed / "h.sqlite3"
    store = SqliteStore(path)
    assert store.schema_version == SCHEMA_VERSION
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA application_id").fetchone()[0] == store_module.APPLICATION_ID


def test_naive_datetimes_are_refused(sealed: Path) -> None:
    store = SqliteStore(sealed / "h.sqlite3")
    with pytest.raises(ValueError, match="naive"):
        store.profile("x", datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test


def test_a_store_from_an_older_schema_migrates_forward(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sealed / "h.sqlite3"
    SqliteStore(path).close()
    extra = "ALTER TABLE profiles ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue'"
    monkeypatch.setattr(store_module, "MIGRATIONS", (*store_module.MIGRATIONS, extra))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    store = SqliteStore(path)
    assert store.schema_version == SCHEMA_VERSION + 1
    assert sqlite3.connect(path).execute("SELECT colour FROM profiles").fetchall() == []


def test_a_store_from_a_newer_trainer_is_left_alone(sealed: Path) -> None:
    path = sealed / "h.sqlite3"
    SqliteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(StoreError, match="written by a newer trainer"):
        open_store(path, START)
    assert path.exists()
    assert list(sealed.glob("h.sqlite3.corrupt-*")) == []
    assert list(sealed.glob("h.sqlite3.foreign-*")) == []


def test_a_corrupt_file_is_moved_aside_and_a_fresh_store_started(sealed: Path) -> None:
    path = sealed / "history.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store, notice = open_store(path, START)
    assert notice == (
        f"{path} was damaged; it was kept as history.sqlite3.corrupt-20260302T090000Z "
        "and a fresh history was started"
    )
    assert (sealed / "history.sqlite3.corrupt-20260302T090000Z").read_bytes().startswith(b"this")
    assert store.schema_version == SCHEMA_VERSION


def test_a_foreign_sqlite_file_is_moved_aside(sealed: Path) -> None:
    path = sealed / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('soup')")
    store, notice = open_store(path, START)
    assert notice is not None
    assert "belongs to another program" in notice
    kept = sealed / "history.sqlite3.foreign-20260302T090000Z"
    assert sqlite3.connect(kept).execute("SELECT name FROM recipes").fetchall() == [("soup",)]
    assert store.sessions(store.profile("default", START)) == []


def test_moving_aside_twice_in_one_second_keeps_both(sealed: Path) -> None:
    path = sealed / "history.sqlite3"
    for _ in range(2):
        path.write_bytes(b"garbage" * 100)
        open_store(path, START)[0].close()
        path.unlink()
        for extra in sealed.glob("history.sqlite3-*"):
            extra.unlink()
    assert len(list(sealed.glob("history.sqlite3.corrupt-*"))) == 2


def test_an_unwritable_data_folder_gives_a_clear_message(sealed: Path) -> None:
    blocker = sealed / "file"
    blocker.write_text("in the way")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        SqliteStore(blocker / "h.sqlite3")


def test_a_read_only_history_gives_a_clear_message(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sealed / "h.sqlite3"
    store = SqliteStore(path)
    sid = session(store)
    store.close()
    readonly = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: readonly)
    store = SqliteStore(path)
    with pytest.raises(StoreError, match="cannot be written"):
        record(store, answer(sid, "q1"))


def test_a_changed_answer_supersedes_the_earlier_one(sealed: Path) -> None:
    store = SqliteStore(sealed / "h.sqlite3")
    sid = session(store)
    record(store, answer(sid, "q1", 0.0))
    record(store, answer(sid, "q2", 1.0))
    record(store, answer(sid, "q1", 1.0))
    assert [(a.item_id, a.score) for a in store.answers(sid)] == [("q2", 1.0), ("q1", 1.0)]
    assert len(store.answers(sid, latest_only=False)) == 3
    [tally] = store.tallies(1, day_number(START))
    assert (tally.count, tally.total) == (2, 2.0)
    assert tally.weeks[0] == (2, 2.0)
    assert store.item_history(1, ["q1", "q2"]) == {"q1": 0.0, "q2": 1.0}


def test_tallies_keep_each_topic_and_set_of_tags_with_their_last_weeks(sealed: Path) -> None:
    store = SqliteStore(sealed / "h.sqlite3")
    sid = session(store)
    record(store, answer(sid, "q1", 1.0, tags=("a", "b")))
    record(store, answer(sid, "q2", 0.0, at=START + timedelta(days=7), tags=("a",)))
    record(store, answer(sid, "q3", 1.0, at=START + timedelta(days=8), tags=("a",)))
    record(store, answer(sid, "q4", 1.0, at=START + timedelta(days=30), tags=("a",)))
    week = day_number(START) // 7
    found = {(t.tags, t.count, t.total, t.week, t.weeks) for t in store.tallies(1, week * 7)}
    assert found == {
        (("a", "b"), 1, 1.0, week, ((1, 1.0), (0, 0.0), (0, 0.0))),
        # Week + 1 moved down the three weeks when week + 4 arrived, then fell off them.
        (("a",), 3, 2.0, week + 4, ((1, 1.0), (0, 0.0), (0, 0.0))),
    }


def test_tallies_are_weighted_as_on_the_day_they_are_read(sealed: Path) -> None:
    store = SqliteStore(sealed / "h.sqlite3")
    sid = session(store)
    record(store, answer(sid, "q1", 1.0))
    middle = day_number(START) // 7 * 7 + 3
    [same_day] = store.tallies(1, middle)
    [month_on] = store.tallies(1, middle + 30)
    assert same_day.weighted_total == pytest.approx(1.0)
    assert month_on.weighted_count == pytest.approx(0.5)


def test_activity_counts_every_answer_by_utc_date(sealed: Path) -> None:
    store = SqliteStore(sealed / "h.sqlite3")
    sid = session(store)
    record(store, answer(sid, "q1", 1.0))
    record(store, answer(sid, "q1", 0.0))
    record(store, answer(sid, "q2", 1.0, at=START + timedelta(days=1)))
    assert store.activity(1, START) == {
        START.date().isoformat(): 2,
        (START + timedelta(days=1)).date().isoformat(): 1,
    }
    assert store.activity(1, START + timedelta(days=1)) == {
        (START + timedelta(days=1)).date().isoformat(): 1
    }


def _writer(path: str, sid: str, count: int) -> None:
    store = SqliteStore(Path(path))
    for n in range(count):
        record(store, answer(sid, f"{sid}-{n}"))


def test_two_processes_recording_at_once_lose_nothing(sealed: Path) -> None:
    path = sealed / "h.sqlite3"
    store = SqliteStore(path)
    session(store, "a")
    session(store, "b")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(path), sid, 300)) for sid in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert len(store.answers("a")) == 300
    assert len(store.answers("b")) == 300
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_day_number_is_utc_days() -> None:
    assert store_module.day_number(datetime(1970, 1, 2, 0, 30, tzinfo=UTC)) == 1


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ("database or disk is full", "the disk is full or failing; answers cannot be saved"),
        ("attempt to write a readonly database", "the history cannot be written"),
        ("database is locked", "the history is busy in another trainer; try again"),
    ],
)
def test_write_failures_give_a_clear_message(
    sealed: Path, monkeypatch: pytest.MonkeyPatch, error: str, message: str
) -> None:
    store = SqliteStore(sealed / "h.sqlite3")
    sid = session(store)

    class Failing:
        def __init__(self, real: sqlite3.Connection) -> None:
            self.real = real

        def execute(self, sql: str, *args: Any) -> object:
            if sql.startswith("INSERT INTO answers"):
                raise sqlite3.OperationalError(error)
            return self.real.execute(sql, *args)

    monkeypatch.setattr(store, "_db", Failing(store._db))
    with pytest.raises(StoreError, match=message):
        record(store, answer(sid, "q1"))
    monkeypatch.undo()
    assert store.answers(sid) == []  # the failed transaction was rolled back whole
