"""Other projects' GIFT test files (tests/corpora/README.md) read by our GIFT reader.

gift-peg pairs each input with the parse gift-pegjs expects; our reader states the same questions
as `QuizItem`s, so each is turned into their JSON shape and compared: type, title, stem, answers,
weights and feedback. The error cases of gift-parser-ide must each give a located error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trainer.importers import gift
from trainer.importers.base import Report
from trainer.importers.quiz import Choice, Number, QuizItem, Rich

CORPORA = Path(__file__).parent / "corpora"
PEG = sorted((CORPORA / "gift-peg").glob("*.gift"))
ERRORS = sorted((CORPORA / "gift-parser-ide" / "error").glob("*.gift"))
SAMPLES = sorted((CORPORA / "pygiftparser" / "docs").glob("*.gift"))

# Cases where gift-pegjs and we read a file differently on purpose, with the reason.
PEG_DIFFERS: dict[str, str] = {}
ERRORS_DIFFER = {
    "unescapedCharacters2": "Moodle reads '=' in the question text (before the braces) as text, "
    "and so do we; gift-pegjs asks for \\=",
    "unescapedLink": "Moodle reads ':' as text everywhere but in a ::title::, and so do we; "
    "gift-pegjs asks for \\: (the <img> answers are reported when imported, not when read)",
}
# Where we point at the same fault from another place, the line we give and why.
OUR_LINE = {
    "addedLineBreak": (1, "we point at the '{' left open, they at the line break after it"),
    "missingAnswer": (2, "we point at the text with no '=' or '~', they at the '~' after it"),
    "unescapedCharacters": (
        6,
        "we stop at the first fault in a question as we scan for its '}': the '{' on line 6; "
        "they also list the '#' on line 5",
    ),
}


def _rich(rich: Rich | None) -> dict[str, str] | None:
    return None if rich is None else {"format": rich.format, "text": rich.text}


def _number(number: Number) -> dict[str, Any]:
    if number.kind == "high-low":
        return {"type": "high-low", "numberHigh": number.range, "numberLow": number.number}
    if number.kind == "range":
        return {"type": "range", "number": number.number, "range": number.range}
    return {"type": "simple", "number": number.number}


def _choice(choice: Choice, numerical: bool) -> dict[str, Any]:
    if numerical:
        text: Any = _number(choice.number) if choice.number else _rich(choice.text)
    else:
        text = _rich(choice.text)
    return {
        "isCorrect": choice.correct,
        "weight": choice.weight,
        "text": text,
        "feedback": _rich(choice.feedback),
    }


def ours(item: QuizItem) -> dict[str, Any]:
    """Our reading of a question in gift-pegjs's JSON shape."""
    if item.kind == "Category":
        return {"type": "Category", "title": item.category}
    shape: dict[str, Any] = {
        "type": item.kind,
        "id": item.id,
        "tags": list(item.tags) or None,
        "title": item.title,
        "stem": _rich(item.stem),
        "hasEmbeddedAnswers": item.embedded,
    }
    if item.kind == "Description":
        return shape
    shape["globalFeedback"] = _rich(item.global_feedback)
    if item.kind == "TF":
        shape |= {
            "isTrue": item.is_true,
            "trueFeedback": _rich(item.wrong_feedback),
            "falseFeedback": _rich(item.right_feedback),
        }
    elif item.kind in ("MC", "Short", "Numerical"):
        shape["choices"] = [_choice(c, item.kind == "Numerical") for c in item.choices]
    elif item.kind == "Matching":
        shape["matchPairs"] = [
            {"subquestion": _rich(p.item), "subanswer": p.option} for p in item.pairs
        ]
    return shape


def theirs(question: dict[str, Any]) -> dict[str, Any]:
    """Their JSON with a lone numerical answer written as a list of one, as we state it."""
    choices = question.get("choices")
    if question["type"] == "Numerical" and isinstance(choices, dict):
        lone = {"isCorrect": True, "weight": None, "text": choices, "feedback": None}
        question = {**question, "choices": [lone]}
    return question


def _read(path: Path) -> tuple[list[QuizItem], Report]:
    report = Report(path.name)
    return gift.read(path.read_text(encoding="utf-8"), report), report


def _marked(paths: list[Path], differs: dict[str, str]) -> list[Any]:
    return [
        pytest.param(
            path,
            id=path.stem,
            marks=[pytest.mark.xfail(reason=differs[path.stem], strict=True)]
            if path.stem in differs
            else [],
        )
        for path in paths
    ]


def test_the_corpora_are_there() -> None:
    assert len(PEG) == 51
    assert len(ERRORS) == 10
    assert len(SAMPLES) == 11


@pytest.mark.parametrize("path", _marked(PEG, PEG_DIFFERS))
def test_each_gift_peg_case_reads_as_gift_pegjs_expects(path: Path) -> None:
    items, report = _read(path)
    expected = [theirs(q) for q in json.loads(path.with_suffix(".json").read_text("utf-8"))]
    assert [str(p) for p in report.problems] == []
    assert [ours(item) for item in items] == expected


@pytest.mark.parametrize("path", _marked(ERRORS, ERRORS_DIFFER))
def test_each_error_case_gives_an_error_at_their_first_line(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text("utf-8"))
    _, report = _read(path)
    errors = [p for p in report.problems if p.is_error]
    if not expected:
        assert errors == []
        return
    assert errors, "no error reported"
    assert all(p.line > 0 and p.col > 0 for p in errors)
    line = OUR_LINE.get(path.stem, (expected[0]["location"]["start"]["line"], ""))[0]
    assert errors[0].line == line


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_each_pygiftparser_sample_reads_without_errors(path: Path) -> None:
    items, report = _read(path)
    assert [str(p) for p in report.problems if p.is_error] == []
    assert items
