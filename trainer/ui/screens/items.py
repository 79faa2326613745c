"""Item analysis, for authors: each mock exam's questions with their figures and flags; Enter on
a question shows how its options drew candidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Static

from trainer.engine.items import MIN_ATTEMPTS, Flag, ItemStats
from trainer.itemreport import FormReport, figure, form_line, percent
from trainer.ui.screens.base import ReadingScreen
from trainer.ui.text import literal, plain

if TYPE_CHECKING:
    from trainer.content.catalog import Item
    from trainer.study import Study

SHORT = {
    "too-easy": "easy",
    "too-hard": "hard",
    "negative": "key?",
    "weak": "weak",
    "inefficient": "DE",
    "unused": "{} unused",
    "strong-distractor": "{} draws strong",
}
"""Each flag in a word or two for the table; the line under it gives the reasons in full."""

EMPTY = (
    "No finished mock exams yet. Item analysis reads each candidate's first sitting of a mock "
    f"exam, and flags a question once {MIN_ATTEMPTS} candidates have answered it."
)


def short(flags: tuple[Flag, ...]) -> str:
    return ", ".join(SHORT.get(f.kind, f.kind).format(f.option) for f in flags)


class ItemsScreen(ReadingScreen[list[FormReport]]):
    """Mock exams above, the highlighted one's questions below; Enter opens a question's options."""

    CSS_PATH = "items.tcss"

    SUBTITLE = "Item analysis"
    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        # Enter on a row does the same (the table takes Enter first, as its own selection).
        Binding("o", "options", "Options", key_display="enter"),
        Binding("escape", "close", "Home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reports: list[FormReport] = []
        self.shown: FormReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="analysis-body"):
            yield Static("Reading the history...", id="analysis-form")
            yield DataTable(id="analysis-forms", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="analysis-questions", cursor_type="row", zebra_stripes=True)
            yield Static("", id="analysis-flags")
        yield Footer()

    def prepare(self) -> None:
        forms = self.query_one("#analysis-forms", DataTable)
        forms.add_columns("Mock exam", "Attempts", "Questions", "Alpha", "SEM")
        questions = self.query_one("#analysis-questions", DataTable)
        questions.add_columns("Question", "n", "Facility", "SD", "Discr.", "Effic.", "Flags")
        forms.display = questions.display = False

    def gather(self, study: Study) -> list[FormReport]:
        from trainer.itemreport import analyse_history

        return analyse_history(study.catalog, study.store)

    def show(self, reports: list[FormReport]) -> None:
        self.reports = reports
        if not reports:
            self.query_one("#analysis-form", Static).update(EMPTY)
            return
        forms = self.query_one("#analysis-forms", DataTable)
        for report in reports:
            s = report.stats
            forms.add_row(
                plain(report.title), str(s.attempts), str(s.length), figure(s.alpha),
                figure(s.sem), key=report.blueprint,
            )  # fmt: skip
        forms.display = len(reports) > 1
        self.query_one("#analysis-questions", DataTable).display = True
        self._show_form(reports[0])
        self.query_one("#analysis-questions", DataTable).focus()

    def _show_form(self, report: FormReport) -> None:
        self.shown = report
        self.query_one("#analysis-form", Static).update(
            Content.assemble((report.title, "bold"), "\n", literal(form_line(report)))
        )
        table = self.query_one("#analysis-questions", DataTable)
        table.clear()
        for item in report.stats.items:
            table.add_row(
                plain(item.id), str(item.n), figure(item.facility), figure(item.sd),
                figure(item.discrimination), percent(item.efficiency),
                short(item.flags) or ("too few" if item.note else ""), key=item.id,
            )  # fmt: skip
        if report.stats.items:
            self._show_flags(report.stats.items[0])

    def _show_flags(self, item: ItemStats) -> None:
        lines = [f.reason for f in item.flags] or [item.note or "nothing flagged"]
        if item.alpha_if_deleted is not None:
            lines.append(f"alpha without it {figure(item.alpha_if_deleted)}")
        self.query_one("#analysis-flags", Static).update(
            Content.assemble((f"{item.id}: ", "bold"), literal("\n".join(lines)))
        )

    @on(DataTable.RowHighlighted, "#analysis-forms")
    def _form_highlighted(self, event: DataTable.RowHighlighted) -> None:
        wanted = event.row_key.value
        report = next((r for r in self.reports if r.blueprint == wanted), None)
        if report is not None and report is not self.shown:
            self._show_form(report)

    @on(DataTable.RowSelected, "#analysis-forms")
    def _form_selected(self) -> None:
        self.query_one("#analysis-questions", DataTable).focus()

    @on(DataTable.RowHighlighted, "#analysis-questions")
    def _question_highlighted(self, event: DataTable.RowHighlighted) -> None:
        item = self._item(event.row_key.value)
        if item is not None:
            self._show_flags(item)

    @on(DataTable.RowSelected, "#analysis-questions")
    def _question_selected(self) -> None:
        self.action_options()

    def _item(self, item_id: str | None) -> ItemStats | None:
        if self.shown is None:
            return None
        return next((i for i in self.shown.stats.items if i.id == item_id), None)

    def action_options(self) -> None:
        table = self.query_one("#analysis-questions", DataTable)
        if self.shown is None or table.row_count == 0:
            return
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        item = self._item(row)
        study = self.trainer.study
        if item is None or study is None:
            return
        self.app.push_screen(OptionsScreen(item, study.catalog.get(item.id)))


class OptionsScreen(ModalScreen[None]):
    """One question's options: who chose each, and how choosing it went with the rest score."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("escape,enter", "close", "Close"),
    ]

    def __init__(self, stats: ItemStats, item: Item | None) -> None:
        super().__init__()
        self.stats = stats
        self.item = item

    def compose(self) -> ComposeResult:
        s = self.stats
        with VerticalScroll(classes="dialog wide", id="analysis-options"):
            yield Static(literal(s.id), classes="dialog-title")
            if self.item is not None:
                yield Static(literal(self.item.question.prompt), id="analysis-prompt")
            yield Static(
                f"n {s.n}   facility {figure(s.facility)}   SD {figure(s.sd)}   "
                f"discrimination {figure(s.discrimination)}\n"
                f"efficiency {percent(s.efficiency)}   "
                f"effective weight {percent(s.effective_weight)}"
            )
            yield DataTable(id="analysis-option-table", cursor_type="row", zebra_stripes=True)
            said = [f.reason for f in s.flags] or [s.note or "Nothing flagged"]
            yield Static(literal("\n".join(said)), id="analysis-option-flags")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#analysis-option-table", DataTable)
        table.add_columns("Option", "Text", "Chosen", "Share", "Point-biserial")
        words: tuple[str, ...] = getattr(self.item.question, "options", ()) if self.item else ()
        for index, option in enumerate(self.stats.options):
            text = words[index] if index < len(words) else option.label
            table.add_row(
                option.label + (" (key)" if option.key else ""), plain(text), str(option.chosen),
                percent(option.share), "-" if option.point_biserial is None
                else f"{option.point_biserial:+.2f}",
            )  # fmt: skip
        if not self.stats.options:
            table.display = False
        table.focus()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
