"""Mock exam scores over time on a 0-100% axis with the pass mark, or what to do to have some."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.style import Style
from textual.widgets import Static
from textual_plotext import PlotextPlot

from trainer.ui.widgets.styles import part_style, plot_color

PERCENT_TICKS = (0, 25, 50, 75, 100)
PASSED, FAILED, MARK, PREDICTED = "●", "✗", "──", "◆"
EMPTY = "No mock exams yet.\nSit a mock exam (m on home) to see your scores here."
NEAR = 12
"""Percentage points within which a quarter's label gives way to the pass mark's."""
TICK_CELLS = 9
"""Columns each labelled attempt needs along the bottom axis."""


@dataclass(frozen=True)
class Attempt:
    """One finished mock exam: when it was sat, its score in percent, and whether it passed."""

    day: date
    score: float
    passed: bool | None
    predicted: tuple[float, float, float] | None = None
    """What readiness predicted as it began: the median and the 80% interval's ends."""


def attempt_ticks(count: int, cells: int) -> list[int]:
    """Which attempts (numbered from 1) to label along an axis `cells` wide, evenly spaced."""
    if count <= 0:
        return []
    step = max(1, math.ceil(count / max(1, cells // TICK_CELLS)))
    return list(range(1, count + 1, step))


def percent_ticks(pass_mark: float | None) -> list[float]:
    """Labels up the score axis: every quarter from 0% to 100%, and the pass mark in place of
    any quarter too close to it to read apart."""
    if pass_mark is None:
        return list(PERCENT_TICKS)
    return sorted([t for t in PERCENT_TICKS if abs(t - pass_mark) >= NEAR] + [pass_mark])


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def caption(attempts: Sequence[Attempt], pass_mark: float | None) -> list[tuple[str, str]]:
    """The key beneath the plot, and the latest and best scores, each with its style's name."""
    parts: list[tuple[str, str]] = []
    if pass_mark is not None:
        parts += [(MARK, "pass-mark"), (f" pass mark {pass_mark:g}%   ", "label")]
    parts += [(PASSED, "passed"), (" passed  ", "label"), (FAILED, "failed"), (" failed", "label")]
    if any(a.predicted for a in attempts):
        parts += [(f"  {PREDICTED}", "predicted"), (" predicted, 80% range ", "label")]
    if attempts:
        best = max(a.score for a in attempts)
        mocks = "1 mock" if len(attempts) == 1 else f"{len(attempts)} mocks"
        summary = f"   last {attempts[-1].score:.0f}%, best {best:.0f}% of {mocks}"
        parts.append((summary, "label"))
    return parts


class ScoreChart(Vertical):
    """Scores of finished mock exams, oldest first, against the pass mark of the latest one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"score-chart--{part}"
        for part in ("line", "passed", "failed", "pass-mark", "predicted", "label")
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.attempts: tuple[Attempt, ...] = ()
        self.pass_mark: float | None = None

    def compose(self) -> ComposeResult:
        yield PlotextPlot(classes="score-plot")
        yield Static(EMPTY, classes="score-empty")
        yield Static("", classes="score-caption")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self.call_after_refresh(self.draw))
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def show(self, attempts: Sequence[Attempt], pass_mark: float | None) -> None:
        """Plot these attempts, oldest first, with a line at `pass_mark` when there is one."""
        self.attempts = tuple(attempts)
        self.pass_mark = pass_mark
        self.draw()

    def _rgb(self, part: str) -> tuple[int, int, int] | str:
        return plot_color(self, f"score-chart--{part}")

    def draw(self) -> None:
        """Draw the plot from the attempts held, or the empty state when there are none."""
        plot = self.query_one(".score-plot", PlotextPlot)
        empty = not self.attempts
        self.set_class(empty, "-empty")
        plot.display = not empty
        self.query_one(".score-empty", Static).display = empty
        self.query_one(".score-caption", Static).display = not empty
        if empty:
            return
        plt = plot.plt
        plt.clear_figure()
        count = len(self.attempts)
        xs = list(range(1, count + 1))
        if self.pass_mark is not None:
            plt.hline(self.pass_mark, color=self._rgb("pass-mark"))
        tint = self._rgb("predicted")
        for x, attempt in zip(xs, self.attempts, strict=True):
            if attempt.predicted is not None:
                # Each prediction a little to the left of the score it foretold, with its range.
                median, low, high = attempt.predicted
                plt.plot([x - 0.1, x - 0.1], [low, high], marker="│", color=tint)
                plt.scatter([x - 0.1], [median], marker=PREDICTED, color=tint)
        plt.plot(xs, [a.score for a in self.attempts], marker="braille", color=self._rgb("line"))
        groups = ((True, PASSED, "passed"), (False, FAILED, "failed"), (None, PASSED, "line"))
        for passed, marker, part in groups:
            points = [
                (x, a.score) for x, a in zip(xs, self.attempts, strict=True) if a.passed is passed
            ]
            if points:
                plt.scatter(*zip(*points, strict=True), marker=marker, color=self._rgb(part))
        plt.ylim(0, 100)
        ticks = percent_ticks(self.pass_mark)
        plt.yticks(ticks, [f"{t:g}%" for t in ticks])
        plt.xlim(0.5, count + 0.5)
        shown = attempt_ticks(count, self.content_size.width - 6)
        plt.xticks([float(t) for t in shown], [_day(self.attempts[t - 1].day) for t in shown])
        plot.refresh()
        parts = caption(self.attempts, self.pass_mark)
        self.query_one(".score-caption", Static).update(
            Content.assemble(*((text, self._style(part)) for text, part in parts))
        )

    def _style(self, part: str) -> Style:
        return part_style(self, f"score-chart--{part}")
