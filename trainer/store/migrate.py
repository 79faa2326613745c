"""Copy candidates' histories from one store to another (a SQLite file into an academy's
PostgreSQL, say) through the `Store` interface alone, so any back end copies into any other.

Everything a candidate did is copied: sessions with their place and ending, every answer
(changed ones too, in the order given), flags and struck options, review cards, interview runs,
the goal and readiness's predictions. Running the copy again writes only what is missing: a
session is found by its id, an answer by its request key, and the rest are replaced by the same
values. After the copy the rows are counted and digested on both sides; they must agree.

Not copied: the profile's creation time (the target keeps its own) and the calibrated item
parameters, which belong to the whole academy (`trainer calibrate` fits them from every answer).
The summaries are not copied either: the target's triggers keep them as each answer arrives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import msgspec

from trainer.store.base import Store, StoreError
from trainer.store.records import (
    AnswerRow,
    CardRow,
    GoalRow,
    ItemState,
    PredictionRow,
    ScenarioRunRow,
    SessionRow,
)

_EVERY_CARD = datetime(9999, 12, 31, tzinfo=UTC)
_ALL = 10**9


class MigrationError(StoreError):
    """The copy cannot be made, or what was copied does not match its source."""


@dataclass(frozen=True)
class History:
    """Every row one candidate has in a store, in a fixed order, without the profile's id."""

    sessions: tuple[SessionRow, ...]
    answers: tuple[AnswerRow, ...]
    counting: tuple[tuple[str, str, datetime], ...]
    """The answers that count (the latest to each item of a session): session, item, moment."""
    marks: tuple[ItemState, ...]
    cards: tuple[CardRow, ...]
    runs: tuple[ScenarioRunRow, ...]
    goal: GoalRow | None
    predictions: tuple[PredictionRow, ...]

    def counts(self) -> dict[str, int]:
        """How many rows of each kind."""
        return {
            "sessions": len(self.sessions),
            "answers": len(self.answers),
            "marks": len(self.marks),
            "cards": len(self.cards),
            "interview runs": len(self.runs),
            "goals": int(self.goal is not None),
            "predictions": len(self.predictions),
        }

    def digest(self) -> str:
        """A SHA-256 of every row's values (ids of rows and profiles left out)."""
        unowned = {
            "sessions": [_without(r, "profile_id") for r in self.sessions],
            "answers": [_without(r, "profile_id", "id") for r in self.answers],
            "counting": list(self.counting),
            "marks": list(self.marks),
            "cards": [_without(r, "profile_id") for r in self.cards],
            "runs": [_without(r, "profile_id") for r in self.runs],
            "goal": None if self.goal is None else _without(self.goal, "profile_id"),
            "predictions": [_without(r, "profile_id") for r in self.predictions],
        }
        return hashlib.sha256(msgspec.json.encode(unowned, order="sorted")).hexdigest()


def _without(row: msgspec.Struct, *names: str) -> dict[str, Any]:
    values = msgspec.structs.asdict(row)
    for name in names:
        values.pop(name)
    return values


def history_of(store: Store, profile_id: int, *, sessions: Sequence[str] | None = None) -> History:
    """Every row of a candidate's history (or the part of it in these sessions, with the
    cards, runs and predictions of `only` when given)."""
    found = sorted(store.sessions(profile_id, limit=_ALL), key=lambda s: (s.started_at, s.id))
    if sessions is not None:
        wanted = set(sessions)
        found = [s for s in found if s.id in wanted]
    answers: list[AnswerRow] = []
    counting: list[tuple[str, str, datetime]] = []
    marks: list[ItemState] = []
    for session in found:
        answers.extend(store.answers(session.id, latest_only=False))
        counting.extend((a.session_id, a.item_id, a.answered_at) for a in store.answers(session.id))
        marks.extend(sorted(store.item_states(session.id), key=lambda m: m.item_id))
    cards = sorted(store.due_cards(profile_id, _EVERY_CARD, limit=_ALL), key=lambda c: c.item_id)
    return History(
        sessions=tuple(found),
        answers=tuple(answers),
        counting=tuple(counting),
        marks=tuple(marks),
        cards=tuple(cards),
        runs=tuple(sorted(store.scenario_runs(profile_id), key=lambda r: r.id)),
        goal=store.goal(profile_id),
        predictions=tuple(store.predictions(profile_id)),
    )


