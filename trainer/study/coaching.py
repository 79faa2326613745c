"""Coaching: the candidate's goal, their readiness for it, and the plan of the days to it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

import msgspec

from trainer.engine import mastery, planner, review
from trainer.engine.clock import local_date
from trainer.engine.goal import Goal, GoalError, make_goal
from trainer.engine.readiness import Forecast, Layout, Readiness, assess, layout
from trainer.store.records import GoalRow
from trainer.store.sqlite import day_number

if TYPE_CHECKING:
    from trainer.content.models import Blueprint
    from trainer.study.study import Study


def mock_minutes(blueprint: Blueprint, seconds_per_item: float = 60.0) -> float:
    """How long a sitting takes: its sections' time and breaks (untimed ones at a steady pace)."""
    total = 0.0
    for section in blueprint.sections:
        total += section.minutes or section.questions * seconds_per_item / 60.0
        total += section.break_after
    return total


class _Moves(msgspec.Struct, frozen=True):
    """What the cards said of one mock's items at the last look: the figures, the count of
    card changes they take in, and what must not have moved for them to be brought up to date
    (the profile, the mock, the count of removals)."""

    key: tuple[int, str, int]
    changes: int
    recall: review.Recall
    moves: dict[str, float]


class Today(msgspec.Struct, frozen=True):
    """What the plan asks of today, in words a home screen can show."""

    reviews: int
    new: dict[str, int]
    """New items per section."""
    drills: int
    """Drill questions."""
    minutes: float
    mock: str | None

    def work(self) -> str:
        """The day's work in words, without its time."""
        if self.mock:
            return "the full mock exam"
        parts = []
        if self.reviews:
            parts.append(f"{self.reviews} review{'s' if self.reviews != 1 else ''}")
        for section, n in sorted(self.new.items()):
            parts.append(f"{n} new {section} item{'s' if n != 1 else ''}")
        if self.drills:
            parts.append(f"{self.drills} drill question{'s' if self.drills != 1 else ''}")
        return ", ".join(parts) or "nothing planned"

    def text(self) -> str:
        if not self.minutes:
            return f"Today: {self.work()}"
        return f"Today: {self.work()}, {self.minutes:.0f} min"


