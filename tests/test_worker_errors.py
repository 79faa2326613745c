"""One error policy for every worker: a history that fails to read is shown as a notice on the
screen that read it, and the app stays up."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from tests.conftest import Write
from tests.factory import sit
from tests.pilot import EXAM, content_app, press, settle
from tests.samples import BANK
from trainer.store.sqlite import StoreError
from trainer.ui.app import TrainerApp, failure
from trainer.ui.screens.history import HistoryScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.items import ItemsScreen
from trainer.ui.screens.results import ResultsScreen
from trainer.ui.screens.weak import WeakScreen

BROKEN = "database disk image is malformed"


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", EXAM)
    return content_app(sealed)


def break_store(trainer: TrainerApp, *methods: str) -> None:
    """Make these methods of the app's store fail as a damaged history file makes them fail."""
    study = trainer.study
    assert study is not None

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise StoreError(BROKEN)

    for name in methods:
        setattr(study.store, name, fail)


def errors_shown(trainer: App[Any]) -> list[str]:
    return [str(n.message) for n in trainer._notifications if n.severity == "error"]


async def still_up(pilot: Pilot[Any], screen: type) -> None:
    """The failure is shown (the worker that failed is waited for as a person waits: a while),
    and the app is still up on the same screen."""
    for _ in range(100):
        if errors_shown(pilot.app):
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert pilot.app.is_running
    assert isinstance(pilot.app.screen, screen)
    assert errors_shown(pilot.app) == [BROKEN]


async def test_a_failing_summary_on_home_is_shown_and_home_stays(app: TrainerApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        break_store(app, "count_due")
        assert isinstance(app.screen, HomeScreen)
        app.screen.refresh_from_study()
        await still_up(pilot, HomeScreen)


@pytest.mark.parametrize(
    ("key", "methods", "screen"),
    [
        ("h", ("sessions",), HistoryScreen),
        ("w", ("key_tallies",), WeakScreen),
        ("a", ("first_attempts",), ItemsScreen),
    ],
)
async def test_a_screen_whose_history_fails_to_read_says_so_and_stays_open(
    app: TrainerApp, key: str, methods: tuple[str, ...], screen: type
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        break_store(app, *methods)
        await pilot.press(key)
        await still_up(pilot, screen)


async def test_a_review_whose_answers_fail_to_read_says_so_and_stays_open(
    app: TrainerApp,
) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        study = app.study
        assert study is not None
        sit(study.start_practice(2), random.Random(1), 1.0)
        await press(pilot, "h")
        break_store(app, "answers")
        await pilot.press("enter")
        await still_up(pilot, ResultsScreen)


def test_an_unexpected_error_is_named_and_says_nothing_saved_is_lost() -> None:
    assert failure(StoreError(BROKEN)) == BROKEN
    text = failure(KeyError("x"))
    assert text.startswith("Unexpected KeyError")
    assert "saved is kept" in text
