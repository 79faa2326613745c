"""The coach: the goal, readiness with its interval, the plan to the exam day (engine and Study)."""

from __future__ import annotations

import itertools
import json
import math
import random
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from fsrs import Card, Scheduler

from tests.factory import START, catalog, sit, study
from trainer.content.catalog import Catalog
from trainer.content.models import Blueprint, BlueprintSection, Draw
from trainer.engine import planner, readiness, review
from trainer.engine.goal import GoalError, make_goal
from trainer.engine.mastery import Skill
from trainer.store import sqlite as store_module
from trainer.store.records import CardRow
from trainer.store.sqlite import SqliteStore

TODAY = date(2026, 3, 2)
BLUEPRINTS = {"two-part": object()}


# The goal.


@pytest.mark.parametrize(
    ("exam", "blueprint", "minutes", "message"),
    [
        (
            "2026-02-30",
            "two-part",
            30,
            "'2026-02-30' is not a date: write the exam day as YYYY-MM-DD",
        ),
        ("next friday", "two-part", 30, "is not a date"),
        ("2026-03-01", "two-part", 30, "the exam day 2026-03-01 is already past"),
        ("2026-03-02", "two-part", 30, "the exam day 2026-03-02 is today"),
        ("2026-06-01", "nope", 30, "no mock exam 'nope' (known: two-part)"),
        ("2026-06-01", "two-part", 0, "give at least 1 minute a day"),
        ("2026-06-01", "two-part", -5, "give at least 1 minute a day"),
        ("2026-06-01", "two-part", "lots", "'lots' is not a number of minutes"),
        ("2026-06-01", "two-part", 2000, "more than a day holds"),
    ],
)
def test_a_goal_that_cannot_be_set_says_why(
    exam: str, blueprint: str, minutes: object, message: str
) -> None:
    with pytest.raises(GoalError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_goal(exam, blueprint, minutes, today=TODAY, blueprints=BLUEPRINTS)  # type: ignore[arg-type]


def test_a_goal_is_kept_per_profile_and_a_bad_one_changes_nothing(tmp_path: Path) -> None:
    ana, _ = study(tmp_path)
    goal = ana.coach.set_goal(" 2026-05-01 ", "two-part", "45")
    assert (goal.exam_date, goal.blueprint, goal.minutes) == (date(2026, 5, 1), "two-part", 45)
    with pytest.raises(GoalError):
        ana.coach.set_goal("2026-05-01", "two-part", 0)
    assert ana.coach.goal() == goal
    from trainer.study import Study

    ben = Study(ana.catalog, ana.store, ana.clock, random.Random(2), profile="ben")
    assert ben.coach.goal() is None
    assert ana.coach.clear_goal() is True
    assert ana.coach.goal() is None
    assert ana.coach.clear_goal() is False


def test_a_history_of_the_summaries_schema_migrates_to_goals(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:2])
        patch.setattr(store_module, "SCHEMA_VERSION", 2)
        old = SqliteStore(path)
        assert old.schema_version == 2
        old.profile("default", START)
        old.close()
    migrated = SqliteStore(path)
    assert migrated.schema_version == store_module.SCHEMA_VERSION
    assert migrated.goal(1) is None
    assert migrated.predictions(1) == []


def test_a_history_with_cards_migrates_to_counting_their_changes(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:4])
        patch.setattr(store_module, "SCHEMA_VERSION", 4)
        old = SqliteStore(path)
        profile = old.profile("default", START)
        done = review.review(None, "q-1", 1.0, None, START)
        old.save_card(CardRow(profile_id=profile, item_id="q-1", card=done.card, due=done.due))
        old.close()
    migrated = SqliteStore(path)
    assert migrated.schema_version == store_module.SCHEMA_VERSION
    assert migrated.card_changes(profile) == 0
    card = migrated.card(profile, "q-1")
    assert card is not None
    migrated.save_card(card)
    migrated.save_card(CardRow(profile_id=profile, item_id="q-2", card=done.card, due=done.due))
    assert migrated.card_changes(profile) == 2
    assert migrated.card_changes(profile + 1) == 0
    both = ["q-1", "q-2"]
    assert sorted(migrated.cards_changed_since(profile, 0, both)) == both
    assert list(migrated.cards_changed_since(profile, 1, both)) == ["q-2"]
    assert migrated.cards_changed_since(profile, 2, both) == {}
    assert migrated.cards_changed_since(profile, 0, ["q-2"]).keys() == {"q-2"}
    assert migrated.card_removals(profile) == 0


