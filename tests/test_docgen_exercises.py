"""Exercises: deterministic, valid content items whose answers agree with what was planted."""

from __future__ import annotations

import re
from datetime import date, datetime

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.content import checks
from trainer.content.models import Multiple, Numeric, Question, Single
from trainer.docgen import mrz
from trainer.docgen.checkdigit import check_digit
from trainer.docgen.defects import ACTION_ORDER, DEFECTS, TAGS, Action
from trainer.docgen.exercises import Exercise, default_today, generate
from trainer.docgen.inspection import inspect_set
from trainer.docgen.layouts import MrzFormat
from trainer.docgen.pages import line_names, mrz_lines

TODAY = date(2026, 3, 1)
ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@pytest.fixture(scope="module")
def many() -> list[Exercise]:
    return generate(20260301, 150, TODAY)


def by_type(e: Exercise, kind: type[Question]) -> list[Question]:
    return [q for q in e.questions if isinstance(q, kind)]


def test_the_same_seed_gives_the_same_exercises() -> None:
    first = generate(42, 12, TODAY)
    assert first == generate(42, 12, TODAY)
    assert msgspec.json.encode(msgspec.to_builtins(first)) == msgspec.json.encode(
        msgspec.to_builtins(generate(42, 12, TODAY))
    )
    assert first != generate(43, 12, TODAY)
    assert first[:5] == generate(42, 5, TODAY)
    assert generate(42, 0, TODAY) == []


def test_ids_come_from_the_seed_and_are_unique(many: list[Exercise]) -> None:
    ids = [q.id for e in many for q in e.questions]
    assert len(ids) == len(set(ids))
    for n, e in enumerate(many):
        assert e.id == f"docgen-20260301-{n}"
        assert (e.seed, e.index, e.today) == (20260301, n, TODAY)
        for q in e.questions:
            assert q.id.startswith(f"{e.id}-")
            assert ID.match(q.id)
            assert all(ID.match(t) for t in q.tags)


def test_questions_are_valid_content(many: list[Exercise]) -> None:
    for e in many:
        for i, q in enumerate(e.questions):
            assert list(checks.question(q, ("questions", i))) == []
            encoded = msgspec.json.encode(q)
            assert msgspec.json.decode(encoded, type=Question) == q
            assert q.exhibit is not None
            assert q.difficulty == e.difficulty
            assert set(e.tags) <= set(q.tags)


def test_a_mix_of_clean_and_defective_sets_and_all_four_actions(many: list[Exercise]) -> None:
    counts = {len(e.defects) for e in many}
    assert {0, 1, 2} <= counts
    assert {e.action for e in many} == set(Action)
    assert {len(e.questions) for e in many} == {3, 4}


def test_find_all_defects_answer_names_exactly_the_planted_ones(many: list[Exercise]) -> None:
    for e in many:
        (q,) = by_type(e, Multiple)
        assert isinstance(q, Multiple)
        chosen = {q.options["ABCDEFGHIJKLMNOPQRSTUVWXYZ".index(a)] for a in q.answer}
        planted = {DEFECTS[d.tag].label_for(d.document) for d in e.defects}
        if planted:
            assert chosen == planted
            for d in e.defects:
                assert DEFECTS[d.tag].why in q.explanation
        else:
            assert chosen == {q.options[-1]}
            assert q.options[-1].startswith("None of these")
            assert "Nothing is wrong" in q.explanation
        assert len(q.options) == 7


def test_the_action_answer_is_the_decided_action(many: list[Exercise]) -> None:
    for e in many:
        action = next(q for q in by_type(e, Single) if q.id.endswith("-action"))
        assert isinstance(action, Single)
        assert action.answer == "ABCD"[ACTION_ORDER.index(e.action)]
        assert len(action.options) == 4


def test_the_check_digit_answer_is_the_computed_digit(many: list[Exercise]) -> None:
    for e in many:
        numeric = by_type(e, Numeric)
        if not numeric:
            # Only where no MRZ in the set has its format's shape, so no digit can be asked.
            assert all(mrz.check(d.mrz, TODAY).fields == () for d in e.travel.documents)
            continue
        (q,) = numeric
        assert isinstance(q, Numeric)
        text = re.search(r"over ([A-Z0-9<]+)\.", q.prompt)
        assert text is not None
        assert q.answer == check_digit(text.group(1))
        assert q.tolerance == 0
        assert f"mod 10 is {int(q.answer)}." in q.explanation


