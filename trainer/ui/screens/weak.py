"""Weak areas: the engine's ranking, each topic's estimate, interval, trend and evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from trainer.ui.screens.base import ReadingScreen
from trainer.ui.text import literal, plain

if TYPE_CHECKING:
    from trainer.engine.mastery import WeakAreas
    from trainer.study import Study


def bar(fraction: float, width: int = 10) -> str:
    """A bar of block characters for a fraction from 0 to 1."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "#" * filled + "." * (width - filled)


class WeakScreen(ReadingScreen["WeakAreas"]):
    """Topics weakest first; Enter or d drills the highlighted one."""

    SUBTITLE = "Weak areas"
    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("d,enter", "drill", "Drill this topic"),
        Binding("escape", "close", "Home"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="weak-body"):
            yield Static("", id="advice")
            yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)
            yield Static("", id="unexplored")
        yield Footer()

    def prepare(self) -> None:
        table = self.query_one("#ranking", DataTable)
        table.add_columns("Topic", "Estimate", "", "90% interval", "Trend", "Answers")

    def read(self, study: Study) -> WeakAreas:
        return study.weak_areas()

    def show(self, areas: WeakAreas) -> None:
        self.query_one("#advice", Static).update(literal(areas.recommendation))
        table = self.query_one("#ranking", DataTable)
        table.clear()
        for m in areas.ranked:
            table.add_row(
                plain(m.key),
                f"{m.estimate * 100:.0f}%",
                bar(m.estimate),
                f"{m.low * 100:.0f}-{m.high * 100:.0f}%",
                m.trend,
                str(m.answers),
                key=m.key,
            )
        if not areas.ranked:
            table.display = False
        unexplored = self.query_one("#unexplored", Static)
        if areas.unexplored:
            unexplored.update(literal("Not tried yet: " + ", ".join(areas.unexplored)))

    def action_drill(self) -> None:
        from trainer.ui import flows

        table = self.query_one("#ranking", DataTable)
        study = self.trainer.study
        if study is None or table.row_count == 0:
            return
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        section, topic = key.split("/", 1)
        flows.open_session(self.trainer, study.start_practice, 10, section=section, topic=topic)