# Readiness: the model.


def _one_topic(
    count: int = 20, mark: float = 70, rule: str = "overall"
) -> tuple[Catalog, Blueprint]:
    base = catalog(per_topic=30)
    exam = Blueprint(
        blueprint="logic-only",
        title="Logic only",
        modelled_on="Nothing real",
        pass_mark=mark,
        sections=(
            BlueprintSection(
                id="logic",
                title="Logic",
                draw=(Draw(section="reasoning", topic="logic", count=count),),
            ),
        ),
    )
    return Catalog(base.items, {"logic-only": exam}, {}), exam


def test_one_topic_gives_the_beta_binomial_exactly() -> None:
    cat, exam = _one_topic(count=20)
    skill = Skill(14.0, 6.0, 40)
    found = readiness.forecast(readiness.layout(exam, cat), {"reasoning/logic": skill}, skill)
    chances = found.score.chances
    assert len(chances) == 21
    assert math.isclose(sum(chances), 1.0)
    mean = sum(k * p for k, p in enumerate(chances))
    assert math.isclose(mean, 20 * 0.7, rel_tol=1e-9)
    # Beta-binomial variance: n p q (a + b + n) / (a + b + 1).
    variance = sum((k - mean) ** 2 * p for k, p in enumerate(chances))
    assert math.isclose(variance, 20 * 0.7 * 0.3 * (20 + 20) / 21, rel_tol=1e-9)
    assert math.isclose(found.p_pass or 0, sum(chances[14:]), rel_tol=1e-12)
    assert found.score.low < found.score.median < found.score.high


def test_the_interval_holds_eighty_percent_of_the_spread_mass() -> None:
    cat, exam = _one_topic(count=40)
    skill = Skill(30.0, 20.0, 50)
    found = readiness.forecast(readiness.layout(exam, cat), {"reasoning/logic": skill}, skill).score
    # The spread mass between low and high, each count's chance over the unit around it.
    low, high = found.low * 40 / 100, found.high * 40 / 100
    inside = sum(
        p * max(0.0, min(high, k + 0.5) - max(low, k - 0.5)) for k, p in enumerate(found.chances)
    )
    assert math.isclose(inside, 0.8, abs_tol=1e-9)


def test_a_stronger_candidate_is_more_likely_to_pass() -> None:
    cat, exam = _one_topic()
    drawn = readiness.layout(exam, cat)
    weak, strong = Skill(12, 8, 50), Skill(17, 3, 50)
    p_weak = readiness.forecast(drawn, {"reasoning/logic": weak}, weak).p_pass or 0
    p_strong = readiness.forecast(drawn, {"reasoning/logic": strong}, strong).p_pass or 0
    assert 0 < p_weak < p_strong < 1


def test_every_section_must_pass_when_the_blueprint_says_so() -> None:
    base = catalog(per_topic=30)
    sections = (
        BlueprintSection(
            id="a", title="A", draw=(Draw(section="law", topic="admission", count=10),)
        ),
        BlueprintSection(id="b", title="B", draw=(Draw(section="writing", count=10),)),
    )
    skills = {"law/admission": Skill(16, 4, 40), "writing/grammar": Skill(12, 8, 40)}
    found = {}
    for rule in ("overall", "every_section"):
        exam = Blueprint(
            blueprint="x", title="X", modelled_on="-", pass_mark=70, pass_rule=rule,
            sections=sections,
        )  # fmt: skip
        found[rule] = readiness.forecast(readiness.layout(exam, base), skills, Skill(5, 5, 0))
    every = found["every_section"]
    product = math.prod(s.score.p_pass or 0 for s in every.sections)
    assert math.isclose(every.p_pass or 0, product)
    assert (every.p_pass or 0) < (found["overall"].p_pass or 0)


def test_a_draw_naming_no_topic_is_split_as_its_pool_is() -> None:
    base = catalog(per_topic=12)
    exam = Blueprint(
        blueprint="law", title="Law", modelled_on="-", pass_mark=70,
        sections=(BlueprintSection(id="law", title="Law", draw=(Draw(section="law", count=10),)),),
    )  # fmt: skip
    ((_, _, groups),) = readiness.layout(exam, base).sections
    # 13 admission items (one true/false beside the twelve) and 12 vwp: 10 split 5.2 / 4.8.
    assert [(g.topic, g.count, len(g.pool)) for g in groups] == [
        ("law/admission", 5, 13),
        ("law/vwp", 5, 12),
    ]


