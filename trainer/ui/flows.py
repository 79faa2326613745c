"""How the screens follow one another: home to a picker to the questions to the results.

The app calls these when a screen asks (`messages`); screens never call them, nor open each
other. Each screen module is imported where it is first opened: importing them all would cost
the first frame a fifth of a second (the start-up benchmark's margin).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainer.engine.report import Report
    from trainer.study import Study, StudySession
    from trainer.ui.app import TrainerApp
    from trainer.ui.screens.goal import GoalChoice
    from trainer.ui.screens.pickers import ExamChoice, PracticeChoice
    from trainer.ui.screens.scenario import InterviewChoice


def start(app: TrainerApp, name: str) -> None:
    """Start one of home's actions."""
    from trainer.ui.screens.cohort import CohortScreen
    from trainer.ui.screens.history import HistoryScreen
    from trainer.ui.screens.items import ItemsScreen
    from trainer.ui.screens.pickers import ExamPicker, PracticeSetup
    from trainer.ui.screens.plan import PlanScreen
    from trainer.ui.screens.weak import WeakScreen

    study = app.study
    if study is None:
        message = app.ready.error if app.ready else "Still loading the question banks..."
        app.notify(message or "The history is not available.", severity="warning")
        return
    if name == "practice":

        def practise(choice: PracticeChoice | None) -> None:
            if choice is not None:
                open_session(
                    app,
                    study.start_practice,
                    choice.count,
                    section=choice.section,
                    topic=choice.topic,
                    difficulty=choice.difficulty,
                )

        app.push_screen(PracticeSetup(study.catalog), practise)
    elif name == "exam":

        def sit(choice: ExamChoice | None) -> None:
            if choice is not None:
                open_session(app, study.start_exam, choice.blueprint, form=choice.form)

        app.push_screen(ExamPicker(study.catalog), sit)
    elif name == "drill":
        open_session(app, study.start_drill)
    elif name == "today":
        open_session(app, study.start_today)
    elif name == "goal":
        _goal(app, study)
    elif name == "plan":
        app.push_screen(PlanScreen())
    elif name == "review":
        open_session(app, study.start_review)
    elif name == "history":
        app.push_screen(HistoryScreen())
    elif name == "weak":
        app.push_screen(WeakScreen())
    elif name == "items":
        app.push_screen(ItemsScreen())
    elif name == "cohort":
        if app.instructor:
            app.push_screen(CohortScreen())
        else:
            app.notify("The class report is for instructors.", severity="warning")
    elif name == "scenario":
        from trainer.ui.screens.scenario import ScenarioPicker

        async def pick() -> None:
            # Runs left before their end are offered first, to pick up where they stopped.
            unfinished = await app.in_worker(study.unfinished_scenarios)
            app.push_screen(
                ScenarioPicker(study.catalog, unfinished or []), partial(_scenario, app)
            )

        app.run_worker(pick(), group="open-session", exit_on_error=False)


def _goal(app: TrainerApp, study: Study) -> None:
    """Open the goal dialog over the goal there is; keep what it hands back, then redraw."""
    from trainer.ui.screens.goal import GoalDialog

    async def ask() -> None:
        current = await app.in_worker(study.coach.goal)
        app.push_screen(
            GoalDialog(study.catalog, current, study.coach.today), partial(_keep_goal, app, study)
        )

    app.run_worker(ask(), group="open-session", exit_on_error=False)


def _keep_goal(app: TrainerApp, study: Study, choice: GoalChoice | None) -> None:
    if choice is None:
        return

    async def keep() -> None:
        if choice.clear:
            if await app.in_worker(study.coach.clear_goal) is None:
                return
            app.notify("Goal cleared.")
        elif choice.goal is not None:
            goal = choice.goal
            kept = await app.in_worker(
                study.coach.set_goal, goal.exam_date, goal.blueprint, goal.minutes
            )
            if kept is None:
                return
            app.notify(f"Goal set: {goal.exam_date:%a %d %b %Y}, {goal.minutes} minutes a day.")
        refresh = getattr(app.screen, "refresh_from_study", None) or getattr(
            app.screen, "reread", None
        )
        if refresh is not None:
            refresh()

    app.run_worker(keep(), group="open-session", exit_on_error=False)


def _scenario(app: TrainerApp, choice: InterviewChoice | None) -> None:
    from trainer.ui.screens.scenario import ScenarioScreen

    study = app.study
    if choice is None or study is None:
        return

    async def go() -> None:
        if choice.run_id is not None:
            live = await app.in_worker(study.resume_scenario, choice.run_id)
        elif choice.scenario_id is not None:
            live = await app.in_worker(study.start_scenario, choice.scenario_id)
        else:
            return
        if live is not None:
            app.push_screen(ScenarioScreen(live))

    app.run_worker(go(), group="open-session", exit_on_error=False)


def open_session(
    app: TrainerApp, starter: Callable[..., StudySession], *args: Any, **kwargs: Any
) -> None:
    """Start a session in a worker (it writes to the history), then show its first question."""

    async def go() -> None:
        live = await app.in_worker(partial(starter, *args, **kwargs))
        if live is not None:
            show(app, live)

    app.run_worker(go(), group="open-session", exit_on_error=False)


def show(app: TrainerApp, live: StudySession) -> None:
    from trainer.ui.screens.question import QuestionScreen

    app.push_screen(QuestionScreen(live))


def show_report(app: TrainerApp, report: Report, session_id: str, *, replace: bool) -> None:
    """A finished session's results: over the history, or in place of the finished questions."""
    from trainer.ui.screens.results import ResultsScreen

    screen = ResultsScreen(report, session_id)
    if replace:
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


def resume_exam(app: TrainerApp) -> None:
    study = app.study
    if study is None:
        app.notify("Still loading...", severity="warning")
        return
    unfinished = study.unfinished()
    if not unfinished:
        app.notify("There is no unfinished mock exam.", severity="information")
        return
    open_session(app, study.resume, unfinished[0].id)
