"""An adaptive mock exam in the app and in plain mode: one question served at a time, the bar
saying how many at most, a notice when the test stops, and the ability on the results screen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import Write
from tests.pilot import SIZES, content_app, keys, trainer
from tests.test_plain import keyed_bank, sit
from trainer.study import StudySession
from trainer.ui import flows
from trainer.ui.app import TrainerApp
from trainer.ui.screens.question import QuestionScreen
from trainer.ui.screens.results import ResultsScreen


def _bank(topic: str, count: int) -> str:
    questions = "".join(
        f"""
  - id: {topic}-{n:02d}
    type: single
    prompt: "Question {n} on {topic}: which option is right?"
    options: ["first", "second", "third", "fourth"]
    answer: B
    explanation: The second option is right. The others are not.
    difficulty: {1 + n % 5}
"""
        for n in range(count)
    )
    return (
        f"bank: adaptive-{topic}\ntitle: Adaptive {topic}\nsection: law\ntopic: {topic}\n"
        f"questions:{questions}"
    )


ADAPTIVE = """
blueprint: adaptive-law
title: Adaptive law mock
modelled_on: Nothing real
pass_mark: 60
sections:
  - id: law
    title: Law (adaptive)
    minutes: 20
    adaptive: {max_items: 15, min_items: 6, se: 0.3}
    draw:
      - {section: law, topic: entry, count: 2}
      - {section: law, topic: status, count: 1}
"""


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/entry.yaml", _bank("entry", 20))
    write("content/status.yaml", _bank("status", 12))
    write("content/adaptive.yaml", ADAPTIVE)
    return content_app(sealed)


def _live(pilot: Pilot[Any]) -> StudySession:
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    return screen.live


async def adaptive_question(pilot: Pilot[Any]) -> None:
    """Three questions answered right, each with b then n: the fourth is on screen."""
    await keys(pilot)
    study = trainer(pilot).study
    assert study is not None
    flows.show(trainer(pilot), study.start_exam("adaptive-law", form=5))
    await keys(pilot, "b", "n", "b", "n", "b", "n")


async def adaptive_results(pilot: Pilot[Any]) -> None:
    await adaptive_question(pilot)
    for _ in range(20):
        served = _live(pilot).served()
        assert served is not None
        if served.stop is not None:
            break
        await keys(pilot, "b", "n")
    await keys(pilot, "s", "y")


async def test_the_app_serves_one_question_at_a_time_and_shows_the_ability(
    app: TrainerApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await adaptive_question(pilot)
        live = _live(pilot)
        assert len(live.state.items) == 4
        assert live.state.position == 3
        bar = str(pilot.app.screen.query_one("#progress").render())
        assert "Q 4/4 of at most 15" in bar
        await keys(pilot, "n")  # nothing further is served before this one is answered
        assert len(live.state.items) == 4
        assert live.state.position == 3
        seen: list[str] = []
        for _ in range(20):
            served = live.served()
            assert served is not None
            if served.stop is not None:
                break
            await pilot.press("b")
            await pilot.pause()
            seen.extend(n.message for n in pilot.app._notifications)
            await keys(pilot, "n")
        assert any("The adaptive test has stopped" in m for m in seen), seen
        await keys(pilot, "s", "y")
        screen = pilot.app.screen
        assert isinstance(screen, ResultsScreen)
        shown = str(screen.query_one("#ability").render())
        assert "Estimated score" in shown
        assert "Chance of passing: 99%." in shown
        assert "it stopped because the 95% interval cleared the pass mark" in shown
        [section] = screen.report.sections
        assert section.adaptive is not None
        assert f"{section.adaptive.items} questions of at most 15" in shown


ADAPTIVE_SCREENS = {
    "adaptive_question": (
        adaptive_question,
        "'Q 4/4 of at most 15, 3 answered', the navigator with three answered, question 4",
    ),
    "adaptive_results": (
        adaptive_results,
        "PASS with the estimated score; under it the section's estimate with its 95% interval"
        " and ability, 'Chance of passing: 99%', 6 questions of at most 15, stopped as the"
        " interval cleared the pass mark",
    ),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(ADAPTIVE_SCREENS))
def test_adaptive_snapshot(
    app: TrainerApp, snap_compare: Any, screen: str, size: tuple[int, int]
) -> None:
    """The adaptive exam as a person sees it; ADAPTIVE_SCREENS says what must be visible."""
    steps, _ = ADAPTIVE_SCREENS[screen]
    assert snap_compare(app, terminal_size=size, run_before=steps)


PLAIN_ADAPTIVE = """
blueprint: plain-adaptive
title: Plain adaptive mock
modelled_on: Nothing real
pass_mark: 60
sections:
  - id: law
    title: Casework (adaptive)
    minutes: 20
    adaptive: {max_items: 12, min_items: 5, se: 0.3}
    draw:
      - {section: casework, count: 2}
"""


def test_plain_mode_serves_the_adaptive_test_and_reads_out_the_ability(
    write: Write, sealed: Path
) -> None:
    write("content/law.yaml", keyed_bank("casework", "admission", 20))
    write("content/exam.yaml", PLAIN_ADAPTIVE)
    said = sit(sealed, Path("content").absolute(), "2", "1", "", *["A"] * 12, "s", "yes", "", "q")
    assert "Section 1 of 1: Casework (adaptive), adaptive, at most 12 questions," in said
    assert "Question 1, of at most 12." in said
    assert "Question 5, of at most 12." in said
    assert "Question 6" not in said
    assert "The adaptive test has stopped: the 95% interval cleared the pass mark." in said
    assert re.search(
        r"Estimated score \d+\.\d percent, 95 percent interval \d+\.\d percent to \d+\.\d percent"
        r" \(ability \+\d\.\d\d, standard error \d\.\d\d\)\.",
        said,
    ), said
    assert "Chance of passing: " in said
    assert "it stopped because the 95% interval cleared the pass mark." in said
