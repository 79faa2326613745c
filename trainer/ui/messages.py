"""Messages that carry results from workers to the screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from trainer.ui.app import Ready


@dataclass
class ContentLoaded(Message):
    """Content and history are ready (or failed); `ready` says which."""

    ready: Ready
