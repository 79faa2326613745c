"""History: every session, mock-exam scores over time, days of study, accuracy per topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from trainer.engine.plan import Plan
from trainer.engine.report import Report
from trainer.ui.messages import ShowReport
from trainer.ui.screens.base import ReadingScreen
from trainer.ui.text import clock_text, plain, plural
from trainer.ui.widgets.calendar import StudyCalendar
from trainer.ui.widgets.scores import Attempt, ScoreChart
from trainer.ui.widgets.topic_bars import LEGEND, TopicBars

if TYPE_CHECKING:
    from trainer.engine.mastery import Mastery
    from trainer.store.records import SessionRow
    from trainer.study import Study

WEEKS = 12
WIDE = 120
TOPICS_SHOWN = 12
SESSIONS = "Sessions, newest first: Enter opens a review"
NO_SESSIONS = "No sessions yet: practise (p on home) or sit a mock exam (m on home)"
NO_TOPICS = "No answers yet: practise (p on home) to see your accuracy in each topic here."


@dataclass(frozen=True)
class Gathered:
    sessions: list[SessionRow]
    topics: list[Mastery]
    activity: dict[str, int]
    today: date
    predicted: dict[str, tuple[float, float, float]]
    """Per mock exam session, what readiness predicted as it began."""


class HistoryScreen(ReadingScreen[Gathered]):
    """Past sessions; Enter opens one's review."""

    CSS_PATH = "dashboard.tcss"

    SUBTITLE = "History"
    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("enter", "open", "Open review"),
        Binding("escape", "close", "Home"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 - Textual's table
    sessions = 0
    """How many sessions are listed: the review key is offered only when there is one."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="history-body"):
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="charts"):
                yield ScoreChart(id="scores")
                yield StudyCalendar(WEEKS, id="calendar")
            with Vertical(id="topic-panel", classes="panel"):
                yield Static(LEGEND, id="topics-legend")
                yield TopicBars(selectable=False, id="topic-bars")
                yield Static("", id="topics-note")
        yield Footer()

    def prepare(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.add_columns("Date", "Mode", "Title", "Score", "Time", "State")
        self.query_one("#scores").border_title = "Mock exam scores"
        self.query_one("#calendar").border_title = f"Answers a day, last {WEEKS} weeks"
        self.query_one("#topic-panel").border_title = "Accuracy by topic, weakest first"

    def gather(self, study: Study) -> Gathered:
        now = study.clock.now()
        since = now - timedelta(days=7 * WEEKS)
        return Gathered(
            sessions=study.history(),
            topics=[m for m in study.masteries() if m.kind == "topic"],
            activity=study.store.activity(study.profile_id, since),
            today=now.date(),
            predicted={
                p.session_id: (p.median, p.low, p.high)
                for p in study.store.predictions(study.profile_id)
            },
        )

    def show(self, data: Gathered) -> None:
        table = self.query_one("#sessions", DataTable)
        table.clear()
        table.border_title = SESSIONS if data.sessions else NO_SESSIONS
        self.sessions = len(data.sessions)
        self.refresh_bindings()
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
        attempts = [
            Attempt(r.started_at.date(), r.score or 0.0, r.passed, data.predicted.get(r.id))
            for r in exams
        ]
        self.query_one("#scores", ScoreChart).show(attempts, self._pass_mark(exams))
        self.query_one("#calendar", StudyCalendar).show(data.activity, data.today)
        weakest = sorted(data.topics, key=lambda m: (m.estimate, -m.answers, m.key))
        self.query_one("#topic-bars", TopicBars).show(weakest[:TOPICS_SHOWN])
        self.query_one("#topics-legend").display = bool(weakest)
        note = ""
        if not weakest:
            note = NO_TOPICS
        elif len(weakest) > TOPICS_SHOWN:
            more = len(weakest) - TOPICS_SHOWN
            note = f"and {plural(more, 'topic')} more: every topic is on weak areas (w on home)"
        self.query_one("#topics-note", Static).update(note)
        self.query_one("#topics-note").display = bool(note)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.sessions > 0 if action == "open" else True

    def _pass_mark(self, exams: list[SessionRow]) -> float | None:
        study = self.trainer.study
        if study is None or not exams:
            return None
        blueprint = study.catalog.blueprints.get(exams[-1].blueprint or "")
        return blueprint.pass_mark if blueprint else None

    def action_open(self) -> None:

        table = self.query_one("#sessions", DataTable)
        study = self.trainer.study
        if study is None or table.row_count == 0:
            return
        session_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        row = study.store.session(session_id)
        if row is None or row.report is None:
            self.notify("This session is unfinished: resume a mock exam from home.")
            return
        self.app.post_message(ShowReport(Report.decode(row.report), session_id))
