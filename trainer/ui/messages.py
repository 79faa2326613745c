"""Messages that carry results from workers to the screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from trainer.content.loader import LoadResult


@dataclass
class ContentLoaded(Message):
    """The content finished loading; `result` holds the catalog and every problem found."""

    result: LoadResult
