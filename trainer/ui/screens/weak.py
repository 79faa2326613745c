"""Weak areas: the engine's ranking, each topic's estimate, interval, trend and evidence."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static

from trainer.ui.messages import OpenSession
from trainer.ui.screens.base import ReadingScreen
from trainer.ui.text import literal
from trainer.ui.widgets.topic_bars import LEGEND, TopicBars

if TYPE_CHECKING:
    from trainer.engine.mastery import WeakAreas
    from trainer.study import Study

NO_TOPICS = "No answers yet: practise (p on home) to see your topics ranked here."
CHOOSE = "Enter or d drills the highlighted one"


class WeakScreen(ReadingScreen["WeakAreas"]):
    """Topics weakest first; Enter or d drills the highlighted one."""

    CSS_PATH = "dashboard.tcss"

    SUBTITLE = "Weak areas"
    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("d", "drill", "Drill this topic"),
        Binding("escape", "close", "Home"),
    ]
    ranked = 0
    """How many topics are ranked: the drill key is offered only when there is one."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="weak-body"):
            with Vertical(id="weak-head"):
                yield Static("", id="advice")
                yield Static("", id="unexplored")
            with Vertical(id="ranking-panel", classes="panel"):
                yield Static(LEGEND, id="ranking-legend")
                yield TopicBars(selectable=True, id="ranking")
                yield Static(NO_TOPICS, id="ranking-empty")
        yield Footer()

    def prepare(self) -> None:
        self.query_one("#ranking-panel").border_title = "Topics, weakest first"

    def gather(self, study: Study) -> WeakAreas:
        return study.weak_areas()

    def show(self, areas: WeakAreas) -> None:
        self.query_one("#advice", Static).update(literal(areas.recommendation))
        ranking = self.query_one("#ranking", TopicBars)
        ranking.show(areas.ranked)
        ranking.display = bool(areas.ranked)
        self.query_one("#ranking-legend").display = bool(areas.ranked)
        self.query_one("#ranking-empty").display = not areas.ranked
        self.query_one("#ranking-panel").border_subtitle = CHOOSE if areas.ranked else ""
        self.ranked = len(areas.ranked)
        self.refresh_bindings()
        if areas.ranked:
            ranking.focus()
        unexplored = self.query_one("#unexplored", Static)
        unexplored.update(literal("Not tried yet: " + ", ".join(areas.unexplored)))
        unexplored.display = bool(areas.unexplored)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill":
            return self.ranked > 0
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._drill(event.option.id)

    def action_drill(self) -> None:
        ranking = self.query_one("#ranking", TopicBars)
        option = ranking.highlighted_option
        self._drill(option.id if option else None)

    def _drill(self, key: str | None) -> None:
        study = self.trainer.study
        if study is None or key is None:
            return
        section, topic = key.split("/", 1)
        self.app.post_message(
            OpenSession(partial(study.start_practice, 10, section=section, topic=topic))
        )
