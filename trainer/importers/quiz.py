"""Moodle's question model, which GIFT and Moodle XML both write, and its mapping to our schema.

The GIFT and Moodle XML readers produce `QuizItem`s, close to what the file says; `to_drafts` then
decides what each becomes here and reports what does not fit (see docs/importing.md):

- one right choice -> `single` (other choices' partial credit is reported, not kept);
- several choices with credit -> `multiple`, scored by our rule, (right - wrong) / right options;
  other weights are reported;
- every choice right (GIFT `{=a =b}`) or Moodle `shortanswer` -> `text`; `*` wildcards become a
  pattern; answers worth less than full credit are reported and left out;
- true/false -> `true_false`; numerical -> `numeric` (`a..b` is the middle, give or take half the
  width); matching -> `match`; Moodle's `ordering` -> `order`;
- essays, descriptions and types the trainer cannot score are reported and not imported.

The explanation is the general feedback, then each answer's feedback ("C: ..."), since the trainer
shows one explanation after any answer; a question with no feedback at all gets a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trainer.content.models import (
    LETTERS,
    Match,
    Multiple,
    Numeric,
    Order,
    Question,
    Single,
    TextAnswer,
    TrueFalse,
)
from trainer.importers.base import (
    DEFAULT_DIFFICULTY,
    DRAFT_ID,
    Draft,
    Report,
    finish,
    is_id,
    slug,
)
from trainer.importers.text import html_to_text, looks_like_html


@dataclass(frozen=True, slots=True)
class Rich:
    """Text as the file gives it, with its format: moodle, html, markdown or plain."""

    text: str
    format: str = "moodle"


@dataclass(frozen=True, slots=True)
class Number:
    """A numerical answer: `simple` (a number), `range` (number:tolerance) or `high-low` (a..b)."""

    kind: str
    number: float
    range: float = 0.0

    @property
    def value(self) -> float:
        if self.kind == "high-low":
            return _tidy((self.number + self.range) / 2)
        return self.number

    @property
    def tolerance(self) -> float:
        if self.kind == "high-low":
            return _tidy((self.range - self.number) / 2)
        return self.range if self.kind == "range" else 0.0


def _tidy(value: float) -> float:
    """A sum's float noise rounded away (3.1415, not 3.1414999999999997)."""
    return float(f"{value:.12g}")


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer: right (`=`) or not, its weight in percent if given, its text and feedback."""

    correct: bool
    weight: float | None
    text: Rich
    feedback: Rich | None = None
    number: Number | None = None
    """For a numerical answer; None for the catch-all `*` (any other number)."""

    @property
    def credit(self) -> float:
        """The percent this answer earns: its weight, else 100 when right and 0 when not."""
        if self.weight is not None:
            return self.weight
        return 100.0 if self.correct else 0.0


@dataclass(frozen=True, slots=True)
class Pair:
    """A matching pair: the item (left) and the option it goes with (right)."""

    item: Rich
    option: str


@dataclass(frozen=True)
class QuizItem:
    """One question (or description, or category line) as the file states it."""

    kind: str
    """MC, Short, TF, Numerical, Matching, Order, Essay, Description, Category or Other."""
    line: int
    col: int
    stem: Rich = Rich("")
    title: str | None = None
    id: str | None = None
    tags: tuple[str, ...] = ()
    embedded: bool = False
    choices: tuple[Choice, ...] = ()
    pairs: tuple[Pair, ...] = ()
    is_true: bool | None = None
    wrong_feedback: Rich | None = None
    """True/false: shown to whoever answers wrongly (GIFT's first `#`)."""
    right_feedback: Rich | None = None
    """True/false: shown to whoever answers rightly (GIFT's second `#`)."""
    global_feedback: Rich | None = None
    single: bool | None = None
    """Moodle XML `<single>`: false makes a multiple-answer question of one right answer too."""
    unit: str | None = None
    difficulty: int | None = None
    references: tuple[str, ...] = ()
    category: str | None = None
    """For a Category item: the category's path."""
    what: str = ""
    """For an Other item: the type the file names."""


_NOT_SCORED = {
    "Essay": "an essay question is not imported: the trainer cannot score free writing",
    "Description": "a description (text with no answers) is not a question; not imported",
}


@dataclass
class _Mapping:
    report: Report
    label: str
    unexplained: list[tuple[int, int]]


def to_drafts(items: Iterable[QuizItem], report: Report, label: str) -> list[Draft]:
    """Our questions for the items, each checked; what does not fit is reported at its line."""
    mapping = _Mapping(report, label, [])
    drafts: list[Draft] = []
    category: str | None = None
    for item in items:
        if item.kind == "Category":
            category = category_name(item.category or "")
            continue
        if item.kind in _NOT_SCORED:
            report.warn(item.line, item.col, _NOT_SCORED[item.kind])
            continue
        if item.kind == "Other":
            report.warn(
                item.line, item.col, f"a {item.what!r} question is not a type the trainer holds"
            )
            continue
        question = _question(mapping, item)
        if question is None:
            continue
        draft = finish(report, question, item.line, item.col, given_id=item.id, category=category)
        if draft is not None:
            drafts.append(draft)
        elif mapping.unexplained[-1:] == [(item.line, item.col)]:
            mapping.unexplained.pop()
    if mapping.unexplained:
        line, col = mapping.unexplained[0]
        count = len(mapping.unexplained)
        report.warn(
            line,
            col,
            f"{count} question{'s' if count != 1 else ''} came with no feedback to explain "
            "the answer; each explanation says so until you write one",
        )
    return drafts


def category_name(path: str) -> str:
    """The part of a Moodle category path that names it (`$course$/top/Visas` -> `Visas`)."""
    parts = [p for p in re.split(r"(?<!/)/(?!/)", path.strip()) if p.strip()]
    kept = [p.replace("//", "/").strip() for p in parts if p not in ("$course$", "$system$", "top")]
    return kept[-1] if kept else path.strip()


def placeholder(label: str) -> str:
    """The explanation of a question that came with none."""
    return f"No explanation came with this question ({label} import); add one."


class _Question:
    """Builds one question: the text helpers need the item's place and the report."""

    def __init__(self, mapping: _Mapping, item: QuizItem) -> None:
        self.mapping = mapping
        self.item = item
        self.notes: list[str] = []
        self.lost_feedback = False

    def warn(self, message: str) -> None:
        self.mapping.report.warn(self.item.line, self.item.col, message)

    def error(self, message: str) -> None:
        self.mapping.report.error(self.item.line, self.item.col, message)

    def text(self, rich: Rich | None, what: str) -> str:
        """Plain text of a part of the question; images and the like are reported."""
        if rich is None:
            return ""
        if rich.format == "html" or (rich.format == "moodle" and looks_like_html(rich.text)):
            text, media = html_to_text(rich.text)
            for thing in media:
                self.warn(f"{what}: {thing} is not imported; the trainer shows text only")
            return text
        return rich.text.strip()

    def note(self, label: str, feedback: Rich | None) -> None:
        """Keep an answer's feedback in the explanation."""
        said = self.text(feedback, f"the feedback on {label}")
        if said:
            self.notes.append(f"{label}: {said}")

    def explanation(self) -> str:
        parts = []
        general = self.text(self.item.global_feedback, "the general feedback")
        if general:
            parts.append(general)
        if self.notes:
            self.warn(
                "feedback on single answers is kept in the explanation, "
                "which the trainer shows after any answer"
            )
            parts.append("\n".join(self.notes))
        if not parts:
            self.mapping.unexplained.append((self.item.line, self.item.col))
            return placeholder(self.mapping.label)
        return "\n\n".join(parts)

    def common(self) -> dict[str, object]:
        item = self.item
        prompt = self.text(item.stem, "the question text")
        if item.title:
            self.warn(f"the title {item.title!r} is not kept; the question gets an id instead")
        tags = []
        for tag in item.tags:
            made = tag if is_id(tag) else slug(tag)
            if made is None:
                self.warn(f"the tag {tag!r} cannot be written as an id; not kept")
            else:
                tags.append(made)
        difficulty = item.difficulty if item.difficulty in range(1, 6) else DEFAULT_DIFFICULTY
        return {
            "id": DRAFT_ID,
            "prompt": prompt,
            "difficulty": difficulty,
            "tags": tuple(dict.fromkeys(tags)),
            "references": item.references,
        }


def _question(mapping: _Mapping, item: QuizItem) -> Question | None:
    build = _Question(mapping, item)
    match item.kind:
        case "TF":
            return _true_false(build)
        case "MC":
            return _choice(build)
        case "Short":
            return _short(build)
        case "Numerical":
            return _numerical(build)
        case "Matching":
            return _matching(build)
        case "Order":
            return _order(build)
    build.error(f"unknown kind of question {item.kind!r}")  # pragma: no cover - readers' bug
    return None


def _true_false(build: _Question) -> Question:
    item = build.item
    answer = bool(item.is_true)
    right, wrong = ("true", "false") if answer else ("false", "true")
    build.note(f"If you said {wrong}", item.wrong_feedback)
    build.note(f"If you said {right}", item.right_feedback)
    common = build.common()
    return TrueFalse(**common, answer=answer, explanation=build.explanation())  # type: ignore[arg-type]


def _options(build: _Question, choices: Sequence[Choice]) -> list[str]:
    return [build.text(c.text, f"option {LETTERS[i % 26]}") for i, c in enumerate(choices)]


def _choice(build: _Question) -> Question | None:
    item = build.item
    choices = item.choices
    if len(choices) > 26:
        build.error(f"has {len(choices)} choices; the trainer holds at most 26")
        return None
    credits = [c.credit for c in choices]
    paying = [i for i, credit in enumerate(credits) if credit > 0]
    if not paying:
        build.error("no choice earns credit: mark the right one with '=' (or a positive %weight%)")
        return None
    options = _options(build, choices)
    for i, choice in enumerate(choices):
        build.note(LETTERS[i], choice.feedback)
    full = [i for i in paying if credits[i] >= 100 - 1e-6]
    common = build.common()
    one = len(full) == 1 or len(paying) == 1
    if item.single is True or (item.single is None and one):
        if len(paying) > 1 or len(full) != 1:
            build.warn(_weights(choices) + ": partial credit is not kept; a single-answer "
                       "question scores all or nothing")  # fmt: skip
        best = max(paying, key=lambda i: credits[i])
        return Single(
            **common,  # type: ignore[arg-type]
            options=tuple(options),
            answer=LETTERS[best],
            explanation=build.explanation(),
        )
    share = 100 / len(paying)
    same = all(abs(credits[i] - share) < 0.01 for i in paying) and all(
        abs(credit + share) < 0.01 for i, credit in enumerate(credits) if i not in paying
    )
    if not same:
        build.warn(
            f"{_weights(choices)}: these weights are not kept; a multiple-answer question "
            "scores (right picks - wrong picks) / right options"
        )
    return Multiple(
        **common,  # type: ignore[arg-type]
        options=tuple(options),
        answer=tuple(LETTERS[i] for i in paying),
        explanation=build.explanation(),
    )


def _weights(choices: Sequence[Choice]) -> str:
    shown = ", ".join(f"{LETTERS[i]} {c.credit:g}%" for i, c in enumerate(choices[:26]))
    return f"weights {shown}"


def wildcard_pattern(answer: str) -> str:
    """Moodle's `*` wildcard (any text) as a regular expression over the whole answer."""
    parts = (re.escape(" ".join(part.split())) for part in answer.split("*"))
    return r"(?i)^\s*" + ".*".join(parts) + r"\s*$"


def _short(build: _Question) -> Question | None:
    answers: list[str] = []
    patterns: list[str] = []
    for choice in build.item.choices:
        text = build.text(choice.text, "an answer")
        label = text or "(empty)"
        if choice.credit < 100 - 1e-6:
            if choice.credit > 0:
                build.warn(
                    f"the answer {label!r} earns {choice.credit:g}%; not kept, since a text "
                    "answer is right or wrong"
                )
            build.note(f"{label}" if text != "*" else "Any other answer", choice.feedback)
            continue
        build.note(label, choice.feedback)
        if "*" in text:
            patterns.append(wildcard_pattern(text))
        elif text:
            answers.append(text)
    if not answers and not patterns:
        build.error("no answer earns full credit")
        return None
    common = build.common()
    return TextAnswer(
        **common,  # type: ignore[arg-type]
        answer=tuple(dict.fromkeys(answers)),
        patterns=tuple(patterns),
        explanation=build.explanation(),
    )


def _numerical(build: _Question) -> Question | None:
    kept: Choice | None = None
    for choice in build.item.choices:
        number = choice.number
        label = "Any other number" if number is None else _shown_number(number)
        if number is None or choice.credit < 100 - 1e-6:
            if number is not None and choice.credit > 0:
                build.warn(
                    f"the answer {label} earns {choice.credit:g}%; not kept, since a numeric "
                    "answer is right or wrong"
                )
            build.note(label, choice.feedback)
            continue
        if kept is not None:
            build.warn(f"the answer {label} is a second right answer; only the first is kept")
            build.note(label, choice.feedback)
            continue
        kept = choice
        build.note(label, choice.feedback)
    if kept is None or kept.number is None:
        build.error("no number earns full credit")
        return None
    if kept.number.kind == "high-low" and kept.number.number > kept.number.range:
        build.error(f"the range {_shown_number(kept.number)} runs backwards")
        return None
    common = build.common()
    return Numeric(
        **common,  # type: ignore[arg-type]
        answer=kept.number.value,
        tolerance=kept.number.tolerance,
        unit=build.item.unit,
        explanation=build.explanation(),
    )


def _shown_number(number: Number) -> str:
    if number.kind == "high-low":
        return f"{number.number:g}..{number.range:g}"
    if number.kind == "range":
        return f"{number.number:g}:{number.range:g}"
    return f"{number.number:g}"


def _matching(build: _Question) -> Question | None:
    items: list[str] = []
    options: list[str] = []
    answer: list[str] = []
    for pair in build.item.pairs:
        option = " ".join(pair.option.split())
        if option not in options:
            options.append(option)
        text = build.text(pair.item, "a matching item")
        if text:
            items.append(text)
            answer.append(LETTERS[options.index(option) % 26])
    if len(options) > 26:
        build.error(f"has {len(options)} answers to match; the trainer holds at most 26")
        return None
    common = build.common()
    return Match(
        **common,  # type: ignore[arg-type]
        items=tuple(items),
        options=tuple(options),
        answer=tuple(answer),
        explanation=build.explanation(),
    )


def _order(build: _Question) -> Question | None:
    options = _options(build, build.item.choices)
    common = build.common()
    return Order(
        **common,  # type: ignore[arg-type]
        options=tuple(options),
        answer=tuple(LETTERS[: len(options)]),
        explanation=build.explanation(),
    )