def test_the_altered_line_answer_is_the_one_line_that_differs(many: list[Exercise]) -> None:
    asked = 0
    for e in many:
        lines = [q for q in by_type(e, Single) if q.id.endswith("-line")]
        if not lines:
            continue
        asked += 1
        q = lines[0]
        assert isinstance(q, Single)
        issued = [line for d in e.travel.documents for line in mrz.build(d.mrz_data())]
        printed = mrz_lines(e.travel)
        differ = [i for i, (a, b) in enumerate(zip(issued, printed, strict=True)) if a != b]
        assert differ == ["ABCDEF".index(q.answer)]
        assert q.options == line_names(e.travel)
    assert asked >= 10


def test_defects_can_be_chosen_and_each_tag_can_be_generated() -> None:
    for tag in TAGS:
        made = generate(7, 6, TODAY, defects=[tag])
        assert {t for e in made for t in e.tags} == {tag}, tag


def test_no_defects_means_clean_sets_only() -> None:
    made = generate(8, 10, TODAY, defects=())
    assert all(e.defects == () and e.action is Action.ADMIT for e in made)


def test_formats_limit_the_documents() -> None:
    cards = generate(9, 10, TODAY, formats=["TD1"])
    assert {d.format for e in cards for d in e.travel.documents} == {MrzFormat.TD1}
    visas = generate(9, 10, TODAY, formats=[MrzFormat.MRV_B])
    for e in visas:
        assert [d.format for d in e.travel.documents] == [MrzFormat.TD3, MrzFormat.MRV_B]


def test_difficulty_fixes_the_level_and_the_defects_it_draws() -> None:
    easy = generate(10, 20, TODAY, difficulty=1)
    assert {e.difficulty for e in easy} == {1}
    assert all(len(e.defects) <= 1 for e in easy)
    assert all(DEFECTS[t].difficulty <= 2 for e in easy for t in e.tags)
    hard = generate(10, 20, TODAY, difficulty=5)
    assert max(len(e.defects) for e in hard) == 3


def test_default_today_is_fixed_by_the_seed() -> None:
    assert default_today(0) == date(2025, 1, 1)
    assert default_today(365) == date(2026, 1, 1)
    assert default_today(3653) == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"seed": -1}, ValueError, "seed must be between 0 and"),
        ({"seed": 2**64}, ValueError, "seed must be between 0 and"),
        ({"count": -1}, ValueError, "count must be 0 or more"),
        ({"difficulty": 0}, ValueError, "difficulty must be 1 to 5"),
        ({"difficulty": 6}, ValueError, "difficulty must be 1 to 5"),
        ({"formats": []}, ValueError, "at least one format is needed"),
        ({"formats": ["TD4"]}, ValueError, "unknown format in \\['TD4'\\]"),
        ({"defects": ["mrz.nope"]}, ValueError, "unknown defect tags: mrz.nope"),
        (
            {"defects": ["visa.name"], "formats": ["TD1"]},
            ValueError,
            "defect 'visa.name' cannot be planted in the formats chosen",
        ),
        ({"today": datetime(2026, 3, 1)}, TypeError, "must be a datetime"),  # noqa: DTZ001
    ],
)
def test_arguments_that_cannot_be_met_are_refused(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    arguments: dict[str, object] = {"seed": 1, "count": 1, "today": TODAY} | kwargs
    with pytest.raises(error, match=message):
        generate(**arguments)  # type: ignore[arg-type]


@given(
    seed=st.integers(min_value=0, max_value=2**40),
    today=st.dates(min_value=date(1970, 1, 1), max_value=date(2130, 12, 31)),
    formats=st.sets(st.sampled_from(tuple(MrzFormat)), min_size=1),
    difficulty=st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
)
@settings(max_examples=150, deadline=None)
def test_any_valid_arguments_give_exercises_whose_review_finds_what_was_planted(
    seed: int, today: date, formats: set[MrzFormat], difficulty: int | None
) -> None:
    for e in generate(seed, 3, today, formats=formats, difficulty=difficulty):
        found = sorted((f.document or "", f.tag) for f in inspect_set(e.travel))
        assert found == sorted((d.document, d.tag) for d in e.defects)
        assert {d.format for d in e.travel.documents} <= formats | {MrzFormat.TD3}
