"""How every screen looks at 80x24 and at 160x48, on a tiny bank with a fixed clock and seed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.classes import (
    CLASS_BANK,
    CLASS_EXAM,
    CLASS_MOCK,
    CLASS_QUIZ,
    class_history,
    cohort_history,
    topic_bank,
)
from tests.conftest import Write
from tests.factory import fill_history
from tests.pilot import EXAM, SIZES, content_app, keys, trainer
from tests.samples import BANK, EXHIBITS, RUBRIC
from trainer.ui import flows
from trainer.ui.app import TrainerApp
from trainer.ui.screens.home import HomeScreen

Steps = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", EXAM)
    write("content/interview.yaml", RUBRIC)
    return content_app(sealed)


async def home(pilot: Pilot[Any]) -> None:
    await keys(pilot)


async def practice_setup(pilot: Pilot[Any]) -> None:
    await keys(pilot, "p")


async def exam_picker(pilot: Pilot[Any]) -> None:
    await keys(pilot, "m")


async def practice_feedback(pilot: Pilot[Any]) -> None:
    await keys(pilot)
    study = trainer(pilot).study
    assert study is not None
    flows.show(trainer(pilot), study.start_items(["s-single", "s-tf"]))
    await keys(pilot, "a")


async def exam_question(pilot: Pilot[Any]) -> None:
    await keys(pilot, "m", "enter", "f", "n")


async def confirm_submit(pilot: Pilot[Any]) -> None:
    await keys(pilot, "m", "enter", "s")


async def break_screen(pilot: Pilot[Any]) -> None:
    await keys(pilot, "m", "enter", "s", "y")


async def results(pilot: Pilot[Any]) -> None:
    await keys(pilot)
    study = trainer(pilot).study
    assert study is not None
    flows.show(trainer(pilot), study.start_items(["s-single", "s-tf", "s-numeric"]))
    await keys(pilot, "b", "n", "b", "n", "9", "0", "enter", "n")


async def history(pilot: Pilot[Any]) -> None:
    await results(pilot)
    await keys(pilot, "escape", "h")


async def history_weeks(pilot: Pilot[Any]) -> None:
    await keys(pilot)
    study = trainer(pilot).study
    assert study is not None
    fill_history(study, "two-part", weeks=6)
    await keys(pilot, "h")


async def home_goal(pilot: Pilot[Any]) -> None:
    await keys(pilot)
    study = trainer(pilot).study
    assert study is not None
    fill_history(study, "two-part", weeks=6)
    study.coach.set_goal(study.coach.today + timedelta(days=30), "two-part", 20)
    screen = trainer(pilot).screen
    assert isinstance(screen, HomeScreen)
    screen.refresh_from_study()
    await keys(pilot)


async def plan_screen(pilot: Pilot[Any]) -> None:
    await home_goal(pilot)
    await keys(pilot, "l")


async def goal_dialog(pilot: Pilot[Any]) -> None:
    await home_goal(pilot)
    await keys(pilot, "g")


async def weak(pilot: Pilot[Any]) -> None:
    await results(pilot)
    await keys(pilot, "escape", "w")


async def help_screen(pilot: Pilot[Any]) -> None:
    await keys(pilot, "question_mark")


async def scenario(pilot: Pilot[Any]) -> None:
    await keys(pilot, "i", "enter", "1", "enter")


async def debrief(pilot: Pilot[Any]) -> None:
    await scenario(pilot)
    await keys(pilot, *"customs law", "enter")


SIZED = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


@SIZED
def test_home(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """Home before any goal: the counts, 'No goal yet: press g...', the advice line, the twelve
    actions, the footer."""
    assert snap_compare(app, terminal_size=size, run_before=home)


@SIZED
def test_home_goal(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """Home with a goal: the goal's day and days left, readiness if today and on the day as strips
    (interval shaded, median dot, pass-mark bar) with figures, today's work and 'press t to
    start'."""
    assert snap_compare(app, terminal_size=size, run_before=home_goal)


