"""The scenario engine: conditions, effects within range, rubric scoring, walking every path."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Write
from tests.samples import RUBRIC, SCENARIO
from trainer import config
from trainer.content import loader
from trainer.content.models import Scenario
from trainer.engine import scenario as engine


def load(write: Write, text: str = SCENARIO) -> Scenario:
    result = loader.load([write("s.yaml", text)])
    assert [str(p) for p in result.problems] == []
    return next(iter(result.catalog.scenarios.values()))


def test_a_run_follows_choices_and_keeps_state_in_range(write: Write) -> None:
    s = load(write)
    run = engine.start(s)
    assert engine.line(run) == "Why am I here?"
    assert [i for i, _ in engine.choices(run)] == [0, 1]
    run = engine.choose(run, 0)
    assert run.values["agitation"] == 1
    assert run.scores["professionalism"] == 2
    assert engine.line(run) == "Fine."
    run = engine.proceed(run)
    assert run.ended
    assert run.ending == "admitted"


def test_conditions_change_what_is_offered_and_said(write: Write) -> None:
    calm = engine.start(load(write, SCENARIO.replace("initial: 2", "initial: 1")))
    assert [i for i, _ in engine.choices(calm)] == [0]  # choice 2 needs agitation above 1
    s = load(write, SCENARIO.replace("initial: 2", "initial: 8"))
    run = engine.start(s)
    assert [i for i, _ in engine.choices(run)] == [0, 1]
    run = engine.choose(run, 0)
    assert engine.line(run) == "Whatever."  # agitation 7 is not below 3


def test_effects_are_clamped_to_the_range(write: Write) -> None:
    s = load(write, SCENARIO.replace("add: {agitation: -1}", "add: {agitation: -9}"))
    run = engine.choose(engine.start(s), 0)
    assert run.values["agitation"] == 0


def test_steps_that_are_not_allowed(write: Write) -> None:
    s = load(write)
    run = engine.start(s)
    with pytest.raises(engine.ScenarioError, match="choice 3 is not offered"):
        engine.choose(run, 2)
    with pytest.raises(engine.ScenarioError, match="needs a response"):
        engine.proceed(run)
    with pytest.raises(engine.ScenarioError, match="not typed words"):
        engine.respond(run, "hello")
    done = engine.proceed(engine.choose(run, 0))
    with pytest.raises(engine.ScenarioError, match="ended"):
        engine.line(done)


@pytest.mark.parametrize(
    ("answer", "earned", "covered"),
    [
        ("Under 19 USC 1582 I may open the bag.", 4.0, 2),
        ("Customs law lets us do this.", 3.0, 1),
        ("We will serch the bag now.", 1.0, 1),  # a typo still matches the phrase
        ("Because I said so.", 0.0, 0),
        ("", 0.0, 0),
    ],
)
def test_free_text_is_scored_against_the_rubric(
    write: Write, answer: str, earned: float, covered: int
) -> None:
    s = load(write, RUBRIC)
    run = engine.proceed(engine.choose(engine.start(s), 0))
    run = engine.respond(run, answer)
    assert run.ended
    assert run.scores["professionalism"] == pytest.approx(2 + earned)
    assert len(run.path[-1].covered) == covered
    assert len(run.path[-1].covered) + len(run.path[-1].missed) == 2


def test_walk_finds_every_ending_and_the_best_path(write: Write) -> None:
    s = load(write, SCENARIO.replace("initial: 2", "initial: 6"))
    walked = engine.walk(s)
    assert walked.stuck == ()
    assert {w.ending for w in walked.done} == {"admitted", "refused"}
    assert walked.best is not None
    assert walked.best.ending == "admitted"
    assert walked.extremes["professionalism"] == (0.0, 2.0)
    assert walked.unreached == ()


def test_walk_reports_paths_that_loop(write: Write) -> None:
    looping = (
        SCENARIO.replace("goto: refused", "goto: again")
        .replace("initial: 2", "initial: 6")
        .replace(
            "endings:",
            "  again:\n    say: Calm down.\n    choices:\n"
            "      - {text: Refuse entry., goto: refused}\n"
            "      - {text: Start over., goto: greet}\nendings:",
        )
    )
    s = load(write, looping)
    walked = engine.walk(s)
    assert walked.stuck == (("greet:2", "again:2"),)
    assert {w.ending for w in walked.done} == {"admitted", "refused"}


def test_debrief_compares_with_the_best_and_names_turning_points(write: Write) -> None:
    s = load(write, RUBRIC)
    run = engine.start(s)
    run = engine.respond(engine.proceed(engine.choose(run, 0)), "customs law")
    result = engine.debrief(run)
    assert result.outcome == "admitted"
    assert result.scores["professionalism"] == (5.0, 6.0)
    assert result.turning_points[0].scores["professionalism"] == 3.0
    assert result.model[-1] == "ask:typed: every rubric point"
    assert [s.missed for s in result.free_text] == [("Says what happens next",)]


@functools.cache
def shipped() -> list[Scenario]:
    return list(loader.load(config.shipped_content()).catalog.scenarios.values())


@pytest.mark.parametrize("scenario", shipped(), ids=lambda s: s.scenario)
def test_every_shipped_scenario_ends_on_every_path(scenario: Scenario) -> None:
    walked = engine.walk(scenario)
    assert walked.stuck == ()
    assert walked.unreached == ()
    assert walked.best is not None


@settings(deadline=None)
@given(st.data())
def test_no_sequence_of_moves_crashes_or_leaves_the_range(data: st.DataObject) -> None:
    for scenario in shipped():
        run = engine.start(scenario)
        for _ in range(40):
            if run.ended:
                break
            offered = engine.choices(run)
            if offered:
                run = engine.choose(run, data.draw(st.sampled_from([i for i, _ in offered])))
            elif run.current.free_text is not None:
                run = engine.respond(run, data.draw(st.text(max_size=60)))
            else:
                run = engine.proceed(run)
            for name, var in scenario.state.items():
                value = run.values[name]
                if not isinstance(value, bool):
                    assert var.min is None or value >= var.min
                    assert var.max is None or value <= var.max
