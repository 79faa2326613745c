"""Small dialogs: confirm a step, pick why a miss happened, jump to a question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from trainer.study import MISS_REASONS
from trainer.ui.text import literal

REASON_LABELS = {
    "did-not-know": "I did not know it",
    "misread": "I misread the question",
    "calculation-slip": "A calculation slip",
    "rule-confusion": "I confused two rules",
    "ran-out-of-time": "I ran out of time",
}


class Confirm(ModalScreen[bool]):
    """A yes-or-no question about a step that cannot be undone."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, title: str, body: str, yes: str, no: str = "Keep working") -> None:
        super().__init__()
        self.title_text, self.body, self.yes, self.no = title, body, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(literal(self.body))
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning", compact=True)
                yield Button(f"{self.no} (n)", id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class MissReason(ModalScreen[str | None]):
    """Why a miss happened, kept in the history beside the answer."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Why did this one go wrong?", classes="dialog-title")
            yield OptionList(
                *(Option(f"{n}  {REASON_LABELS[r]}", id=r) for n, r in enumerate(MISS_REASONS, 1)),
                id="reasons",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key.isdigit() and 1 <= int(key) <= len(MISS_REASONS):
            self.dismiss(MISS_REASONS[int(key) - 1])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class JumpTo(ModalScreen[int | None]):
    """Go to a question of the section by its number."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]  # noqa: RUF012

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Go to question (1-{self.count})", classes="dialog-title")
            yield Input(type="integer", id="number", max_length=3, compact=True)

    @on(Input.Submitted)
    def _go(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text.isdigit() and 1 <= int(text) <= self.count:
            self.dismiss(int(text) - 1)
        else:
            self.notify(f"Give a number from 1 to {self.count}.", severity="warning")

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
