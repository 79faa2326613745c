"""Exhibits and long option lists on the question screen, driven through Pilot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.conftest import Write
from tests.pilot import content_app, press, settle
from tests.samples import BANK, EXHIBITS
from trainer.ui import flows
from trainer.ui.app import TrainerApp
from trainer.ui.screens.question import QuestionScreen
from trainer.ui.widgets.exhibit import ExhibitView
from trainer.ui.widgets.responses import ChoiceList, MultiList


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exhibits.yaml", EXHIBITS)
    return content_app(sealed)


async def start(pilot: Pilot[Any], *ids: str) -> QuestionScreen:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, TrainerApp)
    assert app.study is not None
    flows.show(app, app.study.start_items(list(ids)))
    await settle(pilot)
    assert isinstance(app.screen, QuestionScreen)
    return app.screen


def shown(view: ExhibitView, part: str) -> str:
    """The text a part of the exhibit draws on screen."""
    widget = view.query_one(part, Static)
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(line.text.rstrip() for line in lines)


async def test_the_exhibit_is_redrawn_in_place_and_hidden_without_one(app: TrainerApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot, "x-document", "x-passage", "x-table", "s-single")
        view = screen.query_one("#exhibit-slot", ExhibitView)
        assert view.display
        assert shown(view, ".exhibit-title") == "Passport data page"
        assert "ERIKSSON" in shown(view, ".exhibit-body")
        assert view.query_one(".mrz", Static).display
        assert "L898902C36UTO7408122F1204159ZE184226B<<<<<10" in shown(view, ".mrz")

        await press(pilot, "n")
        assert screen.query_one("#exhibit-slot", ExhibitView) is view, "remounted, not redrawn"
        assert shown(view, ".exhibit-title") == "Shift notes"
        assert "at Harbor Point has" in shown(view, ".exhibit-body")
        assert not view.query_one(".mrz", Static).display, "a passage has no zone"

        await press(pilot, "n")
        assert shown(view, ".exhibit-title") == "Booth counts"
        table = shown(view, ".exhibit-body")
        assert "Travelers" in table
        assert "A [b]1[/b]" in table, "a cell's markup is shown as written"
        assert "215" not in table

        await press(pilot, "pagedown")  # the table's question takes typed numbers
        assert not view.display, "a question without an exhibit shows none"
        await press(pilot, "pageup", "pageup")
        assert view.display
        assert shown(view, ".exhibit-title") == "Shift notes"


async def test_moving_down_a_long_list_keeps_the_highlight_on_screen(app: TrainerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, "x-passage")
        body = screen.query_one("#question-body")
        choices = screen.query_one("#response", ChoiceList)
        # The list is drawn whole: the body scrolls, the list has no scrollbar of its own.
        assert choices.max_scroll_y == 0
        assert body.max_scroll_y > 0, "the question must be taller than the screen for this test"
        for expected in range(1, 8):
            await press(pilot, "down")
            assert choices.highlighted == expected
            line = choices._index_to_line[expected]
            top = choices.content_region.y + line
            bottom = top + choices._heights[expected]
            window = body.content_region
            assert window.y <= top, f"option {expected} above the window"
            assert bottom <= window.bottom, f"option {expected} below the window"
        assert body.scroll_y > 0
        await press(pilot, "home")
        assert choices.highlighted == 0
        top = choices.content_region.y + choices._index_to_line[0]
        assert top >= body.content_region.y, "back at the first option, it shows again"


async def test_the_options_of_a_several_answer_question_wrap_whole(app: TrainerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, "x-multiple")
        choices = screen.query_one("#response", MultiList)
        width, height = choices.region.size  # the list with its border
        lines = choices.render_lines(Region(0, 0, width, height))
        # The words of every line, the list's border left out.
        text = " ".join(" ".join(line.text.strip("▊▎ ").split()) for line in lines)
        assert "…" not in text
        assert "differ on the surname of the holder" in text
        assert "is not a real calendar date" in text
        await press(pilot, "b")
        assert choices.selected == ["B"]
        drawn = " ".join(line.text for line in choices.render_lines(Region(0, 0, width, height)))
        assert "[x] B" in drawn
        assert "[ ] A" in drawn
        await press(pilot, "down", "space")  # space ticks the highlighted option
        assert choices.selected == ["B", "C"]
        await press(pilot, "c", "a", "enter")
        assert screen.live.state.answers["x-multiple"].response == ("A", "B")


async def test_page_keys_move_on_while_an_answer_is_typed(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot, "s-numeric", "s-single")
        await press(pilot, "n")
        assert screen.live.state.position == 0, "n is a letter of the answer here"
        assert screen.query_one("#response", Input).value == "n"
        await press(pilot, "pagedown")
        assert screen.live.state.position == 1
        await press(pilot, "pageup")
        assert screen.live.state.position == 0


def test_labels_that_name_their_document_are_grouped_under_it() -> None:
    from rich.console import Console

    from trainer.ui.widgets.exhibit import _page

    console = Console(width=60, record=True, color_system=None)
    console.print(
        _page(
            {
                "Passport: Surname": "ROSSI",
                "Passport: Date of birth": "10 JUL 1960",
                "Visa: Surname": "ROSSI",
                "Note [b]x[/b]": "kept: as written",
            }
        )
    )
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    assert lines == [
        "Passport",
        "Surname        ROSSI",
        "Date of birth  10 JUL 1960",
        "",
        "Visa",
        "Surname        ROSSI",
        "Note [b]x[/b]  kept: as written",
    ]
