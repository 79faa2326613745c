"""The strip of an exam's question numbers, each marked answered, flagged or not yet."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

ANSWERED, FLAGGED, OPEN = "*", "F", "."


class Navigator(Widget):
    """`1* 2F 3.`: one mark a question of the section, the current one reversed."""

    DEFAULT_CSS = """
    Navigator {
        height: auto;
    }
    """

    marks: reactive[tuple[str, ...]] = reactive[tuple[str, ...]]((), layout=True)
    """`ANSWERED`, `FLAGGED` or `OPEN` for each question, in order; flagged wins over answered."""
    position: reactive[int] = reactive(0)

    def render(self) -> Content:
        parts: list[tuple[str, str]] = []
        for i, mark in enumerate(self.marks):
            style = "reverse" if i == self.position else ("bold" if mark != OPEN else "dim")
            parts.append((f"{i + 1}{mark}", style))
            parts.append((" ", ""))
        return Content.assemble(*parts[:-1])
