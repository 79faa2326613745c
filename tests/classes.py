"""Simulated classes for the tests of what reads every candidate's answers: forty candidates
sitting a mock with a wrong key and a dead distractor (item analysis, calibration), a short quiz
on a second form, and a class of six on a two-topic mock (the class report)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import EllipsisType
from typing import Any

from tests import factory
from tests.factory import START
from trainer.content import loader
from trainer.content.catalog import Catalog
from trainer.engine.clock import ManualClock
from trainer.engine.scoring import Response
from trainer.store.sqlite import SqliteStore
from trainer.study import Study, StudySession

Respond = Callable[[str], Response | EllipsisType]


def sit(live: StudySession, respond: Respond, *, submit: bool = True) -> None:
    """Answer every question of a mock exam in order with `respond` (skipping where it gives
    Ellipsis), section after section; submit at the end unless told to leave it open."""
    while not live.state.finished:
        if live.state.on_break:
            live.end_break()
            continue
        section = live.plan.sections[live.state.section]
        for position, planned in enumerate(section.items):
            live.go(position, save=False)
            response = respond(planned.id)
            if response is not Ellipsis:
                live.answer(response)
        if not submit and live.state.section == len(live.plan.sections) - 1:
            live.checkpoint()
            return
        live.end_section()


# A simulated class: 40 candidates of abilities spread from -2 to 2 sit one fixed form of eight
# questions. c-03 is keyed A in the bank while C is right, so the candidates who know choose C
# and lose the mark; on c-06 nobody ever chooses D.
CLASS_BANK = """
bank: class-law
title: A class's bank
section: law
topic: admission
questions:
""" + "".join(
    f"""
  - id: c-0{n}
    type: single
    prompt: Question {n}?
    options: [one, two, three, four]
    answer: {"A" if n == 3 else "B"}
    explanation: It is so. The rest are not.
    difficulty: 3
"""
    for n in range(1, 9)
)
CLASS_EXAM = """
blueprint: class-mock
title: Class mock
modelled_on: Nothing real
pass_mark: 60
shuffle_options: true
sections:
  - id: all
    title: All of it
    minutes: 30
    draw:
      - {section: law, count: 8}
"""
TRUTH = {f"c-0{n}": "C" if n == 3 else "B" for n in range(1, 9)}
DIFFICULTY = dict(zip(TRUTH, (-0.8, -0.4, 0.0, 0.4, -0.2, 0.2, 0.6, 0.0), strict=True))
NEVER = {"c-06": "D"}


def simulate(cat: Catalog, store: SqliteStore, clock: ManualClock, size: int = 40) -> None:
    """Each candidate knows a question when their ability, with a little luck, passes its
    difficulty; one who does not know picks a wrong option, in turn from candidate to candidate."""
    luck = random.Random(16)
    for c in range(size):
        ability = -2 + 4 * c / (size - 1)
        person = Study(cat, store, clock, random.Random(c), profile=f"candidate-{c:02d}")

        def respond(qid: str, c: int = c, ability: float = ability) -> Response:
            if ability + luck.gauss(0, 0.4) > DIFFICULTY[qid]:
                return TRUTH[qid]
            wrong = [x for x in "ABCD" if x != TRUTH[qid] and x != NEVER.get(qid)]
            return wrong[(c + int(qid[-1])) % len(wrong)]

        sit(person.start_exam("class-mock"), respond)
        clock.advance(600)


def load_catalog(folder: Path) -> Catalog:
    result = loader.load([folder])
    assert not result.problems
    return result.catalog


CLASS_QUIZ = """
blueprint: class-short
title: Class quiz
modelled_on: Nothing real
pass_mark: 50
sections:
  - id: all
    title: All of it
    draw:
      - {section: law, count: 4}
"""


def class_history(folder: Path, home: Path, quizzes: int = 3) -> None:
    """The simulated class's first sittings of the mock, and three of one form of the quiz."""
    cat = load_catalog(folder)
    store = SqliteStore(home / "history.sqlite3")
    clock = ManualClock(START)
    simulate(cat, store, clock)
    for c in range(quizzes):
        person = Study(cat, store, clock, random.Random(c), profile=f"candidate-{c:02d}")
        sit(person.start_exam("class-short", form=1), TRUTH.__getitem__)
    store.close()


def topic_bank(topic: str, truth: str) -> str:
    return f"""
bank: class-{topic}
title: The class's {topic} questions
section: law
topic: {topic}
questions:
""" + "".join(
        f"""
  - id: {topic}-{n}
    type: single
    prompt: "{topic.title()} question {n}?"
    options: [one, two, three, four]
    answer: {truth}
    explanation: It is so. The rest are not.
    difficulty: 3
"""
        for n in range(1, 6)
    )


CLASS_MOCK = """
blueprint: class-mock
title: Class mock
modelled_on: Nothing real
pass_mark: 60
sections:
  - id: all
    title: All of it
    minutes: 30
    draw:
      - {section: law, topic: admission, count: 5}
      - {section: law, topic: vwp, count: 5}
"""

NAMES = ("ana", "ben", "cy", "dee", "eli", "fay")
"""The class, strongest first: ana gets most right, fay fewest; vwp is the harder topic."""


def accuracy(n: int) -> Any:
    def chance(item: Any) -> float:
        base = 0.95 - 0.12 * n
        return base - 0.3 if item.topic == "vwp" else base

    return chance


def cohort_history(home: Path) -> ManualClock:
    """Each candidate of the class sits the mock on days of their own, ana and ben four times
    (enough for readiness), the others twice; ana, ben and cy set a goal of it. Returns the
    clock, on the morning after."""
    content = loader.load([Path("content")])
    assert not content.problems, content.problems
    clock = ManualClock(START)
    store = SqliteStore(home / "history.sqlite3")
    for n, name in enumerate(NAMES):
        study = Study(content.catalog, store, clock, random.Random(n), profile=name)
        for _ in range(4 if n < 2 else 2):
            factory.sit(study.start_exam("class-mock"), random.Random(n), accuracy(n))
            clock.advance(86_400)
        if n < 3:
            study.coach.set_goal(START.date() + timedelta(days=40), "class-mock", 30)
    store.close()
    return clock
