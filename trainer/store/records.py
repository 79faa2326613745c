"""The rows the history keeps: typed values, encoded to column text only inside the store.

Plans, reports, section timings and review cards are the engine's documents: the store sits beside
the engine and cannot import it, so it keeps them as the JSON their engine types encode.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from trainer.content.models import Confidence, MissReason, Response, SessionMode, SessionStatus

Move = dict[str, str | int | bool]
"""One move of an interview run: `{"choice": n}`, `{"text": "..."}` or `{"continue": true}`."""

Points = float | tuple[float, float]
"""A competency's score in a run: the points so far, or (scored, best) once the run has ended."""


class SessionRow(msgspec.Struct, frozen=True, kw_only=True):
    """One study session: its mode, the plan it follows, and how it ended."""

    id: str
    profile_id: int
    mode: SessionMode
    started_at: datetime
    plan: str
    """The engine's plan of the session (its `Plan`) as JSON: items, sections, timing, seed."""
    blueprint: str | None = None
    form_code: str | None = None
    seed: int | None = None
    state: SessionStatus = "open"
    finished_at: datetime | None = None
    score: float | None = None
    passed: bool | None = None
    seconds: float = 0.0
    position: int = 0
    section: int = 0
    section_elapsed: str = "[]"
    """The engine's `Timing` as JSON (seconds used in each section), saved at every answer."""
    report: str | None = None
    """The engine's `Report` of a finished session, as JSON."""


class AnswerRow(msgspec.Struct, frozen=True, kw_only=True):
    """One answer as it was given; a changed answer is a new row, the latest one counts."""

    session_id: str
    profile_id: int
    item_id: str
    item_hash: str
    section: str
    topic: str
    tags: tuple[str, ...]
    """The item's tags as they were when it was answered."""
    response: Response
    score: float | None
    seconds: float
    answered_at: datetime
    confidence: Confidence | None = None
    id: int | None = None
    miss_reason: MissReason | None = None


class AttemptAnswer(msgspec.Struct, frozen=True, array_like=True):
    """The answer that counts to one question of a sitting: the latest given."""

    item_id: str
    item_hash: str
    response: Response
    """In the options' letters as written in the bank."""
    score: float | None


class FirstAttempt(msgspec.Struct, frozen=True, kw_only=True):
    """A profile's first sitting of a mock exam that closed (finished or left), and its answers:
    what item analysis reads, since later sittings are by candidates who have seen the answers."""

    session_id: str
    profile_id: int
    blueprint: str
    form_code: str | None
    state: SessionStatus
    started_at: datetime
    plan: str
    """The session's plan (the engine's `Plan`) as JSON: the questions asked, answered or not."""
    answers: tuple[AttemptAnswer, ...]


class ItemState(msgspec.Struct, frozen=True, kw_only=True):
    """What a candidate marked on an item in a session: a flag and struck-out options."""

    session_id: str
    item_id: str
    flagged: bool = False
    struck: frozenset[int] = frozenset()
    """The options struck out, by their index in the bank."""


class CardRow(msgspec.Struct, frozen=True, kw_only=True):
    """The spaced-repetition memory state of one item for one profile."""

    profile_id: int
    item_id: str
    card: str
    """The scheduler's card as the JSON the engine's review module writes."""
    due: datetime
    priority: int = 0
    """Higher comes first among due cards: a confident wrong answer is the most urgent."""


class Bucket(msgspec.Struct, frozen=True, array_like=True):
    """Answers to one key (a topic or a tag) around one day: how many, and their total score."""

    kind: str
    key: str
    day: int
    count: int
    total: float


class Tally(msgspec.Struct, frozen=True, kw_only=True):
    """The scored answers that count to one topic with one set of tags, from the running summary."""

    topic: str
    """"section/topic"."""
    tags: tuple[str, ...]
    """The items' tags as recorded with each answer."""
    count: int
    total: float
    weighted_count: float
    """The answers weighted by age as on the day the tally was read (half-life 30 days)."""
    weighted_total: float
    week: int
    """The latest week (days since 1970-01-01 over 7) with an answer here."""
    weeks: tuple[tuple[int, float], ...]
    """Answers and total score in `week`, `week - 1` and `week - 2`: the recent trend."""