class Coach:
    """One profile's goal, readiness and plan, read from the history each time they are asked;
    the cards' recall on the exam day is kept until the history changes or some card's would."""

    def __init__(self, study: Study) -> None:
        self.study = study
        self._layouts: dict[str, Layout] = {}
        self._moves: _Moves | None = None

    def layout(self, blueprint: Blueprint) -> Layout:
        """What a sitting of the blueprint draws, worked out once (the catalog never changes)."""
        found = self._layouts.get(blueprint.blueprint)
        if found is None:
            found = self._layouts[blueprint.blueprint] = layout(blueprint, self.study.catalog)
        return found

    @property
    def today(self) -> date:
        return local_date(self.study.clock)

    def goal(self) -> Goal | None:
        row = self.study.store.goal(self.study.profile_id)
        if row is None:
            return None
        return Goal(row.exam_date, row.blueprint, row.minutes)

    def set_goal(self, exam: str | date, blueprint: str, minutes: str | int) -> Goal:
        """Check and keep a goal; GoalError, with nothing changed, when any part is wrong."""
        goal = make_goal(
            exam, blueprint, minutes, today=self.today, blueprints=self.study.catalog.blueprints
        )
        self.study.store.set_goal(
            GoalRow(
                profile_id=self.study.profile_id,
                exam_date=goal.exam_date,
                blueprint=goal.blueprint,
                minutes=goal.minutes,
                set_at=self.study.clock.now(),
            )
        )
        return goal

    def clear_goal(self) -> bool:
        return self.study.store.clear_goal(self.study.profile_id)

    def retention(self) -> float:
        """The desired retention of today's reviews: rising as the goal's exam nears."""
        goal = self.goal()
        if goal is None or goal.days_left(self.today) <= 0:
            return review.DEFAULT_RETENTION
        return planner.retention_on(goal.days_left(self.today), planner.Settings())

    def _blueprint(self, blueprint_id: str | None) -> Blueprint:
        goal = self.goal()
        chosen = blueprint_id or (goal.blueprint if goal else None)
        if chosen is None:
            raise GoalError("set a goal first (an exam date and its mock), or name a mock exam")
        found = self.study.catalog.blueprints.get(chosen)
        if found is None:
            known = ", ".join(sorted(self.study.catalog.blueprints)) or "none loaded"
            raise GoalError(f"no mock exam {chosen!r} (known: {known})")
        return found

    def skills(self) -> tuple[dict[str, mastery.Skill], mastery.Skill]:
        day = day_number(self.study.clock.now())
        evidence = mastery.from_key_tallies(
            self.study.store.key_tallies(self.study.profile_id, day, mastery.RECENT_DAYS)
        )
        return mastery.skills(evidence)

    def readiness(self, blueprint_id: str | None = None, *, project: bool = True) -> Readiness:
        """Readiness for the goal's mock (or the one named): today and, with a goal and unless
        `project` is False, on the exam day (which reads every card's memory when it has moved)."""
        blueprint = self._blueprint(blueprint_id)
        drawn = self.layout(blueprint)
        skills, prior = self.skills()
        goal = self.goal() if project else None
        moved = None
        if goal is not None and goal.blueprint == blueprint.blueprint:
            moved = self._recall_moves(drawn, goal)
        return assess(drawn, skills, prior, moved)

    def _recall_moves(self, drawn: Layout, goal: Goal) -> Mapping[str, float]:
        """Per item reviewed, how its chance moves by the exam day. The answers behind mastery
        were given at the retention reviews are scheduled for; keeping to the plan brings every
        reviewed item to the exam at the final retention at least (more where memory is
        stronger still)."""
        now = self.study.clock.now()
        exam = datetime.combine(goal.exam_date, now.timetz())
        store = self.study.store
        profile = self.study.profile_id
        # Taken before the cards are read: a change made while they are read is a new one.
        changes, removals = store.card_changes(profile), store.card_removals(profile)
        key = (profile, drawn.blueprint.blueprint, removals)
        kept = self._moves
        final = planner.Settings().final_retention

        def move(chance: float) -> float:
            return max(chance, final) / review.DEFAULT_RETENTION

        found: review.Recall | None = None
        if kept is not None and kept.key == key:
            if kept.changes == changes:
                found, moves = kept.recall, kept.moves
            else:
                since = store.cards_changed_since(profile, kept.changes, drawn.scope)
                found = kept.recall.updated(since, exam)
                moves = dict(kept.moves)
                for item_id in since:
                    moves.pop(item_id, None)
                moves.update((i, move(found.chances[i])) for i in since if i in found.chances)
        if found is None or not found.holds(exam):
            found = review.recall(store.card_states(profile, drawn.scope), exam)
            moves = {item_id: move(later) for item_id, later in found.chances.items()}
        self._moves = _Moves(key, changes, found, moves)
        return moves

    def plan(self, *, seed: int = 0) -> planner.StudyPlan:
        """The plan from today to the goal's exam day, drawn afresh from the history."""
        goal = self.goal()
        if goal is None:
            raise GoalError("set a goal first: an exam date, its mock and your minutes a day")
        if goal.days_left(self.today) <= 0:
            raise GoalError(
                f"the exam day {goal.exam_date.isoformat()} has come: set the next goal"
            )
        blueprint = self._blueprint(goal.blueprint)
        catalog = self.study.catalog
        drawn = self.layout(blueprint)
        items = [catalog.by_id[i] for i in drawn.scope]
        scope = [planner.Scope(item.id, f"{item.section}/{item.topic}") for item in items]
        skills, prior = self.skills()
        weights = drawn.weights()
        profile = self.study.profile_id
        cards = self.study.store.card_states(profile, drawn.scope)
        settings = planner.Settings()
        if self._mock_sat_today(blueprint.blueprint):
            left = goal.days_left(self.today)
            settings = msgspec.structs.replace(
                settings, mock_days=tuple(d for d in settings.mock_days if d != left)
            )
        return planner.plan(
            today=self.today,
            exam_date=goal.exam_date,
            minutes=goal.minutes,
            scope=scope,
            cards=cards,
            mastery={t: skills.get(t, prior).mean for t in weights},
            weights=weights,
            mock=(blueprint.blueprint, mock_minutes(blueprint)),
            history=self.study.store.item_seconds(profile),
            seed=seed,
            settings=settings,
        )

    def _mock_sat_today(self, blueprint_id: str) -> bool:
        """Whether a sitting of this mock began today: today's mock is then done."""
        return any(
            row.mode == "exam"
            and row.blueprint == blueprint_id
            and row.started_at.astimezone().date() == self.today
            for row in self.study.store.sessions(self.study.profile_id, limit=20)
        )

    def today_work(self, plan: planner.StudyPlan) -> Today:
        """The plan's first day in counts (nothing when the plan has no days)."""
        if not plan.days:
            return Today(0, {}, 0, 0.0, None)
        return self.day_work(plan.days[0])

    def day_work(self, day: planner.Day) -> Today:
        new: dict[str, int] = {}
        for item_id in day.new:
            item = self.study.catalog.get(item_id)
            section = item.section if item else "other"
            new[section] = new.get(section, 0) + 1
        return Today(len(day.reviews), new, day.drill_questions, day.minutes, day.mock)


def forecast_text(found: Forecast, blueprint: Blueprint) -> str:
    """A forecast in words: the likely score, its 80 % interval and the chance to pass."""
    score = found.score
    text = f"{score.median:.0f}% (80% likely {score.low:.0f}-{score.high:.0f}%)"
    if found.p_pass is not None:
        rule = " in every section" if blueprint.pass_rule == "every_section" else ""
        text += f", {found.p_pass * 100:.0f}% chance of {blueprint.pass_mark:g}%{rule}"
    return text


def readiness_lines(found: Readiness, goal: Goal | None, today: date) -> list[str]:
    """Readiness as lines of text, for any front end."""
    title = found.blueprint.title
    if found.today is None:
        return [f"{title}: {found.evidence.advice()}"]
    lines = [f"{title}", f"  If the exam were today: {forecast_text(found.today, found.blueprint)}"]
    if found.exam_day is not None and goal is not None:
        days = goal.days_left(today)
        lines.append(
            f"  On {goal.exam_date.isoformat()} ({days} day{'s' if days != 1 else ''}), keeping to"
            f" the plan: {forecast_text(found.exam_day, found.blueprint)}"
        )
    weakest = min(found.today.sections, key=lambda s: (s.score.p_pass or 0.0, s.score.median))
    if len(found.today.sections) > 1:
        lines.append(
            f"  Weakest section: {weakest.title}, {weakest.score.median:.0f}%"
            f" (80% likely {weakest.score.low:.0f}-{weakest.score.high:.0f}%)"
        )
    lines.append(f"  Based on {found.evidence.answers} answers in this mock's topics.")
    return lines
