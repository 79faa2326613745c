"""An interview run under way: every move saved as it is made."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from trainer.engine import scenario as scenario_engine
from trainer.store.records import Points, ScenarioRunRow

if TYPE_CHECKING:
    from trainer.study.study import Study


class InterviewSession:
    """An interview run under way: every move is saved, so a run can be replayed or resumed."""

    def __init__(
        self, study: Study, run_id: str, run: scenario_engine.Run, started: datetime
    ) -> None:
        self.study = study
        self.run_id = run_id
        self.run = run
        self.started = started
        self.moves: list[dict[str, Any]] = []
        self.before: list[scenario_engine.Run] = []
        """The run as it stood before each move: what was said to the officer at each turn."""
        self.result: scenario_engine.Debrief | None = None

    def save(self) -> None:
        scores: dict[str, Points] = dict(self.run.scores)
        outcome = None
        if self.result is not None:
            scores = dict(self.result.scores)
            outcome = self.result.outcome
        self.study.store.save_scenario_run(
            ScenarioRunRow(
                id=self.run_id,
                profile_id=self.study.profile_id,
                scenario_id=self.run.scenario.scenario,
                started_at=self.started,
                finished_at=self.study.clock.now() if self.result is not None else None,
                outcome=outcome,
                scores=scores,
                path=tuple(self.moves),
            )
        )

    def _moved(self, run: scenario_engine.Run, move: dict[str, Any], save: bool = True) -> None:
        self.before.append(self.run)
        self.run = run
        self.moves.append(move)
        if run.ended:
            self.result = scenario_engine.debrief(run)
        if save:
            self.save()

    def replay(self, move: dict[str, Any]) -> None:
        """Apply a saved move again, without saving it a second time."""
        match move:
            case {"choice": int(index)}:
                run = scenario_engine.choose(self.run, index)
            case {"text": str(text)}:
                run = scenario_engine.respond(self.run, text)
            case {"continue": True}:
                run = scenario_engine.proceed(self.run)
            case _:
                raise ValueError(f"a saved move the trainer does not know: {move!r}")
        self._moved(run, move, save=False)

    def exchanges(self) -> list[tuple[str, str, scenario_engine.Step]]:
        """The turns so far, in order: who spoke, what they said, and the officer's move."""
        return [
            (before.current.speaker, scenario_engine.line(before), step)
            for before, step in zip(self.before, self.run.path, strict=True)
        ]

    def choose(self, index: int) -> None:
        self._moved(scenario_engine.choose(self.run, index), {"choice": index})

    def respond(self, text: str) -> None:
        self._moved(scenario_engine.respond(self.run, text), {"text": text})

    def proceed(self) -> None:
        self._moved(scenario_engine.proceed(self.run), {"continue": True})
