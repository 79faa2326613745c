"""Golden digests: the generator's output for fixed seeds, byte for byte.

Banks name a seed and expect the same questions every time, so a change that alters what a seed
makes must be deliberate: update the digest here (the failure shows the new one) and say so.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date

import msgspec
import pytest

from tests.test_docgen_cli import run
from trainer.docgen import documents, mrz
from trainer.docgen.exercises import generate
from trainer.docgen.inspection import inspect_set
from trainer.docgen.layouts import MrzFormat

TODAY = date(2026, 3, 1)


def digest(value: object) -> str:
    return hashlib.sha256(msgspec.json.encode(msgspec.to_builtins(value))).hexdigest()


ALL = tuple(MrzFormat)
MIXED = "46bb86175b3a6049603ad931dacd017d4ef182771d063ff4d8efa3e49b1f9e56"
FORMATS = "3e95b61dfbf5a1daa287ba4a8fa09fbc6e231a0d092b4615c266a906ff4ec3cc"
HARD = "f76b18350a8c5bf8427da8ee7203a5523a2c94709d742ee73063b9bebb170ab5"
CLEAN = "0eaeae8ac274a6b35a957387b7202b66566cc93798f47957d15ad1599b9c7f5a"


@pytest.mark.parametrize(
    ("seed", "count", "formats", "defects", "difficulty", "expected"),
    [
        pytest.param(20260301, 120, ALL, None, None, MIXED, id="mixed"),
        pytest.param(5, 40, ("TD1", "MRV-B"), None, None, FORMATS, id="td1-mrv-b"),
        pytest.param(6, 40, ALL, None, 5, HARD, id="difficulty-5"),
        pytest.param(7, 20, ALL, (), None, CLEAN, id="clean"),
    ],
)
def test_a_seed_always_makes_the_same_exercises(
    seed: int,
    count: int,
    formats: tuple[str, ...],
    defects: tuple[str, ...] | None,
    difficulty: int | None,
    expected: str,
) -> None:
    made = generate(seed, count, TODAY, formats=formats, defects=defects, difficulty=difficulty)
    assert digest(made) == expected


def test_the_checker_and_the_review_report_the_same_on_generated_sets() -> None:
    made = generate(20260301, 120, TODAY)
    reports = [mrz.check(doc.mrz, TODAY) for e in made for doc in e.travel.documents]
    assert digest(reports) == "cdf6afd037685f63a6a006f096a1704f549bac0eb27ded36b0b213fd8a46eaf8"
    assert (
        digest([inspect_set(e.travel) for e in made])
        == "7c9b7c1887740575a9b2a4d73badf0041f7f1bc0a3b478dddf13feca6783c6d2"
    )


def test_clean_sets_drawn_in_turn_from_one_generator_are_the_same() -> None:
    """The benchmark's path: sets of every shape drawn one after another from one Random."""
    today = date(2026, 1, 15)
    shapes = documents.shapes(tuple(MrzFormat))
    rng = random.Random(11)
    made: list[documents.Document] = []
    while len(made) < 1000:
        made += documents.make_set(rng, today, shapes[len(made) % len(shapes)]).documents
    assert digest(made) == "4384db44c2f2e64c078d1297bffb22b69c7044ecc8769673e2ff95ea3c0766e7"
    assert (
        digest([mrz.check(doc.mrz, today) for doc in made])
        == "84566c3ed91e28c2d08bc5e922c630cd6f30645f921b2f5c9b2a7c2fd968b75e"
    )


def test_the_docgen_command_prints_the_same_json() -> None:
    code, out = run("docgen", "--seed", "9303", "--count", "20", "--json")
    assert code == 0
    assert (
        hashlib.sha256(out.encode()).hexdigest()
        == "c7dc01e14c2c267b05416b029a8e67ce6a60551b535d6feee8548a4c9ee5919d"
    )
