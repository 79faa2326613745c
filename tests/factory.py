"""Catalogs, clocks and studies built in memory for engine and store tests."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from trainer.content.catalog import Catalog, Item
from trainer.content.models import Blueprint, BlueprintSection, Draw, Single, TrueFalse
from trainer.engine.clock import ManualClock
from trainer.store.sqlite import SqliteStore
from trainer.study import Study

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


def study(home: Path, cat: Catalog | None = None, *, seed: int = 1) -> tuple[Study, ManualClock]:
    clock = ManualClock(START)
    store = SqliteStore(home / "history.sqlite3")
    chosen = cat if cat is not None else catalog()
    return Study(chosen, store, clock, random.Random(seed)), clock
