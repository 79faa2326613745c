"""One composition root: the app and every command read the content and the day the same way."""

from __future__ import annotations

import io
import random
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from msgspec.structs import replace

from tests.samples import TD3
from trainer import cli, config, startup
from trainer.content.loader import LoadResult
from trainer.docgen import banks, mrz
from trainer.engine.clock import ManualClock
from trainer.ui import app as app_module

# 23:30 UTC on 2 March is already 3 March twelve hours east of Greenwich.
LATE = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)


@pytest.fixture
def far_east(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's time zone twelve hours ahead of UTC (a POSIX rule: no zone files needed)."""
    monkeypatch.setenv("TZ", "EAST-12")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def days_asked(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """Every day the generated document exercises are made as of."""
    asked: list[date] = []
    real = banks.expand

    def expand(loaded: LoadResult, today: date) -> LoadResult:
        asked.append(today)
        return real(loaded, today)

    monkeypatch.setattr(banks, "expand", expand)
    return asked


def test_today_is_the_candidates_own_calendar_day(far_east: None) -> None:
    assert startup.today(ManualClock(LATE)) == date(2026, 3, 3)


def test_the_app_and_the_commands_agree_on_today_near_midnight(
    far_east: None, days_asked: list[date]
) -> None:
    clock = ManualClock(LATE)
    locations, _, _ = config.locate()
    ready = app_module._load(locations, clock, random.Random(1), False, "default")
    assert ready.study is not None
    assert cli.main(["validate", "--no-cache"], io.StringIO(), clock=clock) == 0
    assert days_asked == [date(2026, 3, 3), date(2026, 3, 3)]


def test_mrz_check_judges_expiry_on_the_same_day(far_east: None) -> None:
    """The specimen passport made to expire on 2 March has expired on the candidate's 3 March
    (on the UTC date it would still be valid)."""
    specimen = mrz.check(TD3, date(2000, 1, 1)).data
    assert specimen is not None
    lines = mrz.build(replace(specimen, expiry_date=date(2026, 3, 2)))
    out = io.StringIO()
    code = cli.main(["mrz", "check", *lines, "--json"], out, clock=ManualClock(LATE))
    assert code == 0
    assert "expired" in out.getvalue()


def test_a_study_is_opened_on_the_history_in_the_data_folder() -> None:
    clock = ManualClock(LATE)
    locations, _, _ = config.locate()
    assert not locations.history.exists()
    content = startup.load_content(locations, clock, use_cache=False)
    study, notice = startup.open_study(locations, content, clock, profile="night")
    assert notice is None
    assert locations.history.exists()
    assert study.catalog is content.catalog


def test_a_command_reads_the_settings_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[object] = []
    real = config.read_settings

    def read_settings(path: object) -> object:
        reads.append(path)
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(config, "read_settings", read_settings)
    assert cli.main(["weak"], io.StringIO(), clock=ManualClock(LATE)) == 0
    assert len(reads) == 1
