"""Study: the engine bound to the history. Every step of a session is saved as it happens.

The engine is pure and the store only keeps rows; this module joins them, so the app, the CLI
and scripted candidates all run sessions the same way.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

import msgspec

from trainer.content.catalog import Catalog, Item
from trainer.engine import mastery, review
from trainer.engine import scenario as scenario_engine
from trainer.engine.clock import Clock
from trainer.engine.drill import drill_items
from trainer.engine.plan import (
    SEED_BITS,
    Plan,
    PlanError,
    draw_exam,
    list_plan,
    practice_items,
    seed_from_code,
)
from trainer.engine.report import Report, build_report
from trainer.engine.scoring import Response, Score, score
from trainer.engine.session import Given, SessionError, SessionState, Timing
from trainer.store.base import Store
from trainer.store.records import AnswerRow, CardRow, ItemState, ScenarioRunRow, SessionRow
from trainer.store.sqlite import day_number

T = TypeVar("T")
CHECKPOINT_SECONDS = 5.0
MISS_REASONS = ("did-not-know", "misread", "calculation-slip", "rule-confusion", "ran-out-of-time")
CONFIDENCE = ("low", "medium", "high")


def item_hash(item: Item) -> str:
    """A digest of a question's content: the history recognises an edited question by it."""
    return hashlib.blake2b(msgspec.msgpack.encode(item.question), digest_size=8).hexdigest()


def _decode_response(text: str) -> Response:
    value = msgspec.json.decode(text)
    if isinstance(value, list):
        return tuple(value)
    return value  # type: ignore[no-any-return]


class Tick(StrEnum):
    """What a tick of a timed session brought about, when anything did."""

    SECTION_ENDED = "section-ended"
    BREAK_ENDED = "break-ended"
    FINISHED = "finished"


