"""The class report played by keys: a class of candidates, their weakest topics and most-missed
questions a tab each, the highlighted row told in full; the empty history; a candidate's own
trainer, which does not offer it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList, Static, TabbedContent

from tests.classes import CLASS_MOCK, NAMES, cohort_history, topic_bank
from tests.conftest import Write
from tests.factory import START
from tests.pilot import content_app, press, settle
from trainer import config
from trainer.engine.clock import ManualClock
from trainer.ui.app import TrainerApp, create_app
from trainer.ui.commands import system_commands
from trainer.ui.screens.cohort import EMPTY, CohortScreen
from trainer.ui.screens.home import HomeScreen


@pytest.fixture
def class_app(write: Write, sealed: Path) -> TrainerApp:
    write("content/admission.yaml", topic_bank("admission", "B"))
    write("content/vwp.yaml", topic_bank("vwp", "C"))
    write("content/mock.yaml", CLASS_MOCK)
    clock = cohort_history(sealed / "home")
    return content_app(sealed, clock)


def text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def cells(table: DataTable[Any], column: int) -> list[str]:
    return [str(table.get_row_at(r)[column]) for r in range(table.row_count)]


async def test_c_on_home_shows_every_candidate_of_the_class(class_app: TrainerApp) -> None:
    async with class_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        screen = class_app.screen
        assert isinstance(screen, CohortScreen)
        # The class and the instructor's own profile, which has not studied.
        assert text(screen, "#cohort-title").startswith("7 candidates on Wed 18 Mar 2026;")
        table = screen.query_one("#cohort-candidates", DataTable)
        assert table.has_focus
        assert sorted(cells(table, 0)) == sorted([*NAMES, "default"])
        row = dict(zip(cells(table, 0), range(table.row_count), strict=True))
        assert str(table.get_row_at(row["default"])[4]) == "never"
        ana, fay = table.get_row_at(row["ana"]), table.get_row_at(row["fay"])
        assert str(ana[3]) == "4"  # four days studied
        assert str(ana[5]).startswith("class-mock ")
        assert str(ana[6]).endswith("% pass")  # a goal, so a chance to pass
        assert str(fay[6]) == "-"  # no goal
        assert str(table.get_row_at(row["cy"])[6]) == "-"  # a goal, too few answers
        await press(pilot, "home")
        first = cells(table, 0)[0]
        assert text(screen, "#cohort-candidate").startswith(f"{first}: ")
        await press(pilot, *["down"] * row["ana"])
        assert "Class mock today: " in text(screen, "#cohort-candidate")
        await press(pilot, "home", *["down"] * row["cy"])
        assert "Readiness: Readiness needs 10 more scored answers" in text(
            screen, "#cohort-candidate"
        )
        await press(pilot, "home", *["down"] * row["fay"])
        shown = text(screen, "#cohort-candidate")
        assert shown.startswith("fay: 20 answers in all")
        assert "Readiness: no goal set" in shown
        await press(pilot, "escape")
        assert isinstance(class_app.screen, HomeScreen)


async def test_the_topics_tab_ranks_the_classs_weakest_first(class_app: TrainerApp) -> None:
    async with class_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c", "2")
        screen = class_app.screen
        assert screen.query_one("#cohort-tabs", TabbedContent).active == "topics"
        table = screen.query_one("#cohort-topics", DataTable)
        assert table.has_focus
        assert cells(table, 0) == ["law/vwp", "law/admission"]
        assert cells(table, 4) == ["6", "6"]
        vwp, admission = (int(m.rstrip("%")) for m in cells(table, 1))
        assert vwp < admission


async def test_the_missed_tab_tells_the_highlighted_question(class_app: TrainerApp) -> None:
    async with class_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c", "3")
        screen = class_app.screen
        table = screen.query_one("#cohort-missed", DataTable)
        assert table.has_focus
        ids = cells(table, 0)
        assert len(ids) == 10
        assert ids[0].startswith("vwp-")
        rates = [int(r.rstrip("%")) for r in cells(table, 1)]
        assert rates == sorted(rates, reverse=True)
        assert cells(table, 3)[0] == "law/vwp"
        told = text(screen, "#cohort-question")
        assert told.startswith(f"{ids[0]}: ")
        assert f"Vwp question {ids[0][-1]}?" in told
        await press(pilot, "down")
        assert text(screen, "#cohort-question").startswith(f"{ids[1]}: ")
        await press(pilot, "1")
        assert screen.query_one("#cohort-candidates", DataTable).has_focus


async def test_an_empty_history_says_who_will_appear(write: Write, sealed: Path) -> None:
    write("content/admission.yaml", topic_bank("admission", "B"))
    app = content_app(sealed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        screen = app.screen
        assert isinstance(screen, CohortScreen)
        # Only the instructor's own profile, which has not studied yet.
        assert text(screen, "#cohort-title") == EMPTY
        assert not screen.query_one("#cohort-tabs", TabbedContent).display
        await press(pilot, "2")
        assert screen.query_one("#cohort-tabs", TabbedContent).active == "candidates"


def candidate_app(sealed: Path) -> TrainerApp:
    locations = config.Locations(
        home=sealed / "home", content=(Path("content").absolute(),), user_content=()
    )
    return create_app(locations, clock=ManualClock(START), tick_seconds=None, instructor=False)


async def test_a_candidates_own_trainer_does_not_offer_the_class_report(
    write: Write, sealed: Path
) -> None:
    write("content/admission.yaml", topic_bank("admission", "B"))
    app = candidate_app(sealed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        options = app.screen.query_one("#actions", OptionList)
        ids = [options.get_option_at_index(n).id for n in range(options.option_count)]
        assert "items" in ids
        assert "cohort" not in ids
        assert all("Class report" not in c.title for c in system_commands(app))
        await press(pilot, "c")
        assert isinstance(app.screen, HomeScreen)


async def test_asked_another_way_a_candidates_trainer_refuses_with_a_notice(
    write: Write, sealed: Path
) -> None:
    from trainer.ui.messages import Act

    write("content/admission.yaml", topic_bank("admission", "B"))
    app = candidate_app(sealed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.post_message(Act("cohort"))
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert [n.message for n in app._notifications] == ["The class report is for instructors."]


async def test_an_instructors_palette_offers_it(class_app: TrainerApp) -> None:
    async with class_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        (command,) = [c for c in system_commands(class_app) if c.title == "Class report"]
        command.callback()
        await settle(pilot)
        assert isinstance(class_app.screen, CohortScreen)
