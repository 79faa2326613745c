"""Fixtures that seal every test from the machine: its own data folder and working folder."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from trainer.content import loader

# `make fuzz` runs the property tests with the "fuzz" profile: 10,000 examples each.
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

Write = Callable[[str, str], Path]


@pytest.fixture(autouse=True)
def sealed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point TRAINER_HOME at a temporary folder and work inside another one."""
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("TRAINER_HOME", str(home))
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def write(sealed: Path) -> Write:
    """Write a dedented file below the working folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = sealed / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def problems_of(*paths: Path) -> list[str]:
    """Load the files given (no cache) and return every problem as printed."""
    return [str(p) for p in loader.load(paths).problems]
