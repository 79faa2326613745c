"""What a schema cannot check about shipped content: sizes, spread, and the craft of each item."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from trainer import config
from trainer.content import loader, yamlsafe
from trainer.content.catalog import Catalog, Item
from trainer.content.models import Scenario, Single
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
    """Fixed sections differ from form to form; an adaptive one has its whole pool each time,
    at least twice its longest test, with no question in two sections."""
    assert len(catalog.blueprints) >= 5
    for blueprint in catalog.blueprints.values():
        plans = [draw_exam(catalog, blueprint, seed) for seed in (1, 2, 3)]
        forms = [[i.id for s in p.sections if not s.adaptive for i in s.items] for p in plans]
        for plan in plans:
            ids = [
                i.id for s in plan.sections for i in (s.adaptive.pool if s.adaptive else s.items)
            ]
            assert len(ids) == len(set(ids)), blueprint.blueprint
            for section in plan.sections:
                if section.adaptive:
                    assert len(section.adaptive.pool) >= 2 * section.adaptive.max_items
        if forms[0]:
            assert forms[0] != forms[1] or len(forms[0]) == len(catalog.by_id), blueprint.blueprint


def test_two_shipped_blueprints_have_an_adaptive_section(catalog: Catalog) -> None:
    adaptive = [b for b in catalog.blueprints.values() if any(s.adaptive for s in b.sections)]
    assert len(adaptive) >= 2


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


# Federal Register documents the banks cite, with what each one is and the day it appeared.
RULES = {
    "62 FR 444": ("proposed", "3 January 1997"),
    "62 FR 10312": ("interim", "6 March 1997"),
}
KINDS = ("proposed", "interim", "final rule")
DATE = re.compile(
    r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{4}\b"
)
# "At no expense to the government" is the wording of INA 292 and INA 240(b)(4)(A) (and, for
# the credible fear consultation, INA 235(b)(1)(B)(iv)); 8 CFR 1003.15(b) has the notice say
# "at no cost". INA 239(a)(1)(E) only says the person may be represented by counsel.
NO_EXPENSE = re.compile(
    r"no (?:expense|cost) to the government|no government (?:expense|cost)", re.IGNORECASE
)
CITES_239 = re.compile(r"\b239\b(?!\.)|\b1229(?!a)\b")
CARRIES_NO_EXPENSE = re.compile(
    r"INA 292(?![.\d])|240\(b\)\(4\)\(A\)|235\(b\)\(1\)\(B\)\(iv\)|1003\.15\(b\)"
    r"|U\.S\.C\. 1362|1229a\(b\)\(4\)\(A\)|1225\(b\)\(1\)\(B\)\(iv\)"
)


def _strings(value: Any, at: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, f"{at}.{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, f"{at}[{index}]")


def _shipped_strings() -> Iterator[tuple[str, str]]:
    paths, problems = loader.find_files(config.shipped_content())
    assert problems == []
    for path in paths:
        yield from _strings(yamlsafe.load(path.read_bytes()), f"{path.parent.name}/{path.name}")


def misdescribed_rules(text: str) -> list[str]:
    """What is wrong with each known Federal Register citation in one piece of text."""
    faults = []
    folded = text.casefold()
    for cite, (kind, day) in RULES.items():
        if not re.search(rf"\b{cite}(?!\d)", text):
            continue
        if kind not in folded:
            faults.append(f"{cite} is not called the {kind} rule")
        faults += [
            f"{cite} is called {other}" for other in KINDS if other != kind and other in folded
        ]
        dates = DATE.findall(text)
        if dates and day not in dates:
            faults.append(f"{cite} appeared on {day}, not {', '.join(dates)}")
    return faults


def no_expense_without_its_source(text: str, references: Sequence[str] | None = None) -> bool:
    """True when text says counsel comes at no expense without citing a provision that says so.

    With references (a question's), some provision carrying the words must be cited; without
    (a scenario's turn), the fault is tying the words to INA 239 alone.
    """
    if not NO_EXPENSE.search(text):
        return False
    if CARRIES_NO_EXPENSE.search(" ".join([text, *(references or ())])):
        return False
    return references is not None or bool(CITES_239.search(text))


@pytest.mark.parametrize(
    "text",
    [
        "Inspection and Expedited Removal of Aliens, interim rule, 62 FR 444 (6 January 1997)",
        "62 FR 444 (1997)",
        "Interim rule, 62 FR 10312 (3 January 1997)",
    ],
)
def test_the_rule_check_catches_a_misdescribed_rule(text: str) -> None:
    assert misdescribed_rules(text)


@pytest.mark.parametrize(
    ("text", "references"),
    [
        (
            "239(a)(1) lists the charges and the right to counsel at no government expense.",
            ("INA 239(a)(1)", "Pereira v. Sessions, 585 U.S. 198 (2018)"),
        ),
        (
            "His right to a lawyer at no expense to the government. That is what INA 239 requires.",
            None,
        ),
    ],
)
def test_the_counsel_check_catches_no_expense_put_on_239(
    text: str, references: tuple[str, ...] | None
) -> None:
    assert no_expense_without_its_source(text, references)


@pytest.mark.parametrize(
    ("text", "references"),
    [
        ("Counsel at no expense to the government.", ("INA 240(b)(4)(A)",)),
        ("Under INA 239(a)(1)(E) the notice says he may be represented by counsel.", None),
        (
            "INA 239 lists the notice; INA 292 puts counsel at no expense to the government.",
            None,
        ),
    ],
)
def test_the_counsel_check_passes_a_claim_cited_to_its_source(
    text: str, references: tuple[str, ...] | None
) -> None:
    assert not no_expense_without_its_source(text, references)


def test_the_rule_check_passes_each_rule_named_for_what_it_is() -> None:
    assert not misdescribed_rules(
        "Interim rule, 62 FR 10312 (6 March 1997), effective 1 April 1997"
    )
    assert not misdescribed_rules(
        "The proposed rule of the same rulemaking, 62 FR 444 (3 January 1997)"
    )


def test_federal_register_rules_are_named_for_what_they_are() -> None:
    faults = [
        f"{at}: {fault}" for at, text in _shipped_strings() for fault in misdescribed_rules(text)
    ]
    assert faults == []


def _scenario_texts(scenario: Scenario) -> Iterator[tuple[str, str]]:
    for name, node in scenario.nodes.items():
        for index, choice in enumerate(node.choices):
            yield f"{name}.choices[{index}]", f"{choice.text} {choice.feedback or ''}"
    for index, source in enumerate(scenario.sources):
        yield f"sources[{index}]", source


def test_no_expense_counsel_is_cited_to_the_provisions_that_say_it(catalog: Catalog) -> None:
    faults = []
    for item in catalog.items:
        q = item.question
        parts = [q.prompt, q.explanation, *getattr(q, "options", ()), *getattr(q, "items", ())]
        if no_expense_without_its_source(" ".join(parts), q.references):
            faults.append(_where(item))
    for scenario in catalog.scenarios.values():
        for at, text in _scenario_texts(scenario):
            if no_expense_without_its_source(text):
                faults.append(f"{scenario.scenario}: {at}")
    assert faults == []
