"""GIFT into our schema: each question type, what is reported rather than kept, and every error."""

from __future__ import annotations

import pytest

from trainer.content.models import Match, Multiple, Numeric, Single, TextAnswer, TrueFalse
from trainer.importers import gift
from trainer.importers.base import Imported


def load(text: str) -> Imported:
    return gift.load(text, "quiz.gift")


def shown(imported: Imported) -> list[str]:
    return [str(p) for p in imported.problems]


def only(imported: Imported) -> object:
    (draft,) = imported.drafts
    return draft.question


def test_multiple_choice_with_one_right_answer_is_single() -> None:
    q = only(load("Which form records an arrival?{=I-94 ~I-130 ~N-400}"))
    assert isinstance(q, Single)
    assert (q.prompt, q.options, q.answer) == (
        "Which form records an arrival?",
        ("I-94", "I-130", "N-400"),
        "A",
    )


def test_partial_credit_on_a_single_answer_is_reported() -> None:
    imported = load("Hard one.{~wrong ~%50%half credit =full credit}")
    q = only(imported)
    assert isinstance(q, Single)
    assert q.answer == "C"
    assert shown(imported)[0] == (
        "quiz.gift:1:1: warning: weights A 0%, B 50%, C 100%: partial credit is not kept; "
        "a single-answer question scores all or nothing"
    )


def test_weights_sharing_credit_make_a_multiple_answer_question() -> None:
    imported = load("Which are forms?{~%50%I-94 ~%50%I-130 ~%-50%INA 235 ~%-50%CFR}")
    q = only(imported)
    assert isinstance(q, Multiple)
    assert q.answer == ("A", "B")
    # -50% a wrong pick is exactly our rule, (right - wrong) / right options: nothing to report.
    assert [p for p in imported.problems if "weights" in p.message] == []


def test_weights_our_rule_does_not_reproduce_are_reported() -> None:
    imported = load("Which are forms?{~%50%I-94 ~%50%I-130 ~INA 235}")
    assert isinstance(only(imported), Multiple)
    assert "these weights are not kept" in shown(imported)[0]


def test_true_false_with_feedback_keeps_it_in_the_explanation() -> None:
    imported = load("VWP admission can be extended.{FALSE#No: INA 217(a)(1).#Right.}")
    q = only(imported)
    assert isinstance(q, TrueFalse)
    assert q.answer is False
    assert q.explanation == "If you said true: No: INA 217(a)(1).\nIf you said false: Right."
    assert "kept in the explanation" in shown(imported)[0]


@pytest.mark.parametrize(
    ("answer", "value", "tolerance"),
    [("#90", 90.0, 0.0), ("#19.5:0.01", 19.5, 0.01), ("#3.141..3.142", 3.1415, 0.0005)],
)
def test_numerical_answers_with_tolerance_and_ranges(
    answer: str, value: float, tolerance: float
) -> None:
    q = only(load(f"How many?{{{answer}}}"))
    assert isinstance(q, Numeric)
    assert (q.answer, q.tolerance) == (value, tolerance)


def test_numerical_partial_credit_answers_are_reported() -> None:
    imported = load("Born?{#\n=1822:0 #Right\n=%50%1822:2 #Close\n}")
    q = only(imported)
    assert isinstance(q, Numeric)
    assert (q.answer, q.tolerance) == (1822.0, 0.0)
    assert "the answer 1822:2 earns 50%; not kept" in shown(imported)[0]
    assert q.explanation == "1822:0: Right\n1822:2: Close"


def test_a_backwards_range_is_refused() -> None:
    imported = load("Pick.{#5..1}")
    assert imported.drafts == ()
    assert shown(imported) == ["quiz.gift:1:1: the range 5..1 runs backwards"]


def test_short_answers_and_missing_words_are_text_questions() -> None:
    imported = load("Who admits?{=an officer =the officer}\n\nThe {=I-94} records arrival.")
    first, second = (d.question for d in imported.drafts)
    assert isinstance(first, TextAnswer)
    assert first.answer == ("an officer", "the officer")
    assert isinstance(second, TextAnswer)
    assert (second.prompt, second.answer) == ("The _____ records arrival.", ("I-94",))


def test_short_answers_below_full_credit_are_reported_and_wildcards_become_patterns() -> None:
    imported = load("Town?{=Nazareth =%50%Nazereth =Naz*th =%0%*#No}")
    q = only(imported)
    assert isinstance(q, TextAnswer)
    assert q.answer == ("Nazareth",)
    assert q.patterns == (r"(?i)^\s*Naz.*th\s*$",)
    assert "the answer 'Nazereth' earns 50%; not kept" in shown(imported)[0]
    assert "Any other answer: No" in q.explanation


