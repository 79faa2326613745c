"""The study plan: every day from today to the exam, worked back from the exam date.

The plan simulates the days ahead through the same FSRS scheduler the reviews use, taking every
planned review as recalled (the plan is drawn again from the history each day, so a miss or a
missed day re-plans rather than piling up). Per day, within the candidate's minutes:

1. **Reviews** of the items due. Desired retention rises as the exam nears: `start_retention`
   until `ramp_days` before it, then evenly to `final_retention` on the day. A review whose next
   one would fall after the exam is instead put on the last day its recall is still at the final
   retention, unless recall is still above it on the exam day; so every item reviewed reaches
   the exam at the final retention without the reviews a flat high retention costs. Each review
   goes on the least loaded day between its due day and a tenth of its interval earlier (early
   never lowers recall), never on a mock day. Reviews that do not fit a day's minutes move on
   to the next day, and are counted.
2. **New items** of the blueprint, weakest and heaviest topics first: a topic's share is its
   weight in the exam times how far its mastery is from full, interleaved so no topic waits for
   another to run out. They are spread evenly until `introduce_by` days before the exam.
3. **Drills** of the three weakest topics fill what is left of the day, in drills of up to
   `drill_items` questions (none shorter than `min_drill_items`, unless the topic has fewer)
   taken in turn, a topic given no more questions a day than it has.

Full timed mocks go exactly `mock_days` before the exam, only where the exam is still that far
off, so a plan drawn again on a later day keeps them where they were; a mock day holds the mock
alone (no review is placed there), and its cap is the mock's length. Nothing is planned on or
after the exam day. Items' times are the candidate's own mean per topic, else overall, else
`default_seconds`, and never under `min_seconds` (answers clicked through in a second would
otherwise fill a day with thousands of questions).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

import msgspec
from fsrs import Card, Rating, Scheduler

from trainer.engine.review import card_from_json, new_card


class Settings(msgspec.Struct, frozen=True):
    start_retention: float = 0.85
    final_retention: float = 0.95
    ramp_days: int = 21
    mock_days: tuple[int, ...] = (28, 14, 7, 3)
    introduce_by: int = 7
    """Days before the exam by which every new item has been seen once."""
    drill_items: int = 10
    min_drill_items: int = 5
    default_seconds: float = 60.0
    min_seconds: float = 15.0
    exam_aware: bool = True
    """Whether reviews that would fall after the exam are brought before it (see rule 1);
    off, the plan is plain FSRS at the day's retention, as a comparison."""


DEFAULTS = Settings()


class Scope(msgspec.Struct, frozen=True):
    """An item the exam may ask, with its topic ("section/topic")."""

    id: str
    topic: str


class Day(msgspec.Struct, frozen=True):
    """One day of the plan."""

    date: date
    cap: float
    """Minutes the day may hold: the daily minutes, or a mock day's mock."""
    retention: float
    reviews: tuple[str, ...] = ()
    new: tuple[str, ...] = ()
    drills: tuple[tuple[str, int], ...] = ()
    """(topic, questions) per weak topic drilled."""
    mock: str | None = None
    minutes: float = 0.0
    parts: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """Minutes of reviews, of new items and of drills."""

    @property
    def drill_questions(self) -> int:
        return sum(n for _, n in self.drills)


class StudyPlan(msgspec.Struct, frozen=True):
    today: date
    exam_date: date
    minutes: int
    days: tuple[Day, ...]
    recall: Mapping[str, float]
    """Each item reviewed by the exam: its predicted recall on the exam day, following the plan."""
    not_reached: int
    """New items the minutes leave no room for before the exam."""
    deferred: int
    """Reviews moved past their due day because a day was full."""
    reviews: int = 0

    @property
    def mean_recall(self) -> float:
        return sum(self.recall.values()) / len(self.recall) if self.recall else 0.0


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


class _Memory:
    """The planning scheduler: reviews taken as recalled, no sub-day learning steps."""

    def __init__(self) -> None:
        self._schedulers: dict[float, Scheduler] = {}
        self._probe = Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())

    def review(self, card: Card, retention: float, when: datetime) -> Card:
        key = round(retention, 3)
        scheduler = self._schedulers.get(key)
        if scheduler is None:
            scheduler = Scheduler(
                desired_retention=key,
                enable_fuzzing=False,
                learning_steps=(),
                relearning_steps=(),
            )
            self._schedulers[key] = scheduler
        updated, _ = scheduler.review_card(card, Rating.Good, when)
        return updated

    def recall(self, card: Card, when: datetime) -> float:
        return float(self._probe.get_card_retrievability(card, when))

    def last_day_at(self, card: Card, start: date, end: date, retention: float) -> int | None:
        """The last day index (from `start`, before `end`) on which recall is still at
        `retention`; None when it still is on `end`."""
        last = (end - start).days
        if self.recall(card, _noon(end)) >= retention:
            return None
        low, high = 0, last - 1
        if self.recall(card, _noon(start)) < retention:
            return 0
        while low < high:
            middle = (low + high + 1) // 2
            if self.recall(card, _noon(start + timedelta(days=middle))) >= retention:
                low = middle
            else:
                high = middle - 1
        return low


