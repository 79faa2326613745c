"""Moodle XML into our schema: each type, categories, feedback, files, and hostile XML."""

from __future__ import annotations

import pytest

from trainer.content.models import (
    Bank,
    Match,
    Multiple,
    Numeric,
    Order,
    Single,
    TextAnswer,
    TrueFalse,
)
from trainer.importers import moodle
from trainer.importers.base import Imported, Refused

QUIZ = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/Visa Waiver</text></category></question>
  <question type="multichoice">
    <name><text>VWP stay</text></name>
    <idnumber>vwp-001</idnumber>
    <questiontext format="html">
      <text><![CDATA[<p>How long may a <b>VWP</b> visitor stay?</p>]]></text>
      <file name="map.png" encoding="base64">AAAA</file></questiontext>
    <generalfeedback format="html"><text>INA 217(a)(1): 90 days.</text></generalfeedback>
    <single>true</single>
    <answer fraction="0"><text>30 days</text><feedback><text>Too short.</text></feedback></answer>
    <answer fraction="100"><text>90 days</text></answer>
    <tags><tag><text>vwp</text></tag></tags>
  </question>
  <question type="multichoice">
    <questiontext format="plain_text"><text>Which are forms?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>I-94</text></answer>
    <answer fraction="50"><text>I-275</text></answer>
    <answer fraction="-50"><text>INA 235</text></answer>
  </question>
  <question type="truefalse">
    <questiontext format="plain_text"><text>The applicant bears the burden.</text></questiontext>
    <answer fraction="100"><text>true</text><feedback><text>INA 291.</text></feedback></answer>
    <answer fraction="0"><text>false</text><feedback><text>No: INA 291.</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <questiontext format="plain_text"><text>Which form records arrival?</text></questiontext>
    <answer fraction="100"><text>I-94</text></answer>
    <answer fraction="50"><text>arrival record</text></answer>
  </question>
  <question type="numerical">
    <questiontext format="plain_text"><text>Duty on $650 at 3 percent?</text></questiontext>
    <answer fraction="100"><text>19.5</text><tolerance>0.01</tolerance></answer>
    <units><unit><multiplier>1</multiplier><unit_name>dollars</unit_name></unit></units>
  </question>
  <question type="matching">
    <questiontext format="plain_text"><text>Match each form.</text></questiontext>
    <subquestion><text>I-94</text><answer><text>arrival</text></answer></subquestion>
    <subquestion><text>N-400</text><answer><text>naturalization</text></answer></subquestion>
    <subquestion><text></text><answer><text>removal</text></answer></subquestion>
  </question>
  <question type="ordering">
    <questiontext format="plain_text"><text>Order the steps.</text></questiontext>
    <answer fraction="1"><text>Primary</text></answer>
    <answer fraction="2"><text>Secondary</text></answer>
  </question>
  <question type="essay"><questiontext><text>Discuss INA 212.</text></questiontext></question>
  <question type="calculated"><questiontext><text>{a} + {b}?</text></questiontext></question>
</quiz>
"""


def load(text: str) -> Imported:
    return moodle.load(text.encode("utf-8"), "quiz.xml")


def test_each_type_maps_to_ours() -> None:
    imported = load(QUIZ)
    kinds = [type(d.question) for d in imported.drafts]
    assert kinds == [Single, Multiple, TrueFalse, TextAnswer, Numeric, Match, Order]
    single, multiple, truth, text, number, match, order = (d.question for d in imported.drafts)
    assert isinstance(single, Single)
    assert (single.prompt, single.answer, single.tags) == (
        "How long may a VWP visitor stay?",
        "B",
        ("vwp",),
    )
    assert single.explanation == "INA 217(a)(1): 90 days.\n\nA: Too short."
    assert imported.drafts[0].given_id == "vwp-001"
    assert imported.drafts[0].category == "Visa Waiver"
    assert isinstance(multiple, Multiple)
    assert multiple.answer == ("A", "B")
    assert isinstance(truth, TrueFalse)
    assert truth.answer is True
    assert truth.explanation == "If you said false: No: INA 291.\nIf you said true: INA 291."
    assert isinstance(text, TextAnswer)
    assert text.answer == ("I-94",)
    assert isinstance(number, Numeric)
    assert (number.answer, number.tolerance, number.unit) == (19.5, 0.01, "dollars")
    assert isinstance(match, Match)
    assert (match.items, match.options, match.answer) == (
        ("I-94", "N-400"),
        ("arrival", "naturalization", "removal"),
        ("A", "B"),
    )
    assert isinstance(order, Order)
    assert order.options == ("Primary", "Secondary")


def test_what_does_not_fit_is_reported_at_its_line() -> None:
    shown = [str(p) for p in load(QUIZ).problems]
    lost = [
        "quiz.xml:5:3: warning: the title 'VWP stay' is not kept; the question gets an id instead",
        "quiz.xml:10:7: warning: the file 'map.png' is not imported",
        "quiz.xml:29:3: warning: the answer 'arrival record' earns 50%; not kept, since a text "
        "answer is right or wrong",
        "quiz.xml:50:3: warning: an essay question is not imported: the trainer cannot score "
        "free writing",
        "quiz.xml:51:3: warning: a 'calculated' question is not a type the trainer holds",
    ]
    assert [p for p in lost if p not in shown] == []


def test_a_broken_question_is_refused_at_its_element_and_the_rest_import() -> None:
    quiz = """<quiz>
  <question type="multichoice"><questiontext><text>Q?</text></questiontext>
    <answer fraction="lots"><text>a</text></answer></question>
  <question type="truefalse"><questiontext><text>T?</text></questiontext>
    <answer fraction="100"><text>maybe</text></answer></question>
  <question type="numerical"><questiontext><text>N?</text></questiontext>
    <answer fraction="100"><text>ten</text></answer></question>
  <question type="shortanswer"></question>
  <question><questiontext><text>no type</text></questiontext></question>
  <question type="truefalse"><questiontext><text>Fine.</text></questiontext>
    <answer fraction="100"><text>false</text></answer></question>