def test_memory_moves_the_forecast_only_for_items_reviewed() -> None:
    cat, exam = _one_topic()
    drawn = readiness.layout(exam, cat)
    skill = Skill(12, 8, 40)
    plain = readiness.forecast(drawn, {"reasoning/logic": skill}, skill)
    pool = drawn.sections[0][2][0].pool
    better = readiness.forecast(drawn, {"reasoning/logic": skill}, skill, {pool[0]: 1.2})
    worse = readiness.forecast(drawn, {"reasoning/logic": skill}, skill, {i: 0.5 for i in pool})
    unrelated = readiness.forecast(drawn, {"reasoning/logic": skill}, skill, {"elsewhere": 0.1})
    assert worse.score.median < plain.score.median < better.score.median
    assert unrelated.score == plain.score


def _term_by_term(
    drawn: readiness.Layout, skills: dict[str, Skill], prior: Skill, moves: dict[str, float]
) -> readiness.Forecast:
    """The forecast spelled out: each topic's Beta-binomial from its formula, the topics and
    then the sections convolved term by term, P(pass) the chances of the passing counts."""

    def beta_binomial(n: int, a: float, b: float) -> list[float]:
        base = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) - math.lgamma(n + a + b)
        out = []
        for k in range(n + 1):
            log_choose = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
            out.append(math.exp(log_choose + base + math.lgamma(k + a) + math.lgamma(n - k + b)))
        return [p / sum(out) for p in out]

    def convolve(left: list[float], right: list[float]) -> list[float]:
        out = [0.0] * (len(left) + len(right) - 1)
        kept = [j for j, q in enumerate(right) if q > readiness.TINY]
        for i, p in enumerate(left):
            if p > readiness.TINY and kept:
                for j in range(kept[0], kept[-1] + 1):
                    out[i + j] += p * right[j]
        return out

    def quantile(chances: list[float], p: float) -> float:
        below = 0.0
        for k, chance in enumerate(chances):
            if chance > 0 and below + chance >= p:
                return max(0.0, min(len(chances) - 1.0, k - 0.5 + (p - below) / chance))
            below += chance
        return len(chances) - 1.0

    def distribution(chances: list[float]) -> readiness.Distribution:
        items, mark = len(chances) - 1, drawn.blueprint.pass_mark
        tail, scale = (1 - readiness.INTERVAL) / 2, 100.0 / items
        return readiness.Distribution(
            items=items,
            chances=tuple(chances),
            median=quantile(chances, 0.5) * scale,
            low=quantile(chances, tail) * scale,
            high=quantile(chances, 1 - tail) * scale,
            p_pass=sum(c for k, c in enumerate(chances) if readiness._passes(k, items, mark)),
        )

    total, sections = [1.0], []
    for sid, title, groups in drawn.sections:
        chances = [1.0]
        for group in (g for g in groups if g.count):
            skill = skills.get(group.topic, prior)
            moved = sum(moves.get(i, 1.0) for i in group.pool) / len(group.pool)
            mean, weight = min(readiness.MOST_LIKELY, skill.mean * moved), skill.a + skill.b
            chances = convolve(
                chances, beta_binomial(group.count, mean * weight, (1 - mean) * weight)
            )
        sections.append(readiness.SectionForecast(sid, title, distribution(chances)))
        total = convolve(total, chances)
    p_pass = math.prod(s.score.p_pass or 0.0 for s in sections)
    return readiness.Forecast(distribution(total), tuple(sections), p_pass)


def test_the_forecast_is_the_term_by_term_one_to_the_last_digit() -> None:
    base = catalog(per_topic=30)
    exam = Blueprint(
        blueprint="three",
        title="Three parts",
        modelled_on="Nothing real",
        pass_mark=65,
        pass_rule="every_section",
        sections=tuple(
            BlueprintSection(id=s, title=s.title(), draw=(Draw(section=s, count=n),))
            for s, n in (("law", 21), ("reasoning", 9), ("writing", 14))
        ),
    )
    drawn = readiness.layout(exam, base)
    topics = [g.topic for _, _, groups in drawn.sections for g in groups]
    rng = random.Random(17)
    for _ in range(40):
        skills = {t: Skill(rng.uniform(0.5, 90), rng.uniform(0.5, 60), 10) for t in topics}
        moves = {i: rng.uniform(0.6, 1.2) for i in drawn.scope if rng.random() < 0.7}
        for _ in range(2):  # the second time from what the first kept
            assert readiness.forecast(drawn, skills, Skill(3, 2, 0)) == _term_by_term(
                drawn, skills, Skill(3, 2, 0), {}
            )
            assert readiness.forecast(drawn, skills, Skill(3, 2, 0), moves) == _term_by_term(
                drawn, skills, Skill(3, 2, 0), moves
            )


