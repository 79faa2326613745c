"""The embedded SQLite history: WAL mode, versioned schema, one transaction per recorded answer."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final, TypeVar, cast

from trainer.store import summaries
from trainer.store.base import StoreError as StoreError
from trainer.store.base import Unwritable
from trainer.store.sql import Args, Db, SqlStore, utc
from trainer.store.sql import day_number as day_number

_T = TypeVar("_T")

APPLICATION_ID: Final = 0x54524E52  # "TRNR": marks a file as this trainer's history
BUSY_TIMEOUT_MS: Final = 10_000

MIGRATIONS: Final[tuple[str, ...]] = (
    # 1: the first schema.
    """
    CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        mode TEXT NOT NULL,
        blueprint TEXT,
        form_code TEXT,
        seed INTEGER,
        plan TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'open',
        started_at TEXT NOT NULL,
        finished_at TEXT,
        score REAL,
        passed INTEGER,
        seconds REAL NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0,
        section INTEGER NOT NULL DEFAULT 0,
        section_elapsed TEXT NOT NULL DEFAULT '[]',
        report TEXT
    );
    CREATE INDEX sessions_by_profile ON sessions(profile_id, started_at);
    CREATE INDEX sessions_open ON sessions(profile_id, state);
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        profile_id INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        item_hash TEXT NOT NULL,
        section TEXT NOT NULL,
        topic TEXT NOT NULL,
        tags TEXT NOT NULL,
        response TEXT NOT NULL,
        score REAL,
        confidence TEXT,
        miss_reason TEXT,
        seconds REAL NOT NULL,
        answered_at TEXT NOT NULL,
        week INTEGER NOT NULL,
        superseded INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX answers_by_session ON answers(session_id, item_id, id);
    CREATE INDEX answers_by_item ON answers(profile_id, item_id, score);
    CREATE INDEX answers_mastery ON answers(profile_id, section, topic, week, score)
        WHERE superseded = 0;
    CREATE INDEX answers_tags ON answers(profile_id, tags, week, score) WHERE superseded = 0;
    CREATE TABLE item_states (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        item_id TEXT NOT NULL,
        flagged INTEGER NOT NULL DEFAULT 0,
        struck TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (session_id, item_id)
    );
    CREATE TABLE cards (
        profile_id INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        card TEXT NOT NULL,
        due TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (profile_id, item_id)
    );
    CREATE INDEX cards_due ON cards(profile_id, due);
    CREATE TABLE scenario_runs (
        id TEXT PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id),
        scenario_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT,
        scores TEXT NOT NULL DEFAULT '{}',
        path TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX scenario_runs_by_profile ON scenario_runs(profile_id, started_at);
    """,
    # 2: running summaries instead of indexes that analytics scanned.
    summaries.MIGRATION,
    # 3: the candidate's goal, and what readiness predicted before each mock exam.
    """
    CREATE TABLE goals (
        profile_id INTEGER PRIMARY KEY REFERENCES profiles(id),
        exam_date TEXT NOT NULL,
        blueprint TEXT NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes > 0),
        set_at TEXT NOT NULL
    );
    CREATE TABLE predictions (
        session_id TEXT PRIMARY KEY REFERENCES sessions(id),
        profile_id INTEGER NOT NULL,
        blueprint TEXT NOT NULL,
        made_at TEXT NOT NULL,
        median REAL NOT NULL,
        low REAL NOT NULL,
        high REAL NOT NULL,
        p_pass REAL NOT NULL
    );
    CREATE INDEX predictions_by_profile ON predictions(profile_id, made_at);
    """,
    # 4: each item's parameters from the last calibration, with the version of the item they fit.
    """
    CREATE TABLE item_parameters (
        item_id TEXT PRIMARY KEY,
        item_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        a REAL NOT NULL,
        b REAL NOT NULL,
        c REAL NOT NULL,
        se_a REAL NOT NULL,
        se_b REAL NOT NULL,
        answers INTEGER NOT NULL,
        prior INTEGER NOT NULL,
        calibrated_at TEXT NOT NULL
    );
    """,
    # 5: a count of each profile's card changes, kept by triggers, for caches of what cards say.
    """
    ALTER TABLE profiles ADD COLUMN card_changes INTEGER NOT NULL DEFAULT 0;
    CREATE TRIGGER cards_added AFTER INSERT ON cards BEGIN
        UPDATE profiles SET card_changes = card_changes + 1 WHERE id = NEW.profile_id;
    END;
    CREATE TRIGGER cards_changed AFTER UPDATE ON cards BEGIN
        UPDATE profiles SET card_changes = card_changes + 1 WHERE id = NEW.profile_id;
    END;
    CREATE TRIGGER cards_removed AFTER DELETE ON cards BEGIN
        UPDATE profiles SET card_changes = card_changes + 1 WHERE id = OLD.profile_id;
    END;
    """,
    # 6: each card marked with the count its change made, so a cache reads only what changed
    # since it last looked; a removal is counted apart, since it leaves no row to read.
    """
    ALTER TABLE cards ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE profiles ADD COLUMN card_removals INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX cards_changed_since ON cards(profile_id, changed);
    DROP TRIGGER cards_added;
    DROP TRIGGER cards_changed;
    DROP TRIGGER cards_removed;
    CREATE TRIGGER cards_added AFTER INSERT ON cards BEGIN
        UPDATE profiles SET card_changes = card_changes + 1 WHERE id = NEW.profile_id;
        UPDATE cards SET changed = (SELECT card_changes FROM profiles WHERE id = NEW.profile_id)
            WHERE profile_id = NEW.profile_id AND item_id = NEW.item_id;
    END;
    CREATE TRIGGER cards_changed AFTER UPDATE OF card, due ON cards BEGIN
        UPDATE profiles SET card_changes = card_changes + 1 WHERE id = NEW.profile_id;
        UPDATE cards SET changed = (SELECT card_changes FROM profiles WHERE id = NEW.profile_id)
            WHERE profile_id = NEW.profile_id AND item_id = NEW.item_id;
    END;
    CREATE TRIGGER cards_removed AFTER DELETE ON cards BEGIN
        UPDATE profiles SET card_changes = card_changes + 1, card_removals = card_removals + 1
            WHERE id = OLD.profile_id;
    END;
    """,
    # 7: each answer's request key, so the same answer recorded twice is kept once; it is
    # looked up within its session and item, by the index those already have.
    """
    ALTER TABLE answers ADD COLUMN request INTEGER;
    """,
    # 8: the summaries brought up to date by the reads that need them, not by each answer.
    summaries.FOLDING,
)
SCHEMA_VERSION: Final = len(MIGRATIONS)


class UnusableFile(StoreError):
    """The file is not this trainer's history (`reason` is "corrupt" or "foreign")."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _statements(script: str) -> Iterator[str]:
    """The statements of a script one by one, a trigger's body kept whole."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        yield pending


def _failure(exc: sqlite3.Error, path: Path) -> StoreError:
    text = str(exc)
    unwritable = "readonly" in text or "read-only" in text
    return (Unwritable if unwritable else StoreError)(_explain(exc, path))


def _explain(exc: sqlite3.Error, path: Path) -> str:
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return f"{path}: the history cannot be written (the folder or file is read-only)"
    if "disk is full" in text or "disk I/O" in text:
        return f"{path}: the disk is full or failing; answers cannot be saved until there is room"
    if "unable to open" in text:
        return f"{path}: cannot open the history here (does the folder exist and allow writing?)"
    if "locked" in text or "busy" in text:
        return f"{path}: the history is busy in another trainer; try again"
    return f"{path}: {text}"


class SqliteStore(SqlStore):
    """The history in one SQLite file; every write is its own short transaction."""

    _ATTEMPT_ANSWERS = "json_group_array(json_array(item_id, item_hash, response, score))"
    # The planner would sort every due card; this index hands them over in order.
    _URGENT = " INDEXED BY cards_urgent"
    _REBUILD = (*_statements(summaries.REBUILD), summaries.TALLIED_ALL)
    _FOLD = summaries.FOLD

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{path.parent}: cannot create the data folder: {exc.strerror}"
            ) from None
        try:
            self._db = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, path)) from None
        try:
            self._prepare()
        except BaseException:
            self._db.close()
            raise

    def _prepare(self) -> None:
        db = self._db
        try:
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise UnusableFile(f"{self.path}: not a readable history ({exc})", "corrupt") from None
        if application_id != APPLICATION_ID and (tables or version):
            raise UnusableFile(
                f"{self.path}: this SQLite file belongs to another program", "foreign"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the history was written by a newer trainer (schema {version}; "
                f"this one knows {SCHEMA_VERSION}); update the trainer to open it"
            )
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            self._migrate(version)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):
                raise StoreError(_explain(exc, self.path)) from None
            raise UnusableFile(f"{self.path}: not a readable history ({exc})", "corrupt") from None

    def _migrate(self, version: int) -> None:
        for number in range(version, SCHEMA_VERSION):
            with self._write() as db:
                # executescript would commit on its own; run the statements inside our transaction.
                for statement in _statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {number + 1}")

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: taken at once, committed as a whole or not at all."""
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _failure(exc, self.path) from None
            try:
                yield db
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise _failure(exc, self.path) from None
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise

    def _transact(self, body: Callable[[Db], _T]) -> _T:
        with self._write() as db:
            return body(cast(Db, db))

    def _write_one(self, sql: str, args: Args = ()) -> int:
        with self._write() as db:
            return int(db.execute(sql, args).rowcount)

    def _read(self, sql: str, args: Args = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(_explain(exc, self.path)) from None

    def _time(self, moment: datetime) -> str:
        return utc(moment).isoformat()

    def _moment(self, value: str) -> datetime:
        return datetime.fromisoformat(value)

    def _day(self, day: date) -> str:
        return day.isoformat()

    def _date(self, value: str) -> date:
        return date.fromisoformat(value)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])


def _aside(path: Path, reason: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{reason}-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{reason}-{stamp}-{counter}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, target.with_name(target.name + suffix))
    return target


def open_store(path: Path, now: datetime) -> tuple[SqliteStore, str | None]:
    """Open the history; a corrupt or foreign file is moved aside (never deleted) and a fresh
    history started, with a notice saying where the old file went."""
    try:
        return SqliteStore(path), None
    except UnusableFile as exc:
        try:
            moved = _aside(path, exc.reason, now)
        except OSError as error:
            raise StoreError(f"{exc}; moving it aside failed: {error.strerror}") from None
        what = "was damaged" if exc.reason == "corrupt" else "belongs to another program"
        notice = f"{path} {what}; it was kept as {moved.name} and a fresh history was started"
        return SqliteStore(path), notice