class ScenarioRunRow(msgspec.Struct, frozen=True, kw_only=True):
    """One run of an interview scenario, and its debrief."""

    id: str
    profile_id: int
    scenario_id: str
    started_at: datetime
    finished_at: datetime | None = None
    outcome: str | None = None
    scores: dict[str, Points] = msgspec.field(default_factory=dict)
    """Each competency's points: the running total, or (scored, best) once the run ended."""
    path: tuple[Move, ...] = ()
    """The moves made, in order: replaying them rebuilds the run."""


class KeyTally(msgspec.Struct, frozen=True, kw_only=True):
    """The scored answers that count to one topic or one set of tags, summed from the running
    summaries as they stand on the day they were read."""

    kind: str
    """`topic`, or `tags` for a set of tags."""
    key: str
    """"section/topic", or the tags as recorded with each answer (use `tags` to read them)."""
    count: int
    total: float
    weighted_count: float
    """The answers weighted by age as on the day read (half-life 30 days)."""
    weighted_total: float
    recent_count: int
    """The answers of the weeks whose middle day falls in the recent window (the trend)."""
    recent_total: float
    tags: tuple[str, ...] = ()
    """The set of tags when `kind` is `tags`; empty for a topic."""


class GoalRow(msgspec.Struct, frozen=True, kw_only=True):
    """A candidate's goal: the exam's date, the mock it is modelled on, the minutes a day."""

    profile_id: int
    exam_date: date
    blueprint: str
    minutes: int
    set_at: datetime


class PredictionRow(msgspec.Struct, frozen=True, kw_only=True):
    """What readiness predicted for a mock exam as it began, kept to set against its score."""

    session_id: str
    profile_id: int
    blueprint: str
    made_at: datetime
    median: float
    low: float
    high: float
    p_pass: float


class CalibrationAnswer(msgspec.Struct, frozen=True):
    """A profile's first counting answer to an item, as calibration reads it: the profile as
    text, the row id as the answering order, and the version of the item it answered."""

    profile: str
    item: str
    item_hash: str
    score: float
    seq: int


class ParameterRow(msgspec.Struct, frozen=True, kw_only=True):
    """One item's calibrated parameters, and the version of the item and model they fit."""

    item_id: str
    item_hash: str
    """The digest of the item's content when it was calibrated: an edit makes the fit stale."""
    model: str
    """`1pl` or `2pl`."""
    a: float
    b: float
    c: float
    se_a: float
    se_b: float
    answers: int
    """First attempts the fit rests on."""
    prior: bool
    """Whether it kept its prior, for want of answers."""
    calibrated_at: datetime


class ProfileActivity(msgspec.Struct, frozen=True, kw_only=True):
    """One profile's activity from the per-day summary: answers in all, in the last week and in
    a window of days ending on the day asked, the days it studied in that window, and the last."""

    profile_id: int
    name: str
    answers: int
    week: int
    """Answers on the seven UTC dates ending on the day asked."""
    window: int
    """Answers on the UTC dates of the window ending on the day asked."""
    days: int
    """UTC dates in the window with at least one answer."""
    last_day: date | None
    """The last UTC date with an answer; None before the first."""


class ProfileTopicTally(msgspec.Struct, frozen=True, kw_only=True):
    """One profile's running summaries of one topic, summed over its sets of tags and weighted
    by age as on the day read (the recent trend left out)."""

    profile_id: int
    topic: str
    """"section/topic"."""
    count: int
    total: float
    weighted_count: float
    weighted_total: float


class ItemMisses(msgspec.Struct, frozen=True, kw_only=True):
    """One item across every profile, from the per-item summary: how many candidates answered
    it with a score, how many of them ever scored under full marks on it, and their attempts
    (scored or not)."""

    item_id: str
    candidates: int
    missed: int
    attempts: int
