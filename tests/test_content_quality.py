"""What a schema cannot check about shipped content: sizes, spread, and the craft of each item."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from trainer import config
from trainer.content import loader
from trainer.content.catalog import Catalog, Item
from trainer.content.models import Single
from trainer.engine.plan import draw_exam

MINIMUM = {"law": 180, "reasoning": 150, "writing": 100, "judgement": 60, "documents": 40}
FORMS = {
    "form-all",
    "form-none",
    "form-some",
    "form-most",
    "form-some-not",
    "form-if-then",
    "form-only-if",
    "form-unless",
    "form-chain",
    "form-double-negative",
    "form-either-or",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = loader.load(config.shipped_content())
    assert [str(p) for p in result.problems] == []
    return result.catalog


def _where(item: Item) -> str:
    return f"{item.source}: {item.id}"


@pytest.mark.parametrize(("section", "count"), list(MINIMUM.items()))
def test_each_section_holds_its_minimum(catalog: Catalog, section: str, count: int) -> None:
    assert len(catalog.in_section(section)) >= count


@pytest.mark.parametrize("section", list(MINIMUM))
def test_no_section_is_more_than_half_one_difficulty(catalog: Catalog, section: str) -> None:
    levels = Counter(i.question.difficulty for i in catalog.in_section(section))
    level, most = levels.most_common(1)[0]
    assert most <= sum(levels.values()) / 2, f"{section}: {most} items at difficulty {level}"


def test_no_two_questions_ask_the_same_thing(catalog: Catalog) -> None:
    # Logic items share a stem ("it can be validly concluded that") and differ by the passage,
    # so a question is its prompt together with its exhibit.
    seen: dict[tuple[str, str], str] = {}
    for item in catalog.items:
        key = (" ".join(item.question.prompt.split()).casefold(), repr(item.question.exhibit))
        assert key not in seen, f"{_where(item)} repeats {seen[key]}"
        seen[key] = item.id


def test_option_sets_are_free_of_duplicates(catalog: Catalog) -> None:
    for item in catalog.items:
        options = [" ".join(o.split()).casefold() for o in getattr(item.question, "options", ())]
        assert len(options) == len(set(options)), _where(item)


def test_every_explanation_is_longer_than_a_sentence(catalog: Catalog) -> None:
    for item in catalog.items:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", item.question.explanation.strip()) if s]
        assert len(sentences) >= 2, f"{_where(item)}: {item.question.explanation!r}"


def test_every_law_item_cites_its_source(catalog: Catalog) -> None:
    for item in catalog.in_section("law"):
        assert item.question.references, _where(item)


def test_every_logical_reasoning_item_names_its_form(catalog: Catalog) -> None:
    logic = catalog.in_topic("reasoning", "logic")
    assert logic
    for item in logic:
        assert FORMS & set(item.question.tags), _where(item)


def test_logic_items_have_five_options(catalog: Catalog) -> None:
    for item in catalog.in_topic("reasoning", "logic"):
        assert isinstance(item.question, Single), _where(item)
        assert len(item.question.options) == 5, _where(item)


def test_every_blueprint_draws_three_forms_without_repeats(catalog: Catalog) -> None:
    assert len(catalog.blueprints) >= 5
    for blueprint in catalog.blueprints.values():
        forms = [draw_exam(catalog, blueprint, seed).item_ids for seed in (1, 2, 3)]
        for form in forms:
            assert len(form) == len(set(form)), blueprint.blueprint
        assert forms[0] != forms[1] or len(forms[0]) == len(set(catalog.by_id)), blueprint.blueprint


def test_every_blueprint_says_what_it_imitates_and_what_is_approximate(catalog: Catalog) -> None:
    for blueprint in catalog.blueprints.values():
        assert blueprint.modelled_on.strip()
        assert blueprint.notes, blueprint.blueprint
        assert len(blueprint.notes) > 80, blueprint.blueprint


def test_there_is_a_short_quiz_per_section(catalog: Catalog) -> None:
    quizzes = [
        b
        for b in catalog.blueprints.values()
        if len(b.sections) == 1 and b.sections[0].minutes == 15
    ]
    drawn = {d.section for b in quizzes for d in b.sections[0].draw}
    assert set(MINIMUM) <= drawn


def test_ten_scenarios_each_large_enough_and_sourced(catalog: Catalog) -> None:
    assert len(catalog.scenarios) >= 10
    for scenario in catalog.scenarios.values():
        assert len(scenario.nodes) >= 12, scenario.scenario
        assert len(scenario.endings) >= 3, scenario.scenario
        assert len(scenario.state) >= 2, scenario.scenario
        assert scenario.sources, scenario.scenario
        assert any(n.free_text for n in scenario.nodes.values()), scenario.scenario
        assert all(c.feedback for n in scenario.nodes.values() for c in n.choices), (
            scenario.scenario
        )
