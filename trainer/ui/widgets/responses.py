"""Response widgets, one per question type; each says `Chosen` when the candidate commits."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

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
from trainer.shown import Options
from trainer.ui.text import literal

_LETTER_KEYS = [Binding(c, f"pick({i})", show=False) for i, c in enumerate(string.ascii_lowercase)]
_DIGIT_KEYS = [Binding(str(n), f"digit({n})", show=False) for n in range(1, 10)]


def _allowed(action: str, parameters: tuple[object, ...], count: int) -> bool:
    """Whether a letter (`pick`, 0-based) or digit (`digit`, 1-based) names one of `count`."""
    if action not in ("pick", "digit") or not parameters or not isinstance(parameters[0], int):
        return True
    index = parameters[0] - (action == "digit")
    return 0 <= index < count


@dataclass
class Chosen(Message):
    """The candidate committed a response."""

    response: Response


class WholeList(OptionList):
    """An option list drawn at its full height inside a scrolling body (see `#response` in the
    app's CSS): moving the highlight scrolls the body, since the list itself never scrolls."""

    def scroll_to_highlight(self, top: bool = False) -> None:
        # Called as the highlight moves; the geometry is only sure once the screen is laid out.
        if self.is_mounted:
            self.call_after_refresh(self._reveal_highlight, top)

    def _reveal_highlight(self, top: bool) -> None:
        highlighted = self.highlighted
        body = next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)
        if highlighted is None or body is None or not self.region:
            return
        # Textual keeps where each option's lines start; there is no public way to ask.
        line = self._index_to_line.get(highlighted)
        if line is None:
            return
        height = self._heights[highlighted]
        y = self.content_region.y + line - body.content_region.y + round(body.scroll_y)
        body.scroll_to_region(Region(0, y, 1, height), animate=False, top=top, immediate=True)


def _option_prompt(letter: str, text: str, struck: bool = False) -> Content:
    prompt = Content.assemble((f"{letter}  ", "bold"), literal(text))
    return prompt.stylize("strike dim") if struck else prompt


class ChoiceList(WholeList):
    """One option: a letter or digit picks it at once; Enter picks the highlighted one."""

    BINDINGS = [*_LETTER_KEYS, *_DIGIT_KEYS]  # noqa: RUF012 - Textual's class-level table

    def __init__(
        self,
        question: Single | TrueFalse,
        order: Sequence[int] = (),
        struck: frozenset[int] = frozenset(),
        current: Response = None,
    ) -> None:
        super().__init__(*self._prompts(question, order, struck), id="response")
        if current in self.values:
            self.highlighted = self.values.index(current)

    def _prompts(
        self, question: Single | TrueFalse, order: Sequence[int], struck: frozenset[int]
    ) -> list[Option]:
        self.question = question
        if isinstance(question, TrueFalse):
            self.texts = ["True", "False"]
            self.values: list[Response] = [True, False]
        else:
            self.shown_options = Options(question, order)
            self.texts = self.shown_options.texts
            self.values = [self.shown_options.original(i) for i in range(len(self.texts))]
        self.struck = struck
        return [
            Option(_option_prompt(LETTERS[i], t, self._is_struck(i)), id=str(i))
            for i, t in enumerate(self.texts)
        ]

    def show(
        self,
        question: Single | TrueFalse,
        order: Sequence[int],
        struck: frozenset[int],
        current: Response,
    ) -> None:
        """Show another question in this same list: cheaper than a new widget."""
        self.set_options(self._prompts(question, order, struck))
        self.disabled = False
        self.highlighted = self.values.index(current) if current in self.values else 0

    def _is_struck(self, shown: int) -> bool:
        return (
            not isinstance(self.question, TrueFalse)
            and self.shown_options.order[shown] in self.struck
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return _allowed(action, parameters, len(self.texts))

    def action_pick(self, index: int) -> None:
        self.highlighted = index
        self.post_message(Chosen(self.values[index]))

    def action_digit(self, number: int) -> None:
        self.action_pick(number - 1)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Chosen(self.values[event.option_index]))

    def highlighted_original(self) -> int | None:
        """The original index of the highlighted option, for striking it out."""
        if self.highlighted is None or isinstance(self.question, TrueFalse):
            return None
        return int(self.shown_options.order[self.highlighted])

    def restrike(self, struck: frozenset[int]) -> None:
        self.struck = struck
        for i, text in enumerate(self.texts):
            self.replace_option_prompt_at_index(
                i, _option_prompt(LETTERS[i], text, self._is_struck(i))
            )


