"""Properties: no input makes the loader raise, loading is deterministic, valid banks load whole."""

from __future__ import annotations

import os
import string
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.content import loader, models

# The example count comes from the profile (tests/conftest.py): a small one in CI, 10,000 in
# `make fuzz`.
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PATH = Path("fuzz.yaml")

yaml_ish = st.text(
    alphabet=st.sampled_from(
        list(" \t\n-:?[]{},#&*!|>'\"%@`") + list("abcAZ019_.") + ["\u00e9", "\u202e", "\x00"]
    ),
    max_size=300,
)
keys = st.sampled_from(
    [
        "bank",
        "title",
        "section",
        "topic",
        "questions",
        "id",
        "type",
        "prompt",
        "options",
        "answer",
        "explanation",
        "difficulty",
        "blueprint",
        "scenario",
        "nodes",
        "goto",
    ]
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10), st.floats(allow_nan=True), st.text(max_size=8)
)
trees = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


def assert_well_behaved(parsed: loader.Parsed) -> None:
    if parsed.doc is None:
        assert any(p.is_error for p in parsed.problems)
    for problem in parsed.problems:
        assert problem.path == "fuzz.yaml"
        assert problem.line >= 0
        assert problem.col >= 0
        assert problem.message


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_give_a_catalog_or_problems(data: bytes) -> None:
    assert_well_behaved(loader.parse(PATH, data))


@SETTINGS
@given(yaml_ish)
def test_any_yaml_like_text_gives_a_catalog_or_problems(text: str) -> None:
    assert_well_behaved(loader.parse(PATH, text.encode("utf-8", "surrogatepass")))


@SETTINGS
@given(trees)
def test_any_yaml_tree_gives_a_catalog_or_problems(tree: Any) -> None:
    data = yaml.safe_dump(tree, allow_unicode=True).encode()
    assert_well_behaved(loader.parse(PATH, data))
    if isinstance(tree, dict):
        tree = {**tree, "bank": "b", "title": "t", "section": "s", "topic": "t"}
        assert_well_behaved(loader.parse(PATH, yaml.safe_dump(tree).encode()))


@SETTINGS
@given(st.binary(max_size=300) | yaml_ish.map(str.encode))
def test_loading_is_deterministic(data: bytes) -> None:
    assert loader.parse(PATH, data) == loader.parse(PATH, data)


words = st.text(alphabet=string.ascii_letters + " .,'-", min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)


@st.composite
def questions(draw: st.DrawFn, index: int) -> dict[str, Any]:
    qtype = draw(st.sampled_from(list(models.QUESTION_TYPES)))
    n = draw(st.integers(2, 6))
    options = [f"option {i} {draw(words)}" for i in range(n)]
    letters = list(string.ascii_uppercase[:n])
    q: dict[str, Any] = {
        "id": f"q-{index}",
        "type": qtype,
        "prompt": draw(words),
        "explanation": draw(words),
        "difficulty": draw(st.integers(1, 5)),
        "tags": draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=2)),
    }
    if qtype == "single":
        q |= {"options": options, "answer": draw(st.sampled_from(letters))}
    elif qtype == "multiple":
        picks = draw(st.lists(st.sampled_from(letters), min_size=1, unique=True))
        q |= {"options": options, "answer": picks}
    elif qtype == "true_false":
        q |= {"answer": draw(st.booleans())}
    elif qtype == "numeric":
        value = draw(st.floats(-1e6, 1e6, allow_nan=False))
        q |= {"answer": value, "tolerance": draw(st.floats(0, 10)), "unit": "days"}
    elif qtype == "text":
        q |= {"answer": [draw(words)], "citation": draw(st.booleans())}
    elif qtype == "order":
        q |= {"options": options, "answer": draw(st.permutations(letters))}
    elif qtype == "match":
        items = [f"item {i}" for i in range(draw(st.integers(2, 4)))]
        answer = [draw(st.sampled_from(letters)) for _ in items]
        q |= {"items": items, "options": options, "answer": answer}
    else:
        q |= {"options": options, "answer": [draw(st.integers(1, 5)) for _ in options]}
    return q


@st.composite
def banks(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 6))
    return {
        "bank": "generated",
        "title": draw(words),
        "section": draw(st.sampled_from(["law", "reasoning", "writing"])),
        "topic": "general",
        "questions": [draw(questions(i)) for i in range(count)],
    }


@SETTINGS
@given(banks())
def test_any_valid_bank_loads_whole(bank: dict[str, Any]) -> None:
    parsed = loader.parse(PATH, yaml.safe_dump(bank, allow_unicode=True).encode())
    assert parsed.problems == ()
    assert isinstance(parsed.doc, models.Bank)
    assert [q.id for q in parsed.doc.questions] == [q["id"] for q in bank["questions"]]


@SETTINGS
@given(banks(), st.data())
def test_a_broken_question_is_located_and_the_rest_kept(
    bank: dict[str, Any], data: st.DataObject
) -> None:
    victim = data.draw(st.integers(0, len(bank["questions"]) - 1))
    damage = data.draw(st.sampled_from(["drop-prompt", "bad-difficulty", "unknown-field"]))
    question = bank["questions"][victim]
    if damage == "drop-prompt":
        del question["prompt"]
    elif damage == "bad-difficulty":
        question["difficulty"] = 9
    else:
        question["hint"] = "x"
    text = yaml.safe_dump(bank, allow_unicode=True)
    parsed = loader.parse(PATH, text.encode())
    [problem] = parsed.problems
    assert problem.message.startswith(f"questions[{victim}]")
    assert problem.line > text.splitlines().index("questions:")
    assert isinstance(parsed.doc, models.Bank)
    assert len(parsed.doc.questions) == len(bank["questions"]) - 1


@settings(SETTINGS, max_examples=min(settings().max_examples, 1_000))
@given(banks(), st.data())
def test_any_valid_bank_survives_a_whole_session(bank: dict[str, Any], data: st.DataObject) -> None:
    """Load, build the catalog, practise every question with any response: scores stay in 0..1."""
    import random
    from datetime import UTC, datetime

    from trainer.engine.clock import ManualClock
    from trainer.store.sqlite import SqliteStore
    from trainer.study import Study

    parsed = loader.parse(PATH, yaml.safe_dump(bank, allow_unicode=True).encode())
    catalog, problems = loader.build_catalog([parsed])
    assert problems == []
    store = SqliteStore(Path(os.environ["TRAINER_HOME"]) / "fuzz.sqlite3")
    try:
        study = Study(
            catalog, store, ManualClock(datetime(2026, 1, 1, tzinfo=UTC)), random.Random(1)
        )
        live = study.start_practice(len(catalog))
        responses = st.one_of(
            st.none(), st.booleans(), st.integers(-5, 50), st.floats(allow_nan=True),
            st.text(max_size=20), st.tuples(st.sampled_from("ABCDEFZ")),
            st.lists(st.sampled_from("ABCDEFZ"), max_size=7).map(tuple),
            st.lists(st.integers(-1, 7), max_size=7).map(tuple),
        )  # fmt: skip
        for position in range(len(live.plan.item_ids)):
            live.go(position)
            outcome = live.answer(data.draw(responses))
            assert 0.0 <= outcome.score.value <= 1.0
        report = live.submit()
        assert 0.0 <= report.percent <= 100.0
    finally:
        store.close()
