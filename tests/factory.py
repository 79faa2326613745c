"""Catalogs, clocks and studies built in memory for engine and store tests."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from trainer.content.catalog import Catalog, Item
from trainer.content.models import (
    Adaptive,
    Blueprint,
    BlueprintSection,
    Draw,
    Match,
    Multiple,
    Numeric,
    Order,
    Question,
    Rate,
    Single,
    TextAnswer,
    TrueFalse,
)
from trainer.engine.clock import ManualClock
from trainer.engine.scoring import Response
from trainer.store import opening
from trainer.store.sqlite import SqliteStore
from trainer.study import Study, StudySession

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOPICS = (("law", "admission"), ("law", "vwp"), ("reasoning", "logic"), ("writing", "grammar"))


def question(qid: str, difficulty: int = 3) -> Single:
    """A four-option question whose answer is always B."""
    return Single(
        id=qid,
        prompt=f"Question {qid}?",
        explanation="B is right. The others are not.",
        difficulty=difficulty,
        options=("a", "b", "c", "d"),
        answer="B",
        tags=("tag-" + qid.split("-")[0],),
    )


def catalog(per_topic: int = 12) -> Catalog:
    """Items in four topics (ids like `admission-03`), plus one true/false item, and blueprints."""
    items = [
        Item(question(f"{topic}-{n:02d}", 1 + n % 5), section, topic, section, "memory", n)
        for section, topic in TOPICS
        for n in range(per_topic)
    ]
    truth = TrueFalse(
        id="tf-01", prompt="True?", explanation="Yes. Yes.", difficulty=1, answer=True
    )
    items.append(Item(truth, "law", "admission", "law", "memory", 99))
    exam = Blueprint(
        blueprint="two-part",
        title="Two-part exam",
        modelled_on="Nothing real",
        pass_mark=70,
        sections=(
            BlueprintSection(
                id="one",
                title="Part one",
                draw=(Draw(section="law", count=4),),
                minutes=10,
                break_after=2,
            ),
            BlueprintSection(
                id="two",
                title="Part two",
                draw=(Draw(section="reasoning", count=3),),
                minutes=5,
                revisit=False,
            ),
        ),
    )
    return Catalog(tuple(items), {"two-part": exam}, {})


def adaptive_catalog(per_topic: int = 30, *, max_items: int = 12, minutes: float = 20) -> Catalog:
    """`catalog(per_topic)` with an exam whose first section is adaptive over the law topics
    (admission twice as often as vwp) and whose second is a fixed reasoning section."""
    base = catalog(per_topic)
    exam = Blueprint(
        blueprint="adaptive",
        title="Adaptive exam",
        modelled_on="Nothing real",
        pass_mark=60,
        sections=(
            BlueprintSection(
                id="law",
                title="Law (adaptive)",
                draw=(
                    Draw(section="law", topic="admission", count=2),
                    Draw(section="law", topic="vwp", count=1),
                ),
                minutes=minutes,
                adaptive=Adaptive(max_items=max_items, min_items=5, se=0.3),
            ),
            BlueprintSection(
                id="logic",
                title="Logic",
                draw=(Draw(section="reasoning", count=3),),
                minutes=5,
            ),
        ),
    )
    return Catalog(base.items, {**base.blueprints, "adaptive": exam}, {})


def study(
    home: Path, cat: Catalog | None = None, *, seed: int = 1, history: str | None = None
) -> tuple[Study, ManualClock]:
    """A study over the factory's catalog on a manual clock, its history in `home` (or the one
    `history` names: a `sqlite:` path or a PostgreSQL URL)."""
    clock = ManualClock(START)
    store = (
        SqliteStore(home / "history.sqlite3")
        if history is None
        else opening.open_history(history, START)[0]
    )
    chosen = cat if cat is not None else catalog()
    return Study(chosen, store, clock, random.Random(seed)), clock


def right_response(q: Question) -> Response:
    """The response that scores full marks on `q`."""
    match q:
        case TextAnswer(answer=answer):
            return answer[0]
        case Single(answer=a) | TrueFalse(answer=a) | Numeric(answer=a):
            return a
        case Multiple(answer=t) | Order(answer=t) | Match(answer=t) | Rate(answer=t):
            return t
    raise AssertionError(f"no right response for {type(q).__name__}")


def sit(
    live: StudySession,
    rng: random.Random,
    accuracy: float | Callable[[Item], float],
    seconds: float = 40.0,
) -> None:
    """Answer every item of `live`, each right with chance `accuracy` (or `accuracy(item)`),
    then submit it."""
    clock = live.study.clock
    assert isinstance(clock, ManualClock)
    while not live.state.finished:
        if live.state.on_break:
            live.end_break()
            continue
        while (current := live.state.current) is not None and current.id not in live.state.answers:
            clock.advance(seconds)
            item = live.item()
            chance = accuracy(item) if callable(accuracy) else accuracy
            live.answer(right_response(item.question) if rng.random() < chance else None)
            following = live.state.next_unanswered()
            if following is None:
                break
            live.go(following, save=False)
        live.end_section()
    live.submit()


def fill_history(study: Study, blueprint: str, weeks: int = 10, seed: int = 3) -> None:
    """Weeks of study on `study`'s manual clock: practice on most days, growing accuracy, a mock
    exam every ten days; the clock ends on the morning after the last day."""
    clock = study.clock
    assert isinstance(clock, ManualClock)
    rng = random.Random(seed)
    days = 7 * weeks
    for day in range(days):
        accuracy = 0.35 + 0.5 * day / days
        if rng.random() < 0.7:
            for _ in range(rng.choice((1, 1, 2, 4, 8))):
                sit(study.start_practice(rng.randint(3, 8)), rng, accuracy)
        if day % 10 == 9:
            sit(study.start_exam(blueprint), rng, accuracy)
        clock.advance(86_400 - (clock.now() - START).total_seconds() % 86_400)
