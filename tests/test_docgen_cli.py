"""`trainer mrz check` and `trainer docgen`: exit codes, JSON, one-line errors, determinism."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from trainer import cli

TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
BROKEN = (TD3[0], "L898902C35UTO7408122F1204159ZE184226B<<<<<10")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(argv), out)
    return code, out.getvalue()


def run_process(*argv: str, hash_seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *argv],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


# trainer mrz check


def test_a_valid_mrz_exits_0_naming_format_and_fields() -> None:
    code, out = run("mrz", "check", *TD3, "--today", "2010-01-01")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "TD3 passport MRZ (2 lines of 44)"
    assert any(
        line.split()[:6] == ["document_number", "line", "2,", "positions", "1-9", "L898902C3"]
        for line in lines
    )
    assert sum(line.rstrip().endswith(" ok") for line in lines) == 14
    assert lines[-1] == "valid: well formed and every check digit holds"


def test_a_failing_check_digit_exits_1_and_is_named() -> None:
    code, out = run("mrz", "check", *BROKEN, "--today", "2010-01-01")
    assert code == 1
    assert "error: mrz.check.document_number: document_number check digit is 5, computed 6" in out
    assert "error: mrz.check.composite: composite check digit is 0, computed 3" in out
    assert out.splitlines()[-1] == "invalid: 2 errors"


def test_validity_warnings_fail_only_with_strict() -> None:
    code, out = run("mrz", "check", *TD3, "--today", "2026-03-01")
    assert code == 0
    assert "warning: validity.expired: expired on 2012-04-15, before 2026-03-01" in out
    assert out.splitlines()[-1] == "valid: well formed and every check digit holds; 1 warning"
    assert run("mrz", "check", *TD3, "--today", "2026-03-01", "--strict")[0] == 1
    assert run("mrz", "check", *TD3, "--today", "2010-01-01", "--strict")[0] == 0


def test_without_today_the_real_date_is_used() -> None:
    # The specimen expired in 2012, so on any real day it warns but stays valid.
    code, out = run("mrz", "check", *TD3)
    assert code == 0
    assert "warning: validity.expired: expired on 2012-04-15" in out


def test_lines_may_come_in_one_argument() -> None:
    assert run("mrz", "check", "\n".join(TD3), "--today", "2010-01-01")[0] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["P<UTO"], "malformed MRZ: an MRZ has 2 or 3 lines; got 1"),
        ([TD3[0], TD3[1][:-1]], "malformed MRZ: line 2 has 43 characters; TD3 lines have 44"),
        (
            ["abc", "def"],
            "malformed MRZ: a two-line MRZ has lines of 36 or 44 characters; got 3 and 3",
        ),
        (["a", "b", "c", "d"], "malformed MRZ: an MRZ has 2 or 3 lines; got 4"),
    ],
)
def test_malformed_input_gets_one_line_and_exit_1(argv: list[str], message: str) -> None:
    assert run("mrz", "check", *argv) == (1, message + "\n")


def test_bad_characters_are_reported_not_raised() -> None:
    garbage = (TD3[0].replace("ANNA", "añna"), TD3[1])
    code, out = run("mrz", "check", *garbage, "--today", "2010-01-01")
    assert code == 1
    assert "error: mrz.charset: line 1 has characters outside A-Z, 0-9 and <: 'a' at 16" in out


@pytest.mark.parametrize("day", ["2026-02-30", "yesterday", "20260301", "2026-3-1", ""])
def test_a_bad_today_is_one_line_on_stderr_and_exit_2(
    day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("mrz", "check", *TD3, "--today", day) == (2, "")
    err = capsys.readouterr().err
    assert err == f"trainer: --today must be a real date written YYYY-MM-DD, not {day!r}\n"


def test_mrz_json_is_valid_and_complete() -> None:
    code, out = run("mrz", "check", *BROKEN, "--today", "2026-03-01", "--json")
    report = json.loads(out)
    assert code == 1
    assert report["format"] == "TD3"
    assert report["valid"] is False
    assert [e["tag"] for e in report["errors"]] == [
        "mrz.check.document_number",
        "mrz.check.composite",
    ]
    assert [w["tag"] for w in report["warnings"]] == ["validity.expired"]
    assert report["data"]["document_number"] == "L898902C3"
    assert report["data"]["birth_date"] == "1974-08-12"
    check = next(f for f in report["fields"] if f["name"] == "document_number check")
    assert check == {
        "name": "document_number check",
        "line": 2,
        "start": 10,
        "end": 10,
        "raw": "5",
        "value": "6",
        "ok": False,
        "problem": "is 5, computed 6",
    }


def test_malformed_mrz_json_has_no_data() -> None:
    code, out = run("mrz", "check", "P<UTO", "--json", "--today", "2026-03-01")
    report = json.loads(out)
    assert code == 1
    assert report["format"] is None
    assert report["data"] is None
    assert report["errors"] == [
        {"tag": "mrz.length", "field": None, "message": "an MRZ has 2 or 3 lines; got 1"}
    ]


def test_mrz_needs_an_action_and_lines() -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("mrz")
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        run("mrz", "check")
    assert exit_info.value.code == 2


# trainer docgen


def test_docgen_json_is_valid_and_deterministic() -> None:
    code, out = run("docgen", "--seed", "5", "--count", "4", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["seed"] == 5
    assert payload["today"] == "2025-01-06"
    assert payload["count"] == 4
    exercises = payload["exercises"]
    assert [e["id"] for e in exercises] == [f"docgen-5-{n}" for n in range(4)]
    for e in exercises:
        assert {"travel", "defects", "action", "questions"} <= set(e)
        assert e["travel"]["document"]["mrz"]
        assert all({"tag", "document", "detail", "side"} == set(d) for d in e["defects"])
        assert {q["type"] for q in e["questions"]} >= {"multiple", "single"}
        assert all("answer" in q for q in e["questions"])
    assert run("docgen", "--seed", "5", "--count", "4", "--json") == (code, out)


def test_docgen_options_reach_the_generator() -> None:
    argv = ["docgen", "--seed", "9", "--count", "3", "--today", "2026-03-01", "--json"]
    code, out = run(*argv, "--format", "mrv-b", "--defect", "visa.name", "--difficulty", "2")
    assert code == 0
    exercises = json.loads(out)["exercises"]
    assert {e["today"] for e in exercises} == {"2026-03-01"}
    assert {e["difficulty"] for e in exercises} == {2}
    assert {d["tag"] for e in exercises for d in e["defects"]} <= {"visa.name"}
    assert {e["travel"]["visa"]["format"] for e in exercises} == {"MRV-B"}


def test_docgen_text_lists_each_exercise() -> None:
    code, out = run("docgen", "--seed", "3", "--count", "2", "--today", "2026-03-01")
    assert code == 0
    heads = [line for line in out.splitlines() if line.startswith("docgen-")]
    assert [h.split()[0] for h in heads] == ["docgen-3-0", "docgen-3-1"]
    assert all("difficulty" in h for h in heads)
    assert any(line.lstrip().startswith(("passport", "id-card")) for line in out.splitlines())


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--seed", "-1"], "seed must be between 0 and 18446744073709551615"),
        (["--seed", "1", "--count", "0"], "--count must be 1 to 10000"),
        (["--seed", "1", "--format", "TD9"], "unknown format in ['TD9']; known: TD1, TD2, TD3"),
        (["--seed", "1", "--defect", "nope"], "unknown defect tags: nope"),
        (
            ["--seed", "1", "--format", "TD1", "--defect", "context.vwp-over-90"],
            "defect 'context.vwp-over-90' cannot be planted in the formats chosen",
        ),
        (["--seed", "1", "--today", "2026-02-29"], "--today must be a real date"),
    ],
)
def test_docgen_errors_are_one_line_on_stderr_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("docgen", *argv) == (2, "")
    err = capsys.readouterr().err
    assert err.startswith(f"trainer: {message}")
    assert err.count("\n") == 1


# Whole processes: no traceback, no Textual, the same output whatever the hash seed.


def test_garbage_never_shows_a_traceback() -> None:
    for argv in (["mrz", "check", "\x01\t<<", "é"], ["mrz", "check", "--today", "x", "a", "b"]):
        done = run_process(*argv)
        assert done.returncode in (1, 2)
        assert "Traceback" not in done.stderr + done.stdout
        assert len((done.stdout + done.stderr).splitlines()) == 1


def test_docgen_output_does_not_depend_on_the_hash_seed() -> None:
    argv = ("docgen", "--seed", "11", "--count", "6", "--json")
    first, second = run_process(*argv, hash_seed="1"), run_process(*argv, hash_seed="2")
    assert first.returncode == 0
    assert first.stdout == second.stdout


@pytest.mark.parametrize(
    "argv", [["mrz", "check", *TD3], ["docgen", "--seed", "1", "--count", "2", "--json"]]
)
def test_the_commands_never_import_textual(argv: list[str]) -> None:
    probe = (
        "import sys, io\n"
        "from trainer import cli\n"
        f"code = cli.main({argv!r}, io.StringIO())\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(code, loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0 []"
