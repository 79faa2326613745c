"""Styles of a widget's parts, read from the stylesheet's component classes."""

from __future__ import annotations

from dataclasses import replace

from textual.style import Style
from textual.widget import Widget


def part_style(widget: Widget, component: str) -> Style:
    """The text style of one component class of `widget`, with no background of its own.

    Colours such as `$text-muted` are relative to what lies beneath, so they are resolved against
    the widget's own background rather than read alone (which would turn them white).
    """
    return replace(widget.get_visual_style(component), background=None)


def plot_color(widget: Widget, component: str) -> tuple[int, int, int] | str:
    """The colour of one component class as plotext takes it: an RGB triple, or its default."""
    color = widget.get_component_rich_style(component).color
    if color is None:
        return "default"
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)
