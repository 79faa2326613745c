"""Banks that ask for generated exercises (`generate: documents`): their questions, made here."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import msgspec

from trainer.content import loader
from trainer.content.catalog import Catalog, Item
from trainer.content.loader import LoadResult
from trainer.content.models import Bank
from trainer.docgen import exercises


def expand(result: LoadResult, today: date) -> LoadResult:
    """The load result with every `generate` bank's exercises added to the catalog.

    Generated ids are the bank's id, then the exercise's (`docs-gen.docgen-9303-4-action`);
    a spec the generator cannot meet is reported at its line and adds nothing.
    """
    added: list[Item] = []
    problems = list(result.problems)
    taken = set(result.catalog.by_id)
    for parsed in result.files:
        bank = parsed.doc
        if not isinstance(bank, Bank) or bank.generate is None:
            continue
        spec = bank.generate
        try:
            when = date.fromisoformat(spec.as_of) if spec.as_of else today
        except ValueError:
            problems.append(parsed.problem(("generate", "as_of"), f"{spec.as_of!r} is not a date"))
            continue
        try:
            made = exercises.generate(
                spec.seed,
                spec.count,
                when,
                formats=spec.formats or exercises.ALL_FORMATS,
                defects=spec.defects,
                difficulty=spec.difficulty,
            )
        except ValueError as exc:
            field = "formats" if "format" in str(exc) else "defects"
            problems.append(parsed.problem(("generate", field), str(exc)))
            continue
        for exercise in made:
            for question in exercise.questions:
                qid = f"{bank.bank}.{question.id}"
                if qid in taken:
                    continue
                taken.add(qid)
                renamed = msgspec.structs.replace(question, id=qid)
                topic = renamed.topic or bank.topic
                added.append(Item(renamed, bank.section, topic, bank.bank, parsed.source, -1))
    if not added and len(problems) == len(result.problems):
        return result
    old = result.catalog
    catalog = Catalog(old.items + tuple(added), old.blueprints, old.scenarios)
    # Blueprints may draw on the generated questions: their draws are checked again.
    draws = loader.check_draws(catalog, result.files)
    kept = [p for p in problems if p not in result.draw_problems]
    return replace(result, catalog=catalog, problems=(*kept, *draws), draw_problems=draws)
