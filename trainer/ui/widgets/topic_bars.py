"""Topic accuracy as bars: each filled to its estimate, its 90% interval shaded, figures beside."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trainer.content.text import clean
from trainer.engine.mastery import Mastery
from trainer.ui.widgets.styles import part_style

SURE, BELOW, ABOVE, TRACK = "█", "▓", "░", "·"
"""Up to the interval's low end, from there to the estimate, from the estimate to the high end,
and beyond the interval."""
LEGEND = f"{SURE}{BELOW} estimate   {BELOW}{ABOVE} 90% interval"
NAME_MAX = 32
BAR_MIN, BAR_MAX = 10, 50
WEAK, STRONG = 0.6, 0.75
"""Estimates below WEAK are drawn as weak, from STRONG up as strong, between as middling."""

Styles = Callable[[str], Style]
"""The style of a part of a row by name: `weak`, `middling`, `strong`, `track`, `muted`, ..."""


def bar(estimate: float, low: float, high: float, width: int) -> str:
    """A bar of `width` cells for fractions from 0 to 1: each cell's glyph says where its middle
    lies against the interval's ends and the estimate."""
    cells = []
    for i in range(width):
        middle = (i + 0.5) / width
        if middle < low:
            cells.append(SURE)
        elif middle < estimate:
            cells.append(BELOW)
        elif middle < high:
            cells.append(ABOVE)
        else:
            cells.append(TRACK)
    return "".join(cells)


def level(estimate: float) -> str:
    """`weak`, `middling` or `strong`: the colour a bar is drawn in."""
    if estimate < WEAK:
        return "weak"
    return "middling" if estimate < STRONG else "strong"


def figures(m: Mastery, *, trend: bool = True) -> list[tuple[str, str]]:
    """The figures beside a bar, each with the name of its style."""
    answers = "1 answer" if m.answers == 1 else f"{m.answers} answers"
    parts = [
        (f"{round(m.estimate * 100):3d}%", "estimate"),
        (f"  {round(m.low * 100):2d}-{round(m.high * 100)}%".ljust(10), "muted"),
        (f"{answers:>12}", "muted"),
    ]
    if trend:
        parts.append((f"  {m.trend:<7}", m.trend))
    return parts


def topic_line(m: Mastery, width: int, name_width: int, styles: Styles) -> Content:
    """One topic in `width` cells: its name, the bar, the figures; the trend and then the name
    give way when the width is short."""
    parts = figures(m)
    spare = width - name_width - 4 - sum(len(text) for text, _ in parts)
    if spare < BAR_MIN:
        parts = figures(m, trend=False)
        spare = width - name_width - 4 - sum(len(text) for text, _ in parts)
    if spare < BAR_MIN:
        name_width = max(8, name_width - (BAR_MIN - spare))
        spare = BAR_MIN
    cells = min(BAR_MAX, spare)
    name = clean(m.key)
    if len(name) > name_width:
        name = name[: name_width - 1] + "…"
    drawn = bar(m.estimate, m.low, m.high, cells)
    shade = styles(level(m.estimate))
    track = drawn.rstrip(TRACK)
    return Content.assemble(
        (name.ljust(name_width) + "  ", styles("name")),
        (track, shade),
        (drawn[len(track) :], styles("track")),
        "  ",
        *((text, styles(part)) for text, part in parts),
    ).rstrip()


def _plain(part: str) -> Style:
    return Style()


class TopicRow(Visual):
    """One topic of a TopicBars list, laid out afresh for the width it is given; the highlighted
    one is drawn in the cursor's colours alone, so every theme's cursor keeps it legible."""

    def __init__(self, bars: TopicBars, index: int, mastery: Mastery, name_width: int) -> None:
        self.bars = bars
        self.index = index
        self.mastery = mastery
        self.name_width = name_width

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        styles = _plain if self.bars.highlighted == self.index else self.bars.part_style
        line = topic_line(self.mastery, width, self.name_width, styles)
        return line.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


class TopicBars(OptionList):
    """Topics as bars, one a line; `selectable` lets the candidate move along them and choose."""

    COMPONENT_CLASSES: ClassVar[set[str]] = OptionList.COMPONENT_CLASSES | {
        f"topic-bars--{part}"
        for part in (
            *("name", "estimate", "muted", "track", "weak", "middling", "strong"),
            *("rising", "falling", "steady", "new"),
        )
    }

    def __init__(self, *, selectable: bool, id: str | None = None) -> None:
        super().__init__(id=id, classes="topic-bars")
        self.can_focus = selectable

    def part_style(self, part: str) -> Style:
        """The style of one part of a row, from the stylesheet's `topic-bars--<part>` rules."""
        return part_style(self, f"topic-bars--{part}")

    def show(self, masteries: Sequence[Mastery]) -> None:
        """Draw these topics in this order; the first is highlighted when the list is selectable."""
        name_width = min(NAME_MAX, max((len(m.key) for m in masteries), default=0))
        self.set_options(
            Option(TopicRow(self, i, m, name_width), id=m.key) for i, m in enumerate(masteries)
        )
        self.highlighted = 0 if masteries and self.can_focus else None
        self.refresh(layout=True)
