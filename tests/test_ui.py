"""The app shell: home draws at once, content loads behind it, problems are shown, keys work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Write
from tests.samples import BANK, BLUEPRINT, SCENARIO
from trainer import config
from trainer.ui.app import TrainerApp, create_app
from trainer.ui.screens.home import HomeScreen


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", BLUEPRINT)
    write("content/interview.yaml", SCENARIO)
    write("content/broken.yaml", "bank: [\n")
    locations = config.Locations(
        home=sealed / "home", content=(Path("content").absolute(),), user_content=()
    )
    return create_app(locations)


def text_of(app: TrainerApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_home_shows_what_loaded_and_what_was_skipped(app: TrainerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.content is not None
        assert len(app.content.catalog) == 8
        assert text_of(app, "#status") == (
            "8 questions in 1 section, 1 mock exam, 1 interview scenario"
        )
        assert "Sample exam  (3 questions, 10 min)" in text_of(app, "#catalog")
        problems = text_of(app, "#problems")
        assert problems.startswith("1 file skipped. Problems in content:")
        assert "content/broken.yaml:2:1: YAML:" in problems


async def test_q_quits(app: TrainerApp) -> None:
    async with app.run_test() as pilot:
        await pilot.press("q")
    assert app.return_code == 0


def test_home_snapshot_80x24(app: TrainerApp, snap_compare: Any) -> None:
    """Home at 80x24: the counts, sections, mock exams, scenarios, the problem panel, footer."""

    async def loaded(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_home_snapshot_160x48(app: TrainerApp, snap_compare: Any) -> None:
    """Home at 160x48: the same content with room to spare; nothing is cut off."""

    async def loaded(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 48), run_before=loaded)
