"""Running summaries: what the triggers keep equals a full scan of the answers, and a rebuild."""

from __future__ import annotations

import io
import sqlite3
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factory import START
from trainer.engine import mastery
from trainer.store import sqlite as store_module
from trainer.store import summaries
from trainer.store.records import AnswerRow, Bucket, SessionRow
from trainer.store.sqlite import SqliteStore, day_number

Answer = tuple[int, int, str, str, float | None, int]
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TOPICS = ("law/vwp", "law/forms", "reasoning/logic")
TAG_SETS = ("", "fraud", "fraud,vwp", "6c")
# Scores whose sums are exact in binary, so a trend on its threshold is the same in any order.
SCORES = (None, 0.0, 0.25, 0.5, 1.0)

answers = st.lists(
    st.tuples(
        st.integers(0, 3),  # session
        st.integers(0, 5),  # item: the same item again in a session supersedes it
        st.sampled_from(TOPICS),
        st.sampled_from(TAG_SETS),
        st.sampled_from(SCORES),
        st.integers(0, 120),  # day after START
    ),
    max_size=60,
)


def full_scan(path: Path, profile: int) -> list[Bucket]:
    """The answers grouped by topic, tag and week straight from the answers table: the reference."""
    db = sqlite3.connect(path)
    out = [
        Bucket("topic", f"{section}/{topic}", week * 7 + 3, count, total)
        for section, topic, week, count, total in db.execute(
            "SELECT section, topic, week, count(*), sum(score) FROM answers WHERE profile_id = ?"
            " AND superseded = 0 AND score IS NOT NULL GROUP BY section, topic, week",
            (profile,),
        )
    ]
    for tags, week, count, total in db.execute(
        "SELECT tags, week, count(*), sum(score) FROM answers WHERE profile_id = ?"
        " AND superseded = 0 AND score IS NOT NULL AND tags != '' GROUP BY tags, week",
        (profile,),
    ):
        out.extend(Bucket("tag", tag, week * 7 + 3, count, total) for tag in tags.split(","))
    db.close()
    return out


def record_all(
    store: SqliteStore,
    given: Sequence[Answer],
    *,
    as_first_schema: bool = False,
    settle_every: int = 0,
) -> None:
    """Record the answers given; `as_first_schema` writes them as the first trainer did, with
    plain inserts into its answers table (it had no request keys). The summaries count what
    was recorded after every `settle_every` answers (as a read in between would have them
    do: an answer changed later is then taken out again) and at the end."""
    profile = store.profile("default", START)
    for n in range(4):
        if store.session(f"s{n}") is None:  # recorded into before
            store.start_session(
                SessionRow(
                    id=f"s{n}", profile_id=profile, mode="practice", started_at=START, plan="{}"
                )
            )
    for n, (session, item, topic, tags, score, day) in enumerate(given, start=1):
        section, name = topic.split("/")
        at = START + timedelta(days=day, minutes=session)
        if as_first_schema:
            store._db.execute(
                "INSERT INTO answers(session_id, profile_id, item_id, item_hash, section, topic,"
                " tags, response, score, seconds, answered_at, week)"
                " VALUES (?, ?, ?, 'h', ?, ?, ?, '\"A\"', ?, 2.5, ?, ?)",
                (f"s{session}", profile, f"{topic}-{item}", section, name, tags, score,
                 at.isoformat(), day_number(at) // 7),
            )  # fmt: skip
            continue
        store.record_answer(
            AnswerRow(
                session_id=f"s{session}",
                profile_id=profile,
                item_id=f"{topic}-{item}",
                item_hash="h",
                section=section,
                topic=name,
                tags=tuple(tags.split(",")) if tags else (),
                response="A",
                score=score,
                seconds=2.5,
                answered_at=at,
            ),
            position=0,
            section=0,
            section_elapsed="[]",
            seconds=0.0,
        )
        if settle_every and n % settle_every == 0:
            store.settle_summaries()
    if not as_first_schema and store.schema_version >= 8:
        store.settle_summaries()


def summary_tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(path)
    out = {
        table: sorted(db.execute(f"SELECT * FROM {table}").fetchall())
        for table in ("tallies", "item_tallies", "day_activity")
    }
    db.close()
    return out


def summarised(store: SqliteStore, today: int) -> list[mastery.Mastery]:
    """Masteries as the app reads them: the summaries summed per topic and tag by the store."""
    return mastery.estimate(
        mastery.from_key_tallies(store.key_tallies(1, today, mastery.RECENT_DAYS))
    )


def same_masteries(found: list[mastery.Mastery], expected: list[mastery.Mastery]) -> None:
    assert [(m.kind, m.key, m.answers, m.trend) for m in found] == [
        (m.kind, m.key, m.answers, m.trend) for m in expected
    ]
    for got, want in zip(found, expected, strict=True):
        assert got.estimate == pytest.approx(want.estimate, rel=1e-9, abs=1e-12)
        assert got.low == pytest.approx(want.low, rel=1e-9, abs=1e-12)
        assert got.high == pytest.approx(want.high, rel=1e-9, abs=1e-12)


def recent_weeks(row: tuple[Any, ...], other_latest: int) -> dict[int, tuple[int, float]]:
    """A tally's three weeks by their number, those both tallies hold, the empty ones left out."""
    latest, slots = row[7], row[8:]
    floor = max(latest, other_latest) - (summaries.RING - 1)
    return {
        latest - j: (slots[2 * j], slots[2 * j + 1])
        for j in range(summaries.RING)
        if slots[2 * j] and latest - j >= floor
    }


def rows_close(found: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]) -> None:
    assert len(found) == len(expected)
    for got, want in zip(found, expected, strict=True):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-9)


