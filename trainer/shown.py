"""What a candidate was shown, worded once for every front end: the display letters of shuffled
options, an answer given and the right one in those letters, and an interview's transcript."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
from trainer.engine.plan import Plan
from trainer.engine.scoring import Response
from trainer.study.answers import item_hash

if TYPE_CHECKING:
    from trainer.content.catalog import Item
    from trainer.content.models import Scenario
    from trainer.engine.scenario import Debrief, Step
    from trainer.store.base import Store
    from trainer.study import InterviewSession


class Options:
    """The options of a question in display order; letters shown are display letters."""

    def __init__(self, question: Question, order: Sequence[int]) -> None:
        options: tuple[str, ...] = getattr(question, "options", ())
        self.order = list(order) if order else list(range(len(options)))
        self.texts = [options[i] for i in self.order]

    def original(self, shown: int) -> str:
        return LETTERS[self.order[shown]]

    def shown(self, original_letter: str) -> int:
        return self.order.index(LETTERS.index(original_letter))

    def __len__(self) -> int:
        return len(self.texts)


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


def step_note(step: Step) -> str | None:
    """The note on an officer's move: a choice's feedback, or how much of a typed answer's
    rubric it covered."""
    if step.feedback:
        return step.feedback
    if step.covered or step.missed:
        return f"Covered {len(step.covered)} of {len(step.covered) + len(step.missed)} points."
    return None


def transcript_lines(live: InterviewSession) -> list[tuple[str, str]]:
    """What was said so far, in order, as (who, text): the other party's lines under their
    speaker's name, the officer's under "you", and the notes on them under "note"."""
    said: list[tuple[str, str]] = []
    for speaker, line, step in live.exchanges():
        said.append((speaker, line))
        if step.said:
            said.append(("you", step.said))
        if (note := step_note(step)) is not None:
            said.append(("note", note))
    return said


def model_path(debrief: Debrief, scenario: Scenario) -> list[str]:
    """The best path as what the officer says at each turn: a choice's words, or for a typed
    answer the author's model answer (when given) and the points it must cover."""
    lines = []
    for move in debrief.model:
        node_id, _, label = move.partition(":")
        node = scenario.nodes.get(node_id)
        if node is None or label == "continue":
            continue
        if label.isdigit():
            lines.append(f"- {node.choices[int(label) - 1].text}")
        elif node.free_text is not None:
            points = "; ".join(p.point for p in node.free_text.rubric)
            if node.free_text.model_answer:
                lines.append(f"- In your own words, say: {node.free_text.model_answer}")
                lines.append(f"  (It covers: {points}.)")
            else:
                lines.append(f"- In your own words: {points}")
    return lines


def turning_points(debrief: Debrief) -> list[str]:
    """The moves that cost or won most, each with its points and the author's note."""
    lines = []
    for step in debrief.turning_points:
        points = ", ".join(f"{k} {v:+g}" for k, v in step.scores.items())
        lines.append(f"- {step.said} ({points})")
        if step.feedback:
            lines.append(f"  {step.feedback}")
    return lines


def rubric_lines(debrief: Debrief) -> list[str]:
    """What the typed answers covered of their rubrics, and what they missed."""
    lines = []
    for step in debrief.free_text:
        lines += [f"Covered: {p}" for p in step.covered]
        lines += [f"Missed: {p}" for p in step.missed]
    return lines


@dataclass(frozen=True)
class Reviewed:
    """One question of a finished session as it is reviewed: what was given and what was right,
    in the letters the candidate saw; `edited` when the question changed after it was answered
    (the letters given may not mean the same options now, so they are shown as given)."""

    you: str
    right: str
    edited: bool


@dataclass(frozen=True)
class SessionAnswers:
    """A session's last response to each question, its version and its options' order."""

    responses: Mapping[str, Response] = field(default_factory=dict)
    hashes: Mapping[str, str] = field(default_factory=dict)
    orders: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store, session_id: str) -> SessionAnswers:
        answers = store.answers(session_id)
        responses = {a.item_id: a.response for a in answers}
        hashes = {a.item_id: a.item_hash for a in answers}
        row = store.session(session_id)
        orders: dict[str, tuple[int, ...]] = {}
        if row is not None and row.plan.startswith("{"):
            plan = Plan.decode(row.plan)
            orders = {p.id: p.order for s in plan.sections for p in s.items}
        return cls(responses, hashes, orders)

    def review(self, item: Item) -> Reviewed:
        question = item.question
        response = self.responses.get(item.id)
        recorded = self.hashes.get(item.id)
        if recorded is not None and recorded != item_hash(item):
            shown = ", ".join(map(str, response)) if isinstance(response, tuple) else str(response)
            you = "no answer" if response in (None, "", ()) else shown
            return Reviewed(you, right_answer(question, ()), edited=True)
        order = self.orders.get(item.id, ())
        return Reviewed(
            given_text(question, order, response), right_answer(question, order), edited=False
        )
