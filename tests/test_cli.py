"""The command line: exit codes, reports, JSON, and no Textual for the commands that need none."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import Write
from tests.samples import BANK, BLUEPRINT, SCENARIO
from trainer import cli, config


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(argv), out)
    return code, out.getvalue()


@pytest.fixture(autouse=True)
def no_shipped_content(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI tests load only the content they write."""
    monkeypatch.setattr(config, "shipped_content", list)


@pytest.fixture
def good(write: Write) -> Path:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", BLUEPRINT)
    write("content/interview.yaml", SCENARIO)
    return Path("content")


def test_validate_good_content_exits_0_with_a_summary(good: Path) -> None:
    code, out = run("validate", "--content", str(good))
    assert code == 0
    assert out == "3 files: 8 questions, 1 blueprint, 1 scenario; no problems\n"


def test_validate_reports_each_problem_then_exits_1(good: Path, write: Write) -> None:
    write("content/bad.yaml", "bank: x\nbank: y\n")
    write("content/worse.yaml", "- a list\n")
    code, out = run("validate", "--content", str(good))
    assert code == 1
    assert out.splitlines() == [
        "content/bad.yaml:2:1: YAML: duplicate key 'bank' (first at line 1)",
        "content/worse.yaml:1:1: the file holds a list; expected a mapping with one of the keys "
        "'bank', 'blueprint', 'scenario'",
        "5 files: 8 questions, 1 blueprint, 1 scenario; 2 errors, 0 warnings in 2 files",
    ]


def test_validate_given_paths_reports_only_on_them(good: Path, write: Write) -> None:
    write("content/bad.yaml", "bank: [\n")
    other = write("mine/exam.yaml", BLUEPRINT.replace("sample-exam", "mine"))
    code, out = run("validate", "--content", str(good), str(other))
    assert code == 0, out
    assert out.endswith("; no problems\n")
    code, out = run("validate", "--content", str(good), "content/bad.yaml")
    assert code == 1
    assert out.startswith("content/bad.yaml:2:1: YAML: ")


def test_validate_json_is_valid_json(good: Path, write: Write) -> None:
    write("content/bad.yaml", "bank: [\n")
    code, out = run("validate", "--json", "--content", str(good))
    report = json.loads(out)
    assert code == 1
    assert report["errors"] == 1
    assert report["problems"][0]["path"] == "content/bad.yaml"
    assert report["problems"][0]["line"] == 2


def test_validate_a_missing_path(good: Path) -> None:
    code, out = run("validate", "--content", str(good), "nope.yaml")
    assert code == 1
    assert out.splitlines()[0] == "nope.yaml: no such file or folder"


def test_catalog_json_is_valid_json(good: Path) -> None:
    code, out = run("catalog", "--json", "--content", str(good))
    data = json.loads(out)
    assert code == 0
    assert data["questions"] == 8
    assert data["sections"]["law"]["types"]["rate"] == 1
    assert data["blueprints"][0]["id"] == "sample-exam"
    assert data["scenarios"][0]["id"] == "sample-interview"
    assert data["problems"] == {"errors": 0, "warnings": 0}


def test_catalog_text(good: Path) -> None:
    code, out = run("catalog", "--content", str(good))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "8 questions"
    assert lines[1].startswith("  law: 8  (match 1, multiple 1, numeric 1, order 1, rate 1,")
    assert "  sample-exam: Sample exam - 3 questions, 10 min, pass 70%" in lines
    assert "  sample-interview: Sample interview - 2 nodes, 2 endings" in lines


def test_locate_prints_the_data_folder(sealed: Path) -> None:
    code, out = run("locate")
    assert code == 0
    home = os.environ["TRAINER_HOME"]
    assert f"data folder  {home}" in out
    assert f"history  {home}/history.sqlite3" in out


def test_a_broken_settings_file_is_reported_and_defaults_used(good: Path) -> None:
    home = Path(os.environ["TRAINER_HOME"])
    home.mkdir(parents=True)
    (home / "settings.toml").write_text("content = [1, 2\n")
    code, out = run("locate")
    assert code == 0
    assert "warning: " in out
    assert "using default settings" in out


def test_settings_add_content_folders(good: Path) -> None:
    home = Path(os.environ["TRAINER_HOME"])
    home.mkdir(parents=True)
    (home / "settings.toml").write_text(f'content = ["{good.absolute()}"]\n')
    code, out = run("validate")
    assert code == 0
    assert out.startswith("3 files: 8 questions")


def test_schema_check_fails_when_stale_and_passes_after_writing(sealed: Path) -> None:
    folder = sealed / "schema"
    code, out = run("schema", "--check", "--out", str(folder))
    assert code == 1
    assert "bank.schema.json: out of date" in out
    assert run("schema", "--out", str(folder))[0] == 0
    assert run("schema", "--check", "--out", str(folder)) == (0, "")
    schema = json.loads((folder / "bank.schema.json").read_text())
    assert "questions" in schema["$defs"]["Bank"]["properties"]


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("frobnicate")
    assert exit_info.value.code == 2


