"""What an answer carries beside its response: how sure, why it was missed, which version of
the question it answered."""

from __future__ import annotations

import hashlib

import msgspec

from trainer.content.catalog import Item

MISS_REASONS = ("did-not-know", "misread", "calculation-slip", "rule-confusion", "ran-out-of-time")
CONFIDENCE = ("low", "medium", "high")


def item_hash(item: Item) -> str:
    """A digest of a question's content: the history recognises an edited question by it."""
    return hashlib.blake2b(msgspec.msgpack.encode(item.question), digest_size=8).hexdigest()
