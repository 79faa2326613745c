"""The SQLite history: schema and migrations, damaged and foreign files, two writers at once."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.factory import START
from trainer.store import sqlite as store_module
from trainer.store.records import AnswerRow, SessionRow
from trainer.store.sqlite import SCHEMA_VERSION, SqliteStore, StoreError, open_store


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


def test_a_read_only_history_with_answers_not_yet_counted_is_read_as_its_summaries_stand(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its summaries cannot be brought up to date, so they are read as they are: the answers
    are all there, the analytics lag by the ones recorded since the last read, nothing fails."""
    path = sealed / "h.sqlite3"
    store = SqliteStore(path)
    sid = session(store)
    record(store, answer(sid, "q1"))
    assert [t.count for t in store.tallies(1, 0)] == [1]
    record(store, answer(sid, "q2"))
    store.close()
    readonly = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: readonly)
    store = SqliteStore(path)
    assert [a.item_id for a in store.answers(sid)] == ["q1", "q2"]
    assert [t.count for t in store.tallies(1, 0)] == [1]
    assert store.item_history(1, ["q1", "q2"]) == {"q1": 1.0}


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
