"""Fixtures that seal every test from the machine: its own data folder and working folder."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests import postgres
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
    monkeypatch.delenv("TRAINER_STORE", raising=False)
    monkeypatch.chdir(work)
    return work


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server]:
    """A throw-away PostgreSQL cluster for this test process; no server is a failure, never a
    skip (`make test` installs Debian's package when it is missing)."""
    try:
        server = postgres.start()
    except postgres.NoServer as exc:
        pytest.fail(f"no PostgreSQL for the store's tests: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def history(request: pytest.FixtureRequest, sealed: Path) -> Iterator[str]:
    """Where a new, empty history is kept, as `open_history` takes it: a SQLite file, then a
    database of its own on the test server. A test taking it runs once on each back end."""
    if request.param == "sqlite":
        yield f"sqlite:{sealed / 'history.sqlite3'}"
        return
    server: postgres.Server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


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
