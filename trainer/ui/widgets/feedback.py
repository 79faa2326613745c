"""The panel under a practice question: the verdict, the answers, the explanation."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from trainer.content.models import Question
from trainer.engine.scoring import Response, full_marks
from trainer.shown import given_text, right_answer
from trainer.ui.text import literal


@dataclass(frozen=True)
class Verdict:
    """How an answer scored, worded as the candidate saw the options."""

    value: float
    given: str
    answer: str
    explanation: str
    references: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, value: float, question: Question, order: tuple[int, ...], response: Response
    ) -> Verdict:
        return cls(
            value,
            given_text(question, order, response),
            right_answer(question, order),
            question.explanation,
            tuple(question.references),
        )


class FeedbackPanel(Widget):
    """Hidden until it has a verdict to show; every text from the bank is shown literally."""

    DEFAULT_CSS = """
    FeedbackPanel {
        height: auto;
    }
    """

    verdict: reactive[Verdict | None] = reactive[Verdict | None](None, layout=True)

    def watch_verdict(self, verdict: Verdict | None) -> None:
        self.set_class(verdict is not None, "shown")

    def render(self) -> Content:
        verdict = self.verdict
        if verdict is None:
            return Content("")
        value = verdict.value
        if full_marks(value):
            head = Content.assemble(("Right.", "bold $success"))
        elif value > 0:
            head = Content.assemble((f"Partly right ({value * 100:.0f}%).", "bold $warning"))
        else:
            head = Content.assemble(("Not right.", "bold $error"))
        lines = [
            head,
            Content.assemble(("You: ", "bold"), literal(verdict.given)),
            Content.assemble(("Answer: ", "bold"), literal(verdict.answer)),
            literal(verdict.explanation),
        ]
        if verdict.references:
            lines.append(Content.assemble(("See: ", "dim"), literal("; ".join(verdict.references))))
        more = "n for the next question"
        if not full_marks(value):
            more += ", w to say why it went wrong"
        lines.append(Content.assemble((more, "dim")))
        return Content("\n").join(lines)