@pytest.mark.parametrize("command", [["validate"], ["catalog", "--json"], ["locate"]])
def test_commands_without_the_ui_never_import_textual(command: list[str], good: Path) -> None:
    probe = (
        "import sys, io\n"
        "from trainer import cli\n"
        f"code = cli.main({command!r} + ['--content', 'content'], io.StringIO())\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(code, loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0 []"


def test_the_console_script_runs_validate_without_a_traceback(good: Path, write: Write) -> None:
    write("content/evil.yaml", "bank: !!python/object/apply:os.system ['echo pwned']\n")
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", "--content", "content"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "pwned" not in done.stdout
    assert done.stdout.startswith("content/evil.yaml:1:7: YAML: tag '!!python/object/apply")


def test_without_libyaml_the_pure_parser_is_used_with_a_warning(good: Path, write: Write) -> None:
    write("content/deep.yaml", "bank: " + "[" * 5000 + "]" * 5000 + "\n")
    write("content/dup.yaml", "bank: a\nbank: b\n")
    probe = (
        "import sys\n"
        "sys.modules['yaml._yaml'] = None  # as if PyYAML were built without libyaml\n"
        "from trainer import cli, config\n"
        "config.shipped_content = list\n"
        "sys.exit(cli.main(['validate', '--no-cache', '--content', 'content']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "warning: PyYAML has no libyaml here; content loads with the slower pure-Python parser "
        "(reinstall PyYAML with libyaml to speed it up)"
    ]
    assert done.stdout.splitlines() == [
        "content/deep.yaml:1:70: nested deeper than 64 levels",
        "content/dup.yaml:2:1: YAML: duplicate key 'bank' (first at line 1)",
        "5 files: 8 questions, 1 blueprint, 1 scenario; 2 errors, 0 warnings in 2 files",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'colour = "blue"\n',
            "unknown setting 'colour' (known: content, theme, plain, follow_cursor, store)",
        ),
        ("content = 3\n", "'content' must be a list of folder paths"),
        ("theme = 7\n", "'theme' must be a theme name"),
        ('plain = "yes"\n', "'plain' must be true or false"),
        ("follow_cursor = 1\n", "'follow_cursor' must be true or false"),
    ],
)
def test_bad_settings_are_named_and_defaults_used(text: str, message: str) -> None:
    home = Path(os.environ["TRAINER_HOME"])
    home.mkdir(parents=True)
    (home / "settings.toml").write_text(text)
    settings, problem = config.read_settings(home / "settings.toml")
    assert settings == config.Settings()
    assert problem == f"{home / 'settings.toml'}: {message}; using default settings"


def test_scenario_walk_lists_every_path_and_passes(write: Write) -> None:
    from tests.samples import SCENARIO

    write("content/interview.yaml", SCENARIO.replace("initial: 2", "initial: 6"))
    code, out = run("scenario", "sample-interview", "--walk", "--content", "content")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "     2  admitted (admitted)  [professionalism 2]"
    assert "2 paths end, 0 never end" in lines
    assert "best path (2, admitted): greet:1 > explain:continue" in lines
    code, out = run("scenario", "sample-interview", "--walk", "--json", "--content", "content")
    data = json.loads(out)
    assert {p["ending"] for p in data["paths"]} == {"admitted", "refused"}
    assert data["extremes"]["professionalism"] == {"worst": 0.0, "best": 2.0}


def test_a_scenario_whose_ending_no_path_reaches_fails_walk_and_validate(write: Write) -> None:
    from tests.samples import SCENARIO

    # Refusal needs agitation above 5, but agitation starts at 2 and nothing raises it.
    write("content/interview.yaml", SCENARIO.replace("agitation > 1", "agitation > 5"))
    code, out = run("scenario", "sample-interview", "--walk", "--content", "content")
    assert code == 1
    assert out.splitlines()[-1] == "endings no path reaches: refused"
    code, out = run("validate", "--content", "content")
    assert code == 1
    assert out.splitlines()[0] == (
        "content/interview.yaml:28:12: endings.refused: no sequence of choices reaches it once "
        "conditions apply"
    )


def test_an_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("scenario", "nope", "--walk")[0] == 1
    assert "no scenario 'nope'" in capsys.readouterr().err


def test_with_no_command_the_launcher_opens_the_app_with_the_folders_and_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from trainer import launch

    opened: list[tuple[tuple[Path, ...], str, bool, bool]] = []

    def open_app(content: Sequence[Path], profile: str, plain: bool, candidate: bool) -> int:
        opened.append((tuple(content), profile, plain, candidate))
        return 0

    monkeypatch.setattr(launch, "open_app", open_app)
    assert launch.main([]) == 0
    assert launch.main(["--content", str(tmp_path), "--profile", "ana"]) == 0
    assert launch.main(["--plain"]) == 0
    assert launch.main(["--candidate", "--profile", "bo"]) == 0
    assert opened == [
        ((), "default", False, False),
        ((tmp_path,), "ana", False, False),
        ((), "default", True, False),
        ((), "bo", False, True),
    ]


def test_the_command_line_alone_never_opens_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--profile", "ana"]) == 2
    assert "name a command" in capsys.readouterr().err
