"""Small dialogs: confirm a step, pick why a miss happened, jump to a question.

Each answers with one key from anywhere in it, and Escape backs out; the footer names both.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from trainer.content.models import MissReason
from trainer.study import MISS_REASONS
from trainer.ui.text import literal

REASON_LABELS: dict[MissReason, str] = {
    "did-not-know": "I did not know it",
    "misread": "I misread the question",
    "calculation-slip": "A calculation slip",
    "rule-confusion": "I confused two rules",
    "ran-out-of-time": "I ran out of time",
}


class Confirm(ModalScreen[bool]):
    """A yes-or-no question about a step that cannot be undone."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PickMissReason(ModalScreen[MissReason | None]):
    """Why a miss happened, kept in the history beside the answer."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("1", "choose(0)", "Reason", key_display=f"1-{len(MISS_REASONS)}"),
        *(Binding(str(n), f"choose({n - 1})", show=False) for n in range(2, len(MISS_REASONS) + 1)),
        Binding("escape", "dismiss_none", "Cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Why did this one go wrong?", classes="dialog-title")
            yield OptionList(
                *(Option(f"{n}  {REASON_LABELS[r]}", id=r) for n, r in enumerate(MISS_REASONS, 1)),
                id="reasons",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_choose(self, index: int) -> None:
        self.dismiss(MISS_REASONS[index])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(MISS_REASONS[event.option_index])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class JumpTo(ModalScreen[int | None]):
    """Go to a question of the section by its number."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        # A priority binding, so that the footer shows it over the field's own Enter.
        Binding("enter", "go", "Go", priority=True),
        Binding("escape", "dismiss_none", "Cancel"),
    ]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Go to question (1-{self.count})", classes="dialog-title")
            yield Input(type="integer", id="number", max_length=3, compact=True)
        yield Footer()

    def action_go(self) -> None:
        text = self.query_one("#number", Input).value.strip()
        if text.isdigit() and 1 <= int(text) <= self.count:
            self.dismiss(int(text) - 1)
        else:
            self.notify(f"Give a number from 1 to {self.count}.", severity="warning")

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
