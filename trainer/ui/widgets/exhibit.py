"""Exhibits beside a prompt: a passage, a table, or a document's data page with its MRZ."""

from __future__ import annotations

from rich.table import Table as RichTable
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from trainer.content.models import DocumentPage, Exhibit, Passage, Table
from trainer.ui.text import literal, plain


def _title(title: str | None, fallback: str) -> Content:
    return Content.assemble((title or fallback, "bold"))


def exhibit_widget(exhibit: Exhibit) -> Widget:
    """A widget showing the exhibit; every value from the bank is shown literally."""
    match exhibit:
        case Passage(text=text, title=title):
            return Vertical(
                Static(_title(title, "Passage")),
                Static(literal(text), classes="passage"),
                classes="exhibit",
            )
        case Table(columns=columns, rows=rows, title=title):
            table = RichTable(expand=False, show_edge=True)
            for column in columns:
                table.add_column(plain(column), overflow="fold")
            for row in rows:
                table.add_row(*(plain(str(cell)) for cell in row))
            return Vertical(Static(_title(title, "Table")), Static(table), classes="exhibit")
        case DocumentPage(fields=fields, title=title, mrz=mrz):
            page = RichTable.grid(padding=(0, 2))
            page.add_column(style="dim")
            page.add_column(overflow="fold")
            for label, value in fields.items():
                page.add_row(plain(label), plain(str(value)))
            parts: list[Widget] = [Static(_title(title, "Document")), Static(page)]
            if mrz:
                parts.append(Static(literal("\n".join(mrz)), classes="mrz"))
            return Vertical(*parts, classes="exhibit document")
    raise TypeError(f"no widget for {type(exhibit).__name__}")  # pragma: no cover