def retention_on(days_left: int, settings: Settings) -> float:
    """The desired retention with `days_left` days to the exam."""
    if days_left >= settings.ramp_days:
        return settings.start_retention
    rise = settings.final_retention - settings.start_retention
    return settings.start_retention + rise * (settings.ramp_days - days_left) / settings.ramp_days


def _seconds(
    scope: Sequence[Scope], history: Mapping[str, tuple[int, float]], settings: Settings
) -> tuple[dict[str, float], float]:
    by_topic: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for item in scope:
        if item.id in history:
            attempts, spent = history[item.id]
            by_topic[item.topic][0] += attempts
            by_topic[item.topic][1] += spent
    answers = sum(v[0] for v in by_topic.values())
    overall = (
        sum(v[1] for v in by_topic.values()) / answers if answers else settings.default_seconds
    )
    overall = max(overall, settings.min_seconds)
    out = {}
    for item in scope:
        count, total = by_topic.get(item.topic, (0.0, 0.0))
        out[item.id] = max(total / count, settings.min_seconds) if count else overall
    return out, overall


def _new_order(
    unseen: Sequence[Scope], priority: Mapping[str, float], rng: random.Random
) -> list[str]:
    """Interleave topics in proportion to their priority (stride scheduling)."""
    queues: dict[str, list[str]] = defaultdict(list)
    for item in unseen:
        queues[item.topic].append(item.id)
    for topic in sorted(queues):
        rng.shuffle(queues[topic])
    passes = {t: 1.0 / max(priority.get(t, 0.0), 1e-6) for t in queues}
    pointers = {t: 0 for t in queues}
    order = []
    while passes:
        topic = min(passes, key=lambda t: (passes[t], t))
        order.append(queues[topic][pointers[topic]])
        pointers[topic] += 1
        if pointers[topic] == len(queues[topic]):
            del passes[topic]
        else:
            passes[topic] += 1.0 / max(priority.get(topic, 0.0), 1e-6)
    return order


