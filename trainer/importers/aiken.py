"""Aiken, the simplest quiz format: single-answer questions, each closed by its `ANSWER:` line.

    Which form records an arrival? (INA 235; 8 CFR 235.1)
    A. Form I-94
    B. Form I-130
    ANSWER: A

The question's text is every line before its first option (Moodle takes one line; several are
joined here with line breaks); options are `A.` or `A)` then a space; blank lines are ignored.
Aiken holds no explanation, so each imported question says it came without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from trainer.content.models import LETTERS, Bank, Single
from trainer.importers.base import Imported, Report
from trainer.importers.quiz import Choice, QuizItem, Rich, to_drafts

LABEL: Final = "Aiken"
_OPTION = re.compile(r"([A-Z])[.)][ \t]+(\S.*)")
_ANSWER = re.compile(r"ANSWER:[ \t]*(\S*)[ \t]*")


@dataclass
class _Open:
    """The question being read: where it started, its text lines and its options."""

    line: int
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)
    bad: bool = False


def read(text: str, report: Report) -> list[QuizItem]:
    """Every question of an Aiken file; one without its `ANSWER:` line is refused at its start."""
    items: list[QuizItem] = []
    current: _Open | None = None

    def refuse(line: int, col: int, message: str) -> None:
        assert current is not None
        report.error(line, col, message, at=(current.line, 1))
        current.bad = True

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        indent = len(raw) - len(raw.lstrip()) + 1
        if not line:
            continue
        option = _OPTION.fullmatch(line)
        answer = _ANSWER.fullmatch(line)
        if current is not None and current.options and not option and not answer:
            if not current.bad:
                refuse(current.line, 1, "this question has no ANSWER: line after its options")
            current = None
        if current is None:
            current = _Open(number)
        if answer:
            if not current.options and not current.bad:
                refuse(number, indent, "ANSWER: before any option (options are 'A. text')")
            letter = answer[1]
            letters = [letter for letter, _ in current.options]
            if not current.bad and letter not in letters:
                shown = f"{letters[0]}-{letters[-1]}" if letters else "none"
                refuse(number, indent, f"the answer {letter!r} is not one of the options {shown}")
            if not current.bad:
                items.append(_item(current, letters.index(letter)))
            current = None
        elif option:
            expected = LETTERS[len(current.options)] if len(current.options) < 26 else "?"
            if not current.text and not current.bad:
                refuse(number, indent, "an option with no question text before it")
            elif option[1] != expected and not current.bad:
                refuse(number, indent, f"option {option[1]} where {expected} was expected")
            current.options.append((option[1], option[2].strip()))
        else:
            current.text.append(line)
    if current is not None and not current.bad:
        what = "no ANSWER: line" if current.options else "no options and no ANSWER: line"
        refuse(current.line, 1, f"this question has {what}")
    return items


def _item(current: _Open, answer: int) -> QuizItem:
    choices = tuple(
        Choice(i == answer, None, Rich(text, "plain"))
        for i, (_, text) in enumerate(current.options)
    )
    return QuizItem(
        "MC", current.line, 1, stem=Rich("\n".join(current.text), "plain"), choices=choices
    )


def load(text: str, source: str) -> Imported:
    """Read Aiken text into drafts of our questions, with every problem at its line."""
    report = Report(source)
    drafts = to_drafts(read(text, report), report, LABEL)
    return Imported(source, LABEL, tuple(drafts), tuple(report.problems), report.refused)


def dump(bank: Bank) -> tuple[str, list[tuple[str, str]]]:
    """The bank's single-answer questions as Aiken, and what was lost or left out."""
    out: list[str] = []
    notes: list[tuple[str, str]] = [
        ("", "not kept by Aiken: explanations, references, tags, topics and difficulty")
    ]
    for question in bank.questions:
        if not isinstance(question, Single):
            kind = type(question).__struct_config__.tag
            notes.append((question.id, f"left out: it is a {kind} question; Aiken holds single"))
            continue
        if question.exhibit is not None:
            notes.append((question.id, "left out: it has an exhibit, which Aiken cannot hold"))
            continue
        lines = [" ".join(line.split()) for line in question.prompt.split("\n") if line.strip()]
        if any(_OPTION.fullmatch(line) or _ANSWER.fullmatch(line) for line in lines):
            notes.append((question.id, "left out: a line of its text reads as an option"))
            continue
        if len(lines) > 1:
            notes.append((question.id, "not kept: line breaks in the text (Moodle reads one)"))
        options = [" ".join(o.split()) for o in question.options]
        out += [" ".join(lines)]
        out += [f"{LETTERS[i]}. {option}" for i, option in enumerate(options)]
        out += [f"ANSWER: {question.answer}", ""]
    return "\n".join(out), notes
