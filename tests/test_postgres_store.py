"""What only the PostgreSQL history meets: a server that drops the connection, goes away, or
will not take writes; a database of another program or a newer trainer; the store chosen by
URL; and copying a SQLite history into it (`trainer store migrate`)."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import msgspec
import psycopg
import pytest

from tests import postgres
from tests.factory import START, study
from trainer import cli, config
from trainer.store import migrate, opening, postgres_schema
from trainer.store.base import StoreError
from trainer.store.postgres import PostgresStore, where
from trainer.store.records import AnswerRow, SessionRow


@pytest.fixture
def url(postgres_server: postgres.Server) -> Iterator[str]:
    """A new, empty database on the test server."""
    made = postgres_server.create_database()
    yield made
    postgres_server.drop_database(made)


def _answer(item: str, n: int = 0) -> AnswerRow:
    return AnswerRow(
        session_id="s1",
        profile_id=1,
        item_id=item,
        item_hash="h",
        section="law",
        topic="vwp",
        tags=(),
        response="B",
        score=1.0,
        seconds=2.0,
        answered_at=START + timedelta(seconds=n),
    )


def _started(store: PostgresStore) -> None:
    store.profile("default", START)
    store.start_session(
        SessionRow(id="s1", profile_id=1, mode="practice", started_at=START, plan="{}")
    )


def _record(store: PostgresStore, row: AnswerRow) -> int:
    return store.record_answer(row, position=0, section=0, section_elapsed="[]", seconds=0.0)


def _kill_connections(url: str) -> int:
    """End every other connection to the database, as a restarted server or a dropped network
    would; how many were ended."""
    with psycopg.connect(url, autocommit=True) as admin:
        ended = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(ended[0]) if ended else 0


def test_a_lost_connection_is_made_again_and_the_answer_saved(url: str) -> None:
    store = PostgresStore(url)
    _started(store)
    _record(store, _answer("q1"))
    assert _kill_connections(url) == 1
    _record(store, _answer("q2", 1))
    assert [a.item_id for a in store.answers("s1")] == ["q1", "q2"]
    assert _kill_connections(url) == 1
    assert store.session("s1") is not None  # a read is retried the same way


def test_a_server_out_of_reach_says_so_and_the_session_saves_the_answer_later(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    s, clock = study(Path("unused"), history=url)
    live = s.start_practice(3, seed=1)
    items = [item.id for item in live.plan.sections[0].items]
    live.answer("B")
    store = s.store
    assert isinstance(store, PostgresStore)
    store.retry_seconds = 0.3
    live.go(1)
    monkeypatch.setattr(store, "url", url.replace("host=", "host=/nonexistent"))
    _kill_connections(url)
    clock.advance(10)
    with pytest.raises(StoreError, match=r"cannot be reached.*nothing was lost"):
        live.answer("A")
    assert live.unsaved == 1
    assert len(live.state.answers) == 2
    monkeypatch.undo()
    live.go(2)
    live.answer("B")
    assert live.unsaved == 0
    saved = [(a.item_id, a.response) for a in store.answers(live.session_id)]
    assert saved == [(items[0], "B"), (items[1], "A"), (items[2], "B")]


def test_a_read_only_database_says_the_history_cannot_be_written(url: str) -> None:
    store = PostgresStore(url)
    _started(store)
    name = url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    _kill_connections(url)
    with pytest.raises(StoreError, match=r"cannot be written .*read-only"):
        _record(store, _answer("q1"))
    assert store.answers("s1") == []


def test_a_read_only_database_with_answers_not_yet_counted_is_read_as_it_stands(
    url: str,
) -> None:
    """The reads cannot bring the summaries up to date, so they give them as they are."""
    store = PostgresStore(url)
    _started(store)
    _record(store, _answer("q1"))
    assert [t.count for t in store.tallies(1, 0)] == [1]
    _record(store, _answer("q2", 1))
    name = url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    _kill_connections(url)
    assert [a.item_id for a in store.answers("s1")] == ["q1", "q2"]
    assert [t.count for t in store.tallies(1, 0)] == [1]


def test_a_database_of_the_first_schema_keeps_its_summaries_when_it_migrates(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its triggers counted every answer: after the migration nothing is counted twice, an
    answer replacing a counted one takes it out, and new answers are counted by the reads."""
    with monkeypatch.context() as patch:
        patch.setattr(postgres_schema, "MIGRATIONS", postgres_schema.MIGRATIONS[:1])
        patch.setattr(postgres_schema, "SCHEMA_VERSION", 1)
        old = PostgresStore(url)
        _started(old)
        _record(old, _answer("q1"))
        _record(old, _answer("q2", 1))
        old.close()
    store = PostgresStore(url)
    assert store.schema_version == postgres_schema.SCHEMA_VERSION
    assert [(t.count, t.total) for t in store.tallies(1, 0)] == [(2, 2.0)]
    _record(store, AnswerRow(**{**msgspec.structs.asdict(_answer("q1", 2)), "score": 0.0}))
    _record(store, _answer("q3", 3))
    assert [(t.count, t.total) for t in store.tallies(1, 0)] == [(3, 2.0)]
    assert store.item_history(1, ["q1", "q2", "q3"]) == {"q1": 0.0, "q2": 1.0, "q3": 1.0}
    assert sum(store.activity(1, START).values()) == 4


def test_a_database_of_a_newer_trainer_is_left_alone(url: str) -> None:
    PostgresStore(url).close()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("UPDATE trainer_schema SET version = 99")
    with pytest.raises(StoreError, match=r"newer trainer .*schema 99"):
        PostgresStore(url)


