"""The question screen's parts: the bar, the navigator and the feedback panel, each drawn from
the values the screen gives it; and its layout, wide or narrow by the terminal's width."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.conftest import Write
from tests.pilot import EXAM, content_app, press, right_keys, settle
from tests.samples import BANK
from trainer.ui import flows
from trainer.ui.app import TrainerApp
from trainer.ui.screens.question import QuestionScreen
from trainer.ui.widgets.feedback import FeedbackPanel
from trainer.ui.widgets.navigator import ANSWERED, FLAGGED, OPEN, Navigator
from trainer.ui.widgets.progress import Countdown, Place, QuestionBar
from trainer.ui.widgets.prompt import Prompt
from trainer.ui.widgets.responses import MultiList


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", EXAM)
    return content_app(sealed)


def text(screen: QuestionScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def exam(app: TrainerApp, pilot: Any) -> QuestionScreen:
    await settle(pilot)
    await press(pilot, "m", "enter")
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


async def practice(app: TrainerApp, pilot: Any, *ids: str) -> QuestionScreen:
    """A practice of these questions, open on the first."""
    await settle(pilot)
    assert app.study is not None
    flows.show(app, app.study.start_items(list(ids)))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


async def test_the_bar_counts_an_answer_in_an_exam(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await exam(app, pilot)
        assert text(screen, "#progress") == "Part one (1/2) - Q 1/3, 0 answered"
        await press(pilot, *right_keys(screen))
        assert text(screen, "#progress") == "Part one (1/2) - Q 1/3, 1 answered"
        await press(pilot, "k")
        assert text(screen, "#progress").endswith("1 answered - sure: low")


async def test_the_navigator_marks_a_flag_and_follows_the_question(app: TrainerApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await exam(app, pilot)
        navigator = screen.query_one("#navigator", Navigator)
        await press(pilot, "n", "f")
        assert text(screen, "#navigator") == "1. 2F 3."
        assert (navigator.marks, navigator.position) == ((OPEN, FLAGGED, OPEN), 1)
        await press(pilot, "f")
        assert text(screen, "#navigator") == "1. 2. 3."


async def test_the_navigator_reverses_the_current_question_and_stresses_the_marked() -> None:
    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Navigator()

    async with One().run_test() as pilot:
        navigator = pilot.app.query_one(Navigator)
        navigator.marks = (ANSWERED, OPEN, FLAGGED)
        navigator.position = 1
        await pilot.pause()
        drawn = navigator.render()
        styles = {drawn.plain[s.start : s.end]: str(s.style) for s in drawn.spans}
        assert styles == {"1*": "bold", "2.": "reverse", "3F": "bold"}


async def test_practice_shows_the_explanation_once_answered_and_hides_it_on_the_next(
    app: TrainerApp,
) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await practice(app, pilot, "s-single", "s-multiple")
        feedback = screen.query_one("#feedback", FeedbackPanel)
        assert not feedback.display
        await press(pilot, *right_keys(screen))
        assert feedback.display
        lines = text(screen, "#feedback").splitlines()
        assert lines[0] == "Right."
        assert "INA 235 covers inspection. The others cover other things." in lines
        assert "See: INA 235" in lines
        await press(pilot, "n")
        assert feedback.verdict is None
        assert not feedback.display
        # Back on the answered question, its verdict is shown again.
        await press(pilot, "p")
        assert text(screen, "#feedback").startswith("Right.")


async def test_the_bar_redraws_a_part_only_when_its_value_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Bar(App[None]):
        def compose(self) -> ComposeResult:
            yield QuestionBar()

    updates: list[str | None] = []
    update = Static.update

    def counted(self: Static, content: Any = "", *, layout: bool = True) -> None:
        updates.append(self.id)
        update(self, content, layout=layout)

    async with Bar().run_test() as pilot:
        bar = pilot.app.query_one(QuestionBar)
        monkeypatch.setattr(Static, "update", counted)
        bar.place = Place(0, 3)
        bar.countdown = Countdown(600, 600)
        bar.behind = 0
        bar.place = Place(0, 3)
        bar.countdown = Countdown(600, 600)
        bar.behind = 0
        assert updates == ["progress", "timer", "pace"]
        bar.countdown = Countdown(59, 600)
        await pilot.pause()
        assert updates[-1] == "timer"
        assert str(bar.query_one("#timer").render()) == "0:59 left"
        assert bar.query_one("#timer").has_class("warning")


async def test_a_prompt_shared_by_the_next_question_is_not_redrawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Prompt()

    updates: list[object] = []
    update = Static.update

    def counted(self: Static, content: Any = "", *, layout: bool = True) -> None:
        updates.append(content)
        update(self, content, layout=layout)

    async with One().run_test() as pilot:
        prompt = pilot.app.query_one(Prompt)
        monkeypatch.setattr(Static, "update", counted)
        prompt.text = "Which follows? [b]not bold[/b]"
        prompt.text = "Which follows? [b]not bold[/b]"
        await pilot.pause()
        assert len(updates) == 1
        assert str(prompt.render()) == "Which follows? [b]not bold[/b]"


@pytest.mark.parametrize(("width", "side_by_side"), [(80, False), (160, True)])
async def test_the_exhibit_sits_beside_the_question_only_on_a_wide_terminal(
    app: TrainerApp, width: int, side_by_side: bool
) -> None:
    async with app.run_test(size=(width, 40)) as pilot:
        screen = await exam(app, pilot)
        assert screen.has_class("-wide") is side_by_side
        assert screen.has_class("-narrow") is not side_by_side
        layout = screen.query_one("#qa").styles.layout
        assert layout is not None
        assert layout.name == ("horizontal" if side_by_side else "vertical")
        await pilot.resize_terminal(200 - width, 40)
        await settle(pilot)
        assert screen.has_class("-wide") is not side_by_side


async def to_multiple(app: TrainerApp, pilot: Any, screen: QuestionScreen) -> MultiList:
    """Move on until the question shown is a select-all-that-apply one; its option list."""
    for _ in range(len(screen.live.state.items)):
        widget = screen.query_one("#response")
        if isinstance(widget, MultiList):
            return widget
        await press(pilot, "n")
    raise AssertionError("no multiple-answer question in the section")


async def test_options_ticked_in_an_exam_are_the_answer_once_the_candidate_moves_on(
    app: TrainerApp,
) -> None:
    """Ticking options and pressing n, not Enter, once lost the ticks: on paper a tick is the
    answer, so moving on (or quitting) keeps them."""
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await exam(app, pilot)
        ticks = await to_multiple(app, pilot, screen)
        item = screen.live.state.current
        assert item is not None
        expected = tuple(sorted(ticks.values[:2]))
        await press(pilot, "a", "b")
        assert item.id not in screen.live.state.answers
        await press(pilot, "n")
        assert screen.live.state.answers[item.id].response == expected
        study = app.study
        assert study is not None
        stored = study.store.answers(screen.live.session_id)
        assert [(a.item_id, a.response) for a in stored] == [(item.id, expected)]
        await press(pilot, "p", "c", "q")
    stored = study.store.answers(screen.live.session_id)
    assert [a.response for a in stored if a.item_id == item.id] == [
        tuple(sorted([*ticks.values[:3]]))
    ]


async def test_in_practice_ticks_wait_for_enter(app: TrainerApp) -> None:
    """Practice answers with feedback, so ticks left without Enter are not sent on n."""
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await practice(app, pilot, "s-multiple", "s-single")
        assert app.study is not None
        await press(pilot, "a", "n")
        assert app.study.store.answers(screen.live.session_id) == []


async def test_what_waits_in_each_kind_of_response_list(app: TrainerApp) -> None:
    """An order never moved, a row left empty or text answered already is not waiting; a moved
    order, every row filled and new text are."""
    from trainer.content.models import Match, Numeric, Order
    from trainer.ui.widgets.responses import AssignList, OrderList, TypedAnswer, pending

    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.study is not None
        items = [app.study.catalog.get(i) for i in ("s-order", "s-match", "s-numeric")]
        question = {item.id: item.question for item in items if item is not None}
        order = OrderList(cast(Order, question["s-order"]))
        await app.screen.mount(order)
        assert pending(order) is None
        order.highlighted = 0
        order.action_move(1)
        assert pending(order) == ("B", "A", *order.start[2:])
        await order.remove()
        match = AssignList(cast(Match, question["s-match"]))
        await app.screen.mount(match)
        for _ in match.rows[:-1]:
            match.action_pick(0)
        assert pending(match) is None
        match.action_pick(0)
        assert pending(match) == tuple("A" for _ in match.rows)
        await match.remove()
        typed = TypedAnswer(cast(Numeric, question["s-numeric"]), current=90.0)
        await app.screen.mount(typed)
        assert pending(typed) is None
        typed.value = " 180 "
        assert pending(typed) == "180"
        typed.value = "90"
        assert pending(typed) is None