def _cards(rng: random.Random, n: int = 40) -> dict[str, str]:
    cards = {}
    for k in range(n):
        card, when = None, START + timedelta(seconds=rng.uniform(0, 30 * 86_400))
        for _ in range(rng.randint(1, 4)):
            card = review.review(card, f"i{k}", rng.choice((0.0, 1.0, 1.0)), None, when).card
            when += timedelta(seconds=rng.uniform(3_600, 8 * 86_400))
        assert card is not None
        cards[f"i{k}"] = card
    return cards


def test_recall_is_fsrss_own_and_holds_through_its_span() -> None:
    rng = random.Random(8)
    cards = _cards(rng)
    cards["damaged"] = "{not json"
    scheduler = Scheduler(enable_fuzzing=False)
    when = START + timedelta(days=70, hours=5)
    found = review.recall(cards, when)
    assert found.chances == {
        item: scheduler.get_card_retrievability(Card.from_dict(json.loads(text)), when)
        for item, text in cards.items()
        if item != "damaged"
    }
    assert found.start <= when < found.end
    for inside in (found.start, when, found.end - timedelta(microseconds=1)):
        assert found.holds(inside)
        assert review.recall(cards, inside).chances == found.chances
    for outside in (found.start - timedelta(microseconds=1), found.end):
        assert not found.holds(outside)
        assert review.recall(cards, outside).chances != found.chances


def test_too_little_evidence_gives_no_figure_but_how_many_more() -> None:
    cat, exam = _one_topic()
    drawn = readiness.layout(exam, cat)
    found = readiness.assess(drawn, {"reasoning/logic": Skill(6, 4, 8)}, Skill(2, 2, 0))
    assert found.today is None
    assert found.evidence.needed == 22
    assert found.evidence.advice() == (
        "Readiness needs 22 more scored answers in this mock's topics before it gives a figure"
        " (Logic 2)."
    )
    enough = readiness.assess(drawn, {"reasoning/logic": Skill(20, 14, 30)}, Skill(2, 2, 0))
    assert enough.today is not None
    assert enough.evidence.needed == 0


# Readiness through Study.


def _practised(tmp_path: Path, days: int = 12):  # type: ignore[no-untyped-def]
    s, clock = study(tmp_path)
    rng = random.Random(5)
    for _ in range(days):
        for section in ("law", "reasoning"):
            sit(s.start_practice(6, section=section), rng, 0.75)
        clock.advance(86_400)
    return s, clock


def test_readiness_is_the_same_for_the_same_history(tmp_path: Path) -> None:
    s, _ = _practised(tmp_path)
    s.coach.set_goal("2026-05-01", "two-part", 30)
    first, second = s.coach.readiness(), s.coach.readiness()
    assert first.today is not None
    assert first.exam_day is not None
    assert first.today == second.today
    assert first.exam_day == second.exam_day


def test_the_exam_day_is_the_one_every_card_rebuilt_by_fsrs_gives(tmp_path: Path) -> None:
    """Through hours, days and practice, readiness on the exam day is exactly the forecast from
    each card's recall as the FSRS library itself reckons it."""
    s, clock = _practised(tmp_path)
    s.coach.set_goal("2026-03-25", "two-part", 30)
    drawn = s.coach.layout(s.catalog.blueprints["two-part"])
    scheduler = Scheduler(enable_fuzzing=False)
    final = planner.Settings().final_retention
    rng = random.Random(4)
    for _ in range(30):
        exam = datetime.combine(date(2026, 3, 25), clock.now().timetz())
        moves = {}
        for item_id, text in s.store.card_states(s.profile_id, drawn.scope).items():
            chance = scheduler.get_card_retrievability(Card.from_dict(json.loads(text)), exam)
            moves[item_id] = max(chance, final) / review.DEFAULT_RETENTION
        skills, prior = s.coach.skills()
        assert s.coach.readiness() == readiness.assess(drawn, skills, prior, moves)
        clock.advance(rng.choice((60, 600, 3 * 3_600, 7 * 3_600, 86_400)))
        if rng.random() < 0.25:
            sit(s.start_practice(4, section="law"), rng, 0.7)


