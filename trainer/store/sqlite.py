"""The embedded SQLite history: WAL mode, versioned schema, one transaction per recorded answer."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

from trainer.store import columns, summaries
from trainer.store.base import StoreError as StoreError
from trainer.store.records import (
    AnswerRow,
    Bucket,
    CalibrationAnswer,
    CardRow,
    FirstAttempt,
    GoalRow,
    ItemMisses,
    ItemState,
    KeyTally,
    ParameterRow,
    PredictionRow,
    ProfileActivity,
    ProfileTopicTally,
    ScenarioRunRow,
    SessionRow,
    Tally,
)

APPLICATION_ID: Final = 0x54524E52  # "TRNR": marks a file as this trainer's history
BUSY_TIMEOUT_MS: Final = 10_000
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

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
)
SCHEMA_VERSION: Final = len(MIGRATIONS)


class UnusableFile(StoreError):
    """The file is not this trainer's history (`reason` is "corrupt" or "foreign")."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are refused: pass an aware UTC time")
    return moment.astimezone(UTC).isoformat()


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


def day_number(moment: datetime) -> int:
    """Whole days since 1970-01-01 UTC: the bucket answers are grouped by."""
    return (moment.astimezone(UTC) - _EPOCH).days


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


class SqliteStore:
    """The history in one SQLite file; every write is its own short transaction."""

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
                raise StoreError(_explain(exc, self.path)) from None
            try:
                yield db
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise StoreError(_explain(exc, self.path)) from None
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise

    def _read(
        self, sql: str, args: Sequence[Any] | Mapping[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(_explain(exc, self.path)) from None

    def revision(self) -> tuple[int, int]:
        """A value that differs after any change to the history (this store's writes, or another
        connection's commits): what a cache of something read keys on."""
        with self._lock:
            return int(self._read("PRAGMA data_version")[0][0]), self._db.total_changes

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    # Profiles.

    def profile(self, name: str, now: datetime) -> int:
        """The id of the profile with this name, created on first use."""
        found = self._read("SELECT id FROM profiles WHERE name = ?", (name,))
        if found:
            return int(found[0][0])
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO profiles(name, created_at) VALUES (?, ?)", (name, _iso(now))
            )
        return int(self._read("SELECT id FROM profiles WHERE name = ?", (name,))[0][0])

    # Sessions.

    def start_session(self, row: SessionRow) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO sessions(id, profile_id, mode, blueprint, form_code, seed, plan,"
                " state, started_at, section_elapsed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row.id,
                    row.profile_id,
                    row.mode,
                    row.blueprint,
                    row.form_code,
                    row.seed,
                    row.plan,
                    row.state,
                    _iso(row.started_at),
                    row.section_elapsed,
                ),
            )

    def record_answer(
        self,
        row: AnswerRow,
        *,
        position: int,
        section: int,
        section_elapsed: str,
        seconds: float,
    ) -> int:
        """Save an answer and where the session stands, in one transaction; returns its row id.

        An earlier answer to the same item in the session is kept but no longer counts; the
        summaries are brought up to date by the database's triggers in the same transaction.
        """
        values = (
            row.session_id,
            row.profile_id,
            row.item_id,
            row.item_hash,
            row.section,
            row.topic,
            columns.encode_tags(row.tags),
            columns.encode_json(row.response),
            row.score,
            row.confidence,
            row.miss_reason,
            row.seconds,
            _iso(row.answered_at),
            day_number(row.answered_at) // 7,
        )
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO answers(session_id, profile_id, item_id, item_hash, section, topic,"
                " tags, response, score, confidence, miss_reason, seconds, answered_at, week)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
            db.execute(
                "UPDATE sessions SET position = ?, section = ?, section_elapsed = ?, seconds = ?"
                " WHERE id = ?",
                (position, section, section_elapsed, seconds, row.session_id),
            )
            return int(cursor.lastrowid or 0)

    def tag_miss(self, answer_id: int, reason: str | None) -> None:
        """Keep why a candidate thinks an answer went wrong."""
        with self._write() as db:
            db.execute("UPDATE answers SET miss_reason = ? WHERE id = ?", (reason, answer_id))

    def checkpoint(
        self, session_id: str, *, position: int, section: int, section_elapsed: str, seconds: float
    ) -> None:
        """Save where a session stands and the time used, without an answer."""
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET position = ?, section = ?, section_elapsed = ?, seconds = ?"
                " WHERE id = ?",
                (position, section, section_elapsed, seconds, session_id),
            )

    def set_item_state(self, state: ItemState) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO item_states(session_id, item_id, flagged, struck) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(session_id, item_id) DO UPDATE SET flagged = excluded.flagged,"
                " struck = excluded.struck",
                (
                    state.session_id,
                    state.item_id,
                    int(state.flagged),
                    columns.encode_struck(state.struck),
                ),
            )

    def item_states(self, session_id: str) -> list[ItemState]:
        rows = self._read(
            "SELECT item_id, flagged, struck FROM item_states WHERE session_id = ?", (session_id,)
        )
        return [
            ItemState(
                session_id=session_id,
                item_id=i,
                flagged=bool(f),
                struck=columns.decode_struck(
                    s, f"struck options of {i!r} in session {session_id!r}"
                ),
            )
            for i, f, s in rows
        ]

    def finish_session(
        self,
        session_id: str,
        *,
        finished_at: datetime,
        score: float | None,
        passed: bool | None,
        seconds: float,
        report: str | None,
        state: str = "finished",
    ) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET state = ?, finished_at = ?, score = ?, passed = ?,"
                " seconds = ?, report = ? WHERE id = ?",
                (
                    state,
                    _iso(finished_at),
                    score,
                    None if passed is None else int(passed),
                    seconds,
                    report,
                    session_id,
                ),
            )

    _SESSION_COLUMNS: Final = (
        "id, profile_id, mode, blueprint, form_code, seed, plan, state, started_at, finished_at,"
        " score, passed, seconds, position, section, section_elapsed, report"
    )

    @staticmethod
    def _session(row: tuple[Any, ...]) -> SessionRow:
        (sid, profile, mode, blueprint, form, seed, plan, state, started, finished, score, passed,
         seconds, position, section, elapsed, report) = row  # fmt: skip
        return SessionRow(
            id=sid,
            profile_id=profile,
            mode=mode,
            blueprint=blueprint,
            form_code=form,
            seed=seed,
            plan=plan,
            state=state,
            started_at=datetime.fromisoformat(started),
            finished_at=_when(finished),
            score=score,
            passed=None if passed is None else bool(passed),
            seconds=seconds,
            position=position,
            section=section,
            section_elapsed=elapsed,
            report=report,
        )

    def session(self, session_id: str) -> SessionRow | None:
        rows = self._read(
            f"SELECT {self._SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        )
        return self._session(rows[0]) if rows else None

    def sessions(self, profile_id: int, *, limit: int = 1000) -> list[SessionRow]:
        """Sessions, newest first."""
        rows = self._read(
            f"SELECT {self._SESSION_COLUMNS} FROM sessions WHERE profile_id = ?"
            " ORDER BY started_at DESC LIMIT ?",
            (profile_id, limit),
        )
        return [self._session(r) for r in rows]

    def open_sessions(self, profile_id: int, mode: str | None = None) -> list[SessionRow]:
        """Unfinished sessions, newest first."""
        rows = self._read(
            f"SELECT {self._SESSION_COLUMNS} FROM sessions WHERE profile_id = ? AND state = 'open'"
            " AND (? IS NULL OR mode = ?) ORDER BY started_at DESC",
            (profile_id, mode, mode),
        )
        return [self._session(r) for r in rows]

    _ANSWER_COLUMNS: Final = (
        "id, session_id, profile_id, item_id, item_hash, section, topic, tags, response, score,"
        " confidence, miss_reason, seconds, answered_at"
    )

    @staticmethod
    def _answer(row: tuple[Any, ...]) -> AnswerRow:
        (aid, sid, profile, item, item_hash, section, topic, tags, response, score, confidence,
         reason, seconds, answered) = row  # fmt: skip
        return AnswerRow(
            id=aid,
            session_id=sid,
            profile_id=profile,
            item_id=item,
            item_hash=item_hash,
            section=section,
            topic=topic,
            tags=columns.decode_tags(tags),
            response=columns.decode_response(response, f"response of answer {aid}"),
            score=score,
            confidence=confidence,
            miss_reason=reason,
            seconds=seconds,
            answered_at=datetime.fromisoformat(answered),
        )

    def answers(self, session_id: str, *, latest_only: bool = True) -> list[AnswerRow]:
        """A session's answers in the order given; with latest_only, the last one per item."""
        if latest_only:
            sql = (
                f"SELECT {self._ANSWER_COLUMNS} FROM answers WHERE session_id = ?"
                " AND superseded = 0 ORDER BY id"
            )
        else:
            sql = f"SELECT {self._ANSWER_COLUMNS} FROM answers WHERE session_id = ? ORDER BY id"
        return [self._answer(r) for r in self._read(sql, (session_id,))]

    def all_answers(self, profile_id: int | None = None) -> Iterator[AnswerRow]:
        """Every answer ever recorded, oldest first (for export)."""
        sql = f"SELECT {self._ANSWER_COLUMNS} FROM answers"
        args: tuple[Any, ...] = ()
        if profile_id is not None:
            sql += " WHERE profile_id = ?"
            args = (profile_id,)
        for row in self._read(sql + " ORDER BY id", args):
            yield self._answer(row)

    def first_attempts(self, blueprint: str | None = None) -> list[FirstAttempt]:
        """Every profile's first closed sitting of each mock exam (or of this one), oldest first,
        with the latest answer to each question, in one query over every profile."""
        rows = self._read(
            "WITH ranked AS (SELECT id, profile_id, blueprint, form_code, state, started_at, plan,"
            " row_number() OVER (PARTITION BY profile_id, blueprint ORDER BY started_at, id)"
            " AS nth FROM sessions WHERE mode = 'exam' AND state IN ('finished', 'left')"
            " AND blueprint IS NOT NULL AND (?1 IS NULL OR blueprint = ?1))"
            " SELECT id, profile_id, blueprint, form_code, state, started_at, plan,"
            " (SELECT json_group_array(json_array(item_id, item_hash, response, score))"
            " FROM answers WHERE session_id = ranked.id AND superseded = 0)"
            " FROM ranked WHERE nth = 1 ORDER BY blueprint, started_at, id",
            (blueprint,),
        )
        return [
            FirstAttempt(
                session_id=sid,
                profile_id=profile,
                blueprint=name,
                form_code=form,
                state=state,
                started_at=datetime.fromisoformat(started),
                plan=plan,
                answers=columns.decode_attempt_answers(answers, sid),
            )
            for sid, profile, name, form, state, started, plan, answers in rows
        ]

    def item_history(self, profile_id: int, item_ids: Sequence[str]) -> dict[str, float]:
        """The lowest score each of these items ever got (items never scored are absent)."""
        out: dict[str, float] = {}
        for start in range(0, len(item_ids), 500):
            chunk = list(item_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for item, low in self._read(
                f"SELECT item_id, lowest FROM item_tallies WHERE profile_id = ? AND item_id IN"
                f" ({marks}) AND lowest IS NOT NULL",
                (profile_id, *chunk),
            ):
                out[item] = float(low)
        return out

    def tallies(self, profile_id: int, day: int) -> list[Tally]:
        """The running summary of every topic and set of tags, weighted as on `day`."""
        factor = summaries.weighted_on(day)
        rows = self._read(
            "SELECT topic, tags, count, total, weighted_count, weighted_total, week,"
            " c0, t0, c1, t1, c2, t2 FROM tallies WHERE profile_id = ? AND count > 0",
            (profile_id,),
        )
        return [
            Tally(
                topic=r[0],
                tags=columns.decode_tags(r[1]),
                count=r[2],
                total=r[3],
                weighted_count=max(0.0, r[4] * factor),
                weighted_total=max(0.0, r[5] * factor),
                week=r[6],
                weeks=((r[7], r[8]), (r[9], r[10]), (r[11], r[12])),
            )
            for r in rows
        ]

    def key_tallies(self, profile_id: int, day: int, recent_days: int) -> list[KeyTally]:
        """The running summaries summed per topic and per set of tags, weighted as on `day`;
        answers of a week whose middle day is fewer than `recent_days` before `day` are recent."""
        factor = summaries.weighted_on(day)
        # The first week whose middle day (week * 7 + 3) is within `recent_days` of `day`.
        since = (day - recent_days - 3) // 7 + 1
        rows = self._read(summaries.KEY_TALLIES, {"profile": profile_id, "since": since})
        return [
            KeyTally(
                kind=r[0],
                key=r[1],
                count=r[2],
                total=r[3],
                weighted_count=max(0.0, r[4] * factor),
                weighted_total=max(0.0, r[5] * factor),
                recent_count=r[6],
                recent_total=r[7],
                tags=columns.decode_tags(r[1]) if r[0] == "tags" else (),
            )
            for r in rows
        ]

    def competencies(self, profile_id: int) -> list[Bucket]:
        """The share of each competency's marks earned in every finished interview run."""
        out: list[Bucket] = []
        for run, finished, scores in self._read(
            "SELECT id, finished_at, scores FROM scenario_runs WHERE profile_id = ?"
            " AND finished_at IS NOT NULL",
            (profile_id,),
        ):
            day = day_number(datetime.fromisoformat(finished))
            for name, points in columns.decode_scores(scores, f"scores of run {run!r}").items():
                if not isinstance(points, tuple):
                    continue  # a running total, never a finished run's (scored, best)
                scored, best = points
                share = max(0.0, min(1.0, scored / best)) if best > 0 else 1.0
                out.append(Bucket("competency", name, day, 1, share))
        return out

    def activity(self, profile_id: int, since: datetime) -> dict[str, int]:
        """Answers per UTC date (YYYY-MM-DD) from `since` on: the activity calendar."""
        rows = self._read(
            "SELECT date, answers FROM day_activity WHERE profile_id = ? AND date >= ?",
            (profile_id, _iso(since)[:10]),
        )
        return {str(day): int(n) for day, n in rows}

    # Across every profile: the cohort report.

    def profiles_activity(self, today: date, days: int) -> list[ProfileActivity]:
        """Every profile's answers and days studied, by name, from the per-day summary: in all,
        on the seven UTC dates ending `today`, and on the `days` dates ending `today`."""
        if days < 1:
            raise ValueError(f"a window of days takes 1 or more, not {days}")
        rows = self._read(
            "SELECT p.id, p.name, coalesce(sum(d.answers), 0),"
            " coalesce(sum(d.answers * (d.date >= :week AND d.date <= :today)), 0),"
            " coalesce(sum(d.answers * (d.date >= :since AND d.date <= :today)), 0),"
            " count(CASE WHEN d.date >= :since AND d.date <= :today THEN 1 END), max(d.date)"
            " FROM profiles AS p LEFT JOIN day_activity AS d ON d.profile_id = p.id"
            " GROUP BY p.id ORDER BY p.name",
            {
                "today": today.isoformat(),
                "week": date.fromordinal(today.toordinal() - 6).isoformat(),
                "since": date.fromordinal(today.toordinal() - days + 1).isoformat(),
            },
        )
        return [
            ProfileActivity(
                profile_id=pid,
                name=name,
                answers=int(answers),
                week=int(week),
                window=int(window),
                days=int(studied),
                last_day=None if last is None else date.fromisoformat(last),
            )
            for pid, name, answers, week, window, studied, last in rows
        ]

    def last_mocks(self) -> list[SessionRow]:
        """Every profile's latest finished mock exam, by when it finished."""
        rows = self._read(
            f"SELECT {self._SESSION_COLUMNS} FROM (SELECT *, row_number() OVER"
            " (PARTITION BY profile_id ORDER BY finished_at DESC, id DESC) AS nth"
            " FROM sessions WHERE mode = 'exam' AND state = 'finished'"
            " AND finished_at IS NOT NULL) WHERE nth = 1 ORDER BY profile_id"
        )
        return [self._session(r) for r in rows]

    def goals(self) -> list[GoalRow]:
        """Every profile's goal, by profile."""
        rows = self._read(
            "SELECT profile_id, exam_date, blueprint, minutes, set_at FROM goals"
            " ORDER BY profile_id"
        )
        return [
            GoalRow(
                profile_id=pid,
                exam_date=date.fromisoformat(exam),
                blueprint=blueprint,
                minutes=minutes,
                set_at=datetime.fromisoformat(set_at),
            )
            for pid, exam, blueprint, minutes, set_at in rows
        ]

    def topic_tallies(self, day: int) -> list[ProfileTopicTally]:
        """Every profile's running summaries summed per topic (over its sets of tags) in the
        database, weighted as on `day`, by profile."""
        factor = summaries.weighted_on(day)
        return [
            ProfileTopicTally(
                profile_id=pid,
                topic=topic,
                count=count,
                total=total,
                weighted_count=max(0.0, weighted_count * factor),
                weighted_total=max(0.0, weighted_total * factor),
            )
            for pid, topic, count, total, weighted_count, weighted_total in self._read(
                summaries.TOPIC_TALLIES
            )
        ]

    def item_misses(self, min_candidates: int, limit: int) -> list[ItemMisses]:
        """The `limit` items scored by at least `min_candidates` profiles that the largest share
        of them ever missed (more candidates, then the id, break ties), from the per-item
        summary: the profiles that scored it, those whose lowest score on it is under full
        marks, and the attempts of them all. Items nobody missed are left out."""
        rows = self._read(
            "SELECT item_id, count(*) AS n, sum(lowest < 1) AS missed, sum(attempts)"
            " FROM item_tallies WHERE lowest IS NOT NULL GROUP BY item_id"
            " HAVING n >= ? AND missed > 0 ORDER BY missed * 1.0 / n DESC, n DESC, item_id"
            " LIMIT ?",
            (min_candidates, limit),
        )
        return [
            ItemMisses(item_id=item, candidates=n, missed=int(missed), attempts=int(attempts))
            for item, n, missed, attempts in rows
        ]

    def rebuild_summaries(self) -> None:
        """Compute every running summary again from the answers, in one transaction."""
        with self._write() as db:
            for statement in _statements(summaries.REBUILD):
                db.execute(statement)

    # Spaced review.

    def card(self, profile_id: int, item_id: str) -> CardRow | None:
        rows = self._read(
            "SELECT card, due, priority FROM cards WHERE profile_id = ? AND item_id = ?",
            (profile_id, item_id),
        )
        if not rows:
            return None
        card, due, priority = rows[0]
        return CardRow(
            profile_id=profile_id,
            item_id=item_id,
            card=card,
            due=datetime.fromisoformat(due),
            priority=priority,
        )

    def save_card(self, row: CardRow) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO cards(profile_id, item_id, card, due, priority) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(profile_id, item_id) DO UPDATE SET card = excluded.card,"
                " due = excluded.due, priority = excluded.priority",
                (row.profile_id, row.item_id, row.card, _iso(row.due), row.priority),
            )

    def due_cards(self, profile_id: int, now: datetime, *, limit: int = 100) -> list[CardRow]:
        """Cards due by `now`: the urgent first, then the most overdue."""
        rows = self._read(
            # The planner would sort every due card; this index hands them over in order.
            "SELECT item_id, card, due, priority FROM cards INDEXED BY cards_urgent"
            " WHERE profile_id = ? AND due <= ? ORDER BY priority DESC, due LIMIT ?",
            (profile_id, _iso(now), limit),
        )
        return [
            CardRow(
                profile_id=profile_id,
                item_id=item,
                card=card,
                due=datetime.fromisoformat(due),
                priority=priority,
            )
            for item, card, due, priority in rows
        ]

    def count_due(self, profile_id: int, now: datetime) -> int:
        rows = self._read(
            "SELECT count(*) FROM cards WHERE profile_id = ? AND due <= ?", (profile_id, _iso(now))
        )
        return int(rows[0][0])

    def card_states(self, profile_id: int, item_ids: Sequence[str]) -> dict[str, str]:
        """The stored cards (as JSON) of those of these items that have one."""
        wanted = set(item_ids)
        rows = self._read("SELECT item_id, card FROM cards WHERE profile_id = ?", (profile_id,))
        return {str(item): str(card) for item, card in rows if item in wanted}

    def card_changes(self, profile_id: int) -> int:
        """How many times the profile's cards have been added, changed or removed, by any
        connection: what a cache of what the cards say keys on."""
        rows = self._read("SELECT card_changes FROM profiles WHERE id = ?", (profile_id,))
        return int(rows[0][0]) if rows else 0

    def card_removals(self, profile_id: int) -> int:
        """How many of the profile's cards have been removed, by any connection."""
        rows = self._read("SELECT card_removals FROM profiles WHERE id = ?", (profile_id,))
        return int(rows[0][0]) if rows else 0

    def cards_changed_since(
        self, profile_id: int, changes: int, item_ids: Sequence[str]
    ) -> dict[str, str]:
        """The stored cards of these items added or changed since `card_changes` was
        `changes`."""
        wanted = set(item_ids)
        rows = self._read(
            "SELECT item_id, card FROM cards WHERE profile_id = ? AND changed > ?",
            (profile_id, changes),
        )
        return {str(item): str(card) for item, card in rows if item in wanted}

    def item_seconds(self, profile_id: int) -> dict[str, tuple[int, float]]:
        """Per item answered: how many attempts, and the seconds they took in all."""
        rows = self._read(
            "SELECT item_id, attempts, seconds FROM item_tallies WHERE profile_id = ?",
            (profile_id,),
        )
        return {str(item): (int(n), float(s)) for item, n, s in rows}

    # Goals and predictions.

    def goal(self, profile_id: int) -> GoalRow | None:
        rows = self._read(
            "SELECT exam_date, blueprint, minutes, set_at FROM goals WHERE profile_id = ?",
            (profile_id,),
        )
        if not rows:
            return None
        exam, blueprint, minutes, set_at = rows[0]
        return GoalRow(
            profile_id=profile_id,
            exam_date=date.fromisoformat(exam),
            blueprint=blueprint,
            minutes=minutes,
            set_at=datetime.fromisoformat(set_at),
        )

    def set_goal(self, row: GoalRow) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO goals(profile_id, exam_date, blueprint, minutes, set_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(profile_id) DO UPDATE SET"
                " exam_date = excluded.exam_date, blueprint = excluded.blueprint,"
                " minutes = excluded.minutes, set_at = excluded.set_at",
                (
                    row.profile_id,
                    row.exam_date.isoformat(),
                    row.blueprint,
                    row.minutes,
                    _iso(row.set_at),
                ),
            )

    def clear_goal(self, profile_id: int) -> bool:
        """Forget a profile's goal; False when it had none."""
        with self._write() as db:
            cursor = db.execute("DELETE FROM goals WHERE profile_id = ?", (profile_id,))
            return cursor.rowcount > 0

    def save_prediction(self, row: PredictionRow) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO predictions(session_id, profile_id, blueprint, made_at,"
                " median, low, high, p_pass) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row.session_id,
                    row.profile_id,
                    row.blueprint,
                    _iso(row.made_at),
                    row.median,
                    row.low,
                    row.high,
                    row.p_pass,
                ),
            )

    def predictions(self, profile_id: int) -> list[PredictionRow]:
        """Every prediction made before a mock exam, oldest first."""
        rows = self._read(
            "SELECT session_id, blueprint, made_at, median, low, high, p_pass FROM predictions"
            " WHERE profile_id = ? ORDER BY made_at, session_id",
            (profile_id,),
        )
        return [
            PredictionRow(
                session_id=sid,
                profile_id=profile_id,
                blueprint=blueprint,
                made_at=datetime.fromisoformat(made),
                median=median,
                low=low,
                high=high,
                p_pass=p_pass,
            )
            for sid, blueprint, made, median, low, high, p_pass in rows
        ]

    # Item parameters.

    def calibration_answers(self) -> list[CalibrationAnswer]:
        """Every profile's first counting answer (scored, not superseded) to each item, in the
        order given: what calibration reads."""
        rows = self._read(
            "SELECT a.profile_id, a.item_id, a.item_hash, a.score, a.id FROM answers AS a"
            " JOIN (SELECT min(id) AS id FROM answers WHERE superseded = 0 AND score IS NOT NULL"
            " GROUP BY profile_id, item_id) AS earliest ON earliest.id = a.id ORDER BY a.id"
        )
        return [
            CalibrationAnswer(str(profile), item, item_hash, float(score), int(seq))
            for profile, item, item_hash, score, seq in rows
        ]

    def save_item_parameters(self, rows: Sequence[ParameterRow]) -> None:
        """Replace every stored item's parameters with these, in one transaction: an item not
        among them has none afterwards."""
        with self._write() as db:
            db.execute("DELETE FROM item_parameters")
            db.executemany(
                "INSERT INTO item_parameters(item_id, item_hash, model, a, b, c, se_a, se_b,"
                " answers, prior, calibrated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.item_id,
                        r.item_hash,
                        r.model,
                        r.a,
                        r.b,
                        r.c,
                        r.se_a,
                        r.se_b,
                        r.answers,
                        int(r.prior),
                        _iso(r.calibrated_at),
                    )
                    for r in rows
                ],
            )

    def item_parameters(self) -> dict[str, ParameterRow]:
        """The stored parameters of every calibrated item, by id."""
        rows = self._read(
            "SELECT item_id, item_hash, model, a, b, c, se_a, se_b, answers, prior, calibrated_at"
            " FROM item_parameters ORDER BY item_id"
        )
        return {
            item: ParameterRow(
                item_id=item,
                item_hash=item_hash,
                model=model,
                a=a,
                b=b,
                c=c,
                se_a=se_a,
                se_b=se_b,
                answers=answers,
                prior=bool(prior),
                calibrated_at=datetime.fromisoformat(at),
            )
            for item, item_hash, model, a, b, c, se_a, se_b, answers, prior, at in rows
        }

    # Scenario runs.

    def scenario_runs(self, profile_id: int) -> list[ScenarioRunRow]:
        """Every interview run of a profile, newest first."""
        rows = self._read(
            "SELECT id, profile_id, scenario_id, started_at, finished_at, outcome, scores, path"
            " FROM scenario_runs WHERE profile_id = ? ORDER BY started_at DESC, id DESC",
            (profile_id,),
        )
        return [_scenario_run(r) for r in rows]

    def save_scenario_run(self, row: ScenarioRunRow) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO scenario_runs(id, profile_id, scenario_id, started_at, finished_at,"
                " outcome, scores, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET finished_at = excluded.finished_at,"
                " outcome = excluded.outcome, scores = excluded.scores, path = excluded.path",
                (
                    row.id,
                    row.profile_id,
                    row.scenario_id,
                    _iso(row.started_at),
                    None if row.finished_at is None else _iso(row.finished_at),
                    row.outcome,
                    columns.encode_json(row.scores),
                    columns.encode_json(row.path),
                ),
            )


def _scenario_run(row: tuple[Any, ...]) -> ScenarioRunRow:
    rid, profile, scenario, started, finished, outcome, scores, path = row
    return ScenarioRunRow(
        id=rid,
        profile_id=profile,
        scenario_id=scenario,
        started_at=datetime.fromisoformat(started),
        finished_at=_when(finished),
        outcome=outcome,
        scores=columns.decode_scores(scores, f"scores of run {rid!r}"),
        path=columns.decode_path(path, f"moves of run {rid!r}"),
    )


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
