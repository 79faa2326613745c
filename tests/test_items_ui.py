"""The item-analysis screen played by keys: the questions and their flags, a question's options,
switching mock exams, the empty history; a shuffled exam's keys counted as the bank's letters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from tests.classes import (
    CLASS_BANK,
    CLASS_EXAM,
    CLASS_QUIZ,
    TRUTH,
    class_history,
)
from tests.conftest import Write
from tests.pilot import content_app, press, settle
from trainer.content.models import LETTERS
from trainer.itemreport import analyse_history
from trainer.ui.app import TrainerApp
from trainer.ui.commands import system_commands
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.items import EMPTY, ItemsScreen, OptionsScreen
from trainer.ui.screens.question import QuestionScreen


@pytest.fixture
def class_app(write: Write, sealed: Path) -> TrainerApp:
    write("content/class.yaml", CLASS_BANK)
    write("content/class-exam.yaml", CLASS_EXAM)
    write("content/class-quiz.yaml", CLASS_QUIZ)
    class_history(Path("content"), sealed / "home")
    return content_app(sealed)


def cells(table: DataTable[Any], column: int) -> list[str]:
    return [str(table.get_row_at(r)[column]) for r in range(table.row_count)]


def text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_a_on_home_lists_the_questions_with_their_flags(class_app: TrainerApp) -> None:
    async with class_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        screen = class_app.screen
        assert isinstance(screen, ItemsScreen)
        assert "40 first attempts, 8 questions (one form); alpha 0." in text(
            screen, "#analysis-form"
        )
        forms = screen.query_one("#analysis-forms", DataTable)
        assert forms.display
        assert cells(forms, 0) == ["Class mock", "Class quiz"]
        questions = screen.query_one("#analysis-questions", DataTable)
        assert questions.has_focus
        assert cells(questions, 0) == sorted(TRUTH)
        flags = dict(zip(cells(questions, 0), cells(questions, 6), strict=True))
        assert flags["c-03"] == "key?, C draws strong"
        assert flags["c-06"] == "D unused"
        assert {flags[q] for q in TRUTH if q not in ("c-03", "c-06")} == {""}
        assert text(screen, "#analysis-flags").startswith("c-01: nothing flagged")
        await press(pilot, "down", "down")
        shown = text(screen, "#analysis-flags")
        assert shown.startswith("c-03: negative discrimination")
        assert "distractor C chosen by strong candidates" in shown
        await press(pilot, "escape")
        assert isinstance(class_app.screen, HomeScreen)


async def test_enter_on_a_question_shows_how_its_options_drew(class_app: TrainerApp) -> None:
    async with class_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a", "down", "down", "down", "down", "down", "enter")
        dialog = class_app.screen
        assert isinstance(dialog, OptionsScreen)
        assert dialog.stats.id == "c-06"
        table = dialog.query_one("#analysis-option-table", DataTable)
        assert cells(table, 0) == ["A", "B (key)", "C", "D"]
        assert cells(table, 1) == ["one", "two", "three", "four"]
        assert cells(table, 2)[3] == "0"
        assert cells(table, 4)[3] == "-"
        assert text(dialog, "#analysis-option-flags") == "distractor D chosen by nobody"
        await press(pilot, "escape")
        assert isinstance(class_app.screen, ItemsScreen)
        # o does the same as Enter, as the footer says.
        await press(pilot, "o")
        assert isinstance(class_app.screen, OptionsScreen)
        await press(pilot, "enter")
        assert isinstance(class_app.screen, ItemsScreen)


async def test_another_mock_exam_is_chosen_above_the_questions(class_app: TrainerApp) -> None:
    async with class_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a", "shift+tab")
        screen = class_app.screen
        assert screen.query_one("#analysis-forms", DataTable).has_focus
        await press(pilot, "down")
        assert "not enough attempts (3 of 20)" in text(screen, "#analysis-form")
        questions = screen.query_one("#analysis-questions", DataTable)
        assert questions.row_count == 4
        assert set(cells(questions, 6)) == {"too few"}
        await press(pilot, "enter")
        assert questions.has_focus
        assert "not enough answers (3 of 20)" in text(screen, "#analysis-flags")


async def test_the_palette_opens_item_analysis(class_app: TrainerApp) -> None:
    async with class_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        (command,) = [c for c in system_commands(class_app) if c.title == "Item analysis"]
        assert "(a on home)" in command.help
        command.callback()
        await settle(pilot)
        assert isinstance(class_app.screen, ItemsScreen)


async def test_an_empty_history_says_what_the_screen_needs(write: Write, sealed: Path) -> None:
    write("content/class.yaml", CLASS_BANK)
    write("content/class-exam.yaml", CLASS_EXAM)
    app = content_app(sealed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        screen = app.screen
        assert text(screen, "#analysis-form") == EMPTY
        assert not screen.query_one("#analysis-questions", DataTable).display
        assert not screen.query_one("#analysis-forms", DataTable).display
        await press(pilot, "o")
        assert app.screen is screen


async def test_a_key_pressed_on_shuffled_options_counts_as_the_banks_letter(
    write: Write, sealed: Path
) -> None:
    """The options are shown shuffled; the one pressed is analysed under its letter in the bank."""
    write("content/class.yaml", CLASS_BANK)
    write("content/class-exam.yaml", CLASS_EXAM)
    app = content_app(sealed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "enter")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        # Move on to the first question whose option C is not shown as C.
        current = screen.live.state.current
        while current is not None and list(current.order).index(2) == 2:
            await press(pilot, "n")
            current = screen.live.state.current
        assert current is not None
        shown = list(current.order).index(LETTERS.index("C"))
        await press(pilot, LETTERS[shown].lower())
        await pilot.app.workers.wait_for_complete()
        report = screen.live.submit()
        assert report.items
        study = app.study
        assert study is not None
        (form,) = analyse_history(study.catalog, study.store)
        asked = next(i for i in form.stats.items if i.id == current.id)
        assert {o.label for o in asked.options if o.chosen} == {"C"}
