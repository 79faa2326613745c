"""Every class of content error is reported at its exact `path:line:col` with the field named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import Write, problems_of
from tests.samples import BANK, BLUEPRINT, SCENARIO
from trainer.content import loader, yamlsafe

QUESTION = """
bank: errs
title: Errors
section: law
topic: admission
questions:
  - id: q1
    type: {type}
    prompt: A prompt?
{body}
    explanation: Because. Really.
    difficulty: 2
"""


def bank_with(write: Write, qtype: str, body: str) -> Path:
    indented = "\n".join("    " + line for line in body.strip().splitlines())
    return write("bank.yaml", QUESTION.replace("{type}", qtype).replace("{body}", indented))


def test_yaml_syntax_error_names_line_and_column(write: Write) -> None:
    path = write("broken.yaml", "bank: x\ntitle: [one, two\nsection: law\n")
    assert problems_of(path) == [
        "broken.yaml:3:8: YAML: while parsing a flow sequence, did not find expected ',' or ']'"
    ]


def test_tab_indentation_is_a_syntax_error(write: Write) -> None:
    path = write("tabs.yaml", "bank: x\nquestions:\n\t- id: a\n")
    [problem] = problems_of(path)
    assert problem.startswith("tabs.yaml:3:1: YAML: ")
    assert "tab" in problem


def test_wrong_type_names_field_and_expected_type(write: Write) -> None:
    path = bank_with(write, "single", "options: [a, b]\nanswer: 3")
    assert problems_of(path) == [
        "bank.yaml:10:13: questions[0].answer: expected text, got a whole number (got 3); "
        "put it in quotes to make it text"
    ]


def test_missing_field_points_at_its_mapping(write: Write) -> None:
    path = bank_with(write, "single", "options: [a, b]")
    assert problems_of(path) == ["bank.yaml:6:5: questions[0]: missing required field 'answer'"]


def test_unknown_field_points_at_the_key_and_suggests(write: Write) -> None:
    path = bank_with(write, "single", "options: [a, b]\nanswer: A\nexplaination: typo")
    assert problems_of(path) == [
        "bank.yaml:11:5: questions[0].explaination: unknown field; did you mean 'explanation'?"
    ]


def test_unknown_question_type_lists_the_known_ones(write: Write) -> None:
    path = bank_with(write, "multi", "options: [a, b]\nanswer: A")
    [problem] = problems_of(path)
    assert problem.startswith("bank.yaml:7:11: questions[0].type: unknown question type 'multi'")
    assert "true_false" in problem


@pytest.mark.parametrize(
    ("qtype", "body", "line", "col", "message"),
    [
        (
            "single",
            "options: [a, b, c, d]\nanswer: E",
            10,
            13,
            "answer: 'E' is not one of the options A-D",
        ),
        (
            "multiple",
            "options: [a, b, c]\nanswer: [A, F]",
            10,
            17,
            "answer[1]: 'F' is not one of the options A-C",
        ),
        ("multiple", "options: [a, b, c]\nanswer: [A, A]", 10, 17, "answer[1]: lists 'A' twice"),
        (
            "order",
            "options: [a, b, c]\nanswer: [A, B, B]",
            10,
            13,
            "answer: must list every option letter A-C exactly once, "
            "in the right order (got A, B, B)",
        ),
        (
            "match",
            "items: [x, y, z]\noptions: [a, b]\nanswer: [A, B]",
            11,
            13,
            "answer: gives 2 letters for 3 items; give one per item",
        ),
        (
            "rate",
            "options: [a, b]\nanswer: [5, 9]",
            10,
            17,
            "answer[1]: rating 9 is outside the scale 1-5",
        ),
        (
            "text",
            "citation: true",
            6,
            5,
            "answer: a text question needs accepted answers or patterns",
        ),
        (
            "text",
            "patterns: ['(unclosed']",
            9,
            16,
            "patterns[0]: is not a valid regular expression: "
            "missing ), unterminated subpattern at position 0",
        ),
        ("single", "options: [a, b, a]\nanswer: A", 9, 21, "options[2]: option C repeats option A"),
    ],
)
def test_answers_that_do_not_fit_the_options(
    write: Write, qtype: str, body: str, line: int, col: int, message: str
) -> None:
    path = bank_with(write, qtype, body)
    [problem] = problems_of(path)
    assert problem == f"bank.yaml:{line}:{col}: questions[0].{message}"


def test_duplicate_key_is_refused_with_both_lines(write: Write) -> None:
    path = bank_with(write, "single", "options: [a, b]\nanswer: A\nanswer: B")
    assert problems_of(path) == ["bank.yaml:11:5: YAML: duplicate key 'answer' (first at line 10)"]


def test_duplicate_id_within_a_file(write: Write) -> None:
    text = BANK.replace("id: s-multiple", "id: s-single")
    path = write("bank.yaml", text)
    problems = problems_of(path)
    assert problems == [
        "bank.yaml:16:9: questions[1].id: duplicate id 's-single' (also questions[0])"
    ]


def test_duplicate_id_across_files_names_the_first_place(write: Write) -> None:
    first = write("a/law.yaml", BANK)
    second = write(
        "b/other.yaml",
        """
        bank: other
        title: Other
        section: law
        topic: misc
        questions:
          - id: unique-one
            type: true_false
            prompt: P?
            answer: false
            explanation: E. F.
            difficulty: 1
          - id: s-tf
            type: true_false
            prompt: P?
            answer: false
            explanation: E. F.
            difficulty: 1
        """,
    )
    assert problems_of(first, second) == [
        "b/other.yaml:12:9: questions[1].id: duplicate question id 's-tf' (first in a/law.yaml:23)"
    ]


def test_duplicate_bank_id_across_files(write: Write) -> None:
    first = write("a.yaml", BANK)
    second = write("b.yaml", BANK.replace("s-", "t-"))
    assert problems_of(first, second) == [
        "b.yaml:1:7: bank: duplicate bank id 'sample-law' (first in a.yaml:1)"
    ]


def test_blueprint_asking_for_more_than_a_section_holds(write: Write) -> None:
    bank = write("bank.yaml", BANK)
    blueprint = write("exam.yaml", BLUEPRINT.replace("count: 3", "count: 3, topic: vwp"))
    assert problems_of(bank, blueprint) == [
        "exam.yaml:10:31: sections[0].draw[0].count: asks for 3 questions but only 1 match "
        "section 'law', topic 'vwp'"
    ]


def test_blueprint_draws_that_overlap_beyond_the_pool(write: Write) -> None:
    bank = write("bank.yaml", BANK)
    text = BLUEPRINT.replace(
        "- {section: law, count: 3}", "- {section: law, count: 5}\n      - {section: law, count: 5}"
    )
    blueprint = write("exam.yaml", text)
    assert problems_of(bank, blueprint) == [
        "exam.yaml:10:7: sections[0].draw: its draws ask for 10 questions in all but only 8 "
        "different questions match them"
    ]


def test_blueprint_for_a_section_that_does_not_exist(write: Write) -> None:
    blueprint = write("exam.yaml", BLUEPRINT)
    assert problems_of(blueprint) == [
        "exam.yaml:10:31: sections[0].draw[0].count: asks for 3 questions but only 0 match "
        "section 'law'"
    ]


def test_scenario_step_that_points_nowhere(write: Write) -> None:
    path = write("s.yaml", SCENARIO.replace("goto: explain", "goto: explian"))
    problems = problems_of(path)
    assert (
        "s.yaml:15:15: nodes.greet.choices[0].goto: 'explian' is neither a node nor an ending"
        in problems
    )
    assert "s.yaml:22:5: nodes.explain: cannot be reached from the start" in problems


def test_scenario_with_no_reachable_ending(write: Write) -> None:
    text = SCENARIO.replace("goto: refused", "goto: greet").replace("goto: admitted", "goto: greet")
    problems = problems_of(write("s.yaml", text))
    assert "s.yaml:9:8: start: no ending can be reached from the start" in problems
    assert "s.yaml:27:13: endings.admitted: cannot be reached from the start" in problems


def test_scenario_loop_with_no_way_out(write: Write) -> None:
    text = SCENARIO.replace("goto: refused", "goto: stall").replace(
        "endings:", "  stall:\n    say: Hm.\n    goto: stall\nendings:"
    )
    problems = problems_of(write("s.yaml", text))
    assert problems == [
        "s.yaml:27:5: nodes.stall: no ending can be reached from here: every path loops",
        "s.yaml:31:12: endings.refused: cannot be reached from the start",
    ]


def test_scenario_condition_that_does_not_parse_or_names_nothing(write: Write) -> None:
    bad = problems_of(write("s.yaml", SCENARIO.replace("when: agitation > 1", "when: agitation >")))
    assert bad == [
        "s.yaml:20:15: nodes.greet.choices[1].when: condition 'agitation >': "
        "condition ends too early (at character 12)"
    ]
    unknown = problems_of(
        write("s.yaml", SCENARIO.replace("when: agitation > 1", "when: anger > 5"))
    )
    assert unknown == [
        "s.yaml:20:15: nodes.greet.choices[1].when: condition names 'anger', "
        "which is not a declared state variable"
    ]


def test_scenario_scores_an_undeclared_competency(write: Write) -> None:
    path = write("s.yaml", SCENARIO.replace("scores: {professionalism: 2}", "scores: {tact: 2}"))
    assert problems_of(path) == [
        "s.yaml:17:24: nodes.greet.choices[0].scores.tact: 'tact' is not a declared competency"
    ]


def test_scenario_type_error_inside_a_node_names_the_node(write: Write) -> None:
    path = write("s.yaml", SCENARIO.replace("add: {agitation: -1}", "add: {agitation: lots}"))
    assert problems_of(path) == [
        "s.yaml:16:14: nodes.greet.choices[0].add: expected a whole number, got text"
    ]


def test_arbitrary_python_tag_is_refused(write: Write) -> None:
    path = write("evil.yaml", "bank: !!python/object/apply:os.system ['echo hi']\n")
    assert problems_of(path) == [
        "evil.yaml:1:7: YAML: tag '!!python/object/apply:os.system' is not allowed: "
        "content uses plain text, numbers, lists and mappings"
    ]


@pytest.mark.parametrize("tag", ["!!set", "!!binary", "!!timestamp", "!custom"])
def test_other_tags_are_refused(write: Write, tag: str) -> None:
    path = write("t.yaml", f"bank: {tag} x\n")
    [problem] = problems_of(path)
    assert problem.startswith("t.yaml:1:7: YAML: tag ")


def test_alias_bomb_is_stopped(write: Write) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    path = write("bomb.yaml", "\n".join(lines) + "\n")
    [problem] = problems_of(path)
    assert problem.startswith("bomb.yaml:7:")
    assert "aliases expand to more than 1,000,000 values" in problem


def test_deep_nesting_is_refused_before_it_can_crash(write: Write) -> None:
    path = write("deep.yaml", "bank: " + "[" * 100_000 + "]" * 100_000 + "\n")
    [problem] = problems_of(path)
    # Where it stops depends on the PyYAML release: our check at the 65th level (column 70), or,
    # from 6.0.4 on, libyaml's own limit, which its scanner reaches first (column 1006).
    assert re.fullmatch(r"deep\.yaml:1:(70|1006): nested deeper than 64 levels", problem)


def test_libyamls_own_nesting_limit_reads_as_ours() -> None:
    mark = yaml.Mark("deep.yaml", 0, 0, 1005, "", 0)
    error = yaml.scanner.ScannerError(
        "while increasing flow level", mark, "exceeded maximum nesting depth", mark
    )
    assert yamlsafe._message(error) == "nested deeper than 64 levels"
    assert yamlsafe._mark(error) == (1, 1006)


def test_deep_block_nesting_is_refused(write: Write) -> None:
    path = write("deep.yaml", "bank:\n" + "- " * 50_000 + "x\n")
    assert problems_of(path) == ["deep.yaml:2:127: nested deeper than 64 levels"]


def test_oversize_file_is_refused_without_parsing(write: Write) -> None:
    path = write("big.yaml", "bank: x\n" + "# padding\n" * (yamlsafe.MAX_BYTES // 10 + 1))
    [problem] = problems_of(path)
    assert problem.startswith("big.yaml: file is 4.0 MiB; content files are limited to 4 MiB")


def test_non_utf8_file_names_the_byte(sealed: Path) -> None:
    path = sealed / "latin.yaml"
    path.write_bytes(b"bank: x\ntitle: Caf\xe9\n")
    assert problems_of(path) == [
        "latin.yaml:2:11: not UTF-8: byte 0xe9 cannot start a character (save the file as UTF-8)"
    ]


def test_empty_file(write: Write) -> None:
    assert problems_of(write("empty.yaml", "")) == ["empty.yaml:1:1: file is empty"]


@pytest.mark.parametrize(
    ("text", "what"), [("- a\n- b\n", "a list"), ("just words\n", "a single value")]
)
def test_top_level_list_or_scalar(write: Write, text: str, what: str) -> None:
    assert problems_of(write("top.yaml", text)) == [
        f"top.yaml:1:1: the file holds {what}; expected a mapping with one of the keys "
        "'bank', 'blueprint', 'scenario'"
    ]


def test_file_that_is_no_kind_of_content(write: Write) -> None:
    assert problems_of(write("x.yaml", "name: x\n")) == [
        "x.yaml:1:1: not a content file: expected one of the top-level keys 'bank', 'blueprint', "
        "'scenario'"
    ]


def test_file_claiming_two_kinds(write: Write) -> None:
    assert problems_of(write("x.yaml", "bank: a\nscenario: b\n")) == [
        "x.yaml:2:1: scenario: a file holds one of 'bank', 'blueprint', 'scenario', not several"
    ]


def test_yaml_11_surprises_stay_plain_text(write: Write) -> None:
    # `no` is not false, `1:30` is not ninety, a date stays a date string: all are text here.
    path = bank_with(write, "text", "answer: [no, '1:30', 2024-01-01]")
    assert problems_of(path) == []
    assert yamlsafe.load(b"a: no\nb: 1:30\nc: 2024-01-01\nd: 010\ne: 0o10\nf: <<\n") == {
        "a": "no",
        "b": "1:30",
        "c": "2024-01-01",
        "d": 10,
        "e": 8,
        "f": "<<",
    }


def test_merge_keys_are_not_merged_but_refused_as_unknown(write: Write) -> None:
    path = write("m.yaml", BLUEPRINT.replace("pass_mark: 70", "pass_mark: 70\n<<: {notes: x}"))
    [problem] = problems_of(path)
    assert problem == "m.yaml:5:1: <<: unknown field"


def test_one_bad_question_keeps_the_rest_of_the_bank(write: Write) -> None:
    text = BANK.replace("answer: B\n", "answer: Z\n", 1)
    result = loader.load([write("bank.yaml", text)])
    assert [str(p) for p in result.problems] == [
        "bank.yaml:11:13: questions[0].answer: 'Z' is not one of the options A-D"
    ]
    assert len(result.catalog) == 7
    assert result.catalog.get("s-single") is None


def test_unreadable_and_missing_folders_are_reported(sealed: Path) -> None:
    result = loader.load([sealed / "nowhere"])
    assert [str(p) for p in result.problems] == ["nowhere: no such file or folder"]


def test_scenario_set_outside_the_declared_range(write: Write) -> None:
    path = write("s.yaml", SCENARIO.replace("add: {agitation: -1}", "set: {agitation: 11}"))
    assert problems_of(path) == [
        "s.yaml:16:26: nodes.greet.choices[0].set.agitation: sets 'agitation' to 11, "
        "outside its range 0-10"
    ]
