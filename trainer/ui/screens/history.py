"""History: every session, mock-exam scores over time, accuracy per topic, days of study."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static
from textual_plotext import PlotextPlot

from trainer.engine.plan import Plan
from trainer.ui.screens.base import ReadingScreen
from trainer.ui.screens.weak import bar
from trainer.ui.text import clock_text, literal, plain

if TYPE_CHECKING:
    from trainer.engine.mastery import Mastery
    from trainer.store.records import SessionRow
    from trainer.study import Study

WEEKS = 12
SHADES = " .:*#"


@dataclass(frozen=True)
class Gathered:
    sessions: list[SessionRow]
    topics: list[Mastery]
    activity: dict[str, int]
    today: date


def calendar(activity: dict[str, int], today: date, weeks: int = WEEKS) -> str:
    """Days of study as a grid: a row per weekday, a column per week, darker for more answers."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    most = max(activity.values(), default=0)
    rows = []
    for weekday, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
        cells = []
        for week in range(weeks):
            day = start + timedelta(days=7 * week + weekday)
            count = activity.get(day.isoformat(), 0)
            if day > today:
                cells.append(" ")
            elif count == 0:
                cells.append("-")
            else:
                cells.append(SHADES[min(4, 1 + (3 * count) // max(1, most))])
        rows.append(f"{name} {' '.join(cells)}")
    return "\n".join(rows)


class HistoryScreen(ReadingScreen[Gathered]):
    """Past sessions; Enter opens one's review."""

    SUBTITLE = "History"
    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("enter", "open", "Open review"),
        Binding("escape", "close", "Home"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="history-body"):
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="charts"):
                yield PlotextPlot(id="scores")
                with Vertical(id="side-charts"):
                    yield Static("", id="topic-bars")
                    yield Static("", id="calendar")
        yield Footer()

    def prepare(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.add_columns("Date", "Mode", "Title", "Score", "Time", "State")

    def read(self, study: Study) -> Gathered:
        now = study.clock.now()
        since = now - timedelta(days=7 * WEEKS)
        return Gathered(
            sessions=study.history(),
            topics=[m for m in study.masteries() if m.kind == "topic"],
            activity=study.store.activity(study.profile_id, since),
            today=now.date(),
        )

    def show(self, data: Gathered) -> None:
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for row in data.sessions:
            score = "" if row.score is None else f"{row.score:.0f}%"
            if row.passed is not None:
                score += " pass" if row.passed else " fail"
            title = Plan.decode(row.plan).title if row.plan.startswith("{") else row.mode
            table.add_row(
                f"{row.started_at:%Y-%m-%d %H:%M}", row.mode, plain(title), score,
                clock_text(row.seconds), row.state, key=row.id,
            )  # fmt: skip
        exams = [r for r in reversed(data.sessions) if r.mode == "exam" and r.score is not None]
        plot = self.query_one("#scores", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        plt.title("Mock exam scores")
        if exams:
            xs = list(range(1, len(exams) + 1))
            plt.plot(xs, [r.score or 0 for r in exams], marker="braille")
            pass_mark = self._pass_mark(exams)
            if pass_mark is not None:
                plt.hline(pass_mark)
            plt.ylim(0, 100)
            plt.xlabel("attempt")
        else:
            plt.text("no mock exams yet", 0.5, 0.5)
        plot.refresh()
        lines = [Content.assemble(("Accuracy by topic", "bold"))]
        for m in sorted(data.topics, key=lambda m: m.estimate)[:12]:
            lines.append(literal(f"{bar(m.estimate)} {m.estimate * 100:3.0f}% {m.key}"))
        if len(lines) == 1:
            lines.append(literal("no answers yet"))
        self.query_one("#topic-bars", Static).update(Content("\n").join(lines))
        self.query_one("#calendar", Static).update(
            Content.assemble(("Last 12 weeks\n", "bold"), calendar(data.activity, data.today))
        )

    def _pass_mark(self, exams: list[SessionRow]) -> float | None:
        study = self.trainer.study
        if study is None:
            return None
        blueprint = study.catalog.blueprints.get(exams[-1].blueprint or "")
        return blueprint.pass_mark if blueprint else None

    def action_open(self) -> None:
        from trainer.engine.report import Report
        from trainer.ui.screens.results import ResultsScreen

        table = self.query_one("#sessions", DataTable)
        study = self.trainer.study
        if study is None or table.row_count == 0:
            return
        session_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        row = study.store.session(session_id)
        if row is None or row.report is None:
            self.notify("This session is unfinished: resume a mock exam from home.")
            return
        self.app.push_screen(ResultsScreen(Report.decode(row.report), session_id))
