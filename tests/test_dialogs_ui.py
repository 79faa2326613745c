"""Every dialog starts or confirms with one key from whichever field has the focus, names that key
and Escape in its footer, and Escape backs out having started nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Select

from tests.conftest import Write
from tests.pilot import EXAM, content_app, press, settle
from tests.samples import BANK, RUBRIC
from trainer.ui import flows
from trainer.ui.app import TrainerApp
from trainer.ui.screens.dialogs import Confirm, JumpTo, PickMissReason
from trainer.ui.screens.help import HelpScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.pickers import ExamChoice, ExamPicker, PracticeChoice, PracticeSetup
from trainer.ui.screens.question import QuestionScreen
from trainer.ui.screens.scenario import InterviewChoice, ScenarioPicker, ScenarioScreen


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", EXAM)
    write("content/interview.yaml", RUBRIC)
    return content_app(sealed)


def footer_keys(screen: Screen[Any]) -> dict[str, str]:
    """What the dialog's own footer shows: each key with its label."""
    screen.query_one(Footer)
    return {
        screen.app.get_key_display(active.binding): active.binding.description
        for active in screen.active_bindings.values()
        if active.binding.show
    }


def focused(screen: Screen[Any]) -> str | None:
    return screen.focused.id if screen.focused is not None else None


def focus_order(screen: Screen[Any]) -> list[str]:
    return [widget.id or "" for widget in screen.focus_chain]


def history_rows(app: TrainerApp) -> int:
    assert app.study is not None
    return len(app.study.history())


# Practice set-up.


async def choose(pilot: Pilot[Any], rows_down: int) -> None:
    """Open the focused select with Enter and take the option so many rows below the blank."""
    await press(pilot, "enter")
    assert pilot.app.screen.focused is not None
    await press(pilot, *["down"] * rows_down, "enter")


