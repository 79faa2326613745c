"""The goal dialog: the exam's date, the mock it is modelled on, and the minutes a day.

What is typed is checked as the command line checks it (`engine.goal`); a mistake is shown in
the dialog, which stays open with what was typed, and nothing is changed. Ctrl+S saves, Escape
cancels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from trainer.content.catalog import Catalog
from trainer.engine.goal import Goal, GoalError, make_goal
from trainer.ui.text import literal, plain


@dataclass(frozen=True)
class GoalChoice:
    """The goal to keep, or `clear` to forget the one there is."""

    goal: Goal | None
    clear: bool = False


class GoalDialog(ModalScreen[GoalChoice | None]):
    """Set or change the goal; the readiness and the plan on home work back from it."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "dismiss_none", "Cancel"),
    ]

    def __init__(self, catalog: Catalog, current: Goal | None, today: date) -> None:
        super().__init__()
        self.catalog = catalog
        self.current = current
        self.today = today

    def compose(self) -> ComposeResult:
        blueprints = [(plain(b.title), b.blueprint) for b in self.catalog.blueprints.values()]
        current = self.current
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Your goal", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Exam day")
                yield Input(
                    current.exam_date.isoformat() if current else "",
                    placeholder="YYYY-MM-DD",
                    id="exam",
                    max_length=10,
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Mock exam")
                yield Select(
                    blueprints,
                    prompt="Choose the mock it is modelled on",
                    value=current.blueprint if current else Select.NULL,
                    id="blueprint",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Minutes/day")
                yield Input(
                    str(current.minutes) if current else "45",
                    id="minutes",
                    type="integer",
                    max_length=4,
                    compact=True,
                )
            yield Static("", id="goal-error")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                if current is not None:
                    yield Button("Clear goal", id="clear", variant="warning", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#exam", Input).focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        blueprint = self.query_one("#blueprint", Select).value
        try:
            if not isinstance(blueprint, str):
                raise GoalError("choose the mock exam the real one is like")
            goal = make_goal(
                self.query_one("#exam", Input).value,
                blueprint,
                self.query_one("#minutes", Input).value or "0",
                today=self.today,
                blueprints=self.catalog.blueprints,
            )
        except GoalError as error:
            self.query_one("#goal-error", Static).update(literal(f"{error}; nothing is saved"))
            return
        self.dismiss(GoalChoice(goal))

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(GoalChoice(None, clear=True))

    @on(Button.Pressed, "#cancel")
    def action_dismiss_none(self) -> None:
        self.dismiss(None)
