"""Spaced review with FSRS: every answered item has a memory state and a due date."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler

from trainer.engine.scoring import full_marks

# Fuzzing spreads due dates with the global random generator; reviews must be reproducible.
_SCHEDULER = Scheduler(enable_fuzzing=False)

URGENT = 2
MISSED = 1


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A card after a review: its state as JSON, when it is due, and how urgent it is."""

    card: str
    due: datetime
    priority: int


def rating(value: float, confidence: str | None) -> Rating:
    """How well an item was recalled, from its score and how sure the candidate was."""
    if value < 0.5:
        return Rating.Again
    if not full_marks(value) or confidence == "low":
        return Rating.Hard
    if confidence == "high":
        return Rating.Easy
    return Rating.Good


def priority(value: float, confidence: str | None) -> int:
    """A confident wrong answer is the most dangerous kind: it comes first among due items."""
    if value < 0.5:
        return URGENT if confidence == "high" else MISSED
    return 0


def _new_card(item_id: str, now: datetime) -> Card:
    digest = hashlib.blake2b(item_id.encode(), digest_size=6).digest()
    return Card(card_id=int.from_bytes(digest, "big"), due=now)


def review(
    card_json: str | None, item_id: str, value: float, confidence: str | None, now: datetime
) -> Reviewed:
    """Schedule an item after an answer; `card_json` is its previous state, None the first time."""
    if now.tzinfo is None:
        raise ValueError("naive datetimes are refused: pass an aware UTC time")
    card = Card.from_dict(json.loads(card_json)) if card_json else _new_card(item_id, now)
    updated, _ = _SCHEDULER.review_card(card, rating(value, confidence), now)
    return Reviewed(json.dumps(updated.to_dict()), updated.due, priority(value, confidence))