class MultiList(WholeList):
    """Several options: letters or digits (or space, on the highlighted one) toggle them; Enter
    commits the set. Drawn as an option list with boxes, so long options wrap whole."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        *_LETTER_KEYS,
        *_DIGIT_KEYS,
        Binding("space", "toggle_highlighted", "Toggle", show=False),
        Binding("enter", "commit", "Answer", show=True),
    ]

    def __init__(
        self, question: Multiple, order: Sequence[int] = (), current: Response = None
    ) -> None:
        self.shown_options = Options(question, order)
        self.values = [self.shown_options.original(i) for i in range(len(self.shown_options))]
        chosen = {str(c) for c in current} if isinstance(current, tuple) else set()
        self.selected = [v for v in self.values if v in chosen]
        self.committed: Response = tuple(sorted(self.selected)) or None
        super().__init__(*self._prompts(), id="response")
        self.highlighted = 0

    def pending(self) -> Response:
        """The options ticked but not yet answered with Enter; None if none are, or the same
        were answered."""
        ticked = tuple(sorted(self.selected))
        return ticked if ticked and ticked != self.committed else None

    def _prompts(self) -> list[Option]:
        return [self._prompt(i) for i in range(len(self.values))]

    def _prompt(self, shown: int) -> Option:
        ticked = self.values[shown] in self.selected
        box = ("[x] ", "bold $text-success") if ticked else ("[ ] ", "dim")
        text = self.shown_options.texts[shown]
        return Option(Content.assemble(box, (f"{LETTERS[shown]}  ", "bold"), literal(text)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return _allowed(action, parameters, len(self.shown_options))

    def action_pick(self, index: int) -> None:
        self.highlighted = index
        value = self.values[index]
        if value in self.selected:
            self.selected.remove(value)
        else:
            self.selected.append(value)
        self.replace_option_prompt_at_index(index, self._prompt(index).prompt)

    def action_digit(self, number: int) -> None:
        self.action_pick(number - 1)

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.action_pick(self.highlighted)

    def action_commit(self) -> None:
        self.committed = tuple(sorted(self.selected))
        self.post_message(Chosen(self.committed))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Only a click gets here (Enter is bound to commit): it ticks the option clicked.
        event.stop()
        self.action_pick(event.option_index)


class TypedAnswer(Input):
    """A number or text, committed with Enter."""

    def __init__(self, question: Numeric | TextAnswer, current: Response = None) -> None:
        numeric = isinstance(question, Numeric)
        value = (
            ""
            if current is None
            else (f"{current:g}" if isinstance(current, float) else str(current))
        )
        unit = question.unit if isinstance(question, Numeric) else None
        placeholder = "a number" + (f" ({unit})" if unit else "")
        super().__init__(
            value, placeholder=placeholder if numeric else "your answer", id="response"
        )
        self.numeric = numeric
        self.committed = value

    def pending(self) -> Response:
        """What is typed but not yet answered with Enter; None if nothing is, or the same was
        answered."""
        text = self.value.strip()
        return text if text and text != self.committed else None

    def _on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.notify("Type an answer first.", severity="warning")
            return
        self.committed = text
        self.post_message(Chosen(text))


class OrderList(WholeList):
    """Put the options in order: shift+up/down (or [ and ]) move the highlighted one."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("shift+up,left_square_bracket", "move(-1)", "Move up"),
        Binding("shift+down,right_square_bracket", "move(1)", "Move down"),
    ]

    def __init__(
        self, question: Order, order: Sequence[int] = (), current: Response = None
    ) -> None:
        self.question = question
        if isinstance(current, tuple) and sorted(map(str, current)) == sorted(
            LETTERS[: len(question.options)]
        ):
            self.sequence = [LETTERS.index(str(c)) for c in current]
        else:
            self.sequence = list(order) if order else list(range(len(question.options)))
        self.committed = self._answer() if isinstance(current, tuple) else None
        self.start = self._answer()
        super().__init__(*self._prompts(), id="response")
        self.highlighted = 0

    def _answer(self) -> tuple[str, ...]:
        return tuple(LETTERS[i] for i in self.sequence)

    def pending(self) -> Response:
        """The order set but not yet answered with Enter; None if it was never moved, or the
        same order was answered."""
        now = self._answer()
        moved = now != self.start or self.committed is not None
        return now if moved and now != self.committed else None

    def _prompts(self) -> list[Option]:
        return [
            Option(Content.assemble((f"{n + 1}.  ", "bold"), literal(self.question.options[i])))
            for n, i in enumerate(self.sequence)
        ]

    def action_move(self, step: int) -> None:
        here = self.highlighted
        if here is None or not 0 <= here + step < len(self.sequence):
            return
        seq = self.sequence
        seq[here], seq[here + step] = seq[here + step], seq[here]
        self.set_options(self._prompts())
        self.highlighted = here + step

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.committed = self._answer()
        self.post_message(Chosen(self.committed))