def plan(
    *,
    today: date,
    exam_date: date,
    minutes: int,
    scope: Sequence[Scope],
    cards: Mapping[str, str],
    mastery: Mapping[str, float],
    weights: Mapping[str, float],
    mock: tuple[str, float] | None,
    history: Mapping[str, tuple[int, float]] | None = None,
    seed: int = 0,
    settings: Settings = DEFAULTS,
) -> StudyPlan:
    """A day-by-day plan; `cards` are the items' FSRS states as JSON, `mastery` each topic's
    estimated accuracy, `weights` each topic's share of the exam, `mock` the blueprint and its
    minutes, `history` per item the attempts and seconds so far. The same inputs and seed give
    the same plan."""
    span = (exam_date - today).days
    memory = _Memory()
    seconds, pace = _seconds(scope, history or {}, settings)
    sizes: dict[str, int] = defaultdict(int)
    for item in scope:
        sizes[item.topic] += 1
    in_scope = {item.id for item in scope}
    state: dict[str, Card] = {}
    for item_id in sorted(cards):
        if item_id in in_scope and (card := card_from_json(cards[item_id])) is not None:
            state[item_id] = card

    mock_at = _mock_days(span, settings, mock)
    load = [0.0] * max(span, 0)
    due: dict[int, list[str]] = defaultdict(list)

    def place(item_id: str, day: int, interval: int) -> None:
        spread = max(0, interval // 10)
        candidates = [d for d in range(max(day - spread, 0), day + 1) if d not in mock_at]
        if not candidates:
            candidates = [d for d in range(day, span) if d not in mock_at][:1]
        if not candidates:
            return
        chosen = min(candidates, key=lambda d: (load[d], -d))
        load[chosen] += seconds[item_id]
        due[chosen].append(item_id)

    def schedule(item_id: str, card: Card, day: int) -> None:
        """Put the next review of a card last seen on `day` (or now) on the plan, if any."""
        next_day = max((card.due.date() - today).days, day + 1)
        if next_day >= span:
            if not settings.exam_aware:
                return
            last = memory.last_day_at(card, today, exam_date, settings.final_retention)
            if last is None:
                return
            next_day = max(last, day + 1)
            if next_day >= span:
                return
        place(item_id, next_day, next_day - day)

    for item_id, card in state.items():
        # A card seen today waits for tomorrow: its minutes-long learning steps are the
        # session's business, and the plan counts in days.
        seen_today = card.last_review is not None and card.last_review.date() >= today
        schedule(item_id, card, 0 if seen_today else -1)

    scores = {t: weights.get(t, 0.0) * (1.0 - mastery.get(t, 0.5)) for t in weights}
    unseen = [item for item in scope if item.id not in state]
    order = _new_order(unseen, scores, random.Random(seed))
    window = max(1, span - settings.introduce_by) if span > settings.introduce_by else span
    study_days = sum(1 for d in range(window) if d not in mock_at) or 1
    even = math.ceil(len(order) / study_days) if order else 0
    weakest = sorted(scores, key=lambda t: (-scores[t], t))
    days: list[Day] = []
    deferred = reviews = 0
    next_new = 0
    for d in range(span):
        on = today + timedelta(days=d)
        retention = retention_on(span - d, settings)
        if d in mock_at:
            assert mock is not None
            moved = due.pop(d, [])
            if moved and d + 1 < span:
                due[d + 1].extend(moved)
            days.append(Day(on, mock[1], retention, mock=mock[0], minutes=mock[1]))
            continue
        budget = minutes * 60.0
        done: list[str] = []
        start_budget = budget
        waiting = sorted(due.pop(d, []))
        for position, item_id in enumerate(waiting):
            if seconds[item_id] > budget:
                rest = waiting[position:]
                deferred += len(rest)
                if d + 1 < span:
                    due[d + 1].extend(rest)
                break
            budget -= seconds[item_id]
            done.append(item_id)
        when = _noon(on)
        for item_id in done:
            state[item_id] = memory.review(state[item_id], retention, when)
            schedule(item_id, state[item_id], d)
        reviews += len(done)
        review_seconds = start_budget - budget
        new: list[str] = []
        if d < window:
            # The even share, or up to twice it while there is time: ahead is safer than behind.
            quota = min(2 * even, len(order) - next_new)
            while next_new < len(order) and len(new) < quota:
                item_id = order[next_new]
                if seconds[item_id] > budget:
                    break
                budget -= seconds[item_id]
                new.append(item_id)
                next_new += 1
            for item_id in new:
                state[item_id] = memory.review(new_card(item_id, when), retention, when)
                schedule(item_id, state[item_id], d)
        new_seconds = start_budget - budget - review_seconds
        # Drills only once the day's new items are all in: seeing every item comes first.
        drills = (
            _drills(budget, weakest, settings, d, pace, sizes)
            if next_new == len(order) or len(new) >= even
            else ()
        )
        drill_seconds = sum(n for _, n in drills) * pace
        spent = review_seconds + new_seconds + drill_seconds
        days.append(
            Day(
                on,
                float(minutes),
                retention,
                reviews=tuple(done),
                new=tuple(new),
                drills=drills,
                minutes=round(spent / 60.0, 1),
                parts=(
                    round(review_seconds / 60, 1),
                    round(new_seconds / 60, 1),
                    round(drill_seconds / 60, 1),
                ),
            )
        )
    exam = _noon(exam_date)
    recall = {item_id: memory.recall(card, exam) for item_id, card in sorted(state.items())}
    return StudyPlan(
        today=today,
        exam_date=exam_date,
        minutes=minutes,
        days=tuple(days),
        recall=recall,
        not_reached=len(order) - next_new,
        deferred=deferred,
        reviews=reviews,
    )


def _drills(
    budget: float,
    weakest: Sequence[str],
    settings: Settings,
    day: int,
    pace: float,
    sizes: Mapping[str, int],
) -> tuple[tuple[str, int], ...]:
    """Drills of the three weakest topics, taken in turn (from a turn that moves on day by day)
    in drills of up to `drill_items` questions, filling the time left but giving no topic more
    questions than it has (a topic smaller than `min_drill_items` is drilled whole); per topic,
    its questions."""
    topics = list(weakest[:3])
    out: dict[str, int] = {}
    questions = int(budget // pace)
    turn = day
    while topics and questions >= settings.min_drill_items:
        topic = topics[turn % len(topics)]
        room = sizes.get(topic, 0) - out.get(topic, 0)
        size = min(settings.drill_items, questions, room)
        if size <= 0 or size < min(settings.min_drill_items, sizes.get(topic, 0)):
            topics.remove(topic)
            continue
        out[topic] = out.get(topic, 0) + size
        questions -= size
        turn += 1
    return tuple(out.items())


def _mock_days(span: int, settings: Settings, mock: tuple[str, float] | None) -> set[int]:
    """The mocks' days: exactly their distance before the exam, so a plan drawn again on a
    later day keeps them where the candidate saw them; reviews are kept off those days."""
    if mock is None:
        return set()
    return {span - before for before in settings.mock_days if 0 <= span - before < span}
