"""A study session under way: each step changes its state and is saved before it returns."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from trainer.content.catalog import Item
from trainer.content.models import CONFIDENCE, MISS_REASONS, Confidence, MissReason, SessionStatus
from trainer.engine import adaptive_section, review
from trainer.engine.adaptive_section import Served
from trainer.engine.plan import Plan
from trainer.engine.report import Report, build_report
from trainer.engine.scoring import Response, Score, score
from trainer.engine.session import Given, SessionError, SessionState
from trainer.store.records import AnswerRow, CardRow, ItemState
from trainer.study.answers import item_hash

if TYPE_CHECKING:
    from trainer.study.study import Study


T = TypeVar("T")
P = ParamSpec("P")
CHECKPOINT_SECONDS = 5.0


class Tick(StrEnum):
    """What a tick of a timed session brought about, when anything did."""

    SECTION_ENDED = "section-ended"
    BREAK_ENDED = "break-ended"
    FINISHED = "finished"


@dataclass
class Outcome:
    """What an answer produced: the score, shown at once only in tutor mode, and its row id."""

    score: Score
    answer_id: int
    shown: bool


def _locked(
    method: Callable[Concatenate[StudySession, P], T],
) -> Callable[Concatenate[StudySession, P], T]:
    """Run a step of a live session under its lock: the app calls from several threads."""

    @functools.wraps(method)
    def step(self: StudySession, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return step


class StudySession:
    """A session under way: each step changes the state and is saved before it returns.

    An adaptive section's served questions are `served` (rebuilt from the answers on resume);
    each answer may serve the next one, which joins the section's items in the state."""

    def __init__(
        self,
        study: Study,
        session_id: str,
        state: SessionState,
        served: dict[int, Served] | None = None,
    ) -> None:
        self.study = study
        self.session_id = session_id
        self.state = state
        self._served = (
            served
            if served is not None
            else {
                k: adaptive_section.first(section.adaptive, state.plan.seed)
                for k, section in enumerate(state.plan.sections)
                if section.adaptive is not None
            }
        )
        self._lock = threading.RLock()
        self._mark = study.clock.monotonic()
        self._saved_at = self._mark
        self._unsaved: list[AnswerRow] = []
        """Answers the store could not take (its server out of reach), saved before the next
        write; recording is idempotent, so one that did reach it is not kept twice."""
        self.report: Report | None = None

    @property
    def plan(self) -> Plan:
        return self.state.plan

    def served(self, section: int | None = None) -> Served | None:
        """What an adaptive section (default: the current one) has served and whether its test
        has stopped; None for a fixed section."""
        return self._served.get(self.state.section if section is None else section)

    def _serve(self) -> None:
        """After an answer in an adaptive section: serve its next question, or stop."""
        index = self.state.section
        plan = self.state.current_section.adaptive
        if plan is None:
            return
        latest = {item: given.value for item, given in self.state.answers.items()}
        before = self._served[index]
        now = adaptive_section.step(plan, self.plan.seed, before, latest)
        self._served[index] = now
        if now.items != before.items:
            self.state = self.state.serving(index, now.items)

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

    def _save_unsaved(self) -> int:
        """Save the answers waiting, oldest first; the last one's id (0 when none waited)."""
        saved = 0
        while self._unsaved:
            saved = self.study.store.record_answer(self._unsaved[0], **self._position_args())
            self._unsaved.pop(0)
        return saved

    @property
    def unsaved(self) -> int:
        """How many answers wait for the store to take them."""
        return len(self._unsaved)

    @_locked
    def checkpoint(self) -> None:
        """Save the position and time used; the app calls it on a timer and on quitting."""
        self._spend()
        self._save_unsaved()
        self.study.store.checkpoint(self.session_id, **self._position_args())
        self._saved_at = self._mark

    @_locked
    def answer(self, response: Response, *, confidence: Confidence | None = None) -> Outcome:
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
            tags=tuple(item.question.tags),
            response=response,
            score=result.value,
            seconds=seconds,
            answered_at=self.study.clock.now(),
            confidence=confidence,
        )
        self._unsaved.append(row)
        answer_id = self._save_unsaved()
        self._saved_at = self._mark
        self._serve()
        if self.plan.feedback:
            self._schedule(item.id, result.value, confidence)
        return Outcome(result, answer_id, shown=self.plan.feedback)

    def _schedule(self, item_id: str, value: float, confidence: Confidence | None) -> None:
        store, profile = self.study.store, self.study.profile_id
        previous = store.card(profile, item_id)
        done = review.review(
            previous.card if previous else None,
            item_id,
            value,
            confidence,
            self.study.clock.now(),
            retention=self.study.coach.retention(),
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

    def tag_miss(self, answer_id: int, reason: MissReason | None) -> None:
        if reason is not None and reason not in MISS_REASONS:
            raise SessionError(f"a reason is one of {', '.join(MISS_REASONS)}")
        self.study.store.tag_miss(answer_id, reason)

    def _save_marks(self, item_id: str) -> None:
        self.study.store.set_item_state(
            ItemState(
                session_id=self.session_id,
                item_id=item_id,
                flagged=item_id in self.state.flags,
                struck=frozenset(self.state.struck.get(item_id, ())),
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
    def submit(self, *, state: SessionStatus = "finished") -> Report:
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
        self._save_unsaved()
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
