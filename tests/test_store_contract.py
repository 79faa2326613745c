"""The store's contract, on both back ends: every test taking `history` runs once on a SQLite
file and once on a database of the project's own PostgreSQL server. Recording, resuming,
history, mastery, due cards, two writers at once, a `kill -9` mid-exam, and a retried answer
kept once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.factory import START, study
from trainer.content.models import SessionMode
from trainer.store import opening
from trainer.store.records import (
    AnswerRow,
    CardRow,
    GoalRow,
    ItemState,
    ParameterRow,
    PredictionRow,
    SessionRow,
)
from trainer.store.sql import day_number

ROOT = Path(__file__).resolve().parent.parent


def opened(history: str) -> Any:
    store, notice = opening.open_history(history, START)
    assert notice is None
    return store


def session(
    store: Any, sid: str = "s1", name: str = "default", mode: SessionMode = "practice"
) -> int:
    profile = store.profile(name, START)
    store.start_session(
        SessionRow(
            id=sid,
            profile_id=profile,
            mode=mode,
            started_at=START,
            plan="{}",
            blueprint="mock" if mode == "exam" else None,
        )
    )
    return int(profile)


def answer(
    sid: str,
    item: str,
    score: float | None = 1.0,
    at: datetime = START,
    tags: tuple[str, ...] = (),
    profile: int = 1,
    topic: str = "vwp",
) -> AnswerRow:
    return AnswerRow(
        session_id=sid,
        profile_id=profile,
        item_id=item,
        item_hash="h",
        section="law",
        topic=topic,
        tags=tags,
        response="B",
        score=score,
        seconds=3.0,
        answered_at=at,
    )


def record(store: Any, row: AnswerRow, position: int = 0) -> int:
    return int(
        store.record_answer(row, position=position, section=0, section_elapsed="[1.5]", seconds=1.5)
    )


def test_an_answer_is_recorded_with_where_its_session_stands(history: str) -> None:
    store = opened(history)
    session(store)
    first = record(store, answer("s1", "q1", 0.0, tags=("fraud", "vwp")), position=1)
    second = record(store, answer("s1", "q2", None, at=START + timedelta(seconds=1)), position=2)
    assert second > first
    rows = store.answers("s1")
    assert [(a.id, a.item_id, a.score, a.tags) for a in rows] == [
        (first, "q1", 0.0, ("fraud", "vwp")),
        (second, "q2", None, ()),
    ]
    assert rows[0].answered_at == START
    assert [a.item_id for a in store.all_answers(1)] == ["q1", "q2"]
    found = store.session("s1")
    assert (found.position, found.section, found.section_elapsed, found.seconds) == (
        2, 0, "[1.5]", 1.5,
    )  # fmt: skip
    store.tag_miss(first, "misread")
    assert store.answers("s1")[0].miss_reason == "misread"
    with pytest.raises(ValueError, match="naive"):
        record(store, answer("s1", "q3", at=datetime(2026, 3, 2, 9, 0)))  # noqa: DTZ001


def test_the_same_answer_recorded_twice_is_kept_once(history: str) -> None:
    store = opened(history)
    session(store)
    row = answer("s1", "q1", 1.0)
    first = record(store, row)
    assert record(store, row, position=3) == first
    assert len(store.answers("s1", latest_only=False)) == 1
    [tally] = store.tallies(1, day_number(START))
    assert tally.count == 1
    assert store.session("s1").position == 3
    assert store.item_seconds(1) == {"q1": (1, 3.0)}


def test_a_changed_answer_supersedes_the_earlier_one(history: str) -> None:
    store = opened(history)
    session(store)
    record(store, answer("s1", "q1", 0.0))
    record(store, answer("s1", "q2", 1.0))
    record(store, answer("s1", "q1", 1.0, at=START + timedelta(seconds=5)))
    assert [(a.item_id, a.score) for a in store.answers("s1")] == [("q2", 1.0), ("q1", 1.0)]
    assert len(store.answers("s1", latest_only=False)) == 3
    [tally] = store.tallies(1, day_number(START))
    assert (tally.count, tally.total, tally.weeks[0]) == (2, 2.0, (2, 2.0))
    assert store.item_history(1, ["q1", "q2", "q9"]) == {"q1": 0.0, "q2": 1.0}
    assert store.item_seconds(1) == {"q1": (2, 6.0), "q2": (1, 3.0)}


def test_an_interrupted_session_resumes_where_it_stood(history: str) -> None:
    store = opened(history)
    profile = session(store, "exam-1", mode="exam")
    record(store, answer("exam-1", "q1"), position=1)
    store.set_item_state(ItemState(session_id="exam-1", item_id="q1", flagged=True))
    store.set_item_state(ItemState(session_id="exam-1", item_id="q2", struck=frozenset({3, 1})))
    store.checkpoint("exam-1", position=2, section=1, section_elapsed="[300, 12.5]", seconds=312.5)
    store.close()
    again = opened(history)
    [waiting] = again.open_sessions(profile)
    assert again.open_sessions(profile, "exam") == [waiting]
    assert again.open_sessions(profile, "practice") == []
    assert (waiting.id, waiting.position, waiting.section) == ("exam-1", 2, 1)
    assert (waiting.section_elapsed, waiting.seconds) == ("[300, 12.5]", 312.5)
    marks = {m.item_id: (m.flagged, m.struck) for m in again.item_states("exam-1")}
    assert marks == {"q1": (True, frozenset()), "q2": (False, frozenset({1, 3}))}


def test_history_lists_sessions_newest_first_with_how_they_ended(history: str) -> None:
    store = opened(history)
    profile = store.profile("default", START)
    for n in range(3):
        store.start_session(
            SessionRow(
                id=f"s{n}",
                profile_id=profile,
                mode="exam",
                blueprint="mock",
                started_at=START + timedelta(days=n),
                plan="{}",
            )
        )
    store.finish_session(
        "s1",
        finished_at=START + timedelta(days=1, hours=1),
        score=72.5,
        passed=True,
        seconds=3600.0,
        report='{"r": 1}',
    )
    store.finish_session(
        "s2",
        finished_at=START + timedelta(days=2, hours=1),
        score=None,
        passed=None,
        seconds=5.0,
        report=None,
        state="left",
    )
    found = store.sessions(profile)
    assert [s.id for s in found] == ["s2", "s1", "s0"]
    assert [s.id for s in store.sessions(profile, limit=1)] == ["s2"]
    done = found[1]
    assert (done.state, done.score, done.passed, done.report) == (
        "finished",
        72.5,
        True,
        '{"r": 1}',
    )
    assert done.finished_at == START + timedelta(days=1, hours=1)
    assert (found[0].state, found[0].passed) == ("left", None)
    assert [s.id for s in store.last_mocks()] == ["s1"]
    assert [a.session_id for a in store.first_attempts("mock")] == ["s1"]
    assert store.first_attempts("another") == []
    assert store.session("nope") is None


def test_tallies_keep_each_topic_and_set_of_tags_with_their_last_weeks(history: str) -> None:
    store = opened(history)
    session(store)
    record(store, answer("s1", "q1", 1.0, tags=("a", "b")))
    record(store, answer("s1", "q2", 0.0, at=START + timedelta(days=7), tags=("a",)))
    record(store, answer("s1", "q3", 1.0, at=START + timedelta(days=8), tags=("a",)))
    record(store, answer("s1", "q4", 1.0, at=START + timedelta(days=30), tags=("a",)))
    week = day_number(START) // 7
    found = {(t.tags, t.count, t.total, t.week, t.weeks) for t in store.tallies(1, week * 7)}
    assert found == {
        (("a", "b"), 1, 1.0, week, ((1, 1.0), (0, 0.0), (0, 0.0))),
        (("a",), 3, 2.0, week + 4, ((1, 1.0), (0, 0.0), (0, 0.0))),
    }


def test_mastery_is_weighted_as_on_the_day_it_is_read(history: str) -> None:
    store = opened(history)
    session(store)
    record(store, answer("s1", "q1", 1.0, tags=("fraud",)))
    record(store, answer("s1", "q2", 0.0, at=START + timedelta(days=20), topic="forms"))
    middle = day_number(START) // 7 * 7 + 3
    [same_day] = [t for t in store.tallies(1, middle) if t.topic == "law/vwp"]
    [month_on] = [t for t in store.tallies(1, middle + 30) if t.topic == "law/vwp"]
    assert same_day.weighted_total == pytest.approx(1.0)
    assert month_on.weighted_count == pytest.approx(0.5)
    keys = {(k.kind, k.key): k for k in store.key_tallies(1, middle + 21, 14)}
    assert set(keys) == {("topic", "law/vwp"), ("topic", "law/forms"), ("tags", "fraud")}
    assert type(keys["topic", "law/vwp"].count) is int
    assert (keys["topic", "law/vwp"].recent_count, keys["topic", "law/forms"].recent_count) == (
        0, 1,
    )  # fmt: skip
    assert keys["tags", "fraud"].tags == ("fraud",)


def test_activity_counts_every_answer_by_utc_date(history: str) -> None:
    store = opened(history)
    session(store)
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    record(store, answer("s1", "q1", 1.0, at=late))
    record(store, answer("s1", "q1", 0.0, at=late + timedelta(minutes=40)))
    record(store, answer("s1", "q2", 1.0, at=START + timedelta(days=2)))
    assert store.activity(1, START) == {"2026-03-02": 1, "2026-03-03": 1, "2026-03-04": 1}
    assert store.activity(1, START + timedelta(days=2)) == {"2026-03-04": 1}
    [ana] = store.profiles_activity(START.date() + timedelta(days=2), 2)
    assert (ana.answers, ana.window, ana.days, ana.last_day) == (
        3,
        2,
        2,
        START.date() + timedelta(days=2),
    )


def test_due_cards_come_most_urgent_first_and_count_their_changes(history: str) -> None:
    store = opened(history)
    profile = store.profile("default", START)
    for n, (hours, priority) in enumerate([(5, 0), (1, 0), (3, 2), (30, 2), (2, 1)]):
        store.save_card(
            CardRow(
                profile_id=profile,
                item_id=f"q{n}",
                card=f'{{"n": {n}}}',
                due=START + timedelta(hours=hours),
                priority=priority,
            )
        )
    now = START + timedelta(hours=6)
    assert [c.item_id for c in store.due_cards(profile, now)] == ["q2", "q4", "q1", "q0"]
    assert [c.item_id for c in store.due_cards(profile, now, limit=2)] == ["q2", "q4"]
    assert store.count_due(profile, now) == 4
    assert store.card(profile, "q3").due == START + timedelta(hours=30)
    assert store.card(profile, "nope") is None
    changes = store.card_changes(profile)
    assert changes == 5
    store.save_card(CardRow(profile_id=profile, item_id="q1", card='{"n": 9}', due=now))
    assert store.card_changes(profile) == 6
    assert store.cards_changed_since(profile, changes, ["q0", "q1"]) == {"q1": '{"n": 9}'}
    assert store.card_states(profile, ["q1", "q3", "q9"]) == {"q1": '{"n": 9}', "q3": '{"n": 3}'}
    assert store.card_removals(profile) == 0


def test_goals_predictions_and_item_parameters_come_back_as_saved(history: str) -> None:
    store = opened(history)
    profile = session(store, "exam-1", mode="exam")
    goal = GoalRow(
        profile_id=profile,
        exam_date=START.date() + timedelta(days=40),
        blueprint="mock",
        minutes=45,
        set_at=START,
    )
    store.set_goal(goal)
    assert store.goal(profile) == goal
    assert store.goals() == [goal]
    prediction = PredictionRow(
        session_id="exam-1",
        profile_id=profile,
        blueprint="mock",
        made_at=START,
        median=0.7,
        low=0.6,
        high=0.8,
        p_pass=0.55,
    )
    store.save_prediction(prediction)
    store.save_prediction(prediction)
    assert store.predictions(profile) == [prediction]
    parameters = ParameterRow(
        item_id="q1",
        item_hash="h",
        model="2pl",
        a=1.25,
        b=-0.5,
        c=0.0,
        se_a=0.1,
        se_b=0.2,
        answers=120,
        prior=False,
        calibrated_at=START,
    )
    store.save_item_parameters([parameters])
    assert store.item_parameters() == {"q1": parameters}
    assert store.clear_goal(profile) is True
    assert store.clear_goal(profile) is False
    assert store.goal(profile) is None


def test_cohort_queries_see_every_profile_and_single_ones_only_their_own(history: str) -> None:
    store = opened(history)
    ana = session(store, "a1", "ana")
    ben = session(store, "b1", "ben")
    record(store, answer("a1", "q1", 1.0, profile=ana))
    record(store, answer("b1", "q1", 0.0, profile=ben))
    record(store, answer("b1", "q2", 0.0, profile=ben))
    assert [a.item_id for a in store.all_answers(ana)] == ["q1"]
    assert [(m.item_id, m.candidates, m.missed) for m in store.item_misses(1, 10)] == [
        ("q2", 1, 1),
        ("q1", 2, 1),
    ]
    assert {(t.profile_id, t.topic, t.count) for t in store.topic_tallies(0)} == {
        (ana, "law/vwp", 1),
        (ben, "law/vwp", 2),
    }
    assert [(c.profile, c.item) for c in store.calibration_answers()] == [
        (str(ana), "q1"),
        (str(ben), "q1"),
        (str(ben), "q2"),
    ]
    assert [p.name for p in store.profiles_activity(START.date(), 7)] == ["ana", "ben"]


def test_a_rebuild_gives_the_summaries_the_reads_kept(history: str) -> None:
    """What the mastery reads (counts, totals, weights, the recent weeks' sums) is the same
    from the summaries kept up to date by the reads in between answers (some answers changed
    after they were counted, some before) as from a rebuild; the three weeks a tally keeps
    apart may be anchored a week apart after its latest answer was changed, with the same
    recent sums."""
    store = opened(history)
    rng = random.Random(4)
    for s in range(4):
        session(store, f"s{s}")
    for n in range(120):
        at = START + timedelta(hours=12 * n + rng.randrange(12))
        item = rng.randrange(9)
        tags = (("fraud",), ("fraud", "vwp"), ())[item % 3]  # an item's tags are its own
        score = rng.choice([None, 0.0, 0.25, 0.5, 1.0])
        record(store, answer(f"s{rng.randrange(4)}", f"q{item}", score, at, tags))
        if rng.random() < 0.2:
            store.settle_summaries()
    day = day_number(START) + 65

    def summaries() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], dict[str, int]]:
        tallies = sorted(
            (t.topic, t.tags, t.count, t.total, t.weighted_count) for t in store.tallies(1, day)
        )
        keys = sorted(
            (k.kind, k.key, k.count, k.total, k.recent_count, k.recent_total, k.weighted_total)
            for k in store.key_tallies(1, day, 14)
        )
        return tallies, keys, store.activity(1, START)

    kept = summaries()
    store.rebuild_summaries()
    rebuilt = summaries()
    assert rebuilt[2] == kept[2]
    for got, want in zip(rebuilt[:2], kept[:2], strict=True):
        assert [row[:-1] for row in got] == [row[:-1] for row in want]
        assert [row[-1] for row in got] == pytest.approx([row[-1] for row in want])


def _writer(history: str, sid: str, count: int) -> None:
    store = opened(history)
    for n in range(count):
        record(store, answer(sid, f"{sid}-{n}", at=START + timedelta(seconds=n)))
        if n % 7 == 0:  # a read that counts what the other process has just recorded too
            store.settle_summaries()
    store.close()


def test_two_processes_recording_at_once_lose_nothing(history: str) -> None:
    """Two trainers record into one history, each bringing the summaries up to date as it
    goes: every answer is kept, and the summaries count each one once."""
    import multiprocessing

    store = opened(history)
    session(store, "a")
    session(store, "b")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(history, sid, 200)) for sid in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert len(store.answers("a")) == 200
    assert len(store.answers("b")) == 200
    [tally] = store.tallies(1, day_number(START))
    assert tally.count == 400


CHILD = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.factory import study

s, clock = study(Path({home!r}), history={history!r})
live = s.start_exam("two-part", form=7)
print("session", live.session_id, flush=True)
for line in sys.stdin:
    clock.advance(30)
    live.answer("B")
    live.flag(live.state.position % 2 == 0)
    live.go(live.state.position + 1)
    print("recorded", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_mid_exam_then_resume(history: str, sealed: Path) -> None:
    home = sealed / "data"
    code = CHILD.format(root=str(ROOT), home=str(home), history=history)
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdin is not None
    assert child.stdout is not None
    session_id = child.stdout.readline().split()[1]
    for _ in range(3):
        child.stdin.write("answer\n")
        child.stdin.flush()
        assert child.stdout.readline().startswith("recorded")
    os.kill(child.pid, signal.SIGKILL)
    child.wait(30)
    assert child.returncode == -signal.SIGKILL

    s, _ = study(home, history=history)
    [unfinished] = s.unfinished()
    assert unfinished.id == session_id
    live = s.resume(session_id)
    planned = [item.id for item in live.plan.sections[0].items]
    assert list(live.state.answers) == planned[:3]
    assert [given.seconds for given in live.state.answers.values()] == [30.0, 30.0, 30.0]
    assert live.state.flags == {planned[0], planned[2]}
    assert live.state.position == 3
    live.answer("B")
    assert live.submit().sections[0].answered == 4