def test_only_the_cards_that_changed_are_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readiness reads every card once, then only those changed since, by this connection or
    another; and what it says then is what a fresh read of every card says."""
    s, clock = _practised(tmp_path)
    s.coach.set_goal("2026-05-01", "two-part", 30)
    reads: list[str] = []
    card_states: Callable[[int, Sequence[str]], dict[str, str]] = s.store.card_states
    changed_since: Callable[[int, int, Sequence[str]], dict[str, str]] = s.store.cards_changed_since

    def every(profile_id: int, item_ids: Sequence[str]) -> dict[str, str]:
        reads.append("every")
        return card_states(profile_id, item_ids)

    def since(profile_id: int, changes: int, item_ids: Sequence[str]) -> dict[str, str]:
        found = changed_since(profile_id, changes, item_ids)
        reads.append(f"{len(found)} changed")
        return found

    monkeypatch.setattr(s.store, "card_states", every)
    monkeypatch.setattr(s.store, "cards_changed_since", since)
    s.coach.readiness()
    s.coach.readiness()
    clock.advance(86_400)  # the same moment of the exam day: recall on it is the same
    s.coach.readiness()
    assert reads == ["every"]
    s.coach.set_goal("2026-05-01", "two-part", 45)  # a write that leaves the cards alone
    s.coach.readiness()
    assert reads == ["every"]
    sit(s.start_practice(4, section="law"), random.Random(1), 0.7)
    after_practice = s.coach.readiness()
    assert reads[0] == "every"
    assert len(reads) == 2
    assert reads[1] != "0 changed"
    assert "every" not in reads[1:]
    fresh, fresh_clock = study(tmp_path, seed=9)
    fresh_clock.advance((clock.now() - fresh_clock.now()).total_seconds())
    assert fresh.coach.readiness() == after_practice
    # A card changed by another connection is seen too: that one card is read.
    other = SqliteStore(tmp_path / "history.sqlite3")
    reviewed = next(iter(card_states(s.profile_id, [i.id for i in s.catalog.items])))
    card = other.card(s.profile_id, reviewed)
    assert card is not None
    before = other.card_changes(s.profile_id)
    other.save_card(card)
    assert other.card_changes(s.profile_id) == before + 1
    other.close()
    reads.clear()
    s.coach.readiness()
    assert reads == ["1 changed"]


def test_a_card_removed_makes_readiness_read_every_card_again(tmp_path: Path) -> None:
    s, clock = _practised(tmp_path)
    s.coach.set_goal("2026-05-01", "two-part", 30)
    first = s.coach.readiness()
    removed = next(iter(s.store.card_states(s.profile_id, [i.id for i in s.catalog.items])))
    with sqlite3.connect(tmp_path / "history.sqlite3") as db:
        db.execute("DELETE FROM cards WHERE item_id = ?", (removed,))
    assert s.store.card_removals(s.profile_id) == 1
    again = s.coach.readiness()
    fresh, fresh_clock = study(tmp_path, seed=9)
    fresh_clock.advance((clock.now() - fresh_clock.now()).total_seconds())
    assert again == fresh.coach.readiness()
    assert first is not again


def test_readiness_needs_a_goal_or_a_blueprint(tmp_path: Path) -> None:
    s, _ = study(tmp_path)
    with pytest.raises(GoalError, match="set a goal first"):
        s.coach.readiness()
    with pytest.raises(GoalError, match="no mock exam 'nope'"):
        s.coach.readiness("nope")
    assert s.coach.readiness("two-part").today is None


def test_a_mock_keeps_what_readiness_predicted_as_it_began(tmp_path: Path) -> None:
    s, _ = _practised(tmp_path)
    live = s.start_exam("two-part")
    (row,) = s.store.predictions(s.profile_id)
    expected = s.coach.readiness("two-part").today
    assert expected is not None
    assert row.session_id == live.session_id
    assert row.median == round(expected.score.median, 1)
    assert row.low <= row.median <= row.high


def test_no_prediction_is_kept_without_evidence(tmp_path: Path) -> None:
    s, _ = study(tmp_path)
    s.start_exam("two-part")
    assert s.store.predictions(s.profile_id) == []


# The plan.


def _scope(n: int = 200, topics: int = 4) -> list[planner.Scope]:
    return [planner.Scope(f"item-{i:04d}", f"s/t{i % topics}") for i in range(n)]


def _plan(**changes: object) -> planner.StudyPlan:
    args: dict[str, object] = {
        "today": TODAY,
        "exam_date": TODAY + timedelta(days=60),
        "minutes": 30,
        "scope": _scope(),
        "cards": {},
        "mastery": {f"s/t{k}": 0.5 + 0.1 * k for k in range(4)},
        "weights": {f"s/t{k}": 0.25 for k in range(4)},
        "mock": ("exam", 120.0),
        "seed": 7,
    }
    args.update(changes)
    return planner.plan(**args)  # type: ignore[arg-type]


def test_nothing_is_planned_on_or_after_the_exam_day() -> None:
    plan = _plan()
    assert plan.days[0].date == TODAY
    assert plan.days[-1].date == TODAY + timedelta(days=59)
    assert len(plan.days) == 60


def test_answers_clicked_through_do_not_plan_thousands_of_drill_questions() -> None:
    """A candidate who answered 30 questions in a second each: their time is taken as 15 s at
    least, and no weak topic is drilled for more questions a day than it has."""
    scope = _scope(n=40)
    history = {item.id: (1, 0.8) for item in scope[:30]}
    plan = _plan(scope=scope, history=history, minutes=60)
    assert plan.days
    for day in plan.days:
        assert day.drill_questions <= 60 * 60 / 15
        for topic, count in day.drills:
            assert count <= 10, (day.date, topic, count)  # 40 questions in four topics
    assert any(day.drill_questions for day in plan.days)


def test_a_topic_smaller_than_a_drill_is_drilled_whole() -> None:
    """Twelve questions in four topics, three apiece: fewer than the five a drill needs, so each
    weak topic's drill is all three of its questions, never more, and never nothing."""
    scope = _scope(n=12)
    history = {item.id: (1, 30.0) for item in scope}
    plan = _plan(scope=scope, history=history, minutes=60)
    drilled = [count for day in plan.days for _, count in day.drills]
    assert drilled
    assert set(drilled) == {3}