</quiz>"""
    imported = load(quiz)
    assert [str(p) for p in imported.problems if p.is_error] == [
        "quiz.xml:3:5: fraction='lots' is not a number",
        "quiz.xml:5:5: a true/false answer is 'true' or 'false', not 'maybe'",
        "quiz.xml:7:5: 'ten' is not a number",
        "quiz.xml:8:3: a question needs a <questiontext> with text",
        "quiz.xml:9:3: a <question> needs a type attribute",
    ]
    assert [d.question.prompt for d in imported.drafts] == ["Fine."]
    assert imported.refused == 5


BOMB = """<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<quiz><question type="essay">
  <questiontext><text>&d;&d;&d;&d;</text></questiontext></question></quiz>
"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BOMB.encode(), "refused: the XML declares a DTD"),
        (
            b'<?xml version="1.0"?><!DOCTYPE q SYSTEM "file:///etc/passwd"><quiz/>',
            "refused: the XML declares a DTD",
        ),
        (b"<quiz>\n  <question type='x'>\n</quiz>", "malformed XML: mismatched tag"),
        (b"<quiz><question type='essay'>caf\xe9</question></quiz>", "malformed XML: not UTF-8"),
        (b"<not-a-quiz/>", None),
    ],
)
def test_hostile_or_broken_xml_is_refused_with_a_place(data: bytes, message: str | None) -> None:
    if message is None:
        imported = moodle.load(data, "quiz.xml")
        assert [str(p) for p in imported.problems] == [
            "quiz.xml:1:1: expected a <quiz> element, found <not-a-quiz>"
        ]
        return
    with pytest.raises(Refused, match=message) as caught:
        moodle.load(data, "quiz.xml")
    assert caught.value.line >= 1
    assert caught.value.col >= 1


TAGGED = """\
<quiz>
  <question type="truefalse"><questiontext><text>Tagged.</text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer><text>false</text></answer>
    <tags><tag><text>Difficulty:4</text></tag><tag><text>REF:INA 212(a)(6)(C)(i)</text></tag>
      <tag><text>ref: 8 CFR 1.4 </text></tag><tag><text>vwp</text></tag>
      <tag><text>difficulty:9</text></tag><tag><text>difficulty:0</text></tag>
      <tag><text>difficulty:two</text></tag><tag><text>ref:</text></tag></tags>
  </question>
  <question type="truefalse"><questiontext><text>Untagged.</text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer><text>false</text></answer>
  </question>
  <question type="truefalse"><questiontext><text>Torn.</text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer><text>false</text></answer>
    <tags><tag><text>difficulty:2</text></tag><tag><text>difficulty:5</text></tag></tags>
  </question>
</quiz>
"""


def test_difficulty_and_references_are_read_from_their_tags() -> None:
    imported = load(TAGGED)
    tagged, untagged, torn = (d.question for d in imported.drafts)
    assert tagged.difficulty == 4
    assert tagged.references == ("INA 212(a)(6)(C)(i)", "8 CFR 1.4")
    assert tagged.tags == ("vwp", "difficulty-9", "difficulty-0", "difficulty-two", "ref")
    assert (untagged.difficulty, untagged.references, untagged.tags) == (3, (), ())
    assert torn.difficulty == 5
    assert torn.tags == ()
    assert "quiz.xml:12:3: warning: the tags difficulty:2, difficulty:5 disagree; the last, 5, " \
        "is kept" in [str(p) for p in imported.problems]  # fmt: skip


def test_a_reference_moodle_would_mangle_is_named_not_sent() -> None:
    fits = "A" * (moodle.TAG_LENGTH - len("ref:"))
    references = (
        "INA 291", fits, fits + "B", "INA  291", "8 CFR <1.4>", "the `rule`", " INA 217",
        "INA\t235", "ina 291", "INA 291",
    )  # fmt: skip
    question = TrueFalse(
        id="q", prompt="P.", explanation="E.", difficulty=2, answer=True, references=references
    )
    bank = Bank(bank="b", title="B", section="law", topic="t", questions=(question,))
    text, notes = moodle.dump(bank)
    room = "it is longer than the 46 characters a Moodle tag leaves it"
    strips = "Moodle strips '<', '>', backquotes and control characters from tags"
    folds = "Moodle folds runs of spaces, and blanks at the ends, in tags"
    case = "Moodle keeps one of tags that differ only in case"
    assert notes == [
        ("q", f"not kept: the reference {fits + 'B'!r}, since {room}"),
        ("q", f"not kept: the reference 'INA  291', since {folds}"),
        ("q", f"not kept: the reference '8 CFR <1.4>', since {strips}"),
        ("q", f"not kept: the reference 'the `rule`', since {strips}"),
        ("q", f"not kept: the reference ' INA 217', since {folds}"),
        ("q", f"not kept: the reference 'INA\\t235', since {strips}"),
        ("q", f"not kept: the reference 'ina 291', since {case}"),
        ("q", f"not kept: the reference 'INA 291', since {case}"),
    ]
    assert "<text>ref:INA 291</text>" in text
    assert f"<text>ref:{fits}</text>" in text
    assert "<text>difficulty:2</text>" in text
    back = moodle.load(text.encode("utf-8"), "b.xml").drafts[0].question
    assert (back.difficulty, back.references) == (2, ("INA 291", fits))
