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
