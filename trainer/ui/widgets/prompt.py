"""A question's prompt."""

from __future__ import annotations

from textual.reactive import var
from textual.widgets import Static

from trainer.ui.text import literal


class Prompt(Static):
    """The prompt as written in the bank (never read as markup); many questions share one, so
    it is redrawn only when the text changes."""

    text: var[str] = var("", init=False)

    def watch_text(self, text: str) -> None:
        self.update(literal(text))
