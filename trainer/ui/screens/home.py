"""Home: what to do next at a glance, and every way to start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.ui.messages import ACTIONS, FOR_INSTRUCTORS, Act, ResumeExam, offered
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.text import clock_text, literal, plural
from trainer.ui.widgets.forecast import strip

if TYPE_CHECKING:
    from trainer.study import Study


STRIP = 24
"""Cells of the readiness strips on home: 0-100% in steps of about four points."""
TITLE = 36
"""Characters of the goal's mock title on home: the line fits 80 columns."""
NO_GOAL = "No goal yet: press g to set your exam day, its mock and your minutes a day."


def goal_lines(study: Study) -> tuple[str, ...]:
    """The goal, readiness today and on the day (as words and a strip), and today's work."""
    goal = study.coach.goal()
    if goal is None:
        return (NO_GOAL,)
    today = study.coach.today
    blueprint = study.catalog.blueprints.get(goal.blueprint)
    days = goal.days_left(today)
    if blueprint is None:
        return (f"Your goal's mock exam {goal.blueprint!r} is not loaded: press g to change it.",)
    if days <= 0:
        return (f"Your exam day {goal.exam_date.isoformat()} has come: press g for the next goal.",)
    title = " ".join(blueprint.title.split())
    title = title if len(title) <= TITLE else title[: TITLE - 3].rstrip() + "..."
    lines = [f"Goal: {goal.exam_date:%a %d %b %Y}, {plural(days, 'day')} left - {title}"]
    found = study.coach.readiness()
    if found.today is None:
        lines.append(found.evidence.advice())
    else:
        for label, forecast in (("If today", found.today), ("On the day", found.exam_day)):
            if forecast is None:
                continue
            score = forecast.score
            chance = "" if forecast.p_pass is None else f", {forecast.p_pass * 100:.0f}% pass"
            drawn = strip(score.low, score.median, score.high, blueprint.pass_mark, STRIP)
            figures = f"{score.median:.0f}% ({score.low:.0f}-{score.high:.0f}){chance}"
            lines.append(f"{label:<10} {drawn}  {figures}")
    plan = study.coach.plan()
    lines.append(study.coach.day_work(plan.days[0]).text() + ": press t to start")
    return tuple(lines)


@dataclass
class Summary(Message):
    """Figures from the history for the home screen: advice lines and reviews due."""

    goal: tuple[str, ...]
    lines: tuple[str, ...]
    due: int
    resumable: bool = False
    """Whether a mock exam is waiting to be resumed (the r key shows only then)."""


class HomeScreen(TrainerScreen):
    """Home: a summary of where the candidate stands, then the actions."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        *(Binding(key, f"start('{name}')", label, show=False) for name, key, label, _ in ACTIONS),
        Binding("r", "resume", "Resume exam"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static("Loading question banks...", id="status")
            yield Static("", id="goal")
            yield Static("", id="next-up")
            yield OptionList(*self._options(), id="actions")
            yield Static("", id="problems")
        yield Footer()

    def _options(self, due: int = 0) -> list[Option]:
        options = []
        for name, key, label, hint in offered(self.trainer.instructor):
            if name == "review" and due:
                hint = f"{plural(due, 'question')} due today"
            options.append(Option(f"{key}  {label:<20} {hint}", id=name))
        return options

    _resumable = False

    def on_mount(self) -> None:
        self.query_one("#actions", OptionList).focus()
        if self.trainer.ready is not None:
            self.refresh_from_study()

    def on_screen_resume(self) -> None:
        if self.trainer.ready is not None:
            self.refresh_from_study()

    def refresh_from_study(self) -> None:
        """Redraw the summary: counts at once, history figures from a worker."""
        ready = self.trainer.ready
        if ready is None:
            return
        catalog = ready.content.catalog
        self.query_one("#status", Static).update(
            f"{plural(len(catalog), 'question')} in {plural(len(catalog.sections()), 'section')}, "
            f"{plural(len(catalog.blueprints), 'mock exam')}, "
            f"{plural(len(catalog.scenarios), 'interview scenario')}"
        )
        self._show_problems()
        if ready.study is not None:
            self.run_worker(self._gather, thread=True, group="home", exit_on_error=False)

    def _gather(self) -> None:
        study = self.trainer.study
        if study is None:
            return
        lines: list[str] = []
        due = study.store.count_due(study.profile_id, study.clock.now())
        goal = goal_lines(study)
        areas = study.weak_areas()
        if areas.ranked and areas.ranked[0].estimate < 0.75:
            lines.append(f"Weakest: {areas.ranked[0].key} - {areas.ranked[0].reason}")
        if goal == (NO_GOAL,):
            lines.append(areas.recommendation)
        exams = [r for r in study.history(200) if r.mode == "exam" and r.state == "finished"]
        if exams:
            last = exams[0]
            verdict = "" if last.passed is None else (" pass" if last.passed else " fail")
            lines.append(
                f"Last mock exam: {last.score or 0:.0f}%{verdict} on "
                f"{last.started_at:%Y-%m-%d} (form {last.form_code})"
            )
        unfinished = study.unfinished()
        if unfinished:
            row = unfinished[0]
            lines.append(
                f"Unfinished mock exam from {row.started_at:%Y-%m-%d %H:%M}, "
                f"{clock_text(row.seconds)} used: press r to resume"
            )
        interviews = study.unfinished_scenarios()
        if interviews:
            title = study.catalog.scenarios[interviews[0].scenario_id].title
            more = f" (and {len(interviews) - 1} more)" if len(interviews) > 1 else ""
            lines.append(f"Unfinished interview: {title}{more}: press i to go on")
        self.post_message(Summary(goal, tuple(lines), due, resumable=bool(unfinished)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self._resumable
        if action == "start" and parameters and parameters[0] in FOR_INSTRUCTORS:
            return self.trainer.instructor
        return True

    def on_summary(self, message: Summary) -> None:
        self._resumable = message.resumable
        self.refresh_bindings()
        self.query_one("#goal", Static).update(literal("\n".join(message.goal)))
        self.query_one("#next-up", Static).update(literal("\n".join(message.lines)))
        actions = self.query_one("#actions", OptionList)
        highlighted = actions.highlighted
        actions.clear_options()
        actions.add_options(self._options(message.due))
        actions.highlighted = highlighted if highlighted is not None else 0

    def _show_problems(self) -> None:
        ready = self.trainer.ready
        problems = self.query_one("#problems", Static)
        if ready is None or not ready.content.problems:
            problems.update("")
            problems.remove_class("has-problems")
            return
        content = ready.content
        skipped = f"{plural(len(content.skipped), 'file')} skipped; " if content.skipped else ""
        shown = [str(p) for p in content.problems[:3]]
        more = len(content.problems) - len(shown)
        tail = f"\n... and {more} more" if more > 0 else ""
        problems.update(
            literal(
                f"{skipped}{plural(len(content.problems), 'problem')} in content "
                "(run 'trainer validate'):\n" + "\n".join(shown) + tail
            )
        )
        problems.add_class("has-problems")

    @on(OptionList.OptionSelected, "#actions")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_start(event.option.id)

    def action_start(self, name: str) -> None:
        self.app.post_message(Act(name))

    def action_resume(self) -> None:
        self.app.post_message(ResumeExam())
