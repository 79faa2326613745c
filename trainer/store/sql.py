"""Every query of the history, written once for both back ends: SQLite (`sqlite.py`) and
PostgreSQL (`postgres.py`) each connect, migrate, run a transaction and say what went wrong.

The queries use `?` and `:name` parameters, which a PostgreSQL store turns into its own; a
subclass supplies what differs: how a moment and a day are written and read back, the query that
gathers a sitting's answers, and the statements that rebuild the summaries.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Final, Protocol, TypeVar

from trainer.content.models import MissReason, SessionMode, SessionStatus
from trainer.store import columns, summaries
from trainer.store.base import Unwritable
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

_T = TypeVar("_T")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

Args = Sequence[Any] | Mapping[str, Any]


class Cursor(Protocol):
    """What a statement leaves to read."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Db(Protocol):
    """A connection inside one transaction, taking the queries as written here."""

    def execute(self, sql: str, args: Args = ..., /) -> Cursor: ...

    def executemany(self, sql: str, args: Sequence[Sequence[Any]], /) -> Any: ...


def day_number(moment: datetime) -> int:
    """Whole days since 1970-01-01 UTC: the bucket answers are grouped by."""
    return (moment.astimezone(UTC) - _EPOCH).days


def utc(moment: datetime) -> datetime:
    """An aware moment in UTC; a naive one is refused, since its zone is anyone's guess."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are refused: pass an aware UTC time")
    return moment.astimezone(UTC)


class SqlStore:
    """The `Store` over a SQL database; the subclass runs the statements."""

    _ATTEMPT_ANSWERS: ClassVar[str]
    """The expression that gathers a sitting's answers as a JSON array of
    [item, hash, response, score]."""
    _URGENT: ClassVar[str] = ""
    """What follows `FROM cards` when due cards are read most urgent first (an index hint)."""
    _REBUILD: ClassVar[tuple[str, ...]]
    """The statements that compute every running summary again from the answers."""
    _FOLD: ClassVar[tuple[str, ...]]
    """The statements that count the answers after `:after` up to `:through` in the summaries."""

    # What a subclass provides.

    def _read(self, sql: str, args: Args = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _transact(self, body: Callable[[Db], _T]) -> _T:
        """Run `body` in one transaction: committed whole or not at all."""
        raise NotImplementedError

    def _write_one(self, sql: str, args: Args = ()) -> int:
        """Run one statement in its own transaction; returns how many rows it changed."""
        raise NotImplementedError

    def _hold_answers(self, db: Db) -> None:
        """Keep answers from being recorded until the transaction ends, where the database
        would otherwise let them be (SQLite writes one transaction at a time anyway)."""

    def _time(self, moment: datetime) -> Any:
        """A moment as its column takes it."""
        raise NotImplementedError

    def _moment(self, value: Any) -> datetime:
        """A moment as its column gives it back."""
        raise NotImplementedError

    def _day(self, day: date) -> Any:
        """A calendar day as its column takes it."""
        raise NotImplementedError

    def _date(self, value: Any) -> date:
        """A calendar day as its column gives it back."""
        raise NotImplementedError

    def _maybe_moment(self, value: Any) -> datetime | None:
        return None if value is None else self._moment(value)

    # Profiles.

    def profile(self, name: str, now: datetime) -> int:
        """The id of the profile with this name, created on first use."""
        found = self._read("SELECT id FROM profiles WHERE name = ?", (name,))
        if found:
            return int(found[0][0])
        self._write_one(
            "INSERT INTO profiles(name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (name, self._time(now)),
        )
        return int(self._read("SELECT id FROM profiles WHERE name = ?", (name,))[0][0])

    # Sessions.

    def start_session(self, row: SessionRow) -> None:
        self._write_one(
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
                self._time(row.started_at),
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

        An earlier answer to the same item in the session is kept but no longer counts (a
        trigger takes it out of the summaries if they counted it); the summaries count this one
        when they are next read (`settle_summaries`).
        The same answer recorded again (a retry after a lost connection) is kept once: its
        request key, made from what it holds, finds the one already written.
        """
        request = columns.answer_request(row)
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
            self._time(row.answered_at),
            day_number(row.answered_at) // 7,
            request,
        )

        def body(db: Db) -> int:
            # Looked up before the insert: the insert's trigger would first supersede the very
            # answer a retry repeats. (An INSERT ... SELECT WHERE NOT EXISTS reading the table
            # it writes costs SQLite a temporary table: a third slower.)
            found = db.execute(
                "SELECT id FROM answers WHERE session_id = ? AND item_id = ? AND request = ?",
                (row.session_id, row.item_id, request),
            ).fetchone()
            if found is None:
                found = db.execute(
                    "INSERT INTO answers(session_id, profile_id, item_id, item_hash, section,"
                    " topic, tags, response, score, confidence, miss_reason, seconds, answered_at,"
                    " week, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " RETURNING id",
                    values,
                ).fetchone()
            db.execute(
                "UPDATE sessions SET position = ?, section = ?, section_elapsed = ?, seconds = ?"
                " WHERE id = ?",
                (position, section, section_elapsed, seconds, row.session_id),
            )
            return int(found[0])

        return self._transact(body)

    def tag_miss(self, answer_id: int, reason: MissReason | None) -> None:
        """Keep why a candidate thinks an answer went wrong."""
        self._write_one("UPDATE answers SET miss_reason = ? WHERE id = ?", (reason, answer_id))

    def checkpoint(
        self, session_id: str, *, position: int, section: int, section_elapsed: str, seconds: float
    ) -> None:
        """Save where a session stands and the time used, without an answer."""
        self._write_one(
            "UPDATE sessions SET position = ?, section = ?, section_elapsed = ?, seconds = ?"
            " WHERE id = ?",
            (position, section, section_elapsed, seconds, session_id),
        )

    def set_item_state(self, state: ItemState) -> None:
        self._write_one(
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
        state: SessionStatus = "finished",
    ) -> None:
        self._write_one(
            "UPDATE sessions SET state = ?, finished_at = ?, score = ?, passed = ?,"
            " seconds = ?, report = ? WHERE id = ?",
            (
                state,
                self._time(finished_at),
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

    def _session(self, row: tuple[Any, ...]) -> SessionRow:
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
            started_at=self._moment(started),
            finished_at=self._maybe_moment(finished),
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

    def open_sessions(self, profile_id: int, mode: SessionMode | None = None) -> list[SessionRow]:
        """Unfinished sessions, newest first."""
        sql = (
            f"SELECT {self._SESSION_COLUMNS} FROM sessions WHERE profile_id = ? AND state = 'open'"
        )
        args: tuple[Any, ...] = (profile_id,)
        if mode is not None:
            sql, args = sql + " AND mode = ?", (profile_id, mode)
        rows = self._read(sql + " ORDER BY started_at DESC", args)
        return [self._session(r) for r in rows]

    _ANSWER_COLUMNS: Final = (
        "id, session_id, profile_id, item_id, item_hash, section, topic, tags, response, score,"
        " confidence, miss_reason, seconds, answered_at"
    )

    def _answer(self, row: tuple[Any, ...]) -> AnswerRow:
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
            answered_at=self._moment(answered),
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
        one = "" if blueprint is None else " AND blueprint = ?"
        rows = self._read(
            "WITH ranked AS (SELECT id, profile_id, blueprint, form_code, state, started_at, plan,"
            " row_number() OVER (PARTITION BY profile_id, blueprint ORDER BY started_at, id)"
            " AS nth FROM sessions WHERE mode = 'exam' AND state IN ('finished', 'left')"
            f" AND blueprint IS NOT NULL{one})"
            " SELECT id, profile_id, blueprint, form_code, state, started_at, plan,"
            f" (SELECT {self._ATTEMPT_ANSWERS}"
            " FROM answers WHERE session_id = ranked.id AND superseded = 0)"
            " FROM ranked WHERE nth = 1 ORDER BY blueprint, started_at, id",
            () if blueprint is None else (blueprint,),
        )
        return [
            FirstAttempt(
                session_id=sid,
                profile_id=profile,
                blueprint=name,
                form_code=form,
                state=state,
                started_at=self._moment(started),
                plan=plan,
                answers=columns.decode_attempt_answers(answers, sid),
            )
            for sid, profile, name, form, state, started, plan, answers in rows
        ]

    def item_history(self, profile_id: int, item_ids: Sequence[str]) -> dict[str, float]:
        """The lowest score each of these items ever got (items never scored are absent)."""
        self.settle_summaries()
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
        self.settle_summaries()
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
        self.settle_summaries()
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
            day = day_number(self._moment(finished))
            for name, points in columns.decode_scores(scores, f"scores of run {run!r}").items():
                if not isinstance(points, tuple):
                    continue  # a running total, never a finished run's (scored, best)
                scored, best = points
                share = max(0.0, min(1.0, scored / best)) if best > 0 else 1.0
                out.append(Bucket("competency", name, day, 1, share))
        return out

    def activity(self, profile_id: int, since: datetime) -> dict[str, int]:
        """Answers per UTC date (YYYY-MM-DD) from `since` on: the activity calendar."""
        self.settle_summaries()
        rows = self._read(
            "SELECT date, answers FROM day_activity WHERE profile_id = ? AND date >= ?",
            (profile_id, self._day(since.astimezone(UTC).date())),
        )
        return {str(day): int(n) for day, n in rows}

    # Across every profile: the cohort report.

    def profiles_activity(self, today: date, days: int) -> list[ProfileActivity]:
        """Every profile's answers and days studied, by name, from the per-day summary: in all,
        on the seven UTC dates ending `today`, and on the `days` dates ending `today`."""
        self.settle_summaries()
        if days < 1:
            raise ValueError(f"a window of days takes 1 or more, not {days}")
        rows = self._read(
            "SELECT p.id, p.name, coalesce(sum(d.answers), 0),"
            " coalesce(sum(CASE WHEN d.date >= :week AND d.date <= :today THEN d.answers END), 0),"
            " coalesce(sum(CASE WHEN d.date >= :since AND d.date <= :today THEN d.answers END), 0),"
            " count(CASE WHEN d.date >= :since AND d.date <= :today THEN 1 END), max(d.date)"
            " FROM profiles AS p LEFT JOIN day_activity AS d ON d.profile_id = p.id"
            " GROUP BY p.id, p.name ORDER BY p.name",
            {
                "today": self._day(today),
                "week": self._day(date.fromordinal(today.toordinal() - 6)),
                "since": self._day(date.fromordinal(today.toordinal() - days + 1)),
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
                last_day=None if last is None else self._date(last),
            )
            for pid, name, answers, week, window, studied, last in rows
        ]

    def last_mocks(self) -> list[SessionRow]:
        """Every profile's latest finished mock exam, by when it finished."""
        rows = self._read(
            f"SELECT {self._SESSION_COLUMNS} FROM (SELECT *, row_number() OVER"
            " (PARTITION BY profile_id ORDER BY finished_at DESC, id DESC) AS nth"
            " FROM sessions WHERE mode = 'exam' AND state = 'finished'"
            " AND finished_at IS NOT NULL) AS ranked WHERE nth = 1 ORDER BY profile_id"
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
                exam_date=self._date(exam),
                blueprint=blueprint,
                minutes=minutes,
                set_at=self._moment(set_at),
            )
            for pid, exam, blueprint, minutes, set_at in rows
        ]

    def topic_tallies(self, day: int) -> list[ProfileTopicTally]:
        """Every profile's running summaries summed per topic (over its sets of tags) in the
        database, weighted as on `day`, by profile."""
        self.settle_summaries()
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
        self.settle_summaries()
        missing = "sum(CASE WHEN lowest < 1 THEN 1 ELSE 0 END)"
        rows = self._read(
            f"SELECT item_id, count(*), {missing}, sum(attempts)"
            " FROM item_tallies WHERE lowest IS NOT NULL GROUP BY item_id"
            f" HAVING count(*) >= ? AND {missing} > 0"
            f" ORDER BY {missing} * 1.0 / count(*) DESC, count(*) DESC, item_id"
            " LIMIT ?",
            (min_candidates, limit),
        )
        return [
            ItemMisses(item_id=item, candidates=n, missed=int(missed), attempts=int(attempts))
            for item, n, missed, attempts in rows
        ]

    def settle_summaries(self) -> None:
        """Count in the running summaries every answer recorded since they last were, in one
        transaction; nothing to count costs one indexed read. A history that cannot be
        written is read as its summaries stand."""
        [(counted, last)] = self._read(summaries.PENDING)
        if last is None or last <= counted:
            return

        def body(db: Db) -> None:
            self._hold_answers(db)
            counted, last = db.execute(summaries.PENDING).fetchone()
            if last is not None and last > counted:
                for statement in self._FOLD:
                    db.execute(statement, {"after": counted, "through": last})

        with contextlib.suppress(Unwritable):
            self._transact(body)

    def rebuild_summaries(self) -> None:
        """Compute every running summary again from the answers, in one transaction."""

        def body(db: Db) -> None:
            for statement in self._REBUILD:
                db.execute(statement)

        self._transact(body)

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
            due=self._moment(due),
            priority=priority,
        )

    def save_card(self, row: CardRow) -> None:
        self._write_one(
            "INSERT INTO cards(profile_id, item_id, card, due, priority) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(profile_id, item_id) DO UPDATE SET card = excluded.card,"
            " due = excluded.due, priority = excluded.priority",
            (row.profile_id, row.item_id, row.card, self._time(row.due), row.priority),
        )

    def due_cards(self, profile_id: int, now: datetime, *, limit: int = 100) -> list[CardRow]:
        """Cards due by `now`: the urgent first, then the most overdue."""
        rows = self._read(
            f"SELECT item_id, card, due, priority FROM cards{self._URGENT}"
            " WHERE profile_id = ? AND due <= ? ORDER BY priority DESC, due LIMIT ?",
            (profile_id, self._time(now), limit),
        )
        return [
            CardRow(
                profile_id=profile_id,
                item_id=item,
                card=card,
                due=self._moment(due),
                priority=priority,
            )
            for item, card, due, priority in rows
        ]

    def count_due(self, profile_id: int, now: datetime) -> int:
        rows = self._read(
            "SELECT count(*) FROM cards WHERE profile_id = ? AND due <= ?",
            (profile_id, self._time(now)),
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
        self.settle_summaries()
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
            exam_date=self._date(exam),
            blueprint=blueprint,
            minutes=minutes,
            set_at=self._moment(set_at),
        )

    def set_goal(self, row: GoalRow) -> None:
        self._write_one(
            "INSERT INTO goals(profile_id, exam_date, blueprint, minutes, set_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(profile_id) DO UPDATE SET"
            " exam_date = excluded.exam_date, blueprint = excluded.blueprint,"
            " minutes = excluded.minutes, set_at = excluded.set_at",
            (
                row.profile_id,
                self._day(row.exam_date),
                row.blueprint,
                row.minutes,
                self._time(row.set_at),
            ),
        )

    def clear_goal(self, profile_id: int) -> bool:
        """Forget a profile's goal; False when it had none."""
        return self._write_one("DELETE FROM goals WHERE profile_id = ?", (profile_id,)) > 0

    def save_prediction(self, row: PredictionRow) -> None:
        self._write_one(
            "INSERT INTO predictions(session_id, profile_id, blueprint, made_at, median, low,"
            " high, p_pass) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(session_id) DO UPDATE"
            " SET profile_id = excluded.profile_id, blueprint = excluded.blueprint,"
            " made_at = excluded.made_at, median = excluded.median, low = excluded.low,"
            " high = excluded.high, p_pass = excluded.p_pass",
            (
                row.session_id,
                row.profile_id,
                row.blueprint,
                self._time(row.made_at),
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
                made_at=self._moment(made),
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

        def body(db: Db) -> None:
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
                        self._time(r.calibrated_at),
                    )
                    for r in rows
                ],
            )

        self._transact(body)

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
                calibrated_at=self._moment(at),
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
        return [self._scenario_run(r) for r in rows]

    def save_scenario_run(self, row: ScenarioRunRow) -> None:
        self._write_one(
            "INSERT INTO scenario_runs(id, profile_id, scenario_id, started_at, finished_at,"
            " outcome, scores, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET finished_at = excluded.finished_at,"
            " outcome = excluded.outcome, scores = excluded.scores, path = excluded.path",
            (
                row.id,
                row.profile_id,
                row.scenario_id,
                self._time(row.started_at),
                None if row.finished_at is None else self._time(row.finished_at),
                row.outcome,
                columns.encode_json(row.scores),
                columns.encode_json(row.path),
            ),
        )

    def _scenario_run(self, row: tuple[Any, ...]) -> ScenarioRunRow:
        rid, profile, scenario, started, finished, outcome, scores, path = row
        return ScenarioRunRow(
            id=rid,
            profile_id=profile,
            scenario_id=scenario,
            started_at=self._moment(started),
            finished_at=self._maybe_moment(finished),
            outcome=outcome,
            scores=columns.decode_scores(scores, f"scores of run {rid!r}"),
            path=columns.decode_path(path, f"moves of run {rid!r}"),
        )