def test_matching_pairs_each_item_with_an_option() -> None:
    q = only(load("Match.{=I-94 -> arrival =N-400 -> naturalization = -> removal}"))
    assert isinstance(q, Match)
    assert q.items == ("I-94", "N-400")
    assert q.options == ("arrival", "naturalization", "removal")
    assert q.answer == ("A", "B")


def test_essays_and_descriptions_are_reported_not_imported() -> None:
    imported = load("Write about INA 212.{}\n\nYou may use a pencil.\n\nTrue?{T}")
    assert [type(d.question) for d in imported.drafts] == [TrueFalse]
    assert shown(imported)[:2] == [
        "quiz.gift:1:1: warning: an essay question is not imported: "
        "the trainer cannot score free writing",
        "quiz.gift:3:1: warning: a description (text with no answers) is not a question; "
        "not imported",
    ]


def test_comments_give_id_tags_difficulty_and_references() -> None:
    text = (
        "// [id:law-001] [tag:VWP] [tag:inspection]\n"
        "// [difficulty:4] [reference:INA 217(a)(1)]\n"
        "::Stay::Ninety days?{T####INA 217(a)(1) sets 90 days.}"
    )
    imported = load(text)
    (draft,) = imported.drafts
    q = draft.question
    assert draft.given_id == "law-001"
    assert (q.tags, q.difficulty, q.references) == (("vwp", "inspection"), 4, ("INA 217(a)(1)",))
    assert q.explanation == "INA 217(a)(1) sets 90 days."
    assert "the title 'Stay' is not kept" in shown(imported)[0]


def test_html_is_made_plain_text_and_images_are_reported() -> None:
    imported = load('[html]<p>Which <b>flag</b>?</p><img src="flag.png">{=<i>Blue</i> ~Red}')
    q = only(imported)
    assert isinstance(q, Single)
    assert (q.prompt, q.options) == ("Which flag?", ("Blue", "Red"))
    assert shown(imported)[0] == (
        "quiz.gift:1:1: warning: the question text: an image flag.png is not imported; "
        "the trainer shows text only"
    )


def test_escapes_are_decoded() -> None:
    q = only(load(r"Which is \{x\}\: a \#, \~ or \=? {=\\ ~a\nb}"))
    assert isinstance(q, Single)
    assert q.prompt == "Which is {x}: a #, ~ or =?"
    assert q.options == ("\\", "a\nb")


def test_categories_name_the_questions_topic() -> None:
    imported = load("$CATEGORY: $course$/top/Visa Waiver\n\nQ?{T}")
    assert [d.category for d in imported.drafts] == ["Visa Waiver"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Open {=a ~b", "1:6: '{' is never closed: the answers need a '}' before the blank line"),
        ("Bad \\q escape {T}", "1:5: unknown escape '\\q'"),
        ("::Title Q? {T}", "1:1: the title has no closing '::'"),
        ("Q:: with colons {T}", "1:2: '::' in the question text"),
        ("Q {=a {b}", "1:7: '{' inside the answers"),
        ("Q } {T}", "1:3: '}' with no '{' before it"),
        ("Q {T} and {F}", "1:11: a second '{'"),
        ("Q {=a #one #two ~b}", "1:12: a second '#' in one answer's feedback"),
        ("Q {~%abc%a =b}", "1:5: the weight %abc% is not a percentage"),
        ("Q {~%150%a =b}", "1:5: the weight %150% is outside -100 to 100"),
        ("Q {#ten}", "1:5: 'ten' is not a number"),
        ("Q {text ~b =c}", "1:4: text before the first answer"),
        ("Q {TRUE maybe}", "1:8: text after TRUE"),
        ("Q {T#a#b#c}", "1:9: a third '#'"),
        ("Q {~a ~b}", "1:1: no choice earns credit"),
        ("Q {=a -> }", "1:7: nothing after '->'"),
        ("Q {=a ~}", "1:7: an answer with no text"),
    ],
)
def test_each_fault_is_refused_at_its_line_and_column(text: str, message: str) -> None:
    imported = load(f"First {{T}}\n\n{text}\n\nLast {{F}}")
    line, rest = message.split(":", 1)
    errors = [str(p) for p in imported.problems if p.is_error]
    assert errors
    assert errors[0].startswith(f"quiz.gift:{int(line) + 2}:{rest}"), errors
    assert [d.question.prompt for d in imported.drafts] == ["First", "Last"]
    assert imported.refused == 1


def test_a_refused_option_list_names_the_schema_fault() -> None:
    imported = load("Same twice {=a ~a}")
    assert shown(imported) == ["quiz.gift:1:1: cannot be imported: option B repeats option A"]
