"""The text each typed column is kept as, and back again: the one place the answers' tags and
responses, the struck options and the interview runs' scores and moves are encoded and decoded,
for any back end. A text no trainer writes is a StoreError naming its row."""

from __future__ import annotations

import hashlib
from typing import Final, TypeVar, cast

import msgspec

from trainer.content.models import Response
from trainer.store.base import StoreError
from trainer.store.records import AnswerRow, AttemptAnswer, Move, Points

_T = TypeVar("_T")


class _StoredAttempt(msgspec.Struct, frozen=True, array_like=True):
    """An answer of a first attempt as the query gathers it, its response still JSON text."""

    item_id: str
    item_hash: str
    response: str
    score: float | None


# Built once: an answer is encoded on every write. A response is a tuple of letters or of
# indexes, a union msgspec cannot decode by type, so its decoder takes either and
# `decode_response` checks that a tuple is one or the other.
_ENCODER: Final = msgspec.json.Encoder()
_RESPONSE: Final = msgspec.json.Decoder(
    str | bool | int | float | tuple[str | int | None, ...] | None
)
_SCORES: Final = msgspec.json.Decoder(dict[str, Points])
_PATH: Final = msgspec.json.Decoder(tuple[Move, ...])
_ATTEMPTS: Final = msgspec.json.Decoder(tuple[_StoredAttempt, ...])


def damaged(what: str, why: str) -> str:
    """The message for a column that cannot be read: which one, why, and what to do."""
    return (
        f"the history is damaged: the {what} cannot be read ({why}); "
        "move the history aside to start a fresh one"
    )


def _decoded(decoder: msgspec.json.Decoder[_T], text: str | bytes, what: str) -> _T:
    try:
        return decoder.decode(text)
    except msgspec.DecodeError as exc:
        raise StoreError(damaged(what, str(exc))) from None


def encode_json(value: Response | dict[str, Points] | tuple[Move, ...]) -> str:
    """A response, a run's scores or its moves as their column's JSON text."""
    return _ENCODER.encode(value).decode()


def decode_response(text: str, what: str) -> Response:
    """A response from its column's JSON; `what` names the row should the text be damaged."""
    value = _decoded(_RESPONSE, text, what)
    letters = [isinstance(v, str) for v in value] if isinstance(value, tuple) else []
    if any(letters) and not all(letters):
        raise StoreError(damaged(what, "a list of both letters and numbers"))
    return cast(Response, value)


def decode_scores(text: str, what: str) -> dict[str, Points]:
    """An interview run's scores from their column's JSON."""
    return _decoded(_SCORES, text, what)


def decode_path(text: str, what: str) -> tuple[Move, ...]:
    """An interview run's moves from their column's JSON."""
    return _decoded(_PATH, text, what)


def decode_attempt_answers(text: str, session_id: str) -> tuple[AttemptAnswer, ...]:
    """A first attempt's answers from the JSON array the query builds, responses decoded."""
    return tuple(
        AttemptAnswer(
            a.item_id,
            a.item_hash,
            decode_response(a.response, f"response to {a.item_id!r} in session {session_id!r}"),
            a.score,
        )
        for a in _decoded(_ATTEMPTS, text, f"answers of session {session_id!r}")
    )


def encode_tags(tags: tuple[str, ...]) -> str:
    """Tags as their column keeps them, comma-separated: the summaries group by this text."""
    text = ",".join(tags)
    if tags and (text.count(",") != len(tags) - 1 or "" in tags):
        raise StoreError(f"a tag cannot be empty or contain a comma: {tags!r}")
    return text


def decode_tags(text: str) -> tuple[str, ...]:
    """Tags from their column's comma-separated text."""
    return tuple(text.split(",")) if text else ()


def encode_struck(struck: frozenset[int]) -> str:
    """Struck options as their column keeps them: the indexes comma-separated, in order."""
    return ",".join(str(option) for option in sorted(struck))


def decode_struck(text: str, what: str) -> frozenset[int]:
    """Struck options from their column's text."""
    try:
        return frozenset(int(option) for option in text.split(",") if option)
    except ValueError:
        raise StoreError(damaged(what, f"not option numbers: {text!r}")) from None


def answer_request(row: AnswerRow) -> int:
    """The key that makes recording an answer idempotent: a digest of the session, the item,
    the moment (as a POSIX timestamp, to the microsecond), the response, its score, time and
    confidence, as a signed 64-bit integer (two answers to one item in one session alike in it by
    chance: one in 10^19). The same answer sent twice (a retry after a lost connection) has the
    same key; a changed answer has a later moment and another response or time."""
    held = (row.session_id, row.item_id, row.answered_at.timestamp(), row.response, row.score)
    encoded = _ENCODER.encode((*held, row.seconds, row.confidence))
    return int.from_bytes(hashlib.blake2b(encoded, digest_size=8).digest(), signed=True)