async def test_practice_tab_goes_through_the_fields_in_order(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        dialog = app.screen
        assert isinstance(dialog, PracticeSetup)
        # The topic waits for a section.
        assert focus_order(dialog) == ["section", "difficulty", "count", "start", "cancel"]
        await choose(pilot, 1)
        assert focus_order(dialog) == ["section", "topic", "difficulty", "count", "start", "cancel"]
        seen = [focused(dialog)]
        for _ in range(6):
            await press(pilot, "tab")
            seen.append(focused(dialog))
        assert seen == ["section", "topic", "difficulty", "count", "start", "cancel", "section"]


@pytest.mark.parametrize("last", [False, True], ids=["from the first field", "from the last"])
async def test_practice_starts_with_ctrl_s_with_what_was_chosen(
    app: TrainerApp, last: bool
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        dialog = app.screen
        assert isinstance(dialog, PracticeSetup)
        assert footer_keys(dialog) == {"^s": "Start", "esc": "Cancel"}
        await choose(pilot, 1)  # section: law
        await press(pilot, "tab")
        await choose(pilot, 1)  # topic: admission, the first by name
        await press(pilot, "tab")
        await choose(pilot, 1)  # difficulty: easy (1-2)
        await press(pilot, "tab", "backspace", "backspace", "2")
        if last:
            await press(pilot, "tab", "tab")
            assert focused(dialog) == "cancel"
        else:
            await press(pilot, "shift+tab", "shift+tab", "shift+tab")
            assert isinstance(dialog.focused, Select)
            assert focused(dialog) == "section"
        await press(pilot, "ctrl+s")
        questions = app.screen
        assert isinstance(questions, QuestionScreen)
        plan = questions.live.plan
        assert plan.title == "Practice: law / admission"
        assert len(plan.item_ids) == 2
        study = app.study
        assert study is not None
        for item_id in plan.item_ids:
            item = study.catalog.get(item_id)
            assert item is not None
            assert item.topic == "admission"
            assert 1 <= item.question.difficulty <= 2


async def test_practice_enter_on_a_select_still_opens_it(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "p", "enter")
        section = app.screen.query_one("#section", Select)
        assert section.expanded
        # With the list open, Escape closes the list and leaves the dialog up.
        assert footer_keys(app.screen)["esc"] == "Dismiss menu"
        await press(pilot, "escape")
        assert not section.expanded
        assert isinstance(app.screen, PracticeSetup)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, QuestionScreen)


async def test_practice_escape_cancels(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "p", "tab", "tab", "escape")
        assert isinstance(app.screen, HomeScreen)
        assert history_rows(app) == 0


# Mock exam picker.


@pytest.mark.parametrize("last", [False, True], ids=["from the list", "from the last button"])
async def test_the_exam_picker_starts_with_ctrl_s(app: TrainerApp, last: bool) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        dialog = app.screen
        assert isinstance(dialog, ExamPicker)
        assert footer_keys(dialog) == {"^s": "Start", "esc": "Cancel"}
        assert focus_order(dialog) == ["blueprints", "form", "start", "cancel"]
        if last:
            await press(pilot, "tab", "tab", "tab")
            assert focused(dialog) == "cancel"
        await press(pilot, "ctrl+s")
        questions = app.screen
        assert isinstance(questions, QuestionScreen)
        assert questions.live.plan.blueprint == "two-part"


async def test_the_exam_picker_starts_the_form_typed(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "enter")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        code = screen.live.plan.form_code
        assert code
        first = screen.live.plan.item_ids
        await press(pilot, "escape", "y")
        await press(pilot, "m", "tab", *code, "tab", "tab")
        await press(pilot, "ctrl+s")
        again = app.screen
        assert isinstance(again, QuestionScreen)
        assert again.live.session_id != screen.live.session_id
        assert (again.live.plan.form_code, again.live.plan.item_ids) == (code, first)


async def test_the_exam_picker_escape_cancels(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "tab", "escape")
        assert isinstance(app.screen, HomeScreen)
        assert history_rows(app) == 0


# Interview list.


@pytest.mark.parametrize("key", ["ctrl+s", "enter"])
async def test_the_interview_list_starts_with_ctrl_s_or_enter(app: TrainerApp, key: str) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        dialog = app.screen
        assert isinstance(dialog, ScenarioPicker)
        assert footer_keys(dialog) == {"^s": "Start", "esc": "Cancel"}
        await press(pilot, key)
        assert isinstance(app.screen, ScenarioScreen)
        assert app.screen.live.run.scenario.scenario == "sample-interview"


async def test_the_interview_list_escape_cancels(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "escape")
        assert isinstance(app.screen, HomeScreen)
        assert app.study is not None
        assert app.study.unfinished_scenarios() == []


# Confirm, go to, why missed, help.


@pytest.mark.parametrize(("key", "ended"), [("y", True), ("n", False), ("escape", False)])
async def test_confirm_answers_with_one_key_whatever_has_the_focus(
    app: TrainerApp, key: str, ended: bool
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "enter")
        questions = app.screen
        assert isinstance(questions, QuestionScreen)
        await press(pilot, "s")
        dialog = app.screen
        assert isinstance(dialog, Confirm)
        assert footer_keys(dialog) == {"y": "Yes", "n": "No"}
        assert focus_order(dialog) == ["yes", "no"]
        assert focused(dialog) == "no"
        await press(pilot, "shift+tab")
        assert focused(dialog) == "yes"
        await press(pilot, key)
        assert not isinstance(app.screen, Confirm)
        # Yes ends the first section (its break follows); no keeps it going.
        assert questions.live.state.on_break is ended
        assert (app.screen is questions) is not ended


async def test_go_to_takes_enter_and_escape_backs_out(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "enter", "g")
        dialog = app.screen
        assert isinstance(dialog, JumpTo)
        assert footer_keys(dialog) == {"⏎": "Go", "esc": "Cancel"}
        await press(pilot, "3", "enter")
        questions = app.screen
        assert isinstance(questions, QuestionScreen)
        assert questions.live.state.position == 2
        await press(pilot, "g", "9", "enter")
        assert isinstance(app.screen, JumpTo)  # out of range: the dialog stays, with a warning
        await press(pilot, "escape")
        assert questions.live.state.position == 2
        assert app.screen_stack[-1] is questions


@pytest.mark.parametrize(
    ("keys", "reason"),
    [(["3"], "calculation-slip"), (["down", "enter"], "misread"), (["escape"], None)],
)
async def test_why_missed_takes_a_digit_or_enter_and_escape_backs_out(
    app: TrainerApp, keys: list[str], reason: str | None
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        study = app.study
        assert study is not None
        live = study.start_items(["s-single"])
        flows.show(app, live)
        await settle(pilot)
        await press(pilot, "a", "w")
        dialog = app.screen
        assert isinstance(dialog, PickMissReason)
        assert footer_keys(dialog) == {"1-5": "Reason", "esc": "Cancel"}
        await press(pilot, *keys)
        assert isinstance(app.screen, QuestionScreen)
        [answer] = study.store.answers(live.session_id)
        assert answer.miss_reason == reason


@pytest.mark.parametrize("key", ["escape", "question_mark", "q"])
async def test_help_closes_with_escape_and_says_so(app: TrainerApp, key: str) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        dialog = app.screen
        assert isinstance(dialog, HelpScreen)
        assert footer_keys(dialog) == {"esc": "Close"}
        await press(pilot, key)
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running


# What the dialogs hand back: typed choices, never argument tuples or prefixed strings.


async def test_each_picker_hands_back_a_typed_choice(app: TrainerApp) -> None:
    got: list[object] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        study = app.study
        assert study is not None
        app.push_screen(PracticeSetup(study.catalog), got.append)
        await press(pilot, "ctrl+s")
        app.push_screen(ExamPicker(study.catalog), got.append)
        await press(pilot, "ctrl+s")
        live = study.start_scenario("sample-interview")
        live.choose(0)
        app.push_screen(ScenarioPicker(study.catalog, study.unfinished_scenarios()), got.append)
        await press(pilot, "ctrl+s")
        app.push_screen(ScenarioPicker(study.catalog), got.append)
        await press(pilot, "escape")
    assert got == [
        PracticeChoice(10),
        ExamChoice("two-part"),
        InterviewChoice(run_id=live.run_id),
        None,
    ]
