"""Which version of a question an answer answered: a digest of the question's content."""

from __future__ import annotations

import hashlib

import msgspec

from trainer.content.catalog import Item


def item_hash(item: Item) -> str:
    """A digest of a question's content: the history recognises an edited question by it."""
    return hashlib.blake2b(msgspec.msgpack.encode(item.question), digest_size=8).hexdigest()
