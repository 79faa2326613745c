"""The narrow interface the rest of the trainer uses to keep history; SQLite implements it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Protocol

from trainer.store.records import (
    AnswerRow,
    Bucket,
    CardRow,
    FirstAttempt,
    ItemState,
    KeyTally,
    ScenarioRunRow,
    SessionRow,
    Tally,
)


class Store(Protocol):
    """Record answers and sessions as they happen; read history, running summaries and due cards."""

    def profile(self, name: str, now: datetime) -> int: ...

    def start_session(self, row: SessionRow) -> None: ...

    def record_answer(
        self, row: AnswerRow, *, position: int, section: int, section_elapsed: str, seconds: float
    ) -> int: ...

    def tag_miss(self, answer_id: int, reason: str | None) -> None: ...

    def checkpoint(
        self, session_id: str, *, position: int, section: int, section_elapsed: str, seconds: float
    ) -> None: ...

    def set_item_state(self, state: ItemState) -> None: ...

    def item_states(self, session_id: str) -> list[ItemState]: ...

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
    ) -> None: ...

    def session(self, session_id: str) -> SessionRow | None: ...

    def sessions(self, profile_id: int, *, limit: int = 1000) -> list[SessionRow]: ...

    def open_sessions(self, profile_id: int, mode: str | None = None) -> list[SessionRow]: ...

    def answers(self, session_id: str, *, latest_only: bool = True) -> list[AnswerRow]: ...

    def all_answers(self, profile_id: int | None = None) -> Iterator[AnswerRow]: ...

    def first_attempts(self, blueprint: str | None = None) -> list[FirstAttempt]: ...

    def item_history(self, profile_id: int, item_ids: Sequence[str]) -> dict[str, float]: ...

    def tallies(self, profile_id: int, day: int) -> list[Tally]: ...
    def key_tallies(self, profile_id: int, day: int, recent_days: int) -> list[KeyTally]: ...

    def competencies(self, profile_id: int) -> list[Bucket]: ...

    def activity(self, profile_id: int, since: datetime) -> dict[str, int]: ...

    def card(self, profile_id: int, item_id: str) -> CardRow | None: ...

    def save_card(self, row: CardRow) -> None: ...

    def due_cards(self, profile_id: int, now: datetime, *, limit: int = 100) -> list[CardRow]: ...

    def count_due(self, profile_id: int, now: datetime) -> int: ...

    def save_scenario_run(self, row: ScenarioRunRow) -> None: ...

    def scenario_runs(self, profile_id: int) -> list[ScenarioRunRow]: ...

    def rebuild_summaries(self) -> None: ...

    def close(self) -> None: ...
