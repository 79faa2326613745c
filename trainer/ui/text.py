"""Text from banks, made safe to show: never markup, never control codes."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from trainer.content.text import clean
from trainer.wording import clock_text, plural

__all__ = ["clock_text", "literal", "plain", "plural"]


def literal(text: str) -> Content:
    """Bank text as written: markup is not read, control characters are shown as symbols."""
    return Content(clean(text))


def plain(text: str) -> Text:
    """The same safety for Rich renderables (tables)."""
    return Text(clean(text))
