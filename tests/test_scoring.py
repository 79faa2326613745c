"""Every scoring rule and its edge cases: empty responses, everything picked, bad numbers, text."""

from __future__ import annotations

import math
from typing import Any

import pytest

from trainer.content import models
from trainer.engine.scoring import (
    Response,
    citation_key,
    full_marks,
    normalise,
    parse_number,
    score,
)

COMMON: dict[str, Any] = {"id": "q", "prompt": "P?", "explanation": "E. F.", "difficulty": 2}


def single() -> models.Single:
    return models.Single(**COMMON, options=("a", "b", "c", "d"), answer="B")


def multiple() -> models.Multiple:
    return models.Multiple(**COMMON, options=("a", "b", "c", "d", "e"), answer=("A", "C"))


@pytest.mark.parametrize(
    ("response", "value"),
    [("B", 1.0), ("A", 0.0), (None, 0.0), ("", 0.0), ("b", 0.0), (("B",), 0.0), (2, 0.0)],
)
def test_single(response: Response, value: float) -> None:
    assert score(single(), response).value == value


def test_single_feedback_names_both_answers() -> None:
    assert score(single(), "A").feedback == "You chose A; the answer is B."
    assert score(single(), None).feedback == "You chose nothing; the answer is B."


@pytest.mark.parametrize(
    ("response", "value"),
    [(True, 1.0), (False, 0.0), (None, 0.0), ("true", 0.0), (1, 0.0)],
)
def test_true_false(response: Response, value: float) -> None:
    q = models.TrueFalse(**COMMON, answer=True)
    assert score(q, response).value == value


@pytest.mark.parametrize(
    ("response", "value"),
    [
        (("A", "C"), 1.0),
        (("C", "A"), 1.0),
        (("A",), 0.5),
        (("A", "B"), 0.0),  # one right, one wrong: (1 - 1) / 2
        (("A", "C", "D"), 0.5),
        (("A", "B", "C", "D", "E"), 0.0),  # everything picked: (2 - 3) / 2, floored at 0
        ((), 0.0),
        (None, 0.0),
        (("A", "A", "C"), 1.0),  # a letter given twice counts once
        (("A", "C", "Z"), 1.0),  # a letter beyond the options is ignored
    ],
)
def test_multiple_partial_credit(response: Response, value: float) -> None:
    assert score(multiple(), response).value == pytest.approx(value)


def test_multiple_feedback_names_missed_and_wrong_picks() -> None:
    assert score(multiple(), ("A", "B")).feedback == (
        "The answer is A, C. Missed: C. Wrongly picked: B."
    )


def order() -> models.Order:
    return models.Order(**COMMON, options=("w", "x", "y", "z"), answer=("C", "A", "D", "B"))


@pytest.mark.parametrize(
    ("response", "value"),
    [
        (("C", "A", "D", "B"), 1.0),
        (("B", "D", "A", "C"), 0.0),  # reversed: no pair in order
        (("A", "C", "D", "B"), 5 / 6),  # one adjacent swap
        (("C", "A", "D"), 3 / 6),  # B missing: its three pairs are lost
        ((), 0.0),
        (None, 0.0),
    ],
)
def test_order_share_of_pairs(response: Response, value: float) -> None:
    assert score(order(), response).value == pytest.approx(value)


def match() -> models.Match:
    return models.Match(
        **COMMON, items=("i1", "i2", "i3"), options=("a", "b", "c", "d"), answer=("B", "A", "D")
    )


@pytest.mark.parametrize(
    ("response", "value"),
    [
        (("B", "A", "D"), 1.0),
        (("B", "A", "C"), 2 / 3),
        (("B",), 1 / 3),
        (("A", "B", "C"), 0.0),
        (None, 0.0),
    ],
)
def test_match_share_of_pairs(response: Response, value: float) -> None:
    assert score(match(), response).value == pytest.approx(value)


def rate() -> models.Rate:
    return models.Rate(
        **COMMON, options=("x", "y"), answer=(5, 1), scale=models.Scale(low=1, high=5)
    )


@pytest.mark.parametrize(
    ("response", "value"),
    [
        ((5, 1), 1.0),
        ((4, 1), (0.75 + 1) / 2),
        ((1, 5), 0.0),
        ((3, 3), 0.5),
        ((5,), 0.5),  # an action not rated earns nothing
        ((9, 1), 0.5),  # a rating off the scale earns nothing
        ((True, 1), 0.5),  # true is not a rating
        (None, 0.0),
    ],
)
def test_rate_distance_from_key(response: Response, value: float) -> None:
    assert score(rate(), response).value == pytest.approx(value)


def numeric(tolerance: float = 0.5) -> models.Numeric:
    return models.Numeric(**COMMON, answer=42.0, tolerance=tolerance, unit="minutes")