@dataclass(frozen=True)
class Copied:
    """One candidate's copy: the rows in the source, those this run wrote, and the digest both
    sides agree on."""

    name: str
    counts: dict[str, int]
    added: dict[str, int] = field(default_factory=dict)
    digest: str = ""


def profiles(store: Store, today: date) -> dict[str, int]:
    """Every candidate in a store: name to profile id."""
    return {p.name: p.profile_id for p in store.profiles_activity(today, 1)}


def copy(source: Store, target: Store, name: str, now: datetime) -> Copied:
    """Copy one candidate's history from `source` into `target` (the same name there), then
    check that the target holds every row exactly; raises MigrationError when it does not."""
    known = profiles(source, now.date())
    if name not in known:
        raise MigrationError(f"there is no candidate named {name!r} to copy")
    given = history_of(source, known[name])
    mine = target.profile(name, now)
    before = _target_part(target, mine, given)
    for session in given.sessions:
        _copy_session(source, target, session, mine)
    for card in given.cards:
        target.save_card(msgspec.structs.replace(card, profile_id=mine))
    for run in given.runs:
        target.save_scenario_run(msgspec.structs.replace(run, profile_id=mine))
    if given.goal is not None:
        target.set_goal(msgspec.structs.replace(given.goal, profile_id=mine))
    for prediction in given.predictions:
        target.save_prediction(msgspec.structs.replace(prediction, profile_id=mine))
    after = _target_part(target, mine, given)
    if after.digest() != given.digest() or after.counts() != given.counts():
        differ = [
            f"{kind} {after.counts()[kind]} of {count}"
            for kind, count in given.counts().items()
            if after.counts()[kind] != count
        ]
        raise MigrationError(
            f"{name}: the copy does not match its source ("
            + (", ".join(differ) if differ else "the same counts, other values")
            + "); the source is unchanged"
        )
    added = {k: after.counts()[k] - before.counts()[k] for k in given.counts()}
    return Copied(name, given.counts(), added, given.digest())


def _target_part(target: Store, profile_id: int, given: History) -> History:
    """The rows of the target that the source's copy is made of: its sessions, and its cards,
    runs and predictions by their keys (the target may hold more of the candidate's own)."""
    part = history_of(target, profile_id, sessions=[s.id for s in given.sessions])
    cards = {c.item_id for c in given.cards}
    runs = {r.id for r in given.runs}
    predicted = {p.session_id for p in given.predictions}
    return History(
        sessions=part.sessions,
        answers=part.answers,
        counting=part.counting,
        marks=part.marks,
        cards=tuple(c for c in part.cards if c.item_id in cards),
        runs=tuple(r for r in part.runs if r.id in runs),
        goal=part.goal if given.goal is not None else None,
        predictions=tuple(p for p in part.predictions if p.session_id in predicted),
    )


def _copy_session(source: Store, target: Store, session: SessionRow, mine: int) -> None:
    there = target.session(session.id)
    if there is not None and there.profile_id != mine:
        raise MigrationError(
            f"session {session.id!r} is already in the target under another candidate;"
            " nothing of it was copied"
        )
    if there is None:
        target.start_session(msgspec.structs.replace(session, profile_id=mine))
    place, section, elapsed = session.position, session.section, session.section_elapsed
    for answer in source.answers(session.id, latest_only=False):
        target.record_answer(
            msgspec.structs.replace(answer, profile_id=mine, id=None),
            position=place,
            section=section,
            section_elapsed=elapsed,
            seconds=session.seconds,
        )
    for mark in source.item_states(session.id):
        target.set_item_state(mark)
    target.checkpoint(
        session.id,
        position=place,
        section=section,
        section_elapsed=elapsed,
        seconds=session.seconds,
    )
    if session.finished_at is not None:
        target.finish_session(
            session.id,
            finished_at=session.finished_at,
            score=session.score,
            passed=session.passed,
            seconds=session.seconds,
            report=session.report,
            state=session.state,
        )