def test_no_day_is_over_its_cap() -> None:
    for minutes in (10, 30, 90):
        plan = _plan(minutes=minutes)
        for day in plan.days:
            assert day.minutes <= day.cap + 1e-9, day
            assert day.cap == (120.0 if day.mock else minutes)


def test_mocks_go_at_set_distances_before_the_exam_and_alone() -> None:
    plan = _plan()
    mocks = [(plan.exam_date - d.date).days for d in plan.days if d.mock]
    assert mocks == [28, 14, 7, 3]
    for day in plan.days:
        if day.mock:
            assert not day.reviews
            assert not day.new
            assert not day.drills
    short = _plan(exam_date=TODAY + timedelta(days=10))
    assert [(short.exam_date - d.date).days for d in short.days if d.mock] == [7, 3]


def test_retention_rises_over_the_last_three_weeks() -> None:
    plan = _plan()
    rates = [d.retention for d in plan.days]
    assert rates[0] == 0.85
    assert rates[38] == 0.85
    assert all(a <= b for a, b in itertools.pairwise(rates))
    assert 0.94 < rates[-1] <= 0.95


def test_the_same_inputs_and_seed_give_a_byte_identical_plan() -> None:
    def encoded(plan: planner.StudyPlan) -> str:
        return msgspec.json.encode(plan).decode()

    assert encoded(_plan()) == encoded(_plan())
    assert encoded(_plan()) != encoded(_plan(seed=8))


def test_every_item_is_introduced_and_reaches_the_exam_at_the_final_retention() -> None:
    plan = _plan(minutes=60)
    assert plan.not_reached == 0
    assert plan.deferred == 0
    introduced = [i for d in plan.days for i in d.new]
    assert sorted(introduced) == sorted(s.id for s in _scope())
    assert min(plan.recall.values()) >= 0.95 - 1e-9
    last_new = max(d.date for d in plan.days if d.new)
    assert (plan.exam_date - last_new).days >= 7


def test_rising_retention_costs_fewer_reviews_than_a_flat_high_one() -> None:
    rising = _plan(minutes=600)
    flat = _plan(
        minutes=600,
        settings=planner.Settings(start_retention=0.97, final_retention=0.97, exam_aware=False),
    )
    assert rising.mean_recall >= 0.95
    assert rising.reviews <= 0.7 * flat.reviews


