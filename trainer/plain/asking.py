"""A question as lines of text, and a typed line read back as a response to it.

Options are lettered and numbered ("B (2). ..."), so either may be typed; a question's
letters are its display letters (shuffled options read as they are shown).
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.content.models import (
    LETTERS,
    DocumentPage,
    Exhibit,
    Match,
    Multiple,
    Numeric,
    Order,
    Passage,
    Question,
    Rate,
    Single,
    Table,
    TextAnswer,
    TrueFalse,
)
from trainer.engine.scoring import Response, parse_number
from trainer.shown import Options

TRUE_FALSE = ("True", "False")


@dataclass(frozen=True)
class Refused:
    """A line that is no response to this question, and what would be."""

    message: str


def exhibit_lines(exhibit: Exhibit) -> list[str]:
    """An exhibit read out: a passage as written, a table row by row with each cell under its
    column's name, a document's fields as "label: value" and its MRZ line by line."""
    match exhibit:
        case Passage(text=text, title=title):
            return [f"Exhibit: {title or 'passage'}.", text]
        case Table(columns=columns, rows=rows, title=title):
            lines = [f"Exhibit: {title or 'table'}, {len(rows)} rows."]
            for n, row in enumerate(rows, 1):
                cells = "; ".join(f"{c}: {v}" for c, v in zip(columns, row, strict=False))
                lines.append(f"Row {n}. {cells}.")
            return lines
        case DocumentPage(fields=fields, title=title, mrz=mrz):
            lines = [f"Exhibit: {title or 'document'}."]
            group = None
            for label, value in fields.items():
                # Generated travel sets name the document first ("Passport: Surname"): said once.
                head, colon, rest = label.partition(": ")
                if colon and rest:
                    if head != group:
                        group = head
                        lines.append(f"{head}:")
                    label = rest
                lines.append(f"{label}: {value}")
            lines += [f"MRZ line {n}: {line}" for n, line in enumerate(mrz, 1)]
            return lines
    return []  # pragma: no cover


def _choices(texts: list[str], struck: set[int] | None = None) -> list[str]:
    struck = struck or set()
    return [
        f"{LETTERS[n]} ({n + 1}). {text}" + (" (struck out)" if n in struck else "")
        for n, text in enumerate(texts)
    ]


def question_lines(question: Question, order: tuple[int, ...], struck: frozenset[int]) -> list[str]:
    """The prompt, the exhibit, the options and what to type, each on its own lines."""
    lines: list[str] = []
    if question.exhibit is not None:
        lines += exhibit_lines(question.exhibit)
    lines.append(question.prompt)
    options = Options(question, order)
    shown_struck = {n for n, i in enumerate(options.order) if i in struck}
    match question:
        case Single() | Multiple() | Order():
            lines += _choices(options.texts, shown_struck)
        case TrueFalse():
            lines += _choices(list(TRUE_FALSE))
        case Match(items=items, options=texts):
            lines.append("Items:")
            lines += [f"Item {n}. {item}" for n, item in enumerate(items, 1)]
            lines.append("Options:")
            lines += _choices(list(texts))
        case Rate(options=texts, scale=scale):
            lines += [f"Action {n}. {text}" for n, text in enumerate(texts, 1)]
            words = "; ".join(f"{k} = {v}" for k, v in sorted(scale.labels.items()))
            lines.append(f"Scale: {scale.low} to {scale.high}" + (f" ({words})." if words else "."))
    lines.append(allowed(question))
    return lines


def allowed(question: Question) -> str:
    """What may be typed in answer, in words."""
    match question:
        case Single(options=options):
            return f"Answer with one letter, A to {LETTERS[len(options) - 1]}, or its number."
        case TrueFalse():
            return "Answer A for true or B for false (or type true or false)."
        case Multiple(options=options):
            last = LETTERS[len(options) - 1]
            return f"Answer with every letter that applies, A to {last}, such as A C."
        case Order(options=options):
            last = LETTERS[len(options) - 1]
            return f"Answer with the letters A to {last} in order, first to last, each once."
        case Match(items=items, options=options):
            last = LETTERS[len(options) - 1]
            count = len(items)
            return f"Answer with one letter, A to {last}, for each of the {count} items, in order."
        case Rate(options=options, scale=scale):
            return (
                f"Answer with one rating, {scale.low} to {scale.high}, for each of the "
                f"{len(options)} actions, in order."
            )
        case Numeric(unit=unit):
            return "Answer with a number" + (f" (in {unit})." if unit else ".")
        case TextAnswer():
            return "Type your answer."
    return ""  # pragma: no cover


def _picks(text: str, count: int) -> list[int] | None:
    """Letters or numbers, each naming one of `count` options (0-based), or None."""
    words = text.replace(",", " ").split()
    if len(words) == 1 and words[0].isalpha() and len(words[0]) > 1:
        words = list(words[0])  # "ACD"
    picked = []
    for word in words:
        if len(word) == 1 and word.isalpha() and word.upper() in LETTERS[:count]:
            picked.append(LETTERS.index(word.upper()))
        elif word.isdigit() and 1 <= int(word) <= count:
            picked.append(int(word) - 1)
        else:
            return None
    return picked


def read_response(question: Question, order: tuple[int, ...], text: str) -> Response | Refused:
    """The response a typed line gives to this question, or why it gives none."""
    options = Options(question, order)
    refused = Refused(f"{text!r} is not an answer here. {allowed(question)}")
    match question:
        case Single():
            picks = _picks(text, len(options))
            if picks is None or len(picks) != 1:
                return refused
            return options.original(picks[0])
        case TrueFalse():
            word = text.casefold()
            if word in ("true", "yes"):
                return True
            if word in ("false", "no"):
                return False
            picks = _picks(text, 2)
            if picks is None or len(picks) != 1:
                return refused
            return picks[0] == 0
        case Multiple():
            picks = _picks(text, len(options))
            if not picks:
                return refused
            return tuple(sorted({options.original(p) for p in picks}))
        case Order():
            picks = _picks(text, len(options))
            if picks is None or sorted(picks) != list(range(len(options))):
                return refused
            return tuple(options.original(p) for p in picks)
        case Match(items=items, options=texts):
            picks = _picks(text, len(texts))
            if picks is None or len(picks) != len(items):
                return refused
            return tuple(LETTERS[p] for p in picks)
        case Rate(options=texts, scale=scale):
            words = text.replace(",", " ").split()
            ratings = [int(w) for w in words if w.lstrip("-").isdigit()]
            if len(ratings) != len(words) or len(ratings) != len(texts):
                return refused
            if any(not scale.low <= r <= scale.high for r in ratings):
                return refused
            return tuple(ratings)
        case Numeric():
            return text if parse_number(text) is not None else refused
        case TextAnswer():
            return text if text else refused
    return refused  # pragma: no cover


def letters_of(question: Question) -> int:
    """How many lettered choices a question shows (0 when it takes typed text or numbers)."""
    if isinstance(question, TrueFalse):
        return 2
    if isinstance(question, (Single, Multiple, Order, Match)):
        return len(question.options)
    return 0
