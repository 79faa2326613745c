"""Answers as the candidate saw them: the display letters of shuffled options and their words.

The question screen's feedback and the results' review both say what was given and what was
right in the same words, from here.
"""

from __future__ import annotations

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
from trainer.engine.scoring import Response
from trainer.ui.widgets.responses import Options


def right_answer(question: Question, order: tuple[int, ...]) -> str:
    """The right answer as the candidate sees it (display letters and the options' words)."""
    options = Options(question, order)
    match question:
        case Single(answer=answer):
            shown = options.shown(answer)
            return f"{LETTERS[shown]}. {options.texts[shown]}"
        case TrueFalse(answer=answer):
            return "True" if answer else "False"
        case Multiple(answer=answer):
            return ", ".join(sorted(LETTERS[options.shown(a)] for a in answer))
        case Numeric(answer=answer, unit=unit, tolerance=tolerance):
            within = f" (within {tolerance:g})" if tolerance else ""
            return f"{answer:g}{' ' + unit if unit else ''}{within}"
        case TextAnswer(answer=answer):
            return answer[0] if answer else "a matching answer"
        case Order(answer=answer, options=texts):
            return " > ".join(texts[LETTERS.index(a)] for a in answer)
        case Match(answer=answer, items=items, options=texts):
            return "; ".join(
                f"{item} = {texts[LETTERS.index(a)]}" for item, a in zip(items, answer, strict=True)
            )
        case Rate(answer=answer, options=texts):
            return "; ".join(f"{t}: {r}" for t, r in zip(texts, answer, strict=True))
    return ""  # pragma: no cover


def given_text(question: Question, order: tuple[int, ...], response: Response) -> str:
    """The candidate's response as they saw it: display letters, numbers or their words."""
    if response is None or response == "" or response == ():
        return "no answer"
    options = Options(question, order)
    if isinstance(question, Single) and isinstance(response, str):
        shown = options.shown(response)
        return f"{LETTERS[shown]}. {options.texts[shown]}"
    if isinstance(question, TrueFalse):
        return "True" if response else "False"
    if isinstance(question, Multiple) and isinstance(response, tuple):
        return ", ".join(sorted(LETTERS[options.shown(str(r))] for r in response))
    if isinstance(question, Order) and isinstance(response, tuple):
        return " > ".join(question.options[LETTERS.index(str(r))] for r in response)
    if isinstance(response, tuple):
        return ", ".join(str(r) for r in response)
    return str(response)