@SETTINGS
@given(answers, st.integers(0, 40), st.integers(0, 7))
def test_the_summaries_give_the_same_masteries_as_a_full_scan(
    given: list[tuple[int, int, str, str, float | None, int]], later: int, settle_every: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "h.sqlite3"
        store = SqliteStore(path)
        # Answers arrive in the order they are given; a changed answer comes after the first.
        record_all(store, sorted(given, key=lambda a: a[-1]), settle_every=settle_every)
        today = day_number(START) + 121 + later
        from_summaries = summarised(store, today)
        from_scan = mastery.estimate(mastery.from_buckets(full_scan(path, 1), today))
        same_masteries(from_summaries, from_scan)
        kept = summary_tables(path)
        store.rebuild_summaries()
        rebuilt = summary_tables(path)
        for table in ("item_tallies", "day_activity"):
            rows_close(kept[table], rebuilt[table])
        # A tally emptied by a changed answer stays, and may still name the week it was in.
        counted = [r for r in kept["tallies"] if r[3]]
        rows_close([r[:7] for r in counted], [r[:7] for r in rebuilt["tallies"]])
        for mine, again in zip(counted, rebuilt["tallies"], strict=True):
            assert recent_weeks(mine, again[7]) == pytest.approx(recent_weeks(again, mine[7]))
        store.close()


@SETTINGS
@given(answers, st.integers(0, 40), st.integers(0, 7))
def test_answers_recorded_out_of_time_order_still_give_the_full_scans_masteries(
    given: list[tuple[int, int, str, str, float | None, int]], later: int, settle_every: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "h.sqlite3"
        store = SqliteStore(path)
        record_all(store, given, settle_every=settle_every)
        today = day_number(START) + 121 + later
        same_masteries(
            summarised(store, today),
            mastery.estimate(mastery.from_buckets(full_scan(path, 1), today)),
        )
        store.close()


def test_the_engine_and_the_summaries_share_one_half_life() -> None:
    assert summaries.HALF_LIFE_DAYS == mastery.HALF_LIFE_DAYS


def test_a_changed_answer_leaves_the_tally_and_its_week() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "h.sqlite3")
        record_all(store, [(0, 1, "law/vwp", "fraud", 0.0, 0), (0, 1, "law/vwp", "fraud", 1.0, 0)])
        [tally] = store.tallies(1, day_number(START))
        assert (tally.count, tally.total, tally.weeks[0]) == (1, 1.0, (1, 1.0))
        # Its lowest score is kept per item: a drill still knows it was missed once.
        assert store.item_history(1, ["law/vwp-1"]) == {"law/vwp-1": 0.0}
        store.close()


def test_unscored_answers_count_as_activity_only() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "h.sqlite3"
        store = SqliteStore(path)
        record_all(store, [(0, 1, "law/vwp", "", None, 0)])
        assert store.tallies(1, day_number(START)) == []
        assert store.item_history(1, ["law/vwp-1"]) == {}
        assert sum(store.activity(1, START - timedelta(days=1)).values()) == 1
        store.close()


def test_a_history_of_the_first_schema_gets_its_summaries_when_it_migrates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given = [
        (0, 1, "law/vwp", "fraud,vwp", 1.0, 0),
        (0, 2, "law/vwp", "fraud", 0.0, 9),
        (1, 1, "reasoning/logic", "", 0.5, 20),
        (1, 1, "reasoning/logic", "", 1.0, 20),
    ]
    with tempfile.TemporaryDirectory() as folder:
        old, new = Path(folder) / "old.sqlite3", Path(folder) / "new.sqlite3"
        with monkeypatch.context() as patch:
            # The trainer as it was: one migration, the superseding done by the statement.
            patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
            patch.setattr(store_module, "SCHEMA_VERSION", 1)
            store = SqliteStore(old)
            assert store.schema_version == 1
            db = store._db
            db.execute(
                "CREATE TRIGGER supersede BEFORE INSERT ON answers BEGIN UPDATE answers SET"
                " superseded = 1 WHERE session_id = NEW.session_id AND item_id = NEW.item_id;"
                " END"
            )
            record_all(store, given, as_first_schema=True)
            store.close()
        migrated = SqliteStore(old)
        assert migrated.schema_version == store_module.SCHEMA_VERSION
        fresh = SqliteStore(new)
        record_all(fresh, given)
        today = day_number(START) + 30
        same_masteries(
            summarised(migrated, today),
            summarised(fresh, today),
        )
        assert migrated.activity(1, START) == fresh.activity(1, START)
        indexes = {
            name
            for (name,) in sqlite3.connect(old).execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'answers'"
            )
        }
        assert indexes == {"answers_by_session"}
        migrated.close()
        fresh.close()


