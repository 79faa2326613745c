"""Results and review: the verdict, scores per section and topic, then every question."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from trainer.engine.report import ItemResult, Report, SectionResult
from trainer.engine.scoring import full_marks
from trainer.shown import SessionAnswers
from trainer.ui.messages import OpenSession
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.text import clock_text, literal, plain
from trainer.wording import adaptive_lines

if TYPE_CHECKING:
    from trainer.content.catalog import Item

FILTERS = {"all": "all questions", "wrong": "wrong or partly wrong", "flagged": "flagged"}


def section_pace(section: SectionResult) -> str:
    """The candidate's seconds per answered question beside what an even pace allows:
    `5 s/item (75 allowed)`; `-` where neither is known."""
    mine = f"{section.seconds / section.answered:.0f} s/item" if section.answered else "-"
    if not section.pace:
        return mine
    return f"{mine} ({section.pace:.0f} allowed)"


class ResultsScreen(TrainerScreen):
    """The report of a finished session, with a review of every question."""

    CSS_PATH = "results.tcss"

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("a", "filter('all')", "All"),
        Binding("o", "filter('wrong')", "Only wrong"),
        Binding("f", "filter('flagged')", "Flagged"),
        Binding("r", "retry", "Practise missed"),
        Binding("escape", "close", "Home"),
    ]

    def __init__(self, report: Report, session_id: str) -> None:
        super().__init__()
        self.report = report
        self.session_id = session_id
        self.shown = "all"
        self.answers = SessionAnswers()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="results-body"):
            yield Static(self._verdict(), id="verdict")
            ability = self._ability()
            if ability is not None:
                yield Static(ability, id="ability")
            yield DataTable(id="sections", cursor_type="none", zebra_stripes=True)
            yield DataTable(id="topics", cursor_type="none", zebra_stripes=True)
            yield Static("", id="review-title")
            with Horizontal(id="review"):
                yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
                with Vertical(id="item-detail"):
                    yield Static("", id="detail")
        yield Footer()

    def _verdict(self) -> Content:
        r = self.report
        parts: list[tuple[str, str] | str] = []
        if r.passed is not None:
            parts.append(
                (
                    "PASS " if r.passed else "NOT YET ",
                    "bold $success" if r.passed else "bold $error",
                )
            )
        parts.append((f"{r.percent:.1f}%", "bold"))
        if r.pass_mark is not None:
            parts.append(f" (pass mark {r.pass_mark:g}%)")
        parts.append(f" - {r.title} - {clock_text(r.seconds)} used")
        if r.form_code:
            parts.append(f" - form {r.form_code}")
        if r.confident_wrong:
            parts.append(
                (f"\n{len(r.confident_wrong)} answered wrongly with confidence: reviewed first.",
                 "$warning")
            )  # fmt: skip
        return Content.assemble(*parts)

    def _ability(self) -> Content | None:
        """Each adaptive section's estimate: the score with its interval, P(pass), the end."""
        blocks = []
        for s in self.report.sections:
            if s.adaptive is not None:
                head = literal(s.title).stylize("bold")
                blocks.append(Content("\n").join([head, *map(literal, adaptive_lines(s.adaptive))]))
        return Content("\n\n").join(blocks) if blocks else None

    def on_mount(self) -> None:
        self.sub_title = "Results"
        sections = self.query_one("#sections", DataTable)
        sections.add_columns("Section", "Score", "Answered", "Time used", "Pace")
        for s in self.report.sections:
            allowed = f" of {clock_text(s.allowed)}" if s.allowed else ""
            pace = section_pace(s)
            sections.add_row(
                plain(s.title), f"{s.percent:.1f}%", f"{s.answered}/{s.items}",
                clock_text(s.seconds) + allowed, pace,
            )  # fmt: skip
        topics = self.query_one("#topics", DataTable)
        topics.add_columns("Topic", "Score", "Questions")
        for t in self.report.topics:
            topics.add_row(plain(f"{t.section}/{t.topic}"), f"{t.percent:.1f}%", str(t.items))
        items = self.query_one("#items", DataTable)
        items.add_columns("#", "Result", "Time", "Question")
        self._fill()
        self.run_worker(self._load_responses, thread=True, exit_on_error=False)

    def _load_responses(self) -> None:
        study = self.trainer.study
        if study is None:
            return
        self.answers = SessionAnswers.load(study.store, self.session_id)
        self.app.call_from_thread(self._show_detail)

    def _visible(self) -> list[tuple[int, ItemResult]]:
        rows = list(enumerate(self.report.items, 1))
        if self.shown == "wrong":
            return [(n, i) for n, i in rows if not full_marks(i.value)]
        if self.shown == "flagged":
            return [(n, i) for n, i in rows if i.flagged]
        return rows

    def _fill(self) -> None:
        study = self.trainer.study
        items = self.query_one("#items", DataTable)
        items.clear()
        for n, item in self._visible():
            if not item.answered:
                result = "unanswered"
            elif full_marks(item.value):
                result = "right"
            elif item.value > 0:
                result = f"{item.value * 100:.0f}%"
            else:
                result = "wrong"
            flag = " F" if item.flagged else ""
            found = study.catalog.get(item.id) if study is not None else None
            words = " ".join(found.question.prompt.split()) if found else item.id
            shown = words if len(words) <= 48 else words[:47] + "..."
            items.add_row(str(n), result + flag, f"{item.seconds:.0f}s", plain(shown), key=item.id)
        visible = len(self._visible())
        self.query_one("#review-title", Static).update(
            f"Review: {FILTERS[self.shown]} ({visible}) - a all, o only wrong, f flagged"
        )
        self._show_detail()

    @on(DataTable.RowHighlighted, "#items")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        table = self.query_one("#items", DataTable)
        detail = self.query_one("#detail", Static)
        if table.row_count == 0:
            detail.update("Nothing to show with this filter.")
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        study = self.trainer.study
        item = study.catalog.get(str(row_key.value)) if study else None
        if item is None:
            detail.update(literal(f"{row_key.value}: no longer in the loaded content."))
            return
        detail.update(Content("\n").join(self._review(item)))

    def _review(self, item: Item) -> list[Content]:
        """The question, the answer given, the right one and why, as the candidate saw them."""
        reviewed = self.answers.review(item)
        lines = [literal(item.question.prompt)]
        if reviewed.edited:
            lines.append(
                Content.assemble(
                    ("Edited since you answered it: ", "bold $warning"),
                    "your answer was given to an earlier version.",
                )
            )
        lines += [
            Content.assemble(("You: ", "bold"), literal(reviewed.you)),
            Content.assemble(("Answer: ", "bold"), literal(reviewed.right)),
            literal(item.question.explanation),
        ]
        return lines

    def action_filter(self, name: str) -> None:
        self.shown = name
        self._fill()

    def action_retry(self) -> None:
        study = self.trainer.study
        missed = [i.id for i in self.report.items if not full_marks(i.value)]
        if study is None or not missed:
            self.notify("Nothing was missed.")
            return
        self.app.post_message(
            OpenSession(partial(study.start_items, missed, "Practise the missed ones"))
        )
        self.app.pop_screen()

    def action_close(self) -> None:
        self.app.pop_screen()