@pytest.mark.parametrize(
    ("response", "value"),
    [
        (42, 1.0),
        (42.5, 1.0),
        (41.5, 1.0),
        (42.51, 0.0),
        ("42", 1.0),
        (" 42.0 minutes", 1.0),
        ("4,2", 0.0),
        ("1,042", 0.0),
        ("forty-two", 0.0),
        ("", 0.0),
        (None, 0.0),
        (math.nan, 0.0),
        (math.inf, 0.0),
        (True, 0.0),
        ("1e999", 0.0),
    ],
)
def test_numeric_tolerance(response: Response, value: float) -> None:
    assert score(numeric(), response).value == value


def test_numeric_exact_when_no_tolerance() -> None:
    assert score(numeric(0), "42").value == 1.0
    assert score(numeric(0), "42.01").value == 0.0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.5", 1234.5),
        ("-3", -3.0),
        ("\u22123", -3.0),
        ("$45", 45.0),
        ("45 %", 45.0),
        ("12 km.", 12.0),
        ("\uff14\uff12", 42.0),  # full-width digits
        ("1,23", None),
        ("..", None),
        ("-", None),
        ("12 34", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def text_q(
    *answers: str, patterns: tuple[str, ...] = (), citation: bool = False
) -> models.TextAnswer:
    return models.TextAnswer(**COMMON, answer=answers, patterns=patterns, citation=citation)


@pytest.mark.parametrize(
    ("response", "value"),
    [
        ("Misrepresentation", 1.0),
        ("  MISREPRESENTATION. ", 1.0),
        ("misrepresentaton", 1.0),  # one typo in a long word
        ("misreprsentaton", 1.0),  # two typos in a word of 17 letters
        ("misrepresentation!!", 1.0),
        ("mis-representation", 1.0),  # a hyphen becomes a space: one slip
        ("representation", 0.0),
        ("", 0.0),
        ("   ", 0.0),
        (None, 0.0),
        (("misrepresentation",), 0.0),
    ],
)
def test_text_normalised_and_typo_tolerant(response: Response, value: float) -> None:
    assert score(text_q("misrepresentation"), response).value == value


def test_short_text_answers_allow_no_typo() -> None:
    q = text_q("I-94")
    assert score(q, "i-94").value == 1.0
    assert score(q, "I 94").value == 1.0
    assert score(q, "I-95").value == 0.0


def test_text_unicode_forms_and_accents_fold() -> None:
    q = text_q("naïve")
    assert score(q, "NAI\u0308VE").value == 1.0  # decomposed diaeresis
    assert score(q, "naive").value == 1.0
    assert score(q, "na\u200bive").value == 1.0  # a zero-width space is not text


def test_text_patterns() -> None:
    q = text_q(patterns=(r"(?:form\s*)?i-?94",))
    assert score(q, "Form I-94").value == 1.0
    assert score(q, "i94").value == 1.0
    assert score(q, "I-94W please").value == 0.0


@pytest.mark.parametrize(
    "response",
    [
        "INA 212(a)(6)(C)(i)",
        "212(a)(6)(C)(i)",
        "§ 212(a)(6)(C)(i)",
        "212a6Ci",
        "ina section 212 (a) (6) (c) (i)",
        "INA §212(a)(6)(C)(i).",
    ],
)
def test_citations_in_every_spelling_are_the_same_answer(response: str) -> None:
    assert score(text_q("INA 212(a)(6)(C)(i)", citation=True), response).value == 1.0


@pytest.mark.parametrize("response", ["212(a)(6)(C)(ii)", "212(a)(6)(C)", "212(a)(7)", "212"])
def test_a_different_citation_is_wrong_even_one_letter_off(response: str) -> None:
    assert score(text_q("INA 212(a)(6)(C)(i)", citation=True), response).value == 0.0


def test_citation_key_and_normalise() -> None:
    assert citation_key("8 CFR 235.3(b)(1)") == "82353b1"
    assert citation_key("8 U.S.C. 1182(a)(6)(C)(i)") == citation_key("8 USC 1182(a)(6)(C)(i)")
    assert normalise("  Hello,   WORLD!  ") == "hello world"


def test_correct_means_full_marks() -> None:
    assert score(multiple(), ("A", "C")).correct
    assert not score(multiple(), ("A",)).correct


def test_full_marks_forgives_the_rounding_of_summed_thirds_and_nothing_more() -> None:
    assert full_marks(1 / 3 + 1 / 3 + 1 / 3)
    assert full_marks(sum([0.1] * 10))
    assert not full_marks(0.999)
    assert not full_marks(1.0 - 1e-6)


def test_spelling_questions_can_refuse_typos() -> None:
    strict = models.TextAnswer(**COMMON, answer=("necessary",), typos=False)
    assert score(strict, "Necessary.").value == 1.0
    assert score(strict, "neccessary").value == 0.0
    assert score(text_q("necessary"), "neccessary").value == 1.0
