"""The class report, for instructors: every candidate's activity, last mock and readiness; the
class's weakest topics; the questions the class misses most. One tab each; the highlighted
candidate or question is told in full under its table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from trainer.engine.cohort import Candidate, MissedItem, Report
from trainer.engine.readiness import Layout
from trainer.study.coaching import forecast_text
from trainer.study.cohort import report
from trainer.ui.screens.base import ReadingScreen
from trainer.ui.text import literal, plain
from trainer.wording import plural

if TYPE_CHECKING:
    from trainer.study import Study

EMPTY = "No candidate has answered a question yet: each one who does appears here."


def last_mock(c: Candidate) -> str:
    mock = c.last_mock
    if mock is None:
        return "none"
    score = "" if mock.score is None else f" {mock.score:.0f}%"
    verdict = "" if mock.passed is None else (" pass" if mock.passed else " fail")
    return f"{mock.blueprint}{score}{verdict} {mock.finished:%d %b}"


def readiness_cell(c: Candidate) -> str:
    """The chance to pass the goal's mock today, or the median score when it has no pass mark;
    a dash without a figure (the line under the table says why)."""
    found = c.readiness
    if found is None or found.today is None:
        return "-"
    if found.today.p_pass is not None:
        return f"{found.today.p_pass * 100:.0f}% pass"
    return f"{found.today.score.median:.0f}%"


def candidate_lines(c: Candidate) -> str:
    active = "never studied" if c.last_active is None else f"last studied {c.last_active:%a %d %b}"
    lines = [f"{c.name}: {plural(c.answers, 'answer')} in all, {active}"]
    found = c.readiness
    if found is not None and found.today is not None:
        lines.append(
            f"{found.blueprint.title} today: {forecast_text(found.today, found.blueprint)}"
        )
    else:
        lines.append(f"Readiness: {c.readiness_note}")
    lines.append(f"Last mock: {last_mock(c)}")
    return "\n".join(lines)


class CohortScreen(ReadingScreen[Report]):
    """Candidates, weakest topics and most-missed questions, a tab each (1, 2, 3)."""

    CSS_PATH = "cohort.tcss"

    SUBTITLE = "Class report"
    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("1", "tab('candidates')", "Candidates"),
        Binding("2", "tab('topics')", "Topics"),
        Binding("3", "tab('missed')", "Most missed"),
        Binding("escape", "close", "Home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: Report | None = None
        self.layouts: dict[str, Layout] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="cohort-body"):
            yield Static("Reading the history...", id="cohort-title")
            with TabbedContent(id="cohort-tabs", initial="candidates"):
                with TabPane("Candidates", id="candidates"):
                    yield DataTable(id="cohort-candidates", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="cohort-candidate", classes="cohort-detail")
                with TabPane("Weakest topics", id="topics"):
                    yield DataTable(id="cohort-topics", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="cohort-untried")
                with TabPane("Most missed", id="missed"):
                    yield DataTable(id="cohort-missed", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="cohort-question", classes="cohort-detail")
        yield Footer()

    def prepare(self) -> None:
        self.query_one("#cohort-candidates", DataTable).add_columns(
            "Candidate", "7d", "30d", "Days", "Last active", "Last mock", "Readiness"
        )
        self.query_one("#cohort-topics", DataTable).add_columns(
            "Topic", "Mastery", "80% likely", "Answers", "Candidates"
        )
        self.query_one("#cohort-missed", DataTable).add_columns(
            "Question", "Missed", "Of", "Section/topic"
        )
        self.query_one("#cohort-tabs", TabbedContent).display = False

    def gather(self, study: Study) -> Report:
        return report(study.catalog, study.store, study.clock.now(), layouts=self.layouts)

    def show(self, data: Report) -> None:
        self.report = data
        title = self.query_one("#cohort-title", Static)
        if not any(c.answers for c in data.candidates):
            title.update(EMPTY)
            return
        title.update(
            f"{plural(len(data.candidates), 'candidate')} on {data.today:%a %d %b %Y};"
            f" activity over the last {plural(data.days, 'day')} (UTC dates)"
        )
        self._candidates(data)
        self._topics(data)
        self._missed(data)
        self.query_one("#cohort-tabs", TabbedContent).display = True
        self.query_one("#cohort-candidates", DataTable).focus()

    def _candidates(self, data: Report) -> None:
        table = self.query_one("#cohort-candidates", DataTable)
        for n, c in enumerate(data.candidates):
            active = "never" if c.last_active is None else f"{c.last_active:%d %b}"
            table.add_row(
                plain(c.name), str(c.week), str(c.window), str(c.days_studied), active,
                plain(last_mock(c)), readiness_cell(c), key=str(n),
            )  # fmt: skip
        self._show_candidate(data.candidates[0])

    def _topics(self, data: Report) -> None:
        table = self.query_one("#cohort-topics", DataTable)
        for t in data.topics:
            table.add_row(
                plain(t.topic), f"{t.estimate * 100:.0f}%",
                f"{t.low * 100:.0f}-{t.high * 100:.0f}%", str(t.answers), str(t.candidates),
            )  # fmt: skip
        untried = self.query_one("#cohort-untried", Static)
        if not data.topics:
            untried.update("No scored answers yet: no topic to rank.")
        elif data.untried:
            untried.update(literal(f"Not tried by anyone: {', '.join(data.untried)}"))

    def _missed(self, data: Report) -> None:
        table = self.query_one("#cohort-missed", DataTable)
        study = self.trainer.study
        for m in data.missed:
            item = study.catalog.get(m.item_id) if study is not None else None
            where = f"{item.section}/{item.topic}" if item is not None else "(not loaded)"
            table.add_row(
                plain(m.item_id), f"{m.rate * 100:.0f}%", f"{m.missed} of {m.candidates}",
                plain(where), key=m.item_id,
            )  # fmt: skip
        if data.missed:
            self._show_question(data.missed[0])
        else:
            least = plural(data.min_candidates, "candidate")
            self.query_one("#cohort-question", Static).update(
                f"No question answered by at least {least} has been missed yet."
            )

    def _show_candidate(self, c: Candidate) -> None:
        self.query_one("#cohort-candidate", Static).update(literal(candidate_lines(c)))

    def _show_question(self, m: MissedItem) -> None:
        study = self.trainer.study
        item = study.catalog.get(m.item_id) if study is not None else None
        said = f"{m.item_id}: {m.missed} of {m.candidates} candidates who answered it got it wrong"
        said += f" at least once ({plural(m.attempts, 'answer')} in all)"
        if item is not None:
            said += f"\n{item.question.prompt}"
        self.query_one("#cohort-question", Static).update(literal(said))

    @on(DataTable.RowHighlighted, "#cohort-candidates")
    def _candidate_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.report is not None and event.row_key.value is not None:
            self._show_candidate(self.report.candidates[int(event.row_key.value)])

    @on(DataTable.RowHighlighted, "#cohort-missed")
    def _question_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.report is None:
            return
        found = next((m for m in self.report.missed if m.item_id == event.row_key.value), None)
        if found is not None:
            self._show_question(found)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane
        if pane is not None:
            pane.query_one(DataTable).focus()

    def action_tab(self, name: str) -> None:
        tabs = self.query_one("#cohort-tabs", TabbedContent)
        if tabs.display:
            tabs.active = name
