"""The shared PostgreSQL history: one database for a whole academy, every candidate a profile.

The queries are `sql.py`'s, shared with SQLite; this module connects (psycopg 3), migrates the
schema of `postgres_schema.py` under an advisory lock so trainers starting together migrate once,
and runs each write as one transaction. A lost connection is made again and the write retried
for up to `retry_seconds` (every write is idempotent, an answer by its request key); past that,
or when the server refuses (read-only, full, no free connection), a StoreError says so.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar

import psycopg
from psycopg import conninfo, errors

from trainer.store import columns, postgres_schema
from trainer.store.base import StoreError, Unwritable
from trainer.store.records import AnswerRow
from trainer.store.sql import Args, Db, SqlStore, day_number, utc

_T = TypeVar("_T")

RETRY_SECONDS: Final = 15.0
"""How long a write keeps trying to reach a server it lost before telling the candidate."""
CONNECT_SECONDS: Final = 5
_LOCK: Final = 0x54524E52  # the advisory lock taken while the schema migrates ("TRNR")
_NAMED: Final = re.compile(r"(?<![:\w]):([a-z_]+)")
_LOST: Final = ("08", "57P01", "57P02", "57P03")
"""SQLSTATE classes and codes of a connection lost or a server shutting down or starting."""


@functools.lru_cache(maxsize=256)
def _dialect(sql: str) -> str:
    """A query written with `?` and `:name` parameters, in psycopg's `%s` and `%(name)s`."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%").replace("?", "%s"))


