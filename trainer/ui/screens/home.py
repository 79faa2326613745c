"""The home screen: what is loaded and what is wrong with the rest."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from trainer.content.loader import LoadResult
from trainer.ui.messages import ContentLoaded


def count(n: int, noun: str) -> str:
    """`1 question`, `2 questions`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class HomeScreen(Screen[None]):
    """Home: a loading line at first, then the sections, exams and scenarios on offer."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home-body"):
            yield Static("Loading question banks...", id="status", markup=False)
            yield Static("", id="catalog", markup=False)
            yield Static("", id="problems", markup=False)
        yield Footer()

    def on_content_loaded(self, message: ContentLoaded) -> None:
        self.show(message.result)

    def show(self, result: LoadResult) -> None:
        catalog = result.catalog
        summary = catalog.summary()
        self.query_one("#status", Static).update(
            f"{count(len(catalog), 'question')} in {count(len(summary['sections']), 'section')}, "
            f"{count(len(catalog.blueprints), 'mock exam')}, "
            f"{count(len(catalog.scenarios), 'interview scenario')}"
        )
        lines = ["Sections"]
        for name, section in summary["sections"].items():
            lines.append(f"  {name:<12} {section['questions']:>5} questions")
        lines.append("")
        lines.append("Mock exams")
        for b in summary["blueprints"]:
            lines.append(f"  {b['title']}  ({b['questions']} questions, {b['minutes']:g} min)")
        lines.append("")
        lines.append("Interview scenarios")
        for s in summary["scenarios"]:
            lines.append(f"  {s['title']}")
        self.query_one("#catalog", Static).update("\n".join(lines))
        problems = self.query_one("#problems", Static)
        if result.skipped or result.problems:
            shown = [str(p) for p in result.problems[:8]]
            more = len(result.problems) - len(shown)
            if more > 0:
                shown.append(f"... and {more} more: run 'trainer validate'")
            skipped = f"{count(len(result.skipped), 'file')} skipped. " if result.skipped else ""
            problems.update(f"{skipped}Problems in content:\n" + "\n".join(shown))
            problems.add_class("has-problems")
        else:
            problems.update("")
