"""The study plan: how ready the candidate is, the load of every day to the exam, and each day's
work; t starts today's, g changes the goal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from trainer.engine.goal import GoalError
from trainer.study.coaching import readiness_lines
from trainer.ui.messages import Act
from trainer.ui.screens.base import ReadingScreen
from trainer.ui.text import literal
from trainer.ui.widgets.load import LoadChart

if TYPE_CHECKING:
    from trainer.engine.planner import StudyPlan
    from trainer.study import Study

NO_GOAL = "No goal yet: press g to set your exam day, its mock and your minutes a day."


@dataclass(frozen=True)
class PlanView:
    """What the plan screen shows: the words on top, the plan, and each day's work in words."""

    head: tuple[str, ...]
    plan: StudyPlan | None
    work: tuple[str, ...] = ()


class PlanScreen(ReadingScreen[PlanView]):
    """Readiness, the daily load to the exam, and each day's work."""

    CSS_PATH = "dashboard.tcss"

    SUBTITLE = "Study plan"
    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("t", "today", "Start today's plan"),
        Binding("g", "goal", "Change goal"),
        Binding("escape", "close", "Home"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="plan-body"):
            yield Static("", id="plan-head")
            yield LoadChart(id="load")
            yield DataTable(id="plan-days", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def prepare(self) -> None:
        self.query_one("#load").border_title = "Minutes a day to the exam"
        self.query_one("#plan-days", DataTable).add_columns("Date", "Work", "Minutes")

    def gather(self, study: Study) -> PlanView:
        goal = study.coach.goal()
        if goal is None:
            return PlanView((NO_GOAL,), None)
        try:
            plan = study.coach.plan()
            found = study.coach.readiness()
        except GoalError as error:
            return PlanView((f"{error}.",), None)
        head = readiness_lines(found, goal, study.coach.today)
        notes = []
        if plan.not_reached:
            notes.append(
                f"{plan.not_reached} new items do not fit in {goal.minutes} minutes a day: give"
                " more minutes (g) to see them all before the exam."
            )
        if plan.deferred:
            notes.append(f"{plan.deferred} reviews wait a day or more for room.")
        head = [*head, *notes]
        work = tuple(
            f"full mock exam ({day.minutes / 60:.1f} h)"
            if day.mock
            else study.coach.day_work(day).work()
            for day in plan.days
        )
        return PlanView(tuple(head), plan, work)

    def show(self, view: PlanView) -> None:
        self.query_one("#plan-head", Static).update(literal("\n".join(view.head)))
        chart = self.query_one("#load", LoadChart)
        table = self.query_one("#plan-days", DataTable)
        table.clear()
        chart.display = table.display = view.plan is not None
        if view.plan is None:
            return
        chart.show(view.plan.days, float(view.plan.minutes))
        for day, work in zip(view.plan.days, view.work, strict=True):
            when = "today" if day.date == view.plan.today else f"{day.date:%a %d %b}"
            table.add_row(when, work, f"{day.minutes:.0f}")

    def action_today(self) -> None:
        self.app.post_message(Act("today"))

    def action_goal(self) -> None:
        self.app.post_message(Act("goal"))