def test_store_rebuild_from_the_command_line_restores_lost_summaries(sealed: Path) -> None:
    from trainer.cli import main
    from trainer.config import locate

    history = locate([])[0].history
    store = SqliteStore(history)
    record_all(store, [(0, 1, "law/vwp", "fraud", 1.0, 0), (1, 2, "law/forms", "", 0.0, 3)])
    expected = summary_tables(history)
    store._db.execute("DELETE FROM tallies")
    store._db.execute("DELETE FROM day_activity")
    store.close()
    out = io.StringIO()
    assert main(["store", "rebuild"], out=out) == 0
    assert "summaries rebuilt" in out.getvalue()
    assert summary_tables(history) == expected


def test_store_rebuild_on_a_newer_history_says_so_and_changes_nothing(sealed: Path) -> None:
    from trainer.cli import main
    from trainer.config import locate

    history = locate([])[0].history
    SqliteStore(history).close()
    with sqlite3.connect(history) as db:
        db.execute("PRAGMA user_version = 99")
    assert main(["store", "rebuild"], out=io.StringIO()) == 1
    with sqlite3.connect(history) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 99


def test_a_history_whose_triggers_counted_each_answer_keeps_its_summaries_when_it_migrates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A history of the seventh schema (summaries kept by a trigger per answer) becomes one
    whose reads count what is new: nothing is counted twice, and what comes next is counted."""
    before = [(0, 1, "law/vwp", "fraud", 1.0, 0), (0, 2, "law/vwp", "fraud", 0.0, 9)]
    after = [(0, 2, "law/vwp", "fraud", 1.0, 10), (1, 3, "reasoning/logic", "", 0.5, 11)]
    with tempfile.TemporaryDirectory() as folder:
        old, new = Path(folder) / "old.sqlite3", Path(folder) / "new.sqlite3"
        with monkeypatch.context() as patch:
            patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:7])
            patch.setattr(store_module, "SCHEMA_VERSION", 7)
            store = SqliteStore(old)
            record_all(store, before)  # no settling: the seventh schema has nothing to settle
            store.close()
        kept = summary_tables(old)
        assert [r[3] for r in kept["tallies"]] == [2]
        migrated = SqliteStore(old)
        assert migrated.schema_version == store_module.SCHEMA_VERSION
        assert summary_tables(old) == kept
        record_all(migrated, after)  # the first of these replaces a counted answer
        fresh = SqliteStore(new)
        record_all(fresh, before + after)
        today = day_number(START) + 30
        same_masteries(summarised(migrated, today), summarised(fresh, today))
        for table in ("item_tallies", "day_activity"):
            rows_close(summary_tables(old)[table], summary_tables(new)[table])
        migrated.close()
        fresh.close()
