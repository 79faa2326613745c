"""The coach in the app: the goal dialog, home's goal lines, today's plan with one key, the plan
screen, and predictions beside scores in the history."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from tests.conftest import Write
from tests.factory import fill_history
from tests.pilot import EXAM, content_app, press, settle
from tests.samples import BANK
from trainer.ui.app import TrainerApp
from trainer.ui.screens.goal import GoalDialog
from trainer.ui.screens.home import NO_GOAL, HomeScreen
from trainer.ui.screens.plan import PlanScreen
from trainer.ui.screens.question import QuestionScreen
from trainer.ui.widgets.forecast import strip
from trainer.ui.widgets.load import LoadChart
from trainer.ui.widgets.scores import ScoreChart


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", EXAM)
    return content_app(sealed)


def text(app: TrainerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def studied(pilot: Pilot[Any], *, goal_days: int | None = 30) -> TrainerApp:
    """Six weeks of study and, unless None, a goal `goal_days` ahead; home drawn again."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, TrainerApp)
    study = app.study
    assert study is not None
    fill_history(study, "two-part", weeks=6)
    if goal_days is not None:
        study.coach.set_goal(study.coach.today + timedelta(days=goal_days), "two-part", 20)
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    screen.refresh_from_study()
    await settle(pilot)
    return app


def test_the_strip_draws_interval_median_and_mark() -> None:
    line = strip(40, 50, 60, 70, 11)
    assert line == "····▒●▒┃···"
    assert strip(0, 100, 100, None, 5) == "▒▒▒▒●"


async def test_home_without_a_goal_says_how_to_set_one(app: TrainerApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        assert text(app, "#goal") == NO_GOAL


async def test_home_leads_with_the_goal_readiness_and_today(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await studied(pilot)
        lines = text(app, "#goal").splitlines()
        assert lines[0].startswith("Goal: ")
        assert "30 days left - Two-part mock" in lines[0]
        assert lines[1].startswith("If today ")
        assert "% pass" in lines[1]
        assert lines[2].startswith("On the day ")
        assert lines[3].startswith("Today: ")
        assert lines[3].endswith(": press t to start")


async def test_the_goal_dialog_refuses_bad_input_and_keeps_nothing(app: TrainerApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "g")
        dialog = app.screen
        assert isinstance(dialog, GoalDialog)
        await press(pilot, "ctrl+s")
        assert "choose the mock exam" in text(app, "#goal-error")
        dialog.query_one("#blueprint", Select).value = "two-part"
        dialog.query_one("#exam", Input).value = "2020-01-01"
        await press(pilot, "ctrl+s")
        assert text(app, "#goal-error") == (
            "the exam day 2020-01-01 is already past: give a day after 2026-03-02; nothing is saved"
        )
        dialog.query_one("#exam", Input).value = "soon"
        await press(pilot, "ctrl+s")
        assert "'soon' is not a date" in text(app, "#goal-error")
        await press(pilot, "escape")
        study = app.study
        assert study is not None
        assert study.coach.goal() is None
        assert text(app, "#goal") == NO_GOAL


async def test_the_goal_dialog_sets_and_clears_the_goal(app: TrainerApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "g")
        dialog = app.screen
        assert isinstance(dialog, GoalDialog)
        study = app.study
        assert study is not None
        exam = study.coach.today + timedelta(days=40)
        dialog.query_one("#exam", Input).value = exam.isoformat()
        dialog.query_one("#blueprint", Select).value = "two-part"
        dialog.query_one("#minutes", Input).value = "25"
        await press(pilot, "ctrl+s")
        goal = study.coach.goal()
        assert goal is not None
        assert (goal.exam_date, goal.blueprint, goal.minutes) == (exam, "two-part", 25)
        assert text(app, "#goal").startswith("Goal: ")
        await press(pilot, "g")
        assert app.screen.query_one("#exam", Input).value == exam.isoformat()
        await pilot.click("#clear")
        await settle(pilot)
        assert study.coach.goal() is None
        assert text(app, "#goal") == NO_GOAL


async def test_t_starts_todays_plan(app: TrainerApp) -> None:
    async with app.run_test() as pilot:
        await studied(pilot)
        study = app.study
        assert study is not None
        day = study.coach.plan().days[0]
        await press(pilot, "t")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.live.plan.title == "Today's plan"
        assert screen.live.plan.item_ids[: len(day.reviews)] == list(day.reviews)


async def test_t_without_a_goal_says_to_set_one(app: TrainerApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, HomeScreen)
        assert any("set a goal first" in n.message for n in app._notifications)


async def test_the_plan_screen_shows_readiness_load_and_days(app: TrainerApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await studied(pilot)
        await press(pilot, "l")
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        head = text(app, "#plan-head")
        assert "If the exam were today:" in head
        assert "keeping to the plan" in head
        chart = screen.query_one("#load", LoadChart)
        assert len(chart.days) == 30
        assert [(chart.days[-1].date - d.date).days + 1 for d in chart.days if d.mock] == [
            28,
            14,
            7,
            3,
        ]
        assert screen.query_one("#plan-days", DataTable).row_count == 30
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_plan_screen_without_a_goal(app: TrainerApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "l")
        assert text(app, "#plan-head") == NO_GOAL
        assert not app.screen.query_one("#load").display


async def test_history_sets_predictions_beside_scores(app: TrainerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await studied(pilot, goal_days=None)
        await press(pilot, "h")
        chart = app.screen.query_one("#scores", ScoreChart)
        predicted = [a for a in chart.attempts if a.predicted]
        assert predicted
        for attempt in predicted:
            assert attempt.predicted is not None
            median, low, high = attempt.predicted
            assert low <= median <= high