class AssignList(WholeList):
    """Give each row a value: an option letter (match) or a rating digit (rate); Enter commits."""

    BINDINGS = [*_LETTER_KEYS, *_DIGIT_KEYS]  # noqa: RUF012 - Textual's class-level table

    def __init__(self, question: Match | Rate, current: Response = None) -> None:
        self.question = question
        if isinstance(question, Match):
            self.rows = list(question.items)
            self.choices: list[str | int] = list(LETTERS[: len(question.options)])
        else:
            self.rows = list(question.options)
            self.choices = list(range(question.scale.low, question.scale.high + 1))
        given = list(current) if isinstance(current, tuple) else []
        self.values: list[str | int | None] = [
            given[i] if i < len(given) and given[i] in self.choices else None
            for i in range(len(self.rows))
        ]
        self.committed = tuple(self.values) if None not in self.values else None
        super().__init__(*self._prompts(), id="response")
        self.highlighted = 0

    def pending(self) -> Response:
        """Every row given a value but not yet answered with Enter; None while a row is empty,
        or if the same values were answered."""
        now = tuple(self.values)
        return now if None not in now and now != self.committed else None  # type: ignore[return-value]

    def _prompts(self) -> list[Option]:
        return [
            Option(Content.assemble((f"[{'-' if v is None else v}]  ", "bold"), literal(row)))
            for row, v in zip(self.rows, self.values, strict=True)
        ]

    def _value_for(self, action: str, number: int) -> str | int | None:
        if isinstance(self.question, Match):
            index = number - 1 if action == "digit" else number
            return LETTERS[index] if 0 <= index < len(self.choices) else None
        # Rate: only digits, and a digit is the rating itself.
        return number if action == "digit" and number in self.choices else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pick", "digit") and parameters and isinstance(parameters[0], int):
            return self._value_for(action, parameters[0]) is not None
        return True

    def action_pick(self, index: int) -> None:
        self._assign(self._value_for("pick", index))

    def action_digit(self, number: int) -> None:
        self._assign(self._value_for("digit", number))

    def _assign(self, value: str | int | None) -> None:
        row = self.highlighted
        if row is None or value is None:
            return
        self.values[row] = value
        self.set_options(self._prompts())
        self.highlighted = min(row + 1, len(self.rows) - 1)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if any(v is None for v in self.values):
            missing = sum(v is None for v in self.values)
            self.notify(f"{missing} still to fill in.", severity="warning")
            return
        self.committed = tuple(self.values)
        self.post_message(Chosen(self.committed))  # type: ignore[arg-type]


def pending(widget: Widget) -> Response:
    """What the candidate has set in a response widget but not yet answered with Enter (ticks,
    a typed answer, an order, a row of values); None when nothing is waiting. A single choice
    answers as it is picked, so nothing waits there."""
    if isinstance(widget, MultiList | TypedAnswer | OrderList | AssignList):
        return widget.pending()
    return None


def response_widget(
    question: Question, order: Sequence[int], struck: frozenset[int], current: Response
) -> Widget:
    """The widget that takes a response to this question."""
    match question:
        case Single() | TrueFalse():
            return ChoiceList(question, order, struck, current)
        case Multiple():
            return MultiList(question, order, current)
        case Numeric() | TextAnswer():
            return TypedAnswer(question, current)
        case Order():
            return OrderList(question, order, current)
        case Match() | Rate():
            return AssignList(question, current)
    raise TypeError(f"no widget for {type(question).__name__}")  # pragma: no cover