class Study:
    """One candidate's study: starts and resumes sessions, and reads the history back."""

    def __init__(
        self,
        catalog: Catalog,
        store: Store,
        clock: Clock,
        rng: random.Random,
        *,
        profile: str = "default",
    ) -> None:
        self.catalog = catalog
        self.store = store
        self.clock = clock
        self.rng = rng
        self.profile_id = store.profile(profile, clock.now())

    def _session_id(self) -> str:
        """A new id, drawn again in the rare case it is taken (a replayed seed, a shared store)."""
        while True:
            candidate = f"{self.clock.now():%Y%m%d-%H%M%S}-{self.rng.getrandbits(32):08x}"
            if self.store.session(candidate) is None:
                return candidate

    def _begin(self, plan: Plan) -> Live:
        state = SessionState.start(plan)
        row = SessionRow(
            id=self._session_id(),
            profile_id=self.profile_id,
            mode=plan.mode,
            started_at=self.clock.now(),
            plan=plan.encode(),
            blueprint=plan.blueprint,
            form_code=plan.form_code,
            seed=plan.seed,
            section_elapsed=state.timing.encode(),
        )
        self.store.start_session(row)
        return Live(self, row.id, state)

    def new_seed(self) -> int:
        return self.rng.getrandbits(SEED_BITS)

    def start_practice(
        self,
        count: int = 10,
        *,
        section: str | None = None,
        topic: str | None = None,
        tags: Sequence[str] = (),
        difficulty: Sequence[int] | None = None,
        seed: int | None = None,
    ) -> Live:
        """Tutor mode: feedback and the explanation right after each answer."""
        seed = self.new_seed() if seed is None else seed
        items = practice_items(
            self.catalog,
            random.Random(seed),
            count,
            section=section,
            topic=topic,
            tags=tags,
            difficulty=difficulty,
        )
        title = "Practice" + (f": {section}" if section else "") + (f" / {topic}" if topic else "")
        return self._begin(list_plan("practice", title, items, seed))

    def start_exam(self, blueprint_id: str, *, form: str | int | None = None) -> Live:
        """A mock exam drawn from a blueprint; `form` (a form code or seed) repeats a form."""
        blueprint = self.catalog.blueprints.get(blueprint_id)
        if blueprint is None:
            raise PlanError(f"no mock exam {blueprint_id!r}")
        if isinstance(form, str):
            seed = seed_from_code(form)
        else:
            seed = self.new_seed() if form is None else form
        return self._begin(draw_exam(self.catalog, blueprint, seed))

    def start_drill(self, count: int = 10) -> Live:
        """Items from the weakest topics, missed ones preferred."""
        ranked = self.weak_areas().ranked
        candidates = [i.id for m in ranked[:3] for i in self.catalog.in_topic(*m.key.split("/", 1))]
        lowest = self.store.item_history(self.profile_id, candidates)
        seed = self.new_seed()
        items = drill_items(self.catalog, ranked, lowest, random.Random(seed), count)
        return self._begin(list_plan("drill", "Weak-area drill", items, seed))

    def start_items(self, item_ids: Sequence[str], title: str = "Practice") -> Live:
        """Tutor mode over chosen items, such as the ones missed in a mock exam."""
        items = [item for i in item_ids if (item := self.catalog.get(i)) is not None]
        if not items:
            raise PlanError("none of those questions is in the loaded content")
        return self._begin(list_plan("practice", title, items, self.new_seed()))

    def due(self, limit: int = 100) -> list[Item]:
        """Items due for review now, the urgent and most overdue first."""
        cards = self.store.due_cards(self.profile_id, self.clock.now(), limit=limit)
        return [item for c in cards if (item := self.catalog.get(c.item_id)) is not None]

    def start_review(self, limit: int = 20) -> Live:
        items = self.due(limit)
        if not items:
            raise PlanError("nothing is due for review")
        return self._begin(list_plan("review", "Spaced review", items, self.new_seed()))

    def unfinished(self, mode: str | None = "exam") -> list[SessionRow]:
        return self.store.open_sessions(self.profile_id, mode)

    def resume(self, session_id: str) -> Live:
        """Rebuild an unfinished session exactly as it was last saved."""
        row = self.store.session(session_id)
        if row is None:
            raise SessionError(f"no session {session_id!r}")
        if row.state != "open":
            raise SessionError(f"session {session_id!r} is already {row.state}")
        plan = Plan.decode(row.plan)
        answers = {
            a.item_id: Given(
                _decode_response(a.response),
                a.score if a.score is not None else 0.0,
                a.confidence,
                a.seconds,
            )
            for a in self.store.answers(session_id)
        }
        states = self.store.item_states(session_id)
        state = SessionState(
            plan=plan,
            timing=Timing.decode(row.section_elapsed),
            section=row.section,
            position=row.position,
            answers=MappingProxyType(answers),
            flags=frozenset(s.item_id for s in states if s.flagged),
            struck=MappingProxyType(
                {s.item_id: frozenset(int(x) for x in s.struck.split(",") if x) for s in states}
            ),
        )
        return Live(self, session_id, state)

    def start_scenario(self, scenario_id: str) -> LiveScenario:
        """An interview run, saved after every step."""
        found = self.catalog.scenarios.get(scenario_id)
        if found is None:
            raise PlanError(f"no interview scenario {scenario_id!r}")
        run_id = f"run-{self._session_id()}"
        live = LiveScenario(self, run_id, scenario_engine.start(found), self.clock.now())
        live.save()
        return live

    def unfinished_scenarios(self) -> list[ScenarioRunRow]:
        """Interview runs left before their end, newest first: the latest of each scenario that
        is still in the catalog (an older run of the same scenario was given up for a newer)."""
        latest: dict[str, ScenarioRunRow] = {}
        for row in self.store.scenario_runs(self.profile_id):
            if row.scenario_id not in latest:
                latest[row.scenario_id] = row
        return [
            row
            for row in latest.values()
            if row.finished_at is None and row.scenario_id in self.catalog.scenarios
        ]

    def resume_scenario(self, run_id: str) -> LiveScenario:
        """Rebuild an interview run by replaying its saved moves; it goes on saving as before."""
        row = next((r for r in self.store.scenario_runs(self.profile_id) if r.id == run_id), None)
        if row is None:
            raise PlanError(f"no interview run {run_id!r}")
        if row.finished_at is not None:
            raise PlanError("that interview is finished: its debrief is in the history")
        found = self.catalog.scenarios.get(row.scenario_id)
        if found is None:
            raise PlanError(f"the interview {row.scenario_id!r} is no longer in the content")
        live = LiveScenario(self, row.id, scenario_engine.start(found), row.started_at)
        try:
            for move in json.loads(row.path):
                live.replay(move)
        except (scenario_engine.ScenarioError, ValueError, TypeError, KeyError) as error:
            raise PlanError(
                f"the interview {found.title!r} has changed since this run was saved, so it "
                f"cannot be resumed ({error}); start it again"
            ) from None
        return live

    def weak_areas(self) -> mastery.WeakAreas:
        topics = {f"{i.section}/{i.topic}" for i in self.catalog.items}
        due = self.store.count_due(self.profile_id, self.clock.now())
        return mastery.weak_areas(self.masteries(), topics, due_reviews=due)

    def masteries(self) -> list[mastery.Mastery]:
        """Mastery of every topic, section, tag and competency, from the running summaries."""
        today = day_number(self.clock.now())
        evidence = mastery.from_key_tallies(
            self.store.key_tallies(self.profile_id, today, mastery.RECENT_DAYS)
        )
        evidence.update(mastery.from_buckets(self.store.competencies(self.profile_id), today))
        return mastery.estimate(evidence)

    def history(self, limit: int = 1000) -> list[SessionRow]:
        return self.store.sessions(self.profile_id, limit=limit)


