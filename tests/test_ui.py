"""The app played by key presses: practice, a timed mock exam, resuming, and reviewing history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from tests.conftest import Write
from tests.factory import START
from tests.pilot import EXAM, content_app, press, right_keys, settle
from tests.samples import BANK
from trainer.engine.clock import ManualClock
from trainer.study import Study, StudySession
from trainer.ui.app import TrainerApp
from trainer.ui.screens.dialogs import Confirm
from trainer.ui.screens.history import HistoryScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.question import QuestionScreen
from trainer.ui.screens.results import ResultsScreen


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def app(write: Write, sealed: Path, clock: ManualClock) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", EXAM)
    write("content/broken.yaml", "bank: [\n")
    return content_app(sealed, clock)


async def test_home_shows_what_loaded_and_what_was_skipped(app: TrainerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.ready is not None
        assert len(app.ready.content.catalog) == 8
        status = str(app.screen.query_one("#status").render())
        assert status == "8 questions in 1 section, 1 mock exam, 0 interview scenarios"
        problems = str(app.screen.query_one("#problems").render())
        assert problems.startswith("1 file skipped; 1 problem in content")
        # Nothing to resume yet: the footer does not offer it.
        assert not app.screen.check_action("resume", ())
        assert "content/broken.yaml:2:1: YAML:" in problems


async def test_practice_three_questions_of_different_types_by_keys(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        screen = app.screen
        screen.query_one("#section", Select).value = "law"
        await settle(pilot)
        screen.query_one("#count", Input).value = "3"
        await press(pilot, "ctrl+s")
        questions = app.screen
        assert isinstance(questions, QuestionScreen)
        types = []
        for _ in range(3):
            types.append(questions.live.item().type)
            await press(pilot, *right_keys(questions))
            feedback = str(questions.query_one("#feedback").render())
            assert feedback.startswith("Right."), feedback
            await press(pilot, "n")
        assert len(set(types)) == 3
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.report.percent == 100.0
        study = app.study
        assert study is not None
        [session] = study.history()
        answers = study.store.answers(session.id)
        assert [a.score for a in answers] == [1.0, 1.0, 1.0]
        assert session.state == "finished"


async def test_a_wrong_answer_shows_the_right_one_and_takes_a_reason(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        study = app.study
        assert study is not None
        live = study.start_items(["s-single"])
        from trainer.ui import flows

        flows.show(app, live)
        await settle(pilot)
        await press(pilot, "k", "k", "k", "a")
        feedback = str(app.screen.query_one("#feedback").render())
        assert feedback.splitlines()[:3] == [
            "Not right.",
            "You: A. INA 212",
            "Answer: B. INA 235",
        ]
        await press(pilot, "w", "2")
        [answer] = study.store.answers(live.session_id)
        assert (answer.score, answer.confidence, answer.miss_reason) == (0.0, "high", "misread")


async def test_mock_exam_flagged_navigated_and_submitted_by_the_clock(
    app: TrainerApp, clock: ManualClock
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "enter")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert str(screen.query_one("#timer").render()) == "10:00 left"
        await press(pilot, *right_keys(screen))
        await press(pilot, "f", "n", "n")
        assert screen.live.state.position == 2
        await press(pilot, "u")
        assert screen.live.state.position == 1
        navigator = str(screen.query_one("#navigator").render())
        assert navigator == "1F 2. 3."
        progress = str(screen.query_one("#progress").render())
        assert progress == "Part one (1/2) - Q 2/3, 1 answered"
        clock.advance(9 * 60 + 30)
        await screen.tick()
        await settle(pilot)
        timer = screen.query_one("#timer")
        assert str(timer.render()) == "0:30 left"
        assert timer.has_class("warning")
        clock.advance(31)
        await screen.tick()
        await settle(pilot)
        assert type(app.screen).__name__ == "BreakScreen"
        clock.advance(61)
        await screen.tick()
        await settle(pilot)
        assert id(app.screen) == id(screen)
        assert screen.live.state.section == 1
        await press(pilot, *right_keys(screen))
        clock.advance(5 * 60)
        await screen.tick()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        report = app.screen.report
        assert [s.answered for s in report.sections] == [1, 1]
        study = app.study
        assert study is not None
        [row] = study.history()
        assert row.state == "finished"
        assert row.seconds == pytest.approx(10 * 60 + 5 * 60 + 1)


async def test_submitting_asks_first_and_names_what_is_unanswered(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "enter", "s")
        dialog = app.screen
        assert isinstance(dialog, Confirm)
        assert "Unanswered: 3 (questions 1, 2, 3)." in dialog.body
        await press(pilot, "n")
        assert isinstance(app.screen, QuestionScreen)


async def test_leaving_keeps_the_exam_and_home_resumes_it(
    app: TrainerApp, clock: ManualClock
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m", "enter")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        clock.advance(42)
        await press(pilot, *right_keys(screen))
        await press(pilot, "n")
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, HomeScreen)
        next_up = str(app.screen.query_one("#next-up").render())
        assert "Unfinished mock exam" in next_up
        assert app.screen.check_action("resume", ())
        await press(pilot, "r")
        resumed = app.screen
        assert isinstance(resumed, QuestionScreen)
        assert resumed.live.session_id == screen.live.session_id
        assert resumed.live.state.position == 1
        assert list(resumed.live.state.answers) == [screen.live.plan.item_ids[0]]
        assert resumed.live.state.time_left() == pytest.approx(600 - 42)


async def test_opening_a_past_sessions_review_from_history(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        study = app.study
        assert study is not None
        live = study.start_items(["s-single", "s-tf"])
        live.answer("A")
        live.go(1)
        live.answer(True)
        live.submit()
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryScreen)
        await press(pilot, "enter")
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.report.percent == 50.0
        await press(pilot, "o")
        assert results.query_one("#items", DataTable).row_count == 1
        assert "INA 235" in str(results.query_one("#detail").render())


async def test_q_quits(app: TrainerApp) -> None:
    async with app.run_test() as pilot:
        await pilot.press("q")
    assert app.return_code == 0


async def test_the_high_contrast_theme_is_there_and_chosen_from_settings(app: TrainerApp) -> None:
    app.want_theme("trainer-high-contrast")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "trainer-high-contrast"
        assert "trainer-high-contrast" in app.available_themes


async def test_an_interview_played_to_its_end_by_keys_is_stored_and_debriefed(
    write: Write, sealed: Path, clock: ManualClock
) -> None:
    from tests.samples import SCENARIO
    from trainer.ui.screens.scenario import DebriefScreen, ScenarioScreen

    write("content/interview.yaml", SCENARIO)
    app = content_app(sealed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "enter")
        assert isinstance(app.screen, ScenarioScreen)
        await press(pilot, "1", "enter")
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert "outcome: admitted" in str(debrief.query_one("#outcome").render())
        study = app.study
        assert study is not None
        [run] = study.store.scenario_runs(study.profile_id)
        assert (run.scenario_id, run.outcome) == ("sample-interview", "admitted")
        assert run.scores == {"professionalism": (2.0, 2.0)}
        assert run.path == ({"choice": 0}, {"continue": True})
        competencies = [m for m in study.masteries() if m.kind == "competency"]
        assert [m.key for m in competencies] == ["professionalism"]


async def test_the_debrief_shows_the_authors_model_answer_on_the_model_path(
    write: Write, sealed: Path, clock: ManualClock
) -> None:
    from tests.samples import RUBRIC
    from trainer.ui.screens.scenario import DebriefScreen

    model = "I may search your bag under 19 USC 1582; I will open the bag in front of you."
    write(
        "content/interview.yaml",
        RUBRIC.replace(
            "      goto: admitted\n      scores:",
            f"      model_answer: {model}\n      goto: admitted\n      scores:",
        ),
    )
    app = content_app(sealed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "enter", "1", "enter", *"customs law", "enter")
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        shown = str(debrief.query_one("#model").render())
        assert f"In your own words, say: {model}" in shown
        assert "(It covers: Names the law; Says what happens next.)" in shown


async def practising(app: TrainerApp, pilot: Pilot[Any]) -> tuple[Study, StudySession]:
    """A two-question practice open on its question screen."""
    await settle(pilot)
    study = app.study
    assert study is not None
    live = study.start_items(["s-single", "s-tf"])
    app.push_screen(QuestionScreen(live))
    await settle(pilot)
    return study, live


async def test_quitting_during_a_practice_closes_it_as_left(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        study, live = await practising(app, pilot)
        live.answer("A")
        await press(pilot, "q")
    row = study.store.session(live.session_id)
    assert row is not None
    assert row.state == "left"


async def test_an_answer_given_as_the_tab_or_terminal_closes_is_kept(app: TrainerApp) -> None:
    """Closing a served trainer's tab sends the app Textual's ExitApp, not the quit key: a key
    pressed just before it is still answered, and the practice closed as left, as `q` does; a
    second ExitApp (the server stopping too) waits for that as well."""
    from textual import events, messages

    async with app.run_test(size=(100, 40)) as pilot:
        study, live = await practising(app, pilot)
        app.post_message(events.Key("b", "b"))
        app.post_message(messages.ExitApp())
        app.post_message(messages.ExitApp())
        await pilot.pause()
    answers = study.store.answers(live.session_id)
    assert [(a.item_id, a.response) for a in answers] == [("s-single", "B")]
    row = study.store.session(live.session_id)
    assert row is not None
    assert row.state == "left"
