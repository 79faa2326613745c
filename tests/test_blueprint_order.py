"""Mock exams are listed in an order a person can predict: their own first, then shipped, by title.

Where the files lie on disk plays no part: a folder whose path sorts after the shipped one (or
before it) lists the same way.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import Write
from tests.pilot import settle
from tests.samples import BANK, BLUEPRINT
from trainer import cli, config
from trainer.content import loader
from trainer.content.catalog import Catalog
from trainer.ui.app import create_app


def blueprint(ident: str, title: str) -> str:
    return BLUEPRINT.replace("blueprint: sample-exam", f"blueprint: {ident}").replace(
        "title: Sample exam", f"title: {title}"
    )


@pytest.fixture
def folders(write: Write) -> tuple[Path, Path, Path]:
    """A shipped folder with two exams, and two of the user's, one sorting before it, one after."""
    write("m-shipped/law.yaml", BANK)
    write("m-shipped/zulu.yaml", blueprint("shipped-zulu", "Zulu shipped"))
    write("m-shipped/alpha.yaml", blueprint("shipped-alpha", "alpha shipped"))
    write("z-mine/a.yaml", blueprint("mine-later-folder-b", "Beta mine"))
    write("z-mine/b.yaml", blueprint("mine-later-folder-a", "Alpha mine"))
    write("a-mine/only.yaml", blueprint("mine-earlier-folder", "Aardvark mine"))
    return (Path("m-shipped").absolute(), Path("z-mine").absolute(), Path("a-mine").absolute())


def listed(catalog: Catalog) -> list[str]:
    return list(catalog.blueprints)


def test_the_users_own_come_first_in_the_order_given_then_shipped_each_by_title(
    folders: tuple[Path, Path, Path],
) -> None:
    shipped, later, earlier = folders
    result = loader.load([shipped], own=[later, earlier])
    assert [str(p) for p in result.problems] == []
    assert listed(result.catalog) == [
        "mine-later-folder-a",  # "Alpha mine": z-mine is given first, though it sorts last
        "mine-later-folder-b",
        "mine-earlier-folder",
        "shipped-alpha",  # titles sort without regard to case
        "shipped-zulu",
    ]
    again = loader.load([shipped], own=[earlier, later])
    assert listed(again.catalog)[:3] == [
        "mine-earlier-folder",
        "mine-later-folder-a",
        "mine-later-folder-b",
    ]


def test_with_no_folders_of_their_own_blueprints_are_listed_by_title(
    folders: tuple[Path, Path, Path],
) -> None:
    result = loader.load(list(folders))
    assert listed(result.catalog) == [
        "mine-earlier-folder",  # Aardvark
        "mine-later-folder-a",  # Alpha
        "shipped-alpha",  # alpha
        "mine-later-folder-b",  # Beta
        "shipped-zulu",
    ]


def test_trainer_catalog_lists_the_content_folder_before_the_shipped_exams(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped, later, _ = folders
    monkeypatch.setattr(config, "shipped_content", lambda: [shipped])
    out = io.StringIO()
    assert cli.main(["catalog", "--json", "--content", str(later)], out) == 0
    assert [b["id"] for b in json.loads(out.getvalue())["blueprints"]] == [
        "mine-later-folder-a",
        "mine-later-folder-b",
        "shipped-alpha",
        "shipped-zulu",
    ]


async def test_the_mock_exam_picker_lists_the_users_own_first(
    folders: tuple[Path, Path, Path], sealed: Path
) -> None:
    from textual.widgets import OptionList

    shipped, later, _ = folders
    locations = config.Locations(home=sealed / "home", content=(shipped,), user_content=(later,))
    app = create_app(locations, tick_seconds=None)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        options = app.screen.query_one("#blueprints", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == [
            "mine-later-folder-a",
            "mine-later-folder-b",
            "shipped-alpha",
            "shipped-zulu",
        ]
        assert options.highlighted == 0
