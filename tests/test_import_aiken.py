"""Aiken into our schema: single-answer questions, and each way an item can be broken."""

from __future__ import annotations

import pytest

from trainer.content.models import Single
from trainer.importers import aiken

GOOD = """\
Under INA 217(a)(1), how long may a Visa Waiver visitor be admitted for at most?
A. 30 days
B) 90 days
C. 180 days
ANSWER: B

Which form does a traveler sign to withdraw an application for admission?
It is recorded under INA 235(a)(4).
A. Form I-275
B. Form I-94
ANSWER: A
"""


def test_each_item_becomes_a_single_answer_question() -> None:
    imported = aiken.load(GOOD, "quiz.txt")
    first, second = (d.question for d in imported.drafts)
    assert isinstance(first, Single)
    assert isinstance(second, Single)
    assert first.options == ("30 days", "90 days", "180 days")
    assert (first.answer, second.answer) == ("B", "A")
    assert second.prompt.endswith("for admission?\nIt is recorded under INA 235(a)(4).")
    assert [d.line for d in imported.drafts] == [1, 7]
    # Aiken holds no explanation: one warning says so for the file.
    assert [str(p) for p in imported.problems] == [
        "quiz.txt:1:1: warning: 2 questions came with no feedback to explain the answer; "
        "each explanation says so until you write one"
    ]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("Q?\nA. a\nB. b\n", "1:1: this question has no ANSWER: line after its options"),
        ("Q?\nA. a\nB. b\nANSWER: D\n", "4:1: the answer 'D' is not one of the options A-B"),
        ("Q?\nA. a\nC. c\nANSWER: A\n", "3:1: option C where B was expected"),
        ("Q?\nANSWER: A\n", "2:1: ANSWER: before any option"),
        ("A. a\nB. b\nANSWER: A\n", "1:1: an option with no question text before it"),
        ("Q?\nA. a\nANSWER: A\n", "1:1: cannot be imported: options: expected a list of length"),
    ],
)
def test_a_broken_item_is_refused_at_its_line_and_the_rest_import(item: str, message: str) -> None:
    text = f"First?\nA. yes\nB. no\nANSWER: A\n\n{item}\nLast?\nA. yes\nB. no\nANSWER: B\n"
    imported = aiken.load(text, "quiz.txt")
    errors = [str(p) for p in imported.problems if p.is_error]
    line, rest = message.split(":", 1)  # counted from the item's first line, the file's sixth
    assert errors
    assert errors[0].startswith(f"quiz.txt:{int(line) + 5}:{rest}"), errors
    assert [d.question.prompt for d in imported.drafts] == ["First?", "Last?"]
    assert imported.refused == 1


def test_a_file_that_ends_inside_an_item_is_refused_there() -> None:
    imported = aiken.load("Q?\nA. a\nB. b\n\nDangling question\n", "quiz.txt")
    assert [str(p) for p in imported.problems if p.is_error] == [
        "quiz.txt:1:1: this question has no ANSWER: line after its options",
        "quiz.txt:5:1: this question has no options and no ANSWER: line",
    ]
