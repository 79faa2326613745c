"""A built wheel carries the banks, scenarios and schemas, and a non-editable install finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("trainer-*.whl")
    return built


def test_the_wheel_ships_the_content(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        str(path.relative_to(ROOT))
        for folder in ("question_banks", "scenarios")
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
    }
    assert shipped
    assert {f"trainer/_content/{name}" for name in shipped} <= names
    assert "trainer/ui/app.tcss" in names


def test_an_installed_wheel_validates_its_own_content(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = (
        "import sys\n"
        f"sys.path.insert(0, {str(target)!r})\n"
        "from trainer import cli, config\n"
        "print(config.shipped_content()[0])\n"
        "sys.exit(cli.main(['validate', '--no-cache']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    lines = done.stdout.splitlines()
    assert lines[0] == str(target / "trainer" / "_content" / "question_banks")
    assert done.returncode == 0, done.stdout + done.stderr
    assert lines[-1].endswith("; no problems")
