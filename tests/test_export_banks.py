"""Banks written as GIFT, Aiken and Moodle XML read back as the same questions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from trainer.content.loader import parse
from trainer.content.models import (
    LETTERS,
    Bank,
    Match,
    Multiple,
    Numeric,
    Order,
    Question,
    Rate,
    Single,
    TextAnswer,
    TrueFalse,
)
from trainer.importers import aiken, gift, moodle, writer

# Words with the characters each format must escape; single spaces, as the formats fold runs.
WORD = st.text(
    alphabet=st.sampled_from("abcXYZ019~=#{}:\\%[]<>&\"'-"), min_size=1, max_size=6
).filter(lambda w: w.strip() == w)
TEXT = st.lists(WORD, min_size=1, max_size=5).map(" ".join)
LINES = st.lists(TEXT, min_size=1, max_size=2).map("\n".join)
# References, some of them too long for a Moodle tag or with what Moodle strips or folds.
REFERENCE = st.from_regex(r"[aAzZ()]{1,8}( [aAzZ()]{1,8}){0,6}", fullmatch=True) | st.text(
    alphabet=st.sampled_from("aAz <>`\t"), min_size=1, max_size=10
)
IDS = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)


@st.composite
def questions(draw: st.DrawFn, kinds: tuple[str, ...]) -> Question:
    kind = draw(st.sampled_from(kinds))
    common: dict[str, Any] = {
        "id": draw(IDS),
        "prompt": draw(LINES),
        "explanation": draw(LINES),
        "difficulty": draw(st.integers(1, 5)),
        "tags": tuple(draw(st.lists(IDS, max_size=2, unique=True))),
        "references": tuple(draw(st.lists(TEXT, max_size=2))),
    }
    options = tuple(draw(st.lists(TEXT, min_size=2, max_size=5, unique_by=str.casefold)))
    letters = LETTERS[: len(options)]
    if kind == "single":
        return Single(**common, options=options, answer=draw(st.sampled_from(letters)))
    if kind == "multiple":
        picked = draw(st.lists(st.sampled_from(letters), min_size=1, unique=True))
        return Multiple(**common, options=options, answer=tuple(sorted(picked)))
    if kind == "true_false":
        return TrueFalse(**common, answer=draw(st.booleans()))
    if kind == "numeric":
        value = draw(st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3)))
        tolerance = draw(st.floats(0, 100).map(lambda x: round(x, 3)))
        return Numeric(**common, answer=value, tolerance=tolerance)
    if kind == "text":
        accepted = draw(st.lists(TEXT, min_size=1, max_size=3, unique=True))
        return TextAnswer(**common, answer=tuple(accepted))
    if kind == "order":
        return Order(**common, options=options, answer=tuple(draw(st.permutations(letters))))
    items = tuple(draw(st.lists(TEXT, min_size=2, max_size=4)))
    answer = tuple(draw(st.lists(st.sampled_from(letters), min_size=len(items),
                                 max_size=len(items))))  # fmt: skip
    return Match(**common, items=items, options=options, answer=answer)


def bank(found: list[Question]) -> Bank:
    unique = list({q.id: q for q in found}.values())
    return Bank(bank="b", title="B", section="law", topic="admission", questions=tuple(unique))


def held(question: Question, fields: tuple[str, ...]) -> dict[str, Any]:
    """The fields a format holds: for order and match, the sequence and pairs, not the letters."""
    data = msgspec.to_builtins(question)
    if isinstance(question, Order):
        ordered = [question.options[LETTERS.index(letter)] for letter in question.answer]
        data |= {"options": sorted(question.options), "answer": ordered}
    if isinstance(question, Match):
        paired = [question.options[LETTERS.index(letter)] for letter in question.answer]
        data |= {"options": sorted(question.options), "answer": paired}
    return {key: data.get(key) for key in ("type", *fields)}


COMMON = ("prompt", "options", "items", "answer", "tolerance")


def _back(questions_out: list[Question], text: str, reader: Any, fields: tuple[str, ...]) -> None:
    imported = reader(text)
    assert [str(p) for p in imported.problems if p.is_error] == []
    back = [d.question for d in imported.drafts]
    assert [held(q, fields) for q in back] == [held(q, fields) for q in questions_out]


@given(st.lists(questions(("single", "multiple", "true_false", "numeric", "text", "match")),
                min_size=1, max_size=6))  # fmt: skip
def test_gift_round_trip_keeps_every_field_gift_holds(found: list[Question]) -> None:
    written = bank(found)
    text, notes = gift.dump(written)
    kept = [q for q in written.questions if not any(n.startswith("left out") for i, n in notes
                                                    if i == q.id)]  # fmt: skip
    imported = gift.load(text, "b.gift")
    assert [str(p) for p in imported.problems if p.is_error] == []
    ids = [d.given_id for d in imported.drafts]
    assert ids == [q.id for q in kept]
    fields = (*COMMON, "explanation", "difficulty", "tags", "references")
    assert [held(d.question, fields) for d in imported.drafts] == [held(q, fields) for q in kept]
    assert {d.category for d in imported.drafts} <= {"admission"}


@given(st.lists(questions(("single", "multiple", "true_false", "numeric", "text", "match",
                           "order")), min_size=1, max_size=6),
       st.lists(REFERENCE, max_size=3))  # fmt: skip
def test_moodle_xml_round_trip_keeps_every_field_it_holds(
    found: list[Question], extra: list[str]
) -> None:
    extra += [r.swapcase() for r in extra[:1]]
    first = msgspec.structs.replace(found[0], references=(*found[0].references, *extra))
    written = bank([first, *found[1:]])
    text, notes = moodle.dump(written)
    left = {i for i, n in notes if n.startswith("left out")}
    kept = [q for q in written.questions if q.id not in left]
    imported = moodle.load(text.encode("utf-8"), "b.xml")
    assert [str(p) for p in imported.problems if p.is_error] == []
    assert [d.given_id for d in imported.drafts] == [q.id for q in kept]
    fields = (*COMMON, "explanation", "tags", "unit", "difficulty", "references")
    sent = [msgspec.structs.replace(q, references=tagged(q.references)) for q in kept]
    assert [held(d.question, fields) for d in imported.drafts] == [held(q, fields) for q in sent]
    dropped = {(q.id, r) for q in kept for r in q.references if r not in tagged(q.references)}
    dropped |= {(q.id, r) for q in kept for r in q.references if q.references.count(r) > 1}
    named = {
        (q.id, r)
        for q in kept
        for r in q.references
        if (q.id, f"not kept: the reference {r!r}")
        in {(i, n.split(", since")[0]) for i, n in notes}
    }
    assert named == dropped


def tagged(references: tuple[str, ...]) -> tuple[str, ...]:
    """The references a Moodle tag holds unchanged: short, no `<>` or backquote or controls, single
    spaces, and none that differs from an earlier one only in case."""
    sent: list[str] = []
    for r in references:
        plain = not re.search(r"[<>`\x00-\x1f\x7f]|\s\s|[^\S ]", r) and r == r.strip()
        if len("ref:" + r) <= 50 and plain and r.casefold() not in {s.casefold() for s in sent}:
            sent.append(r)
    return tuple(sent)


@given(st.lists(questions(("single", "true_false")), min_size=1, max_size=6))
def test_aiken_round_trip_keeps_text_options_and_answer(found: list[Question]) -> None:
    written = bank(found)
    text, notes = aiken.dump(written)
    left = {i for i, n in notes if n.startswith("left out")}
    kept = [q for q in written.questions if q.id not in left]
    assert all(isinstance(q, Single) for q in kept)
    assert left == {q.id for q in written.questions if not isinstance(q, Single)}
    imported = aiken.load(text, "b.txt")
    assert [str(p) for p in imported.problems if p.is_error] == []
    back = [d.question for d in imported.drafts]
    one_line = [msgspec.structs.replace(q, prompt=" ".join(q.prompt.split())) for q in kept]
    assert [held(q, ("prompt", "options", "answer")) for q in back] == [
        held(q, ("prompt", "options", "answer")) for q in one_line
    ]


ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)


@given(st.lists(questions(("single", "multiple", "true_false", "numeric", "text", "match",
                           "order")), min_size=1, max_size=5), ANY_TEXT, ANY_TEXT)  # fmt: skip
def test_the_yaml_writer_writes_what_the_loader_reads(
    found: list[Question], prompt: str, long: str
) -> None:
    first = msgspec.structs.replace(found[0], prompt=prompt, explanation=(long + " ") * 9 + long)
    written = bank([first, *found[1:]])
    header = writer.bank_data("b", "B", "law", "admission", "D " * 59 + "D", ["x: y", "# z"])
    text = writer.dump(header, written.questions, "# yaml-language-server: $schema=x\n")
    parsed = parse(Path("b.yaml"), text.encode("utf-8"))
    assert [str(p) for p in parsed.problems] == []
    assert isinstance(parsed.doc, Bank)
    assert parsed.doc.questions == written.questions
    assert parsed.doc.description == "D " * 59 + "D"


def test_what_a_format_cannot_hold_is_named() -> None:
    rate = Rate(id="r", prompt="Rate.", explanation="E.", difficulty=2, options=("a", "b"),
                answer=(1, 2))  # fmt: skip
    unit = Numeric(
        id="n", prompt="How many?", explanation="E.", difficulty=2, answer=9, unit="days"
    )
    written = bank([rate, unit])
    _, gift_notes = gift.dump(written)
    assert gift_notes == [
        ("r", "left out: it is a rate question, which GIFT cannot hold"),
        ("n", "not kept: the unit 'days'"),
    ]
    _, xml_notes = moodle.dump(written)
    assert ("r", "left out: it is a rate question, which Moodle XML cannot hold") in xml_notes
    _, aiken_notes = aiken.dump(written)
    assert ("n", "left out: it is a numeric question; Aiken holds single") in aiken_notes


def test_a_bank_whose_header_would_not_validate_is_not_written() -> None:
    imported = gift.load("Q {T}\n", "q.gift")
    written, notes = writer.render(
        imported,
        name="q.gift",
        bank="q",
        section="Not An Id",
        topic=None,
        folder=Path(),
        taken=set(),
    )
    assert written == []
    assert [str(n) for n in notes] == [
        "q.gift: bank q not written: section: expected an id: lower-case letters, digits, '.', "
        "'_' or '-' (got 'Not An Id')"
    ]
