"""The plan's daily load: a study day's minutes of reviews, of new items and of drills as three
lines, against the daily minutes, with the mock exam days marked (a mock day holds the mock
alone; its hours are named, not drawn to scale)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static
from textual_plotext import PlotextPlot

from trainer.engine.planner import Day
from trainer.ui.widgets.styles import part_style, plot_color

TICK_CELLS = 9


class LoadChart(Vertical):
    """Minutes per day of a plan as bars, the daily minutes as a line, mock days as marks."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"load-chart--{part}" for part in ("reviews", "new", "drills", "cap", "mock", "label")
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: tuple[Day, ...] = ()
        self.cap = 0.0

    def compose(self) -> ComposeResult:
        yield PlotextPlot(classes="load-plot")
        yield Static("", classes="load-caption")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self.call_after_refresh(self.draw))
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def show(self, days: Sequence[Day], cap: float) -> None:
        self.days = tuple(days)
        self.cap = cap
        self.draw()

    def _rgb(self, part: str) -> tuple[int, int, int] | str:
        return plot_color(self, f"load-chart--{part}")

    def draw(self) -> None:
        plot = self.query_one(".load-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        if not self.days:
            plot.refresh()
            return
        xs = list(range(1, len(self.days) + 1))
        for i, part in enumerate(("reviews", "new", "drills")):
            study = [(x, d.parts[i]) for x, d in zip(xs, self.days, strict=True) if not d.mock]
            if study:
                plt.plot(*zip(*study, strict=True), marker="braille", color=self._rgb(part))
        plt.hline(self.cap, color=self._rgb("cap"))
        for x, day in zip(xs, self.days, strict=True):
            if day.mock:
                plt.vline(x, color=self._rgb("mock"))
        plt.ylim(0, self.cap * 1.15)
        ticks = [round(self.cap * f) for f in (0, 0.5, 1)]
        plt.yticks([float(t) for t in ticks], [f"{t:g}" for t in ticks])
        plt.xlim(0.5, len(self.days) + 0.5)
        # A label a week, or every two or more weeks when the axis is narrow: in whole weeks, so
        # a column or two more or less (a scrollbar coming and going) does not move them.
        weeks = 1
        while len(self.days) / (7 * weeks) * TICK_CELLS > max(1, self.content_size.width - 8):
            weeks += 1
        shown = xs[:: 7 * weeks]
        labels = [f"{self.days[x - 1].date.day} {self.days[x - 1].date:%b}" for x in shown]
        plt.xticks([float(x) for x in shown], labels)
        plot.refresh()
        mocks = [d for d in self.days if d.mock]
        parts = [("──", "reviews"), (" reviews  ", "label"), ("──", "new"), (" new  ", "label"),
                 ("──", "drills"), (" drills  ", "label"), ("──", "cap"),
                 (f" {self.cap:g} min a day", "label")]  # fmt: skip
        if mocks:
            parts += [("  │", "mock"), (f" mock ({mocks[0].minutes / 60:.1f} h)", "label")]
        self.query_one(".load-caption", Static).update(
            Content.assemble(*((text, part_style(self, f"load-chart--{p}")) for text, p in parts))
        )
