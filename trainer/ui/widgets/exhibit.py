"""Exhibits beside a prompt: a passage, a table, or a document's data page with its MRZ."""

from __future__ import annotations

from rich.table import Table as RichTable
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from trainer.content.models import DocumentPage, Exhibit, Passage, Table
from trainer.ui.text import literal, plain


def _title(title: str | None, fallback: str) -> Content:
    return Content.assemble((title or fallback, "bold"))


def _table(columns: tuple[str, ...], rows: tuple[tuple[object, ...], ...]) -> RichTable:
    table = RichTable(expand=False, show_edge=True)
    for column in columns:
        table.add_column(plain(column), overflow="fold")
    for row in rows:
        table.add_row(*(plain(str(cell)) for cell in row))
    return table


def _page(fields: dict[str, object]) -> RichTable:
    """A data page as label and value. Labels that name their document first (`Passport:
    Surname`, as generated travel sets have them) are grouped under that document's name."""
    page = RichTable.grid(padding=(0, 2))
    page.add_column(style="dim")
    page.add_column(overflow="fold")
    group = None
    for label, value in fields.items():
        head, colon, rest = label.partition(": ")
        if colon and rest:
            if head != group:
                if group is not None:
                    page.add_row("", "")
                group = head
                heading = plain(head)
                heading.stylize("bold")
                page.add_row(heading, "")
            label = rest
        page.add_row(plain(label), plain(str(value)))
    return page


class ExhibitView(Vertical):
    """One exhibit at a time, redrawn in place: moving between questions mounts nothing.

    Every value from the bank is shown literally (`literal`, `plain`), never read as markup.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="exhibit")
        self.exhibit: Exhibit | None = None
        self.display = False

    def compose(self) -> ComposeResult:
        yield Static("", classes="exhibit-title")
        yield Static("", classes="exhibit-body")
        yield Static("", classes="mrz")

    def show(self, exhibit: Exhibit | None) -> None:
        """Draw `exhibit`, or hide the view when there is none; nothing happens if it is shown."""
        if exhibit == self.exhibit and self.is_mounted:
            return
        self.exhibit = exhibit
        self.display = exhibit is not None
        if exhibit is None:
            return
        title = self.query_one(".exhibit-title", Static)
        body = self.query_one(".exhibit-body", Static)
        mrz = self.query_one(".mrz", Static)
        lines: tuple[str, ...] = ()
        match exhibit:
            case Passage(text=text, title=name):
                title.update(_title(name, "Passage"))
                body.update(literal(text))
            case Table(columns=columns, rows=rows, title=name):
                title.update(_title(name, "Table"))
                body.update(_table(columns, rows))
            case DocumentPage(fields=fields, title=name, mrz=lines):
                title.update(_title(name, "Document"))
                body.update(_page(dict(fields)))
        body.set_class(isinstance(exhibit, Passage), "passage")
        self.set_class(isinstance(exhibit, DocumentPage), "document")
        mrz.display = bool(lines)
        mrz.update(literal("\n".join(lines)))
