"""What the app's Pilot and snapshot tests share: the app on a `content` folder with a fixed seed
and a manual clock, a two-part mock over the sample bank, letting the app settle after each key,
the keys that answer a question right, and the two terminal sizes every screen is seen at."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.factory import START
from trainer import config
from trainer.content.models import (
    LETTERS,
    Match,
    Multiple,
    Numeric,
    Order,
    Rate,
    Single,
    TextAnswer,
    TrueFalse,
)
from trainer.engine.clock import ManualClock
from trainer.ui.app import TrainerApp, create_app
from trainer.ui.screens.question import QuestionScreen

EXAM = """
blueprint: two-part
title: Two-part mock
modelled_on: Nothing real
pass_mark: 60
sections:
  - id: one
    title: Part one
    minutes: 10
    break_after: 1
    draw:
      - {section: law, topic: admission, count: 3, types: [single, multiple, order]}
  - id: two
    title: Part two
    minutes: 5
    draw:
      - {section: law, count: 2, types: [true_false, numeric]}
"""


def content_app(
    sealed: Path, clock: ManualClock | None = None, tick_seconds: float | None = None
) -> TrainerApp:
    """The app on the `content` folder written below `sealed`, with a fixed seed and a manual
    clock; its own ticking clock is off unless `tick_seconds` says how often it ticks."""
    locations = config.Locations(
        home=sealed / "home", content=(Path("content").absolute(),), user_content=()
    )
    return create_app(
        locations,
        clock=clock or ManualClock(START),
        rng=random.Random(7),
        tick_seconds=tick_seconds,
    )


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def right_keys(screen: QuestionScreen) -> list[str]:
    """The keys that answer the current question correctly."""
    item = screen.live.item()
    q = item.question
    current = screen.live.state.current
    assert current is not None
    order = list(current.order) or list(range(len(getattr(q, "options", ()))))
    match q:
        case Single(answer=answer):
            return [LETTERS[order.index(LETTERS.index(answer))].lower()]
        case Multiple(answer=answer):
            return [LETTERS[order.index(LETTERS.index(a))].lower() for a in answer] + ["enter"]
        case TextAnswer(answer=answer):
            return [*answer[0], "enter"]
        case Order(answer=answer):
            keys: list[str] = []
            sequence = list(order)
            for target, letter in enumerate(answer):
                at = sequence.index(LETTERS.index(letter))
                keys += ["home"] + ["down"] * at + ["left_square_bracket"] * (at - target)
                sequence.insert(target, sequence.pop(at))
            return [*keys, "enter"]
        case TrueFalse(answer=answer):
            return ["a" if answer else "b"]
        case Numeric(answer=answer):
            return [*f"{answer:g}", "enter"]
        case Match(answer=answer) | Rate(answer=answer):
            digits = [str(a) if isinstance(a, int) else a.lower() for a in answer]
            return ["home", *digits, "enter"]
    raise AssertionError(f"no keys for {type(q).__name__}")


SIZES = [(80, 24), (160, 48)]
"""The two terminals every screen is looked at in: the smallest supported, and a large one."""


def trainer(pilot: Pilot[Any]) -> TrainerApp:
    app = pilot.app
    assert isinstance(app, TrainerApp)
    return app


async def keys(pilot: Pilot[Any], *names: str) -> None:
    """Press the keys one by one, each left to settle; then close any toast. A toast lasts a
    few seconds, so whether it is still up would depend on how fast the machine ran the steps."""
    await settle(pilot)
    for name in names:
        await pilot.press(name)
        await settle(pilot)
    pilot.app.clear_notifications()
    await settle(pilot)
