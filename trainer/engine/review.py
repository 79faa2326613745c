"""Spaced review with FSRS: every answered item has a memory state and a due date."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import msgspec
from fsrs import Card, Rating, Scheduler

from trainer.content.models import Confidence
from trainer.engine.scoring import full_marks

DEFAULT_RETENTION = 0.9

_SCHEDULERS: dict[float, Scheduler] = {}


def _scheduler(retention: float) -> Scheduler:
    # Fuzzing spreads due dates with the global random generator; reviews must be reproducible.
    key = round(retention, 3)
    found = _SCHEDULERS.get(key)
    if found is None:
        found = _SCHEDULERS[key] = Scheduler(desired_retention=key, enable_fuzzing=False)
    return found


URGENT = 2
MISSED = 1


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A card after a review: its state as JSON, when it is due, and how urgent it is."""

    card: str
    due: datetime
    priority: int


def rating(value: float, confidence: Confidence | None) -> Rating:
    """How well an item was recalled, from its score and how sure the candidate was."""
    if value < 0.5:
        return Rating.Again
    if not full_marks(value) or confidence == "low":
        return Rating.Hard
    if confidence == "high":
        return Rating.Easy
    return Rating.Good


def priority(value: float, confidence: Confidence | None) -> int:
    """A confident wrong answer is the most dangerous kind: it comes first among due items."""
    if value < 0.5:
        return URGENT if confidence == "high" else MISSED
    return 0


def new_card(item_id: str, now: datetime) -> Card:
    """An item's card before its first review; its id is fixed by the item's."""
    digest = hashlib.blake2b(item_id.encode(), digest_size=6).digest()
    return Card(card_id=int.from_bytes(digest, "big"), due=now)


def card_from_json(text: str) -> Card | None:
    """A stored card, or None when the text is not one (a damaged row is left unplanned)."""
    try:
        return Card.from_dict(json.loads(text))
    except (ValueError, TypeError, KeyError):
        return None


class _Memory(msgspec.Struct):
    """The part of a stored card that recall depends on."""

    stability: float | None = None
    last_review: datetime | None = None


_MEMORY = msgspec.json.Decoder(_Memory)
_DAY_US = 86_400_000_000
_DECAY = -_scheduler(DEFAULT_RETENTION).parameters[20]
_FACTOR = 0.9 ** (1 / _DECAY) - 1
"""FSRS's forgetting curve, R = (1 + FACTOR * days / stability) ** DECAY, as the library has it."""


class Recall(msgspec.Struct, frozen=True):
    """Each reviewed item's chance of recall at one time, and the span of times around it with
    the same figures (recall moves only as whole days pass since each card's last review)."""

    chances: dict[str, float]
    start: datetime
    end: datetime

    def holds(self, when: datetime) -> bool:
        return self.start <= when < self.end

    def updated(self, changed: Mapping[str, str], when: datetime) -> Recall:
        """These figures with the cards in `changed` (item to its stored card, as `recall`
        takes them) read again at `when`; the span is where both the old and the new hold."""
        fresh = recall(changed, when)
        chances = dict(self.chances)
        for item_id in changed:
            chances.pop(item_id, None)
        chances.update(fresh.chances)
        return Recall(chances, max(self.start, fresh.start), min(self.end, fresh.end))


def recall(cards: Mapping[str, str], when: datetime) -> Recall:
    """FSRS's probability that each item is recalled at `when`, from its stored card; a card
    never reviewed, or one that cannot be read, is left out."""
    chances = {}
    # The least and the most of a day, in microseconds, that has passed since a last review
    # beyond its whole days: until either crosses a day's end, every figure stays the same.
    least, most = _DAY_US, 0
    for item_id, text in cards.items():
        try:
            memory = _MEMORY.decode(text)
        except (msgspec.ValidationError, msgspec.DecodeError):
            continue
        if memory.stability is None or memory.last_review is None:
            continue
        gap = when - memory.last_review
        part = gap.seconds * 1_000_000 + gap.microseconds
        if part < least:
            least = part
        if part > most:
            most = part
        # As Scheduler.get_card_retrievability reckons it (days passed, none when before the
        # review), without building a Card.
        days = gap.days if gap.days > 0 else 0
        chances[item_id] = (1 + _FACTOR * days / memory.stability) ** _DECAY
    if not chances:
        return Recall(chances, datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))
    return Recall(
        chances,
        when - timedelta(microseconds=least),
        when + timedelta(microseconds=_DAY_US - most),
    )


def review(
    card_json: str | None,
    item_id: str,
    value: float,
    confidence: Confidence | None,
    now: datetime,
    *,
    retention: float = DEFAULT_RETENTION,
) -> Reviewed:
    """Schedule an item after an answer; `card_json` is its previous state, None the first time;
    the next review falls where recall is expected to drop to `retention`."""
    if now.tzinfo is None:
        raise ValueError("naive datetimes are refused: pass an aware UTC time")
    card = Card.from_dict(json.loads(card_json)) if card_json else new_card(item_id, now)
    updated, _ = _scheduler(retention).review_card(card, rating(value, confidence), now)
    return Reviewed(json.dumps(updated.to_dict()), updated.due, priority(value, confidence))
