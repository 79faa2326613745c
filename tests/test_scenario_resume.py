"""An interview run left before its end is picked up where it stopped, by replaying its moves."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Write
from tests.factory import study
from tests.pilot import content_app, press, settle
from tests.samples import RUBRIC, SCENARIO
from trainer.content import loader
from trainer.content.catalog import Catalog
from trainer.engine.plan import PlanError
from trainer.shown import transcript_lines
from trainer.store.sqlite import SqliteStore, StoreError
from trainer.study import Study


def catalog_of(write: Write, *texts: str) -> Catalog:
    paths = [write(f"content/s{n}.yaml", text) for n, text in enumerate(texts)]
    result = loader.load(paths)
    assert [str(p) for p in result.problems] == []
    return result.catalog


def fresh(home: Path, cat: Catalog) -> Study:
    """The same history opened again, as after the app was closed (or killed)."""
    again, _ = study(home, cat)
    return again


def test_a_resumed_run_is_where_it_stopped_and_ends_as_if_never_left(
    write: Write, sealed: Path
) -> None:
    cat = catalog_of(write, RUBRIC)
    first, _ = study(sealed / "a", cat)
    live = first.start_scenario("sample-interview")
    live.choose(0)
    live.proceed()
    assert live.run.node == "ask"

    resumed = fresh(sealed / "a", cat).resume_scenario(live.run_id)
    assert resumed.run_id == live.run_id
    assert resumed.run.node == "ask"
    assert dict(resumed.run.values) == dict(live.run.values)
    assert dict(resumed.run.scores) == dict(live.run.scores)
    assert resumed.run.path == live.run.path
    assert resumed.moves == live.moves
    speaker = cat.scenarios["sample-interview"].nodes["greet"].speaker
    assert transcript_lines(resumed) == [
        (speaker, "Why am I here?"),
        ("you", "Explain the process."),
        (speaker, "Fine."),
    ]

    resumed.respond("Under customs law I may open the bag.")
    assert resumed.result is not None
    # The same moves made in one go give the same debrief.
    other, _ = study(sealed / "b", cat)
    straight = other.start_scenario("sample-interview")
    straight.choose(0)
    straight.proceed()
    straight.respond("Under customs law I may open the bag.")
    assert straight.result is not None
    assert resumed.result.outcome == straight.result.outcome
    assert dict(resumed.result.scores) == dict(straight.result.scores)
    # Finished, it is no longer offered, and its saved path has every move once.
    again = fresh(sealed / "a", cat)
    assert again.unfinished_scenarios() == []
    [row] = again.store.scenario_runs(again.profile_id)
    assert row.path == (
        {"choice": 0},
        {"continue": True},
        {"text": "Under customs law I may open the bag."},
    )
    assert row.outcome == "admitted"


def test_the_transcript_has_every_line_and_note_in_order(write: Write, sealed: Path) -> None:
    cat = catalog_of(write, RUBRIC)
    s, _ = study(sealed, cat)
    live = s.start_scenario("sample-interview")
    live.choose(0)
    live.proceed()
    live.respond("customs law")
    speaker = cat.scenarios["sample-interview"].nodes["greet"].speaker
    assert transcript_lines(live) == [
        (speaker, "Why am I here?"),
        ("you", "Explain the process."),
        (speaker, "Fine."),
        (speaker, "Tell me why."),
        ("you", "customs law"),
        ("note", "Covered 1 of 2 points."),
    ]


def test_only_the_latest_unfinished_run_of_each_scenario_is_offered(
    write: Write, sealed: Path
) -> None:
    other = SCENARIO.replace("scenario: sample-interview", "scenario: other-interview")
    cat = catalog_of(write, SCENARIO, other)
    s, clock = study(sealed, cat)
    older = s.start_scenario("sample-interview")
    older.choose(0)
    clock.advance(60)
    newer = s.start_scenario("sample-interview")
    clock.advance(60)
    finished = s.start_scenario("other-interview")
    finished.choose(0)
    finished.proceed()
    assert finished.result is not None
    assert [r.id for r in s.unfinished_scenarios()] == [newer.run_id]
    # A scenario taken out of the content is not offered.
    gone = fresh(sealed, catalog_of(write, other))
    assert gone.unfinished_scenarios() == []


def test_what_cannot_be_resumed_says_why(write: Write, sealed: Path) -> None:
    cat = catalog_of(write, SCENARIO)
    s, _ = study(sealed, cat)
    with pytest.raises(PlanError, match="no interview run 'run-nope'"):
        s.resume_scenario("run-nope")

    done = s.start_scenario("sample-interview")
    done.choose(0)
    done.proceed()
    with pytest.raises(PlanError, match="finished"):
        s.resume_scenario(done.run_id)

    left = s.start_scenario("sample-interview")
    left.choose(0)
    # Since then, the instructor made that first choice depend on the traveler's agitation.
    stricter = SCENARIO.replace("goto: explain\n", "goto: explain\n        when: agitation > 5\n")
    assert stricter != SCENARIO
    with pytest.raises(PlanError, match="has changed since this run was saved"):
        fresh(sealed, catalog_of(write, stricter)).resume_scenario(left.run_id)

    removed = catalog_of(write, SCENARIO.replace("sample-interview", "renamed-interview"))
    with pytest.raises(PlanError, match="no longer in the content"):
        fresh(sealed, removed).resume_scenario(left.run_id)


def test_a_saved_path_the_trainer_cannot_read_is_refused_not_crashed(
    write: Write, sealed: Path
) -> None:
    cat = catalog_of(write, SCENARIO)
    s, _ = study(sealed, cat)
    live = s.start_scenario("sample-interview")
    row = s.store.scenario_runs(s.profile_id)[0]
    for path in (({"jump": 3},), ({"choice": "A"},)):
        s.store.save_scenario_run(type(row)(**{**_fields(row), "path": path}))
        with pytest.raises(PlanError, match="cannot be resumed"):
            s.resume_scenario(live.run_id)
    # Text no trainer writes is a damaged history: a StoreError naming the run, not a crash.
    assert isinstance(s.store, SqliteStore)
    for text in ('{"choice": 0}', "[7]", "[{"):
        with sqlite3.connect(s.store.path) as db:
            db.execute("UPDATE scenario_runs SET path = ?", (text,))
        with pytest.raises(
            StoreError, match=f"damaged: the moves of run '{live.run_id}' cannot be read"
        ):
            s.resume_scenario(live.run_id)


def _fields(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__struct_fields__}


async def test_leaving_an_interview_and_picking_it_up_from_the_picker(
    write: Write, sealed: Path
) -> None:
    from trainer.ui.screens.scenario import DebriefScreen, ScenarioPicker, ScenarioScreen

    write("content/interview.yaml", SCENARIO)
    app = content_app(sealed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "enter", "1")
        assert isinstance(app.screen, ScenarioScreen)
        await press(pilot, "escape")
        next_up = str(app.screen.query_one("#next-up").render())
        assert "Unfinished interview: Sample interview: press i to go on" in next_up
        await press(pilot, "i")
        picker = app.screen
        assert isinstance(picker, ScenarioPicker)
        first = str(picker.query_one("#scenarios").get_option_at_index(0).prompt)
        assert first.startswith("Resume: Sample interview\n  1 move so far")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ScenarioScreen)
        said = [str(s.render()) for s in screen.query(".said")]
        assert said[:3] == [
            "Traveler: Why am I here?",
            "You: Explain the process.",
            "Traveler: Fine.",
        ]
        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        study_ = app.study
        assert study_ is not None
        assert study_.unfinished_scenarios() == []
