"""The narrow interface the rest of the trainer uses to keep history; SQLite implements it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Protocol

from trainer.content.models import MissReason, SessionMode, SessionStatus
from trainer.errors import TrainerError
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


class StoreError(TrainerError):
    """The history cannot be used as it is; the message says why and what to do."""


class Unwritable(StoreError):
    """The history can be read but not written (a read-only file, folder or database)."""


class Store(Protocol):
    """Record answers and sessions as they happen; read history, running summaries and due cards."""

    def profile(self, name: str, now: datetime) -> int:
        """The id of the profile with this name, created on first use."""

    def start_session(self, row: SessionRow) -> None:
        """Save a session as it begins."""

    def record_answer(
        self, row: AnswerRow, *, position: int, section: int, section_elapsed: str, seconds: float
    ) -> int:
        """Save an answer and where its session stands, in one transaction; returns its row id."""

    def tag_miss(self, answer_id: int, reason: MissReason | None) -> None:
        """Keep why a candidate thinks an answer went wrong (None forgets it)."""

    def checkpoint(
        self, session_id: str, *, position: int, section: int, section_elapsed: str, seconds: float
    ) -> None:
        """Save where a session stands and the time used, without an answer."""

    def set_item_state(self, state: ItemState) -> None:
        """Save the flag and struck options of one item in a session."""

    def item_states(self, session_id: str) -> list[ItemState]:
        """The flags and struck options saved in a session."""

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
        """Close a session (finished, or in `state`) with its score and report."""

    def session(self, session_id: str) -> SessionRow | None:
        """The session with this id, or None."""

    def sessions(self, profile_id: int, *, limit: int = 1000) -> list[SessionRow]:
        """A profile's sessions, newest first."""

    def open_sessions(self, profile_id: int, mode: SessionMode | None = None) -> list[SessionRow]:
        """A profile's unfinished sessions (of one mode, if given), newest first."""

    def answers(self, session_id: str, *, latest_only: bool = True) -> list[AnswerRow]:
        """A session's answers in the order given; with latest_only, the last one per item."""

    def all_answers(self, profile_id: int | None = None) -> Iterator[AnswerRow]:
        """Every answer recorded (of one profile, if given), oldest first."""

    def first_attempts(self, blueprint: str | None = None) -> list[FirstAttempt]:
        """Every profile's first closed sitting of each mock exam (or of one), with its answers."""

    def item_history(self, profile_id: int, item_ids: Sequence[str]) -> dict[str, float]:
        """The lowest score each of these items ever got; items never scored are absent."""

    def tallies(self, profile_id: int, day: int) -> list[Tally]:
        """The running summary of every topic and set of tags, weighted as on `day`."""

    def key_tallies(self, profile_id: int, day: int, recent_days: int) -> list[KeyTally]:
        """The running summaries summed per topic and per set of tags, weighted as on `day`."""

    def competencies(self, profile_id: int) -> list[Bucket]:
        """The share of each competency's marks earned in every finished interview run."""

    def activity(self, profile_id: int, since: datetime) -> dict[str, int]:
        """Answers per UTC date (YYYY-MM-DD) from `since` on."""

    def card(self, profile_id: int, item_id: str) -> CardRow | None:
        """An item's review card for a profile, or None before its first review."""

    def save_card(self, row: CardRow) -> None:
        """Save an item's review card, replacing the one before."""

    def due_cards(self, profile_id: int, now: datetime, *, limit: int = 100) -> list[CardRow]:
        """Cards due by `now`: the urgent first, then the most overdue."""

    def count_due(self, profile_id: int, now: datetime) -> int:
        """How many cards are due by `now`."""

    def card_states(self, profile_id: int, item_ids: Sequence[str]) -> dict[str, str]:
        """The stored cards (the engine's JSON) of those of these items that have one."""

    def card_changes(self, profile_id: int) -> int:
        """How many times the profile's cards have changed, by any connection: a cache key."""

    def card_removals(self, profile_id: int) -> int:
        """How many of the profile's cards have been removed, by any connection."""

    def cards_changed_since(
        self, profile_id: int, changes: int, item_ids: Sequence[str]
    ) -> dict[str, str]:
        """The stored cards of these items added or changed since `card_changes` was
        `changes`."""

    def item_seconds(self, profile_id: int) -> dict[str, tuple[int, float]]:
        """Per item answered: how many attempts, and the seconds they took in all."""

    def goal(self, profile_id: int) -> GoalRow | None:
        """A profile's goal, or None when it has none."""

    def set_goal(self, row: GoalRow) -> None:
        """Set a profile's goal, replacing the one before."""

    def clear_goal(self, profile_id: int) -> bool:
        """Forget a profile's goal; False when it had none."""

    def save_prediction(self, row: PredictionRow) -> None:
        """Keep what readiness predicted as a mock exam began."""

    def predictions(self, profile_id: int) -> list[PredictionRow]:
        """Every prediction made before a profile's mock exams, oldest first."""

    def calibration_answers(self) -> list[CalibrationAnswer]:
        """Every profile's first counting answer to each item, in the order given."""

    def save_item_parameters(self, rows: Sequence[ParameterRow]) -> None:
        """Replace every item's calibrated parameters with these."""

    def item_parameters(self) -> dict[str, ParameterRow]:
        """The calibrated parameters of every item, by id."""

    def save_scenario_run(self, row: ScenarioRunRow) -> None:
        """Save an interview run as it stands, replacing the one before."""

    def scenario_runs(self, profile_id: int) -> list[ScenarioRunRow]:
        """A profile's interview runs, newest first."""

    def profiles_activity(self, today: date, days: int) -> list[ProfileActivity]:
        """Every profile's answers and days studied, in all and in the `days` ending `today`."""

    def last_mocks(self) -> list[SessionRow]:
        """Every profile's latest finished mock exam (profiles that sat none are absent)."""

    def goals(self) -> list[GoalRow]:
        """Every profile's goal (profiles without one are absent)."""

    def topic_tallies(self, day: int) -> list[ProfileTopicTally]:
        """Every profile's running summaries summed per topic, weighted as on `day`."""

    def item_misses(self, min_candidates: int, limit: int) -> list[ItemMisses]:
        """The `limit` items scored by `min_candidates` profiles or more that most have missed."""

    def settle_summaries(self) -> None:
        """Count in the running summaries every answer recorded since they last were (each read
        of them does this first)."""

    def rebuild_summaries(self) -> None:
        """Compute every running summary again from the answers."""

    def close(self) -> None:
        """Close the history; the store cannot be used afterwards."""