def test_too_few_minutes_say_what_does_not_fit() -> None:
    plan = _plan(minutes=5, exam_date=TODAY + timedelta(days=20))
    assert plan.not_reached > 0
    assert all(d.minutes <= d.cap + 1e-9 for d in plan.days)


def test_weak_and_heavy_topics_come_first_among_new_items() -> None:
    plan = _plan(mastery={"s/t0": 0.2, "s/t1": 0.9, "s/t2": 0.9, "s/t3": 0.9})
    first = [i for d in plan.days[:3] for i in d.new]
    topics = [int(i.split("-")[1]) % 4 for i in first]
    assert topics.count(0) > len(topics) / 2


def test_a_missed_day_replans_instead_of_piling_up(tmp_path: Path) -> None:
    s, clock = _practised(tmp_path, days=6)
    s.coach.set_goal("2026-04-20", "two-part", 20)
    before = s.coach.plan()
    clock.advance(2 * 86_400)
    after = s.coach.plan()
    assert after.today == before.today + timedelta(days=2)
    assert after.days[0].minutes <= after.days[0].cap
    assert len(after.days) == len(before.days) - 2


def test_the_plan_needs_a_goal_before_the_exam(tmp_path: Path) -> None:
    s, clock = study(tmp_path)
    with pytest.raises(GoalError, match="set a goal first"):
        s.coach.plan()
    s.coach.set_goal("2026-03-04", "two-part", 20)
    clock.advance(3 * 86_400)
    with pytest.raises(GoalError, match="has come: set the next goal"):
        s.coach.plan()


def test_reviews_follow_the_goals_retention(tmp_path: Path) -> None:
    s, _ = study(tmp_path)
    assert s.coach.retention() == 0.9
    s.coach.set_goal("2026-03-12", "two-part", 20)
    assert 0.85 < s.coach.retention() < 0.95
    s.coach.set_goal("2026-09-01", "two-part", 20)
    assert s.coach.retention() == 0.85


def test_today_starts_the_plans_reviews_new_items_and_drills(tmp_path: Path) -> None:
    s, _ = _practised(tmp_path, days=3)
    s.coach.set_goal("2026-05-20", "two-part", 15)
    day = s.coach.plan().days[0]
    assert day.mock is None
    live = s.start_today()
    asked = live.plan.item_ids
    assert live.plan.title == "Today's plan"
    assert asked[: len(day.reviews) + len(day.new)] == [*day.reviews, *day.new]
    assert len(asked) == len(set(asked))
    assert len(asked) <= len(day.reviews) + len(day.new) + day.drill_questions


def test_today_on_a_mock_day_is_the_mock(tmp_path: Path) -> None:
    s, clock = _practised(tmp_path, days=2)
    s.coach.set_goal("2026-03-20", "two-part", 15)
    plan = s.coach.plan()
    mock_day = next(d for d in plan.days if d.mock)
    clock.advance((mock_day.date - plan.today).days * 86_400)
    assert s.coach.plan().days[0].mock == "two-part"
    assert s.start_today().plan.mode == "exam"
    # Once begun, today's mock is done: the day turns to the rest of the plan.
    assert s.coach.plan().days[0].mock is None


def test_items_seen_today_wait_for_tomorrow() -> None:
    from datetime import UTC, datetime

    from trainer.engine.review import review

    seen = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC)
    earlier = seen - timedelta(days=30)
    cards = {
        "item-0000": review(None, "item-0000", 1.0, None, seen).card,
        "item-0001": review(None, "item-0001", 1.0, None, earlier).card,
    }
    plan = _plan(cards=cards)
    assert "item-0000" not in plan.days[0].reviews
    assert "item-0001" in plan.days[0].reviews
    assert any("item-0000" in d.reviews for d in plan.days[1:])


def test_today_with_nothing_planned_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.engine.plan import PlanError

    s, _ = study(tmp_path)
    empty = planner.StudyPlan(
        today=TODAY,
        exam_date=TODAY + timedelta(days=5),
        minutes=10,
        days=(planner.Day(TODAY, 10.0, 0.9),),
        recall={},
        not_reached=0,
        deferred=0,
    )
    monkeypatch.setattr(s.coach, "plan", lambda: empty)
    with pytest.raises(PlanError, match="nothing is planned for today"):
        s.start_today()