def where(url: str) -> str:
    """A server URL as a candidate may be shown it: host, port and database, no password."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the PostgreSQL history (its URL cannot be read)"
    host = str(parts.get("host") or "localhost")
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{host}{port}/{parts.get('dbname') or ''}"


_REFUSED: Final = {
    "does not exist": "there is no such database or role on the server",
    "authentication failed": "the history server refused the trainer's login",
    "no pg_hba.conf entry": "the history server does not let the trainer in from here",
    "not permitted to log in": "the history server refused the trainer's login",
    "too many clients": "the history server has no free connection; try again, or ask its"
    " keeper for more connections",
}
"""What a server that was reached says when it turns a connection away, and what that means:
no retry changes it."""


def _refusal(exc: psycopg.Error) -> str | None:
    text = str(exc)
    return next((meaning for said, meaning in _REFUSED.items() if said in text), None)


def _lost(exc: psycopg.Error) -> bool:
    state = exc.sqlstate
    return (
        isinstance(exc, psycopg.OperationalError)
        and (state is None or state.startswith(_LOST[0]) or state in _LOST[1:])
        and _refusal(exc) is None
    )


_RECORD: Final = """
WITH found AS (
    SELECT id FROM answers
    WHERE session_id = %(session)s::text AND item_id = %(item)s::text
      AND request = %(request)s::bigint
),
added AS (
    INSERT INTO answers(session_id, profile_id, item_id, item_hash, section, topic, tags,
                        response, score, confidence, miss_reason, seconds, answered_at, week,
                        request)
    SELECT %(session)s::text, %(profile)s::bigint, %(item)s::text, %(hash)s::text,
           %(section_name)s::text, %(topic)s::text, %(tags)s::text, %(response)s::text,
           %(score)s::float8, %(confidence)s::text, %(reason)s::text, %(spent)s::float8,
           %(at)s::timestamptz, %(week)s::integer, %(request)s::bigint
    WHERE NOT EXISTS (SELECT FROM found)
    RETURNING id
),
replaced AS (
    UPDATE answers SET superseded = 1
    WHERE session_id = %(session)s::text AND item_id = %(item)s::text AND superseded = 0
      AND NOT EXISTS (SELECT FROM found)
),
moved AS (
    UPDATE sessions SET position = %(position)s, section = %(section)s,
                        section_elapsed = %(elapsed)s, seconds = %(seconds)s
    WHERE id = %(session)s::text
)
SELECT id FROM found UNION ALL SELECT id FROM added
"""
"""Recording an answer as one statement, so one round trip: the answer unless its request key
is already there (a retry), the earlier answer to its item in the session marked replaced (the
statement's parts all see the table as it was before it, so not the new one), and where its
session stands, atomically as any statement is."""


class _Translated:
    """A connection inside a transaction, taking the queries as `sql.py` writes them."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def execute(self, sql: str, args: Args = (), /) -> psycopg.Cursor[Any]:
        return self._connection.execute(_dialect(sql), args)

    def executemany(self, sql: str, args: Sequence[Sequence[Any]], /) -> None:
        with self._connection.cursor() as cursor:
            cursor.executemany(_dialect(sql), args)


class PostgresStore(SqlStore):
    """The history in a PostgreSQL database (the URL's), shared by every trainer that opens it."""

    _ATTEMPT_ANSWERS = (
        "coalesce(json_agg(json_build_array(item_id, item_hash, response, score)"
        " ORDER BY id)::text, '[]')"
    )
    _REBUILD = postgres_schema.REBUILD
    _FOLD = postgres_schema.FOLD

    def __init__(self, url: str, *, retry_seconds: float = RETRY_SECONDS) -> None:
        self.url = url
        self.where = where(url)
        self.retry_seconds = retry_seconds
        self._lock = threading.RLock()
        self._connection: psycopg.Connection[Any] | None = None
        try:
            self._attempt(self._prepare)
        except BaseException:
            self.close()
            raise

    # Connecting and running statements.

    def _connect(self) -> psycopg.Connection[Any]:
        if self._connection is None or self._connection.closed:
            try:
                connection = psycopg.connect(
                    self.url,
                    autocommit=True,
                    connect_timeout=CONNECT_SECONDS,
                    application_name="trainer",
                )
            except psycopg.ProgrammingError as exc:
                raise StoreError(f"{self.where}: the history's URL is not valid ({exc})") from None
            connection.execute("SET TIME ZONE 'UTC'")
            self._connection = connection
        return self._connection

    def _attempt(self, run: Callable[[psycopg.Connection[Any]], _T]) -> _T:
        """Run on a live connection; a lost one is made again and `run` repeated until
        `retry_seconds` have passed."""
        deadline = time.monotonic() + self.retry_seconds
        pause = 0.05
        with self._lock:
            while True:
                try:
                    return run(self._connect())
                except psycopg.Error as exc:
                    if not _lost(exc):
                        raise self._failure(exc) from None
                    self._drop()
                    if time.monotonic() + pause > deadline:
                        raise StoreError(
                            f"{self.where}: the history server cannot be reached"
                            f" ({_first_line(exc)}); nothing was lost: what could not be saved"
                            " is saved with the next answer once the server is back"
                        ) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 1.0)

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
            self._connection = None

    def _failure(self, exc: psycopg.Error) -> StoreError:
        unwritable = isinstance(exc, (errors.ReadOnlySqlTransaction, errors.InsufficientPrivilege))
        return (Unwritable if unwritable else StoreError)(self._explain(exc))

    def _explain(self, exc: psycopg.Error) -> str:
        reason = _first_line(exc)
        refused = _refusal(exc)
        if refused is not None:
            return f"{self.where}: {refused} ({reason})"
        if isinstance(exc, (errors.ReadOnlySqlTransaction, errors.InsufficientPrivilege)):
            return (
                f"{self.where}: the history cannot be written (the database is read-only"
                f" to the trainer: {reason})"
            )
        if isinstance(exc, (errors.DiskFull, errors.OutOfMemory)):
            return (
                f"{self.where}: the history server is out of room; answers cannot be saved"
                f" until there is some ({reason})"
            )
        return f"{self.where}: {reason}"

    def _read(self, sql: str, args: Args = ()) -> list[tuple[Any, ...]]:
        return self._attempt(lambda db: db.execute(_dialect(sql), args).fetchall())

    def _transact(self, body: Callable[[Db], _T]) -> _T:
        def run(connection: psycopg.Connection[Any]) -> _T:
            with connection.transaction():
                return body(_Translated(connection))

        return self._attempt(run)

    def _hold_answers(self, db: Db) -> None:
        db.execute(postgres_schema.HOLD_ANSWERS)

    def _write_one(self, sql: str, args: Args = ()) -> int:
        def run(connection: psycopg.Connection[Any]) -> int:
            with connection.transaction():
                return connection.execute(_dialect(sql), args).rowcount

        return self._attempt(run)

    def close(self) -> None:
        with self._lock:
            self._drop()

    def record_answer(
        self,
        row: AnswerRow,
        *,
        position: int,
        section: int,
        section_elapsed: str,
        seconds: float,
    ) -> int:
        """Save an answer and where its session stands in one statement (see `_RECORD`); the
        same answer recorded again is kept once, as on SQLite."""
        values = {
            "request": columns.answer_request(row),
            "session": row.session_id,
            "profile": row.profile_id,
            "item": row.item_id,
            "hash": row.item_hash,
            "section_name": row.section,
            "topic": row.topic,
            "tags": columns.encode_tags(row.tags),
            "response": columns.encode_json(row.response),
            "score": row.score,
            "confidence": row.confidence,
            "reason": row.miss_reason,
            "spent": row.seconds,
            "at": utc(row.answered_at),
            "week": day_number(row.answered_at) // 7,
            "position": position,
            "section": section,
            "elapsed": section_elapsed,
            "seconds": seconds,
        }
        found = self._attempt(lambda db: db.execute(_RECORD, values).fetchone())
        if found is None:
            raise StoreError(f"{self.where}: the answer was not saved; try again")
        return int(found[0])

    # The schema.

    def _prepare(self, connection: psycopg.Connection[Any]) -> None:
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            version = self._version(connection)
            if version > postgres_schema.SCHEMA_VERSION:
                raise StoreError(
                    f"{self.where}: the history was written by a newer trainer (schema"
                    f" {version}; this one knows {postgres_schema.SCHEMA_VERSION});"
                    " update the trainer to open it"
                )
            if version == 0:
                connection.execute("CREATE TABLE trainer_schema (version integer NOT NULL)")
                connection.execute("INSERT INTO trainer_schema VALUES (0)")
            for number in range(version, postgres_schema.SCHEMA_VERSION):
                connection.execute(postgres_schema.MIGRATIONS[number])
                connection.execute("UPDATE trainer_schema SET version = %s", (number + 1,))

    def _version(self, connection: psycopg.Connection[Any]) -> int:
        """The schema's version; 0 in an empty database, which becomes the history."""

        def one(sql: str) -> Any:
            row = connection.execute(sql).fetchone()
            return None if row is None else row[0]

        if one("SELECT to_regclass('trainer_schema')") is not None:
            return int(one("SELECT version FROM trainer_schema"))
        others = one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        if others:
            raise StoreError(
                f"{self.where}: the database holds another program's tables; give the trainer"
                " a database (or schema) of its own"
            )
        return 0

    @property
    def schema_version(self) -> int:
        return int(self._read("SELECT version FROM trainer_schema")[0][0])

    # Values as the columns keep them.

    def _time(self, moment: datetime) -> datetime:
        return utc(moment)

    def _moment(self, value: datetime) -> datetime:
        return value.astimezone(UTC)

    def _day(self, day: date) -> date:
        return day

    def _date(self, value: date) -> date:
        return value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