@dataclass
class Outcome:
    """What an answer produced: the score, shown at once only in tutor mode, and its row id."""

    score: Score
    answer_id: int
    shown: bool


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    """Run a step of a live session under its lock: the app calls from several threads."""

    @functools.wraps(method)
    def step(self: Live, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return step


class Live:
    """A session under way: each step changes the state and is saved before it returns."""

    def __init__(self, study: Study, session_id: str, state: SessionState) -> None:
        self.study = study
        self.session_id = session_id
        self.state = state
        self._lock = threading.RLock()
        self._mark = study.clock.monotonic()
        self._saved_at = self._mark
        self.report: Report | None = None

    @property
    def plan(self) -> Plan:
        return self.state.plan

    def item(self, item_id: str | None = None) -> Item:
        """The catalog item for an id (default: the current one)."""
        wanted = item_id or (self.state.current.id if self.state.current else None)
        found = self.study.catalog.get(wanted) if wanted else None
        if found is None:
            raise SessionError(f"question {wanted!r} is no longer in the loaded content")
        return found

    def _spend(self) -> float:
        now = self.study.clock.monotonic()
        spent, self._mark = now - self._mark, now
        self.state = self.state.spent(spent)
        return spent

    def _position_args(self) -> dict[str, Any]:
        return {
            "position": self.state.position,
            "section": self.state.section,
            "section_elapsed": self.state.timing.encode(),
            "seconds": sum(self.state.timing.elapsed),
        }

    @_locked
    def checkpoint(self) -> None:
        """Save the position and time used; the app calls it on a timer and on quitting."""
        self._spend()
        self.study.store.checkpoint(self.session_id, **self._position_args())
        self._saved_at = self._mark

    @_locked
    def answer(self, response: Response, *, confidence: str | None = None) -> Outcome:
        """Record a response to the current item."""
        current = self.state.current
        if current is None:
            raise SessionError("there is no question to answer now")
        if confidence is not None and confidence not in CONFIDENCE:
            raise SessionError(f"confidence is one of {', '.join(CONFIDENCE)}")
        if self.plan.feedback and current.id in self.state.answers:
            raise SessionError("this question is already answered")
        item = self.item(current.id)
        spent = self._spend()
        previous = self.state.answers.get(current.id)
        seconds = spent + (previous.seconds if previous else 0.0)
        result = score(item.question, response)
        self.state = self.state.answered(
            current.id, Given(response, result.value, confidence, seconds)
        )
        row = AnswerRow(
            session_id=self.session_id,
            profile_id=self.study.profile_id,
            item_id=item.id,
            item_hash=item_hash(item),
            section=item.section,
            topic=item.topic,
            tags=",".join(item.question.tags),
            response=msgspec.json.encode(response).decode(),
            score=result.value,
            seconds=seconds,
            answered_at=self.study.clock.now(),
            confidence=confidence,
        )
        answer_id = self.study.store.record_answer(row, **self._position_args())
        self._saved_at = self._mark
        if self.plan.feedback:
            self._schedule(item.id, result.value, confidence)
        return Outcome(result, answer_id, shown=self.plan.feedback)

    def _schedule(self, item_id: str, value: float, confidence: str | None) -> None:
        store, profile = self.study.store, self.study.profile_id
        previous = store.card(profile, item_id)
        done = review.review(
            previous.card if previous else None, item_id, value, confidence, self.study.clock.now()
        )
        store.save_card(
            CardRow(
                profile_id=profile,
                item_id=item_id,
                card=done.card,
                due=done.due,
                priority=done.priority,
            )
        )

    def tag_miss(self, answer_id: int, reason: str | None) -> None:
        if reason is not None and reason not in MISS_REASONS:
            raise SessionError(f"a reason is one of {', '.join(MISS_REASONS)}")
        self.study.store.tag_miss(answer_id, reason)

    def _save_marks(self, item_id: str) -> None:
        struck = ",".join(str(o) for o in sorted(self.state.struck.get(item_id, ())))
        self.study.store.set_item_state(
            ItemState(
                session_id=self.session_id,
                item_id=item_id,
                flagged=item_id in self.state.flags,
                struck=struck,
            )
        )

    @_locked
    def flag(self, on: bool | None = None) -> bool:
        """Flag the current item for review (toggle when `on` is None); returns the new flag."""
        current = self.state.current
        if current is None:
            raise SessionError("there is no question to flag now")
        wanted = current.id not in self.state.flags if on is None else on
        self.state = self.state.with_flag(current.id, wanted)
        self._save_marks(current.id)
        return wanted

    @_locked
    def strike(self, option: int, on: bool | None = None) -> bool:
        """Strike out an option of the current item (toggle when `on` is None)."""
        current = self.state.current
        if current is None:
            raise SessionError("there is no question now")
        wanted = option not in self.state.struck.get(current.id, frozenset()) if on is None else on
        self.state = self.state.with_strike(current.id, option, wanted)
        self._save_marks(current.id)
        return wanted

    @_locked
    def go(self, position: int, *, save: bool = True) -> None:
        """Move to another item of the section; saved (unless told not to) so a resume opens here.

        The app moves without saving and saves a moment later, so a key press waits for no disk.
        """
        self.state = self.state.moved(position)
        if save:
            self.checkpoint()

    @_locked
    def tick(self) -> Tick | None:
        """Count the time since the last step; end a section or break that ran out, and say
        which (None when nothing ran out)."""
        self._spend()
        event = None
        if self.state.on_break and self.state.break_left() <= 0:
            self.state = self.state.break_done()
            event = Tick.BREAK_ENDED
        elif not self.state.on_break and not self.state.finished and self.state.expired():
            self.state = self.state.section_done()
            event = Tick.FINISHED if self.state.finished else Tick.SECTION_ENDED
        if event is Tick.FINISHED:
            self.submit()
        elif event or self._mark - self._saved_at >= CHECKPOINT_SECONDS:
            self.checkpoint()
        return event

    @_locked
    def end_section(self) -> None:
        """The candidate closes the section early (or the last one, which submits the exam)."""
        self._spend()
        self.state = self.state.section_done()
        if self.state.finished:
            self.submit()
        else:
            self.checkpoint()

    @_locked
    def end_break(self) -> None:
        self._spend()
        self.state = self.state.break_done()
        self.checkpoint()

    @_locked
    def leave(self) -> None:
        """Stop here: a mock exam is kept to resume; any other session closes as "left", scored
        on what was answered, so the history never keeps a practice open for ever."""
        if self.plan.feedback:
            self.submit(state="left")
        else:
            self.checkpoint()

    @_locked
    def submit(self, *, state: str = "finished") -> Report:
        """Finish the session: score it, save the report, and schedule the items for review.

        Submitting again returns the same report.
        """
        if self.report is not None:
            return self.report
        self._spend()
        self.state = self.state.done()
        report = build_report(self.state, self.study.catalog)
        if not self.plan.feedback:
            for result in report.items:
                if result.answered and self.study.catalog.get(result.id) is not None:
                    self._schedule(result.id, result.value, result.confidence)
        self.study.store.finish_session(
            self.session_id,
            finished_at=self.study.clock.now(),
            score=report.percent,
            passed=report.passed,
            seconds=report.seconds,
            report=report.encode(),
            state=state,
        )
        self.report = report
        return report


class LiveScenario:
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
        scores: dict[str, Any] = dict(self.run.scores)
        outcome = None
        if self.result is not None:
            scores = {name: list(pair) for name, pair in self.result.scores.items()}
            outcome = self.result.outcome
        self.study.store.save_scenario_run(
            ScenarioRunRow(
                id=self.run_id,
                profile_id=self.study.profile_id,
                scenario_id=self.run.scenario.scenario,
                started_at=self.started,
                finished_at=self.study.clock.now() if self.result is not None else None,
                outcome=outcome,
                scores=json.dumps(scores),
                path=json.dumps(self.moves),
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
