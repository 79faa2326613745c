"""Banks that ask for generated document exercises: made at load, reproducible, errors located."""

from __future__ import annotations

from datetime import date

from tests.conftest import Write, problems_of
from trainer.content import loader
from trainer.docgen.banks import expand

GENERATED = """
bank: gen
title: Generated
section: documents
topic: review
generate:
  kind: documents
  count: 5
  seed: 42
  as_of: "2026-01-15"
"""


def test_a_generate_bank_adds_exercises_to_the_catalog(write: Write) -> None:
    path = write("gen.yaml", GENERATED)
    first = expand(loader.load([path]), date(2030, 1, 1))
    again = expand(loader.load([path]), date(2031, 6, 1))
    assert first.problems == ()
    ids = [i.id for i in first.catalog.items]
    assert len(ids) >= 5
    assert all(i.startswith("gen.docgen-42-") for i in ids)
    assert {i.section for i in first.catalog.items} == {"documents"}
    assert [i.question for i in first.catalog.items] == [i.question for i in again.catalog.items]


def test_without_as_of_the_documents_are_judged_on_the_given_day(write: Write) -> None:
    path = write("gen.yaml", GENERATED.replace('  as_of: "2026-01-15"\n', ""))
    one = expand(loader.load([path]), date(2026, 1, 15))
    pinned = expand(loader.load([write("pinned.yaml", GENERATED)]), date(1999, 1, 1))
    assert [i.question for i in one.catalog.items] == [i.question for i in pinned.catalog.items]


def test_an_unknown_format_is_reported_at_its_line(write: Write) -> None:
    path = write("gen.yaml", GENERATED + "  formats: [TD9]\n")
    result = expand(loader.load([path]), date(2026, 1, 1))
    [problem] = result.problems
    assert str(problem).startswith("gen.yaml:10:12: generate.formats: ")
    assert "TD9" in problem.message
    assert len(result.catalog) == 0


def test_an_unknown_defect_is_reported(write: Write) -> None:
    path = write("gen.yaml", GENERATED + "  defects: [no-such-defect]\n")
    [problem] = expand(loader.load([path]), date(2026, 1, 1)).problems
    assert str(problem).startswith("gen.yaml:10:12: generate.defects: ")


def test_a_bank_with_no_questions_and_nothing_to_generate(write: Write) -> None:
    path = write("empty.yaml", GENERATED.split("generate:")[0])
    assert problems_of(path) == [
        "empty.yaml:1:1: questions: a bank needs questions, or `generate` to make some"
    ]


BLUEPRINT_ON_GENERATED = """
blueprint: gen-quiz
title: Generated quiz
modelled_on: Nothing real
pass_mark: 70
sections:
  - id: docs
    title: Documents
    draw:
      - {section: documents, count: COUNT}
"""


def test_blueprints_may_draw_on_generated_questions(write: Write) -> None:
    gen = write("gen.yaml", GENERATED)
    made = len(expand(loader.load([gen]), date(2026, 1, 1)).catalog)
    assert made >= 5
    fits = write("quiz.yaml", BLUEPRINT_ON_GENERATED.replace("COUNT", str(made)))
    before = loader.load([gen, fits])
    # Before the questions are made, the draw cannot be met; once they are, it can.
    assert [p.message for p in before.draw_problems] == [
        f"sections[0].draw[0].count: asks for {made} questions but only 0 match section 'documents'"
    ]
    after = expand(before, date(2026, 1, 1))
    assert after.problems == ()
    assert after.draw_problems == ()

    too_many = write("quiz.yaml", BLUEPRINT_ON_GENERATED.replace("COUNT", str(made + 1)))
    [problem] = expand(loader.load([gen, too_many]), date(2026, 1, 1)).problems
    assert str(problem) == (
        f"quiz.yaml:9:37: sections[0].draw[0].count: asks for {made + 1} questions but only "
        f"{made} match section 'documents'"
    )