@SIZED
def test_plan(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """The study plan: readiness today and on the day in words, the weakest section; the load
    chart with reviews, new items and drills as lines, the daily minutes and four mock days
    marked; the days' table from 'today' (at 160 columns)."""
    assert snap_compare(app, terminal_size=size, run_before=plan_screen)


@SIZED
def test_goal_dialog(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """The goal dialog: the goal filled in: exam day, the two-part mock, 20 minutes; Save, Clear
    goal, Cancel; footer: ^s Save, esc Cancel."""
    assert snap_compare(app, terminal_size=size, run_before=goal_dialog)


@SIZED
def test_practice_setup(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """The practice dialog: section, topic, difficulty and count fields, Start/Cancel; footer: ^s
    Start, esc Cancel."""
    assert snap_compare(app, terminal_size=size, run_before=practice_setup)


@SIZED
def test_exam_picker(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """The mock exam picker: the two-part mock with its counts, time and pass mark; footer: ^s
    Start, esc Cancel."""
    assert snap_compare(app, terminal_size=size, run_before=exam_picker)


@SIZED
def test_practice_feedback(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """Practice after a wrong answer: the verdict, your answer, the right one."""
    assert snap_compare(app, terminal_size=size, run_before=practice_feedback)


@SIZED
def test_exam_question(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """A mock exam question: timer, pace, navigator with question 1 flagged, question 2."""
    assert snap_compare(app, terminal_size=size, run_before=exam_question)


@SIZED
def test_confirm_submit(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """Submitting a section: the dialog naming the three unanswered questions; footer: y Yes, n
    No."""
    assert snap_compare(app, terminal_size=size, run_before=confirm_submit)


@SIZED
def test_break_screen(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """The break between sections: the break countdown and what the next section holds."""
    assert snap_compare(app, terminal_size=size, run_before=break_screen)


@SIZED
def test_results(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """A session's results: verdict, section and topic tables, the review list and detail."""
    assert snap_compare(app, terminal_size=size, run_before=results)


@SIZED
def test_history(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """History after one practice: one practice session in the table; where the plot would be,
    what to do to have one; the calendar with today's cell graded and its legend; three topic
    bars with intervals."""
    assert snap_compare(app, terminal_size=size, run_before=history)


@SIZED
def test_history_weeks(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """History after six weeks: six weeks of study: four mock scores on a 0-100% axis with the 60%
    pass mark drawn, the passes and the fail marked; at 160 columns the calendar graded day by
    day under month names beside the plot and the topic bars beneath; at 80 the table and the
    plot first."""
    assert snap_compare(app, terminal_size=size, run_before=history_weeks)


@SIZED
def test_weak(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """Weak areas: the advice line, then the ranking as bars with the weakest highlighted in the
    cursor's colours, each with its estimate, 90% interval, answers and trend."""
    assert snap_compare(app, terminal_size=size, run_before=weak)


@SIZED
def test_help(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """Help: the keys of every screen, ctrl+s among them; footer: esc Close."""
    assert snap_compare(app, terminal_size=size, run_before=help_screen)


@SIZED
def test_scenario(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """An interview under way: the transcript, the typed-answer prompt, setting, role, demeanour."""
    assert snap_compare(app, terminal_size=size, run_before=scenario)


@SIZED
def test_debrief(app: TrainerApp, snap_compare: Any, size: tuple[int, int]) -> None:
    """An interview's debrief: outcome, competencies against the best, turning points, the
    model path."""
    assert snap_compare(app, terminal_size=size, run_before=debrief)


@pytest.fixture
def exhibit_app(write: Write, sealed: Path) -> TrainerApp:
    write("content/exhibits.yaml", EXHIBITS)
    return content_app(sealed)


async def document_question(pilot: Pilot[Any]) -> None:
    await keys(pilot)
    study = trainer(pilot).study
    assert study is not None
    flows.show(trainer(pilot), study.start_items(["x-document", "x-passage"]))
    await keys(pilot)


@SIZED
def test_exhibit_snapshot(
    exhibit_app: TrainerApp, snap_compare: Any, size: tuple[int, int]
) -> None:
    """A document exhibit: its title, the data page's labels and values, the two-line zone in its
    own band, above the question at 80 columns and beside it at 160, then the four options."""
    assert snap_compare(exhibit_app, terminal_size=size, run_before=document_question)


def test_history_high_contrast_snapshot(app: TrainerApp, snap_compare: Any) -> None:
    """Six weeks of study in the high-contrast theme: white panel borders on black, the score
    line white with green passes, red fails and the yellow pass mark, green calendar grades told
    apart by their glyphs as well, and topic bars in yellow with their shaded intervals."""
    app.want_theme("trainer-high-contrast")
    assert snap_compare(app, terminal_size=(160, 48), run_before=history_weeks)


@pytest.fixture
def items_app(write: Write, sealed: Path) -> TrainerApp:
    write("content/class.yaml", CLASS_BANK)
    write("content/class-exam.yaml", CLASS_EXAM)
    write("content/class-quiz.yaml", CLASS_QUIZ)
    class_history(Path("content"), sealed / "home")
    return content_app(sealed)


async def item_analysis(pilot: Pilot[Any]) -> None:
    await keys(pilot, "a", "down", "down")


async def item_options(pilot: Pilot[Any]) -> None:
    await keys(pilot, "a", "down", "down", "enter")


ITEM_SCREENS: dict[str, tuple[Steps, str]] = {
    "item_analysis": (
        item_analysis,
        "the class mock's alpha and SEM, the two mock exams, eight questions with their figures;"
        " c-03 highlighted, flagged 'key?, C draws strong', its two reasons in full below",
    ),
    "item_options": (
        item_options,
        "c-03's prompt and figures, its four options (A the key) with counts, shares and"
        " point-biserials, C at +0.82, and the two reasons; footer: esc Close",
    ),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(ITEM_SCREENS))
def test_item_analysis_snapshot(
    items_app: TrainerApp, snap_compare: Any, screen: str, size: tuple[int, int]
) -> None:
    """The authors' screen over a simulated class; ITEM_SCREENS says what must be visible."""
    steps, _ = ITEM_SCREENS[screen]
    assert snap_compare(items_app, terminal_size=size, run_before=steps)


@pytest.fixture
def cohort_app(write: Write, sealed: Path) -> TrainerApp:
    write("content/admission.yaml", topic_bank("admission", "B"))
    write("content/vwp.yaml", topic_bank("vwp", "C"))
    write("content/mock.yaml", CLASS_MOCK)
    return content_app(sealed, cohort_history(sealed / "home"))


async def cohort_candidates(pilot: Pilot[Any]) -> None:
    await keys(pilot, "c")


async def cohort_topics(pilot: Pilot[Any]) -> None:
    await keys(pilot, "c", "2")


async def cohort_missed(pilot: Pilot[Any]) -> None:
    await keys(pilot, "c", "3", "down")


COHORT_SCREENS: dict[str, tuple[Steps, str]] = {
    "candidates": (
        cohort_candidates,
        "7 candidates on Wed 18 Mar 2026, the Candidates tab: ana to fay and default with their"
        " answers, days, last active, last mock and readiness (ana 98% pass, ben 89% pass, the"
        " rest '-'); ana's three lines in full below",
    ),
    "topics": (
        cohort_topics,
        "the Weakest topics tab: law/vwp 47% (37-57%) above law/admission 69%, 80 answers and"
        " 6 candidates each",
    ),
    "missed": (
        cohort_missed,
        "the Most missed tab: vwp-1 100% 6 of 6 first, ten rows; vwp-2 highlighted and told"
        " below with its prompt",
    ),
}


@SIZED
@pytest.mark.parametrize("screen", list(COHORT_SCREENS))
def test_cohort_snapshot(
    cohort_app: TrainerApp, snap_compare: Any, screen: str, size: tuple[int, int]
) -> None:
    """The instructors' class report over a class of six; COHORT_SCREENS says what is seen."""
    steps, _ = COHORT_SCREENS[screen]
    assert snap_compare(cohort_app, terminal_size=size, run_before=steps)
