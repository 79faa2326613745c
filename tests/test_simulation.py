"""A scripted candidate, weak in one topic and strong in the rest: the engine must notice."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from tests.factory import TOPICS, catalog, study
from trainer.engine.mastery import estimate, from_buckets, weak_areas

WEAK = "law/vwp"
SKILL = {f"{s}/{t}": (0.3 if f"{s}/{t}" == WEAK else 0.9) for s, t in TOPICS}


def test_three_hundred_answers_reveal_the_weak_topic_and_the_drill_targets_it(
    sealed: Path,
) -> None:
    s, clock = study(sealed, catalog(per_topic=25))
    candidate = random.Random(2026)
    answered = 0
    while answered < 300:
        live = s.start_practice(10)
        for position in range(len(live.plan.item_ids)):
            live.go(position)
            item = live.item()
            knows = candidate.random() < SKILL.get(f"{item.section}/{item.topic}", 0.9)
            correct = item.question.answer
            live.answer(correct if knows else ("A" if correct != "A" else not correct))
            clock.advance(40)
            answered += 1
        clock.advance(6 * 3600)

    areas = s.weak_areas()
    assert areas.ranked[0].key == WEAK
    weakest = areas.ranked[0]
    assert weakest.estimate < 0.5 < areas.ranked[1].estimate
    assert weakest.low < weakest.estimate < weakest.high
    assert weakest.answers >= 50
    assert areas.recommendation.endswith(f"drill {WEAK}.") or WEAK in areas.recommendation

    drawn: Counter[str] = Counter()
    for _ in range(5):
        drill = s.start_drill(10)
        drawn.update(
            f"{i.section}/{i.topic}" for i in map(s.catalog.by_id.get, drill.plan.item_ids) if i
        )
    assert drawn.most_common(1)[0][0] == WEAK
    assert drawn[WEAK] > sum(drawn.values()) / 2


def test_topics_never_tried_are_unexplored_not_weak() -> None:
    areas = weak_areas([], ["law/vwp", "reasoning/logic"])
    assert areas.ranked == ()
    assert areas.unexplored == ("law/vwp", "reasoning/logic")
    assert areas.recommendation == "Try law/vwp: no answers there yet."


class B:
    def __init__(self, kind: str, key: str, day: int, count: int, total: float) -> None:
        self.kind, self.key, self.day, self.count, self.total = kind, key, day, count, total


def test_old_answers_count_less_and_trends_show() -> None:
    # 20 wrong answers 90 days ago, then 10 right ones this week: the estimate follows the recent.
    buckets = [B("topic", "law/vwp", 0, 20, 0.0), B("topic", "law/vwp", 88, 10, 10.0)]
    found = {(m.kind, m.key): m for m in estimate(from_buckets(buckets, today=90))}
    topic, section = found["topic", "law/vwp"], found["section", "law"]
    assert section.estimate == topic.estimate
    assert topic.trend == "rising"
    assert topic.estimate > 0.5
    assert topic.answers == 30
    assert topic.reason == f"{round(topic.estimate * 100)}% over 30 answers, rising"


def test_a_first_answer_alone_makes_no_extreme() -> None:
    missed = estimate(from_buckets([B("topic", "reasoning/logic", 5, 1, 0.0)], today=5))[-1]
    right = estimate(from_buckets([B("topic", "reasoning/logic", 5, 1, 1.0)], today=5))[-1]
    assert (missed.kind, right.kind) == ("topic", "topic")
    assert 0.25 < missed.estimate < 0.5 < right.estimate < 0.75
    assert missed.reason.startswith(f"{round(missed.estimate * 100)}% over 1 answer")


def test_little_evidence_stays_near_the_candidates_average() -> None:
    buckets = [B("topic", "law/vwp", 10, 1, 0.0), B("topic", "law/forms", 10, 40, 32.0)]
    found = {m.key: m for m in estimate(from_buckets(buckets, today=10))}
    one_miss = found["law/vwp"]
    assert 0.5 < one_miss.estimate < 0.8
    assert one_miss.high - one_miss.low > found["law/forms"].high - found["law/forms"].low
