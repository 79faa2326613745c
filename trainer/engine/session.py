"""The state of a session as a value: answers, flags, position and time used, changed only by
returning a new state, so it can be saved after every step and rebuilt exactly on resume."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import msgspec

from trainer.content.models import Confidence
from trainer.engine.plan import Plan, PlannedItem, PlannedSection
from trainer.engine.scoring import Response
from trainer.errors import TrainerError


class SessionError(TrainerError, ValueError):
    """A step the session's rules do not allow (going back where revisiting is forbidden...)."""


@dataclass(frozen=True, slots=True)
class Given:
    """The latest response to an item, its score (hidden until an exam is submitted), and time."""

    response: Response
    value: float
    confidence: Confidence | None = None
    seconds: float = 0.0


class Timing(msgspec.Struct, frozen=True):
    """Seconds used in each section, and the break under way; saved with every answer."""

    elapsed: tuple[float, ...]
    on_break: bool = False
    break_elapsed: float = 0.0

    def encode(self) -> str:
        return msgspec.json.encode(self).decode()

    @staticmethod
    def decode(text: str) -> Timing:
        return msgspec.json.decode(text, type=Timing)


def _frozen(mapping: Mapping[str, Given]) -> Mapping[str, Given]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class SessionState:
    """Where a session stands."""

    plan: Plan
    timing: Timing
    section: int = 0
    position: int = 0
    answers: Mapping[str, Given] = field(default_factory=lambda: MappingProxyType({}))
    flags: frozenset[str] = frozenset()
    struck: Mapping[str, frozenset[int]] = field(default_factory=lambda: MappingProxyType({}))
    finished: bool = False

    @classmethod
    def start(cls, plan: Plan) -> SessionState:
        if not plan.sections or not any(s.items for s in plan.sections):
            raise SessionError("a session needs at least one item")
        return cls(plan=plan, timing=Timing(elapsed=tuple(0.0 for _ in plan.sections)))

    # Looking.

    @property
    def current_section(self) -> PlannedSection:
        return self.plan.sections[self.section]

    @property
    def items(self) -> tuple[PlannedItem, ...]:
        return self.current_section.items

    @property
    def current(self) -> PlannedItem | None:
        if self.finished or self.timing.on_break or not self.items:
            return None
        return self.items[self.position]

    @property
    def on_break(self) -> bool:
        return self.timing.on_break

    @property
    def is_last_section(self) -> bool:
        return self.section == len(self.plan.sections) - 1

    def unanswered(self, section: int | None = None) -> list[str]:
        index = self.section if section is None else section
        return [i.id for i in self.plan.sections[index].items if i.id not in self.answers]

    def flagged(self, section: int | None = None) -> list[str]:
        index = self.section if section is None else section
        return [i.id for i in self.plan.sections[index].items if i.id in self.flags]

    def time_left(self) -> float | None:
        """Seconds left in the current section (negative once over), None when untimed."""
        limit = self.current_section.seconds
        if limit is None:
            return None
        return limit - self.timing.elapsed[self.section]

    def break_left(self) -> float:
        return max(0.0, self.current_section.break_seconds - self.timing.break_elapsed)

    def expired(self) -> bool:
        left = self.time_left()
        return left is not None and left <= -self.plan.grace_seconds * (
            self.plan.on_timeout == "grace"
        )

    def behind_by(self) -> int:
        """How many items behind an even pace through the section the candidate is (0 if not);
        an adaptive section is paced for its longest test."""
        limit = self.current_section.seconds
        if not limit:
            return 0
        used = self.timing.elapsed[self.section]
        due = math.floor(self.current_section.length * min(1.0, used / limit))
        done = len(self.items) - len(self.unanswered())
        return max(0, due - done)

    # Changing.

    def serving(self, section: int, served: Sequence[str]) -> SessionState:
        """The questions an adaptive section has served so far, in place of those it had."""
        planned = self.plan.sections[section].serving(served)
        return replace(self, plan=self.plan.with_section(section, planned))

    def answered(self, item_id: str, given: Given) -> SessionState:
        if self.finished:
            raise SessionError("the session is over")
        if item_id not in {i.id for i in self.items}:
            raise SessionError(f"{item_id!r} is not in the current section")
        answers = dict(self.answers)
        answers[item_id] = given
        return replace(self, answers=_frozen(answers))

    def with_flag(self, item_id: str, on: bool) -> SessionState:
        flags = self.flags | {item_id} if on else self.flags - {item_id}
        return replace(self, flags=frozenset(flags))

    def with_strike(self, item_id: str, option: int, on: bool) -> SessionState:
        struck = dict(self.struck)
        now = struck.get(item_id, frozenset())
        struck[item_id] = now | {option} if on else now - {option}
        return replace(self, struck=MappingProxyType(struck))

    def can_move_to(self, position: int) -> bool:
        if not 0 <= position < len(self.items) or self.finished or self.on_break:
            return False
        if self.current_section.revisit:
            return True
        return position >= self.position

    def moved(self, position: int) -> SessionState:
        if not self.can_move_to(position):
            raise SessionError(f"cannot move to item {position + 1} here")
        return replace(self, position=position)

    def next_unanswered(self) -> int | None:
        """The next unanswered item after the current one, wrapping round where allowed."""
        n = len(self.items)
        for step in range(1, n + 1):
            position = (self.position + step) % n
            if self.items[position].id not in self.answers and self.can_move_to(position):
                return position
        return None

    def spent(self, seconds: float) -> SessionState:
        """Add time: to the break under way, or to the current section."""
        if self.finished or seconds <= 0:
            return self
        if self.on_break:
            timing = msgspec.structs.replace(
                self.timing, break_elapsed=self.timing.break_elapsed + seconds
            )
        else:
            elapsed = list(self.timing.elapsed)
            elapsed[self.section] += seconds
            timing = msgspec.structs.replace(self.timing, elapsed=tuple(elapsed))
        return replace(self, timing=timing)

    def section_done(self) -> SessionState:
        """Close the current section: a break if it has one, else the next section, else the end."""
        if self.on_break:
            raise SessionError("the section is already closed; end the break instead")
        if self.current_section.break_seconds > 0 and not self.is_last_section:
            return replace(self, timing=msgspec.structs.replace(self.timing, on_break=True))
        return self._advance()

    def break_done(self) -> SessionState:
        if not self.on_break:
            raise SessionError("there is no break under way")
        return self._advance()

    def _advance(self) -> SessionState:
        timing = msgspec.structs.replace(self.timing, on_break=False, break_elapsed=0.0)
        if self.is_last_section:
            return replace(self, timing=timing, finished=True)
        return replace(self, timing=timing, section=self.section + 1, position=0)

    def done(self) -> SessionState:
        return replace(self, finished=True)
