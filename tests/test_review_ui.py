"""Reviewing a finished session: answers read as they were seen, and edits since are flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.conftest import Write
from tests.pilot import content_app, settle
from tests.samples import BANK
from trainer.content.models import LETTERS, Single
from trainer.engine.report import SectionResult
from trainer.ui.app import TrainerApp
from trainer.ui.screens.results import ResultsScreen, section_pace

SHUFFLED = """
blueprint: shuffled
title: Shuffled options
modelled_on: Nothing real
pass_mark: 50
shuffle_options: true
sections:
  - id: one
    title: One
    draw:
      - {section: law, topic: admission, count: 1, types: [single]}
"""


def detail_of(app: TrainerApp) -> str:
    screen = app.screen
    assert isinstance(screen, ResultsScreen)
    return str(screen.query_one("#detail").render())


async def sit_and_review(app: TrainerApp) -> tuple[str, str, str]:
    """Sit a one-question exam whose options are shuffled, answering the right option; returns
    the session, the letter it was shown under, and its text."""
    study = app.study
    assert study is not None
    for form in range(1, 60):
        live = study.start_exam("shuffled", form=form)
        [planned] = live.plan.sections[0].items
        if planned.order and list(planned.order) != sorted(planned.order):
            break
    question = live.item(planned.id).question
    assert isinstance(question, Single)
    right = LETTERS.index(question.answer)
    shown = LETTERS[list(planned.order).index(right)]
    live.answer(question.answer)
    report = live.submit()
    app.push_screen(ResultsScreen(report, live.session_id))
    return live.session_id, shown, question.options[right]


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", SHUFFLED)
    return content_app(sealed)


async def test_the_review_shows_each_answer_under_the_letter_it_had(app: TrainerApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, letter, text = await sit_and_review(app)
        await settle(pilot)
        shown = detail_of(app)
        assert f"You: {letter}. {text}" in shown
        assert f"Answer: {letter}. {text}" in shown
        assert "Edited" not in shown


async def test_a_question_edited_since_it_was_answered_says_so(
    app: TrainerApp, write: Write, sealed: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session_id, _, _ = await sit_and_review(app)
        await settle(pilot)

    # The instructor reorders the options: the letters answered no longer mean the same.
    write(
        "content/law.yaml",
        BANK.replace(
            '["INA 212", "INA 235", "INA 237", "INA 240"]',
            '["INA 235", "INA 212", "INA 237", "INA 240"]',
        ).replace(
            "    answer: B\n    explanation: INA 235", "    answer: A\n    explanation: INA 235"
        ),
    )
    again = content_app(sealed)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        study = again.study
        assert study is not None
        row = study.store.session(session_id)
        assert row is not None
        assert row.report is not None
        from trainer.engine.report import Report

        again.push_screen(ResultsScreen(Report.decode(row.report), session_id))
        await settle(pilot)
        table = again.screen.query_one("#items", DataTable)
        assert table.row_count == 1
        shown = detail_of(again)
        assert "Edited since you answered it" in shown
        assert "You: B" in shown  # the original letter answered, as given
        assert "Answer: A. INA 235" in shown


def _section(seconds: float, answered: int, pace: float | None) -> SectionResult:
    return SectionResult(
        id="law", title="Law", percent=50.0, answered=answered, items=12, seconds=seconds,
        allowed=900.0 if pace else None, pace=pace, passed=None,
    )  # fmt: skip


def test_the_pace_column_gives_the_candidates_own_pace_beside_the_allowed_one() -> None:
    """58 s over 12 answers is 5 s a question against the 75 s an even pace through 15 minutes
    allows: the column once showed only the 75, which read as the candidate's own pace."""
    assert section_pace(_section(58.0, 12, 75.0)) == "5 s/item (75 allowed)"
    assert section_pace(_section(0.0, 0, 156.0)) == "- (156 allowed)"
    assert section_pace(_section(120.0, 4, None)) == "30 s/item"
    assert section_pace(_section(0.0, 0, None)) == "-"