def test_a_database_holding_another_programs_tables_is_refused(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(StoreError, match="another program's tables"):
        PostgresStore(url)
    with psycopg.connect(url, autocommit=True) as admin:
        tables = admin.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert tables == (1,)


def test_two_trainers_opening_a_new_database_at_once_migrate_it_once(url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: PostgresStore(url), range(4)))
    assert {s.schema_version for s in stores} == {postgres_schema.SCHEMA_VERSION}
    for store in stores:
        store.close()


def test_a_missing_database_or_server_is_a_clear_error(url: str) -> None:
    missing = url.replace("/trainer_", "/absent_")
    with pytest.raises(StoreError, match="no such database or role"):
        PostgresStore(missing)
    with pytest.raises(StoreError, match="cannot be reached"):
        PostgresStore(url.replace("host=", "host=/nonexistent"), retry_seconds=0.1)


def test_the_url_shown_never_holds_the_password() -> None:
    shown = where("postgresql://trainer:s3cret@db.academy.example:5433/history")
    assert shown == "postgresql://db.academy.example:5433/history"
    assert "s3cret" not in opening.shown("postgresql://trainer:s3cret@db/history")


def test_the_store_is_chosen_by_the_environment_or_the_settings(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = sealed.parent / "home"
    home.mkdir()
    locations, _, _ = config.locate()
    assert locations.history_target == str(home / "history.sqlite3")
    (home / "settings.toml").write_text('store = "sqlite:elsewhere.sqlite3"\n', encoding="utf-8")
    locations, _, problem = config.locate()
    assert problem is None
    assert locations.history_target == "sqlite:elsewhere.sqlite3"
    monkeypatch.setenv("TRAINER_STORE", "postgresql://db/history")
    assert config.locate()[0].history_target == "postgresql://db/history"
    (home / "settings.toml").write_text("store = 5\n", encoding="utf-8")
    _, settings, problem = config.locate()
    assert problem is not None
    assert "'store' must be a URL" in problem
    assert settings.store is None


def test_a_history_url_of_another_kind_is_refused() -> None:
    with pytest.raises(StoreError, match="mysql:// is not a history"):
        opening.open_history("mysql://db/history", START)
    with pytest.raises(StoreError, match="names no file"):
        opening.open_history("sqlite:", START)


def _sqlite_history(path: Path) -> None:
    """A candidate's SQLite history as the trainer leaves it: a finished mock exam with a
    changed answer and flags, a practice left open, review cards and a goal."""
    s, clock = study(path.parent, history=f"sqlite:{path}")
    exam = s.start_exam("two-part", form=3)
    for _ in range(3):
        clock.advance(20)
        exam.answer("B")
        exam.flag(True)
        exam.go(exam.state.position + 1)
    exam.go(0)
    clock.advance(5)
    exam.answer("A")
    exam.submit()
    practice = s.start_practice(3, seed=2)
    clock.advance(12)
    practice.answer("A")
    practice.checkpoint()
    s.coach.set_goal(START.date() + timedelta(days=30), "two-part", 40)
    s.store.close()


def test_a_sqlite_history_is_copied_into_postgresql_losslessly_and_again_without_duplicates(
    sealed: Path, url: str
) -> None:
    path = sealed / "mine.sqlite3"
    _sqlite_history(path)
    out = io.StringIO()
    assert cli.main(["store", "migrate", "--from", f"sqlite:{path}", "--to", url], out) == 0
    first = out.getvalue()
    assert "default: 2 sessions, 5 answers, 3 marks" in first
    assert "counts and digest match" in first
    source, target = opening.open_history(f"sqlite:{path}", START)[0], PostgresStore(url)
    mine = source.profile("default", START)
    theirs = target.profile("default", START)
    assert migrate.history_of(target, theirs).digest() == migrate.history_of(source, mine).digest()
    assert target.tallies(theirs, 20600) == source.tallies(mine, 20600)
    assert target.item_seconds(theirs) == source.item_seconds(mine)
    out = io.StringIO()
    assert cli.main(["store", "migrate", "--from", f"sqlite:{path}", "--to", url], out) == 0
    assert "0 rows written" in out.getvalue()
    assert len(list(target.all_answers(theirs))) == 5
    count = sqlite3.connect(path).execute("SELECT count(*) FROM answers").fetchone()
    assert count == (5,)


def test_a_copy_into_a_session_of_another_candidate_is_refused(sealed: Path, url: str) -> None:
    path = sealed / "mine.sqlite3"
    _sqlite_history(path)
    source = opening.open_history(f"sqlite:{path}", START)[0]
    [sitting, *_] = source.sessions(1)
    target = PostgresStore(url)
    other = target.profile("someone-else", START)
    target.start_session(
        SessionRow(id=sitting.id, profile_id=other, mode="practice", started_at=START, plan="{}")
    )
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stderr", err)
        code = cli.main(
            ["store", "migrate", "--from", f"sqlite:{path}", "--to", url], io.StringIO()
        )
    assert code == 1
    assert "already in the target under another candidate" in err.getvalue()


def test_migrate_names_what_it_cannot_do(sealed: Path, url: str) -> None:
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stderr", err)
        same = cli.main(["store", "migrate", "--from", url, "--to", url], io.StringIO())
        nobody = cli.main(
            ["store", "migrate", "--from", f"sqlite:{sealed / 'h.sqlite3'}", "--to", url,
             "--profile", "ana"],
            io.StringIO(),
        )  # fmt: skip
    assert same == 2
    assert nobody == 1
    assert "the same history" in err.getvalue()
    assert "no candidate named 'ana'" in err.getvalue()
