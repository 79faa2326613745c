"""Scoring: one pure function per question type, turning a response into a score in [0, 1].

Partial credit rules:
- `multiple`: (right picks - wrong picks) / number of right options, floored at 0.
- `order`: the share of pairs of options placed in the right relative order.
- `match`: the share of items paired with the right option.
- `rate`: per action, 1 - distance from the key / width of the scale; averaged.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz.distance import Levenshtein

from trainer.content.models import (
    LETTERS,
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
from trainer.content.models import Response as Response

FULL_MARKS_TOLERANCE = 1e-9
"""How far below 1.0 a value summed from fractions may fall and still be full marks."""


def full_marks(value: float) -> bool:
    """Whether a score's value is full marks (sums of partial credit carry rounding error)."""
    return value >= 1.0 - FULL_MARKS_TOLERANCE


@dataclass(frozen=True, slots=True)
class Score:
    """How a response scored, and what to tell the candidate about it."""

    value: float
    feedback: str

    @property
    def correct(self) -> bool:
        return full_marks(self.value)


def _letters(letters: Sequence[str]) -> str:
    return ", ".join(letters) if letters else "nothing"


def score_single(q: Single, response: Response) -> Score:
    if response == q.answer:
        return Score(1.0, f"Right: {q.answer}.")
    picked = response if isinstance(response, str) and response else "nothing"
    return Score(0.0, f"You chose {picked}; the answer is {q.answer}.")


def score_true_false(q: TrueFalse, response: Response) -> Score:
    key = "true" if q.answer else "false"
    if isinstance(response, bool) and response == q.answer:
        return Score(1.0, f"Right: {key}.")
    picked = ("true" if response else "false") if isinstance(response, bool) else "nothing"
    return Score(0.0, f"You said {picked}; the statement is {key}.")


def score_multiple(q: Multiple, response: Response) -> Score:
    given = response if isinstance(response, tuple) else ()
    picks = {x for x in given if isinstance(x, str)} & set(LETTERS[: len(q.options)])
    key = set(q.answer)
    right = len(picks & key)
    wrong = len(picks - key)
    value = max(0.0, (right - wrong) / len(key))
    missed = sorted(key - picks)
    extra = sorted(picks - key)
    if value == 1.0:
        return Score(1.0, f"Right: {_letters(sorted(key))}.")
    parts = [f"The answer is {_letters(sorted(key))}."]
    if missed:
        parts.append(f"Missed: {_letters(missed)}.")
    if extra:
        parts.append(f"Wrongly picked: {_letters(extra)}.")
    return Score(value, " ".join(parts))


def score_order(q: Order, response: Response) -> Score:
    given = [x for x in response if isinstance(x, str)] if isinstance(response, tuple) else []
    place = {letter: i for i, letter in enumerate(given)}
    pairs = list(combinations(q.answer, 2))
    good = sum(1 for a, b in pairs if a in place and b in place and place[a] < place[b])
    value = good / len(pairs)
    if value == 1.0 and len(given) == len(q.answer):
        return Score(1.0, f"Right: {_letters(q.answer)}.")
    return Score(
        value, f"The order is {_letters(q.answer)}; {good} of {len(pairs)} pairs were in order."
    )


def score_match(q: Match, response: Response) -> Score:
    given = list(response) if isinstance(response, tuple) else []
    good = sum(1 for i, key in enumerate(q.answer) if i < len(given) and given[i] == key)
    value = good / len(q.answer)
    if value == 1.0:
        return Score(1.0, "Right: every pair matches.")
    return Score(value, f"{good} of {len(q.answer)} pairs right; the key is {_letters(q.answer)}.")


def score_rate(q: Rate, response: Response) -> Score:
    given = list(response) if isinstance(response, tuple) else []
    width = q.scale.high - q.scale.low
    total = 0.0
    for i, key in enumerate(q.answer):
        rating = given[i] if i < len(given) else None
        valid = isinstance(rating, int) and not isinstance(rating, bool)
        if valid and q.scale.low <= rating <= q.scale.high:  # type: ignore[operator]
            total += 1.0 - abs(rating - key) / width  # type: ignore[operator]
    value = total / len(q.answer)
    key_text = ", ".join(str(k) for k in q.answer)
    if full_marks(value):
        return Score(1.0, f"Right: {key_text}.")
    return Score(value, f"The key ratings are {key_text}; each step away costs credit.")


