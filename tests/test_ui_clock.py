"""The app's own clock running while screens change, and what waiting on the store does when a
step fails or the waiting is cancelled.

The other UI tests inject no clock and count time by hand; these run the real interval, fast, so
that its ticks land in the middle of screens opening and closing.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import Write
from tests.pilot import EXAM, content_app, press, right_keys, settle
from tests.samples import BANK
from trainer.engine.clock import ManualClock
from trainer.ui.app import TrainerApp
from trainer.ui.screens.breaks import BreakScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.question import QuestionScreen

FAST = 0.02
"""Seconds between ticks: far more often than the real second, to make the races likely."""


def make_app(write: Write, sealed: Path, clock: ManualClock, tick: float | None) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", EXAM)
    return content_app(sealed, clock, tick)


async def until_shown(app: TrainerApp, text: str) -> None:
    """Wait (the clock ticks on its own) until the break screen shows `text`."""
    while str(app.screen.query_one("#break-left").render()) != text:
        await asyncio.sleep(FAST)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


async def test_leaving_and_resuming_with_the_clock_running_never_hangs(
    write: Write, sealed: Path, clock: ManualClock
) -> None:
    """Leaving closes the exam's screen while its clock may be waiting on the store; that used
    to swallow the clock's cancelling, and the app waited for the clock forever."""
    app = make_app(write, sealed, clock, FAST)

    async def play() -> None:
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await press(pilot, "m", "enter")
            for _ in range(5):
                assert isinstance(app.screen, QuestionScreen)
                clock.advance(3)
                await asyncio.sleep(FAST * 4)
                await press(pilot, "escape", "y")
                assert isinstance(app.screen, HomeScreen)
                await press(pilot, "r")
            assert isinstance(app.screen, QuestionScreen)
            assert app.screen.live.state.time_left() == pytest.approx(600 - 5 * 3)

    await asyncio.wait_for(play(), timeout=60)


async def test_the_clock_ends_a_section_opens_the_break_and_ends_it(
    write: Write, sealed: Path, clock: ManualClock
) -> None:
    """Time runs out on its own (no tick by hand): the break opens, counts down, and closes to
    the next section's first question."""
    app = make_app(write, sealed, clock, FAST)

    async def play() -> None:
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await press(pilot, "m", "enter")
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            clock.advance(10 * 60 + 1)
            while not isinstance(app.screen, BreakScreen):
                await asyncio.sleep(FAST)
            await until_shown(app, "1:00 left of the break")
            clock.advance(30)
            await until_shown(app, "0:30 left of the break")
            clock.advance(31)
            while isinstance(app.screen, BreakScreen):
                await asyncio.sleep(FAST)
            assert app.screen is screen
            await settle(pilot)
            assert screen.live.state.section == 1
            assert "Q 1/2" in str(screen.query_one("#progress").render())
            await press(pilot, *right_keys(screen))
            assert len(screen.live.state.answers) == 1

    await asyncio.wait_for(play(), timeout=60)


async def test_an_exam_left_during_its_break_resumes_on_the_break(
    write: Write, sealed: Path, clock: ManualClock
) -> None:
    app = make_app(write, sealed, clock, None)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "enter", "s", "y")
        assert isinstance(app.screen, BreakScreen)
        await press(pilot, "q")  # the candidate quits during the break
    assert app.return_code == 0

    again = make_app(write, sealed, clock, None)
    async with again.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert isinstance(again.screen, BreakScreen), "resumed on a blank question screen"
        await press(pilot, "enter")
        screen = again.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.live.state.section == 1
        assert "Part two" in str(screen.query_one("#progress").render())


async def test_a_failing_store_step_is_shown_and_the_app_goes_on(
    write: Write, sealed: Path, clock: ManualClock
) -> None:
    app = make_app(write, sealed, clock, None)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)

        def fail() -> int:
            raise OSError(28, "No space left on device")

        assert await app.in_worker(fail) is None
        await settle(pilot)
        [shown] = [n for n in app._notifications if n.severity == "error"]
        assert "No space left on device" in shown.message
        assert await app.in_worker(lambda: 42) == 42


async def test_cancelling_a_wait_on_the_store_cancels_the_waiting_task(
    write: Write, sealed: Path, clock: ManualClock
) -> None:
    app = make_app(write, sealed, clock, None)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        release = threading.Event()
        waiting = asyncio.create_task(app.in_worker(release.wait, 10))
        await asyncio.sleep(0.05)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(waiting, timeout=5)
        release.set()
        await settle(pilot)


async def test_quitting_mid_exam_keeps_the_time_used(
    write: Write, sealed: Path, clock: ManualClock
) -> None:
    app = make_app(write, sealed, clock, None)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "enter")
        assert isinstance(app.screen, QuestionScreen)
        clock.advance(3)  # less than the clock's own saving interval
        await press(pilot, "q")
    assert app.return_code == 0

    again = make_app(write, sealed, clock, None)
    async with again.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        screen = again.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.live.state.time_left() == pytest.approx(600 - 3)


async def test_an_interview_turn_that_runs_out_takes_the_last_response(
    write: Write, sealed: Path, clock: ManualClock
) -> None:
    """A timed turn counts down on the screen's own queue; at zero the officer "hesitated" and
    the last response offered is taken, saved like any other move."""
    from tests.samples import SCENARIO
    from trainer.ui.screens.scenario import DebriefScreen

    write(
        "content/interview.yaml",
        SCENARIO.replace("    say: Why am I here?\n", "    say: Why am I here?\n    seconds: 3\n"),
    )
    app = content_app(sealed, clock, FAST)

    async def play() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await press(pilot, "i", "enter")  # no response is chosen: the clock runs out
            while not isinstance(app.screen, DebriefScreen):
                await asyncio.sleep(FAST)
            await settle(pilot)
            study = app.study
            assert study is not None
            [run] = study.store.scenario_runs(study.profile_id)
            assert (run.outcome, run.path) == ("refused", ({"choice": 1},))
            said = [n.message for n in app._notifications]
            assert "Time is up: you hesitated." in said

    await asyncio.wait_for(play(), timeout=30)
