"""The app's follow-the-cursor option: the terminal's cursor sits on the highlighted option,
where screen magnifiers and braille displays look, on home and on a question."""

from __future__ import annotations

import random
from pathlib import Path

from textual.geometry import Offset
from textual.widgets import OptionList

from tests.conftest import Write
from tests.factory import START
from tests.pilot import press, settle
from tests.samples import BANK
from trainer import config
from trainer.engine.clock import ManualClock
from trainer.ui.app import TrainerApp, create_app
from trainer.ui.screens.question import QuestionScreen


def cursor_app(sealed: Path, write: Write, *, follow: bool) -> TrainerApp:
    write("content/law.yaml", BANK.replace("type: multiple", "type: single").replace(
        "answer: [A, B]", "answer: A"
    ))  # fmt: skip
    locations = config.Locations(
        home=sealed / "home", content=(Path("content").absolute(),), user_content=()
    )
    return create_app(
        locations, clock=ManualClock(START), rng=random.Random(7), tick_seconds=None,
        follow_cursor=follow,
    )  # fmt: skip


def highlighted_line(app: TrainerApp) -> Offset:
    """Where the focused list's highlighted option starts on the screen."""
    focused = app.focused
    assert isinstance(focused, OptionList)
    assert focused.highlighted is not None
    region = focused.content_region
    line = focused._index_to_line[focused.highlighted]
    return Offset(region.x, region.y + line - round(focused.scroll_y))


async def test_the_cursor_follows_the_highlight_on_home_and_on_a_question(
    sealed: Path, write: Write
) -> None:
    app = cursor_app(sealed, write, follow=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "down")
        first = app.cursor_position
        assert first == highlighted_line(app)
        await press(pilot, "down")
        assert app.cursor_position == first + Offset(0, 1)
        await press(pilot, "p", "ctrl+s")
        assert isinstance(app.screen, QuestionScreen)
        while not isinstance(app.focused, OptionList):
            await press(pilot, "enter" if app.screen.live.state.answers else "tab")
        await press(pilot, "down")
        assert app.cursor_position == highlighted_line(app)
        assert app.cursor_position.y > 0


async def test_without_the_option_the_cursor_is_left_alone(sealed: Path, write: Write) -> None:
    app = cursor_app(sealed, write, follow=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down")
        assert app.cursor_position == Offset(0, 0)


def test_the_setting_is_read_from_the_settings_file(sealed: Path) -> None:
    home = sealed.parent / "home"
    home.mkdir()
    (home / "settings.toml").write_text("follow_cursor = true\n")
    settings, problem = config.read_settings(home / "settings.toml")
    assert problem is None
    assert settings.follow_cursor