_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


def parse_number(text: str) -> float | None:
    """A number typed by a person: commas between thousands allowed, a trailing unit ignored."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    cleaned = re.sub(r"\s*[A-Za-z%$]+\.?$", "", cleaned).strip()
    if cleaned.startswith("$"):
        cleaned = cleaned[1:]
    if not cleaned or not _NUMBER.match(cleaned) or cleaned in ("-", "+", "."):
        return None
    value = float(cleaned.replace(",", ""))
    return value if math.isfinite(value) else None


def score_numeric(q: Numeric, response: Response) -> Score:
    value: float | None
    if isinstance(response, bool) or response is None:
        value = None
    elif isinstance(response, (int, float)):
        value = float(response) if math.isfinite(response) else None
    elif isinstance(response, str):
        value = parse_number(response)
    else:
        value = None
    unit = f" {q.unit}" if q.unit else ""
    expected = f"{q.answer:g}{unit}" + (f" (within {q.tolerance:g})" if q.tolerance else "")
    if value is None:
        return Score(0.0, f"No number given; the answer is {expected}.")
    if abs(value - q.answer) <= q.tolerance + 1e-9 * max(1.0, abs(q.answer)):
        return Score(1.0, f"Right: {q.answer:g}{unit}.")
    return Score(0.0, f"You gave {value:g}; the answer is {expected}.")


def normalise(text: str) -> str:
    """Text reduced to what matters for matching: case, spacing and punctuation folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "CP" or ch == "-")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").split())


_CITATION_WORDS = re.compile(r"\b(ina|usc|u s c|section|sec|cfr|c f r|of the|act)\b")


def citation_key(text: str) -> str:
    """A legal citation reduced to its parts: `INA § 212(a)(6)(C)(i)` and `212a6Ci` agree."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("§", " ").replace(".", " ")
    text = _CITATION_WORDS.sub(" ", text)
    return re.sub(r"[^0-9a-z]", "", text)


def _typo_allowance(key: str) -> int:
    return 0 if len(key) < 5 else 1 if len(key) < 12 else 2


def score_text(q: TextAnswer, response: Response) -> Score:
    given = response if isinstance(response, str) else ""
    shown = q.answer[0] if q.answer else "(a pattern)"
    if not given.strip():
        return Score(0.0, f"No answer given; accepted: {shown}.")
    if q.citation:
        key = citation_key(given)
        if key and any(key == citation_key(a) for a in q.answer):
            return Score(1.0, f"Right: {shown}.")
    else:
        norm = normalise(given)
        for accepted in q.answer:
            target = normalise(accepted)
            if norm == target:
                return Score(1.0, f"Right: {accepted}.")
            if q.typos and Levenshtein.distance(norm, target) <= _typo_allowance(target):
                return Score(1.0, f"Right, allowing for a typo: {accepted}.")
    stripped = unicodedata.normalize("NFKC", given).strip()
    for pattern in q.patterns:
        if re.fullmatch(pattern, stripped, flags=re.IGNORECASE):
            return Score(1.0, "Right.")
    return Score(0.0, f"Not accepted; the answer is {shown}.")


def score(question: Question, response: Response) -> Score:
    """Score any question's response."""
    match question:
        case Single():
            return score_single(question, response)
        case TrueFalse():
            return score_true_false(question, response)
        case Multiple():
            return score_multiple(question, response)
        case Order():
            return score_order(question, response)
        case Match():
            return score_match(question, response)
        case Rate():
            return score_rate(question, response)
        case Numeric():
            return score_numeric(question, response)
        case TextAnswer():
            return score_text(question, response)
    raise TypeError(f"no scoring rule for {type(question).__name__}")  # pragma: no cover


def all_or_nothing(value: float) -> float:
    """The blueprint rule that gives partial answers no credit."""
    return 1.0 if full_marks(value) else 0.0
