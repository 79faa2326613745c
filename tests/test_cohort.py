"""The cohort report: every profile's activity, last mock and readiness, the class's weakest
topics and most missed questions, from the store's summaries across profiles; and the item
analysis and calibration reading every profile's answers."""

from __future__ import annotations

import io
import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.factory import catalog, fill_history, sit
from trainer import cli, config, itemreport
from trainer.engine import irt
from trainer.engine.clock import ManualClock
from trainer.engine.cohort import most_missed
from trainer.engine.readiness import Layout
from trainer.store.records import AnswerRow, GoalRow, ItemMisses, SessionRow
from trainer.store.sqlite import SqliteStore, day_number
from trainer.study import Study, calibration
from trainer.study.cohort import report

NOW = datetime(2026, 3, 22, 12, 0, tzinfo=UTC)
"""The middle day of its week: answers of this week weigh exactly 1 in mastery today."""


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


def given(
    store: SqliteStore, name: str, item: str, score: float | None, when: datetime, sid: str = ""
) -> None:
    """One answer of `name`'s in a practice session of its own (or `sid`)."""
    profile = store.profile(name, at("2026-01-01"))
    session = sid or f"{name}-{item}-{when:%m%d%H%M%S}"
    if store.session(session) is None:
        store.start_session(
            SessionRow(id=session, profile_id=profile, mode="practice", started_at=when, plan="{}")
        )
    section, topic = "law", item.rsplit("-", 1)[0]
    store.record_answer(
        AnswerRow(
            session_id=session,
            profile_id=profile,
            item_id=item,
            item_hash="h",
            section=section,
            topic=topic,
            tags=(),
            response="B",
            score=score,
            seconds=5.0,
            answered_at=when,
        ),
        position=0,
        section=0,
        section_elapsed="[]",
        seconds=0.0,
    )


def mock(store: SqliteStore, name: str, sid: str, finished: datetime, **how: object) -> None:
    profile = store.profile(name, at("2026-01-01"))
    store.start_session(
        SessionRow(
            id=sid,
            profile_id=profile,
            mode="exam",
            blueprint="two-part",
            started_at=finished - timedelta(hours=1),
            plan="{}",
        )
    )
    store.finish_session(
        sid,
        finished_at=finished,
        score=how.get("score"),  # type: ignore[arg-type]
        passed=how.get("passed"),  # type: ignore[arg-type]
        seconds=600.0,
        report=None,
        state="left" if how.get("state") == "left" else "finished",
    )


@pytest.fixture
def store(sealed: Path) -> SqliteStore:
    """The worked example: ana studies two days this week (and once, unscored, in February),
    ben once this week and once, unscored, at the start of the month; cy never."""
    s = SqliteStore(config.locate([])[0].history)
    given(s, "ana", "admission-00", None, at("2026-02-10"))
    given(s, "ana", "admission-00", 1.0, at("2026-03-20"))
    given(s, "ana", "admission-01", 1.0, at("2026-03-20", 11))
    for n, score in enumerate((1.0, 0.0, 0.0)):
        given(s, "ana", f"vwp-0{n}", score, at("2026-03-22", 9 + n))
    given(s, "ben", "vwp-00", None, at("2026-03-01"))
    given(s, "ben", "vwp-00", 0.0, at("2026-03-19"))
    s.profile("cy", at("2026-01-01"))
    mock(s, "ana", "m1", at("2026-03-15"), score=40.0, passed=False)
    mock(s, "ana", "m2", at("2026-03-21"), score=71.4, passed=True)
    mock(s, "ana", "m3", at("2026-03-22", 11), score=10.0, passed=False, state="left")
    s.set_goal(GoalRow(profile_id=1, exam_date=date(2026, 6, 1), blueprint="two-part",
                       minutes=30, set_at=at("2026-03-01")))  # fmt: skip
    s.set_goal(GoalRow(profile_id=2, exam_date=date(2026, 6, 1), blueprint="gone-mock",
                       minutes=30, set_at=at("2026-03-01")))  # fmt: skip
    return s


def test_each_candidates_activity_and_last_mock_as_worked_by_hand(store: SqliteStore) -> None:
    found = report(catalog(), store, NOW)
    ana, ben, cy = found.candidates
    assert [c.name for c in found.candidates] == ["ana", "ben", "cy"]
    # ana: 6 answers; 03-20 and 03-22 fall in the 7 days 03-16..03-22, 02-10 in neither window.
    assert (ana.answers, ana.week, ana.window, ana.days_studied) == (6, 5, 5, 2)
    assert ana.last_active == date(2026, 3, 22)
    # ben: 03-19 is in the week, 03-01 only in the 30 days 02-21..03-22.
    assert (ben.answers, ben.week, ben.window, ben.days_studied) == (2, 1, 2, 2)
    assert ben.last_active == date(2026, 3, 19)
    assert (cy.answers, cy.week, cy.window, cy.days_studied, cy.last_active) == (0, 0, 0, 0, None)
    # The latest *finished* mock: m3 was left, so m2.
    assert ana.last_mock is not None
    assert (ana.last_mock.score, ana.last_mock.passed) == (71.4, True)
    assert ana.last_mock.finished == date(2026, 3, 21)
    assert ben.last_mock is None
    assert cy.last_mock is None


def test_a_narrower_window_counts_only_its_days(store: SqliteStore) -> None:
    ana, ben, _ = report(catalog(), store, NOW, days=7).candidates
    assert (ana.window, ana.days_studied) == (5, 2)
    assert (ben.window, ben.days_studied) == (1, 1)
    one = report(catalog(), store, NOW, days=1).candidates[0]
    assert (one.window, one.days_studied) == (3, 1)


def test_readiness_says_what_is_short_or_why_there_is_none(store: SqliteStore) -> None:
    ana, ben, cy = report(catalog(), store, NOW).candidates
    assert ana.readiness is not None
    assert ana.readiness.today is None
    # 5 scored answers in part one's law topics, none in part two's reasoning: 30 - 5 = 25.
    assert ana.readiness.evidence.needed == 25
    assert ana.readiness_note == (
        "Readiness needs 25 more scored answers in this mock's topics before it gives a figure"
        " (Part one 5, Part two 10)."
    )
    assert ben.readiness is None
    assert ben.readiness_note == "the goal's mock 'gone-mock' is not loaded"
    assert cy.readiness is None
    assert cy.readiness_note == "no goal set"


def test_the_class_topics_pool_every_candidate_as_worked_by_hand(store: SqliteStore) -> None:
    found = report(catalog(), store, NOW)
    # Scored: 6 answers, 3 right, so the prior is (3 + 5) / (6 + 10) = 0.5 with weight 4; every
    # scored answer is of this week and weighs 1. vwp: 4 answers (ana 3, ben 1), 1 right:
    # (2 + 1) / (4 + 4) = 0.375. admission: ana's 2, both right: (2 + 2) / (4 + 2) = 2/3.
    vwp, admission = found.topics
    assert (vwp.topic, vwp.answers, vwp.candidates) == ("law/vwp", 4, 2)
    assert vwp.estimate == pytest.approx(0.375)
    assert (admission.topic, admission.answers, admission.candidates) == ("law/admission", 2, 1)
    assert admission.estimate == pytest.approx(2 / 3)
    assert found.untried == ("reasoning/logic", "writing/grammar")


def test_most_missed_over_enough_candidates(store: SqliteStore) -> None:
    two = report(catalog(), store, NOW, min_candidates=2).missed
    # vwp-00: ana right, ben wrong (after an unscored try): 1 of 2 candidates, 3 attempts.
    assert [(m.item_id, m.candidates, m.missed, m.attempts) for m in two] == [("vwp-00", 2, 1, 3)]
    assert two[0].rate == 0.5
    one = report(catalog(), store, NOW, min_candidates=1).missed
    # Questions nobody missed (the admission ones) are never listed.
    assert [m.item_id for m in one] == ["vwp-01", "vwp-02", "vwp-00"]
    assert report(catalog(), store, NOW).missed == ()  # five candidates by default


def test_most_missed_ranks_by_share_then_by_how_many_answered() -> None:
    rows = [
        ItemMisses(item_id="a", candidates=10, missed=5, attempts=12),
        ItemMisses(item_id="b", candidates=20, missed=10, attempts=25),
        ItemMisses(item_id="c", candidates=4, missed=4, attempts=4),
        ItemMisses(item_id="d", candidates=6, missed=6, attempts=9),
        ItemMisses(item_id="e", candidates=9, missed=0, attempts=9),
    ]
    assert [m.item_id for m in most_missed(rows, min_candidates=5)] == ["d", "b", "a"]
    assert [m.item_id for m in most_missed(rows, min_candidates=5, limit=1)] == ["d"]


def test_no_profiles_gives_an_empty_report(sealed: Path) -> None:
    store = SqliteStore(sealed / "history.sqlite3")
    found = report(catalog(), store, NOW)
    assert (found.candidates, found.topics, found.missed) == ((), (), ())
    assert len(found.untried) == 4


def test_a_window_under_a_day_is_refused(store: SqliteStore) -> None:
    with pytest.raises(ValueError, match="1 or more"):
        report(catalog(), store, NOW, days=0)
    with pytest.raises(ValueError, match="1 or more"):
        store.profiles_activity(NOW.date(), 0)


def test_readiness_is_the_coachs_own_for_each_candidate(sealed: Path) -> None:
    store = SqliteStore(sealed / "history.sqlite3")
    clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    cat = catalog()
    studies = []
    for n, name in enumerate(("ana", "ben")):
        study = Study(cat, store, clock, random.Random(n), profile=name)
        studies.append(study)
    for n, study in enumerate(studies):
        fill_history(study, "two-part", weeks=3, seed=n)
        study.coach.set_goal(clock.now().date() + timedelta(days=30), "two-part", 30)
    found = report(cat, store, clock.now())
    for study, candidate in zip(studies, found.candidates, strict=True):
        coach = study.coach.readiness(project=False)
        assert candidate.readiness is not None
        assert candidate.readiness.today is not None
        assert coach.today is not None
        assert candidate.readiness.today.score == coach.today.score
        assert candidate.readiness.today.p_pass == coach.today.p_pass
    assert found.candidates[0].readiness != found.candidates[1].readiness
    assert all(c.last_mock is not None and c.last_mock.blueprint == "two-part"
               for c in found.candidates)  # fmt: skip


def test_item_analysis_and_calibration_count_every_profiles_answers(sealed: Path) -> None:
    store = SqliteStore(sealed / "history.sqlite3")
    clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    cat = catalog()
    rng = random.Random(5)
    for n, name in enumerate(("ana", "ben")):
        study = Study(cat, store, clock, random.Random(n), profile=name)
        sit(study.start_exam("two-part"), rng, 0.6)
    (form,) = itemreport.analyse_history(cat, store)
    assert form.stats.attempts == 2
    assert {row.profile_id for row in store.first_attempts()} == {1, 2}
    found = calibration.run(cat, store, clock.now(), irt.Settings(min_answers=1))
    assert found.profiles == 2
    assert found.answers == 14  # 7 questions each


@pytest.fixture
def no_content(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command loads no content: its goal's mock is then not loaded, and nothing untried."""
    monkeypatch.setattr(config, "shipped_content", list)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["cohort", *argv], out, clock=ManualClock(NOW))
    return code, out.getvalue()


def test_the_command_on_an_empty_history_says_so(sealed: Path) -> None:
    code, out = run()
    assert code == 0
    assert out == "No candidates in the history yet: each profile that studies appears here.\n"
    code, out = run("--json")
    assert code == 0
    data = json.loads(out)
    assert data["candidates"] == []
    assert data["weakest_topics"] == []
    assert data["most_missed"]["min_candidates"] == 5


@pytest.mark.usefixtures("no_content")
def test_the_command_prints_the_worked_example(store: SqliteStore) -> None:
    store.close()
    code, out = run("--days", "7")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Cohort on 2026-03-22: 3 candidates")
    assert "window: the last 7 days" in lines[0]
    ana = next(line for line in lines if line.lstrip().startswith("ana "))
    assert ana.split()[1:5] == ["5", "5", "2", "2026-03-22"]
    assert ana.endswith("two-part 71% pass on 2026-03-21")
    cy = next(line for line in lines if line.lstrip().startswith("cy "))
    assert cy.split()[1:] == ["0", "0", "0", "never", "none"]
    assert "  readiness: no goal set" in out
    assert "  readiness: the goal's mock 'two-part' is not loaded" in out
    assert "Not tried by anyone:" not in out
    assert "  law/vwp                            38%  (" in out
    assert "No question answered by at least 5 candidates has been missed yet." in out


@pytest.mark.usefixtures("no_content")
def test_the_command_as_json(store: SqliteStore) -> None:
    store.close()
    code, out = run("--json")
    assert code == 0
    data = json.loads(out)
    ana = data["candidates"][0]
    assert ana["name"] == "ana"
    assert (ana["answers_7_days"], ana["answers_in_window"], ana["days_studied"]) == (5, 5, 2)
    assert ana["last_mock"] == {
        "blueprint": "two-part",
        "score": 71.4,
        "passed": True,
        "date": "2026-03-21",
    }
    assert ana["goal"] == "two-part"
    assert ana["readiness"] is None
    assert ana["readiness_note"] == "the goal's mock 'two-part' is not loaded"
    assert [t["topic"] for t in data["weakest_topics"]] == ["law/vwp", "law/admission"]
    assert data["weakest_topics"][0]["candidates"] == 2


@pytest.mark.parametrize("days", ["0", "-3", "week"])
def test_a_bad_window_is_a_usage_error(days: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("--days", days)
    assert exit_info.value.code == 2
    assert "--days" in capsys.readouterr().err


def test_topic_tallies_sum_a_topics_sets_of_tags_per_profile(sealed: Path) -> None:
    store = SqliteStore(sealed / "history.sqlite3")
    for tags, score in (((), 1.0), (("fraud",), 0.0), (("fraud", "vwp"), 1.0)):
        profile = store.profile("ana", NOW)
        sid = f"s-{len(tags)}"
        store.start_session(
            SessionRow(id=sid, profile_id=profile, mode="practice", started_at=NOW, plan="{}")
        )
        store.record_answer(
            AnswerRow(session_id=sid, profile_id=profile, item_id="vwp-00", item_hash="h",
                      section="law", topic="vwp", tags=tags, response="B", score=score,
                      seconds=1.0, answered_at=NOW),
            position=0, section=0, section_elapsed="[]", seconds=0.0,
        )  # fmt: skip
    given(store, "ben", "admission-00", 0.5, NOW)
    rows = store.topic_tallies(day_number(NOW))
    found = [(r.profile_id, r.topic, r.count, r.total) for r in rows]
    assert found == [(1, "law/vwp", 3, 2.0), (2, "law/admission", 1, 0.5)]
    assert rows[0].weighted_count == pytest.approx(3.0)  # this week's answers weigh 1


def test_most_missed_in_the_store_ranks_and_cuts_as_the_engine_does(sealed: Path) -> None:
    store = SqliteStore(sealed / "history.sqlite3")
    # Three candidates: q1 missed by all three, q2 by two, q3 by one, q4 by none.
    for n, name in enumerate(("ana", "ben", "cy")):
        for item, misses in (("vwp-01", 3), ("vwp-02", 2), ("vwp-03", 1), ("vwp-04", 0)):
            given(store, name, item, 0.0 if n < misses else 1.0, NOW - timedelta(hours=n))
    given(store, "ana", "vwp-01", 1.0, NOW)  # a later right answer leaves ana's miss standing
    rows = store.item_misses(3, 2)
    assert [(r.item_id, r.candidates, r.missed, r.attempts) for r in rows] == [
        ("vwp-01", 3, 3, 4),
        ("vwp-02", 3, 2, 3),
    ]
    assert [m.item_id for m in most_missed(store.item_misses(3, 10), min_candidates=3)] == [
        "vwp-01",
        "vwp-02",
        "vwp-03",
    ]
    assert store.item_misses(4, 10) == []


def test_the_report_is_the_same_after_the_summaries_are_rebuilt(store: SqliteStore) -> None:
    before = report(catalog(), store, NOW, min_candidates=1)
    store.rebuild_summaries()
    after = report(catalog(), store, NOW, min_candidates=1)
    assert after.candidates == before.candidates
    assert [(t.topic, t.answers, t.candidates) for t in after.topics] == [
        (t.topic, t.answers, t.candidates) for t in before.topics
    ]
    for mine, theirs in zip(after.topics, before.topics, strict=True):
        assert mine.estimate == pytest.approx(theirs.estimate)
    assert after.missed == before.missed


def test_what_each_mock_draws_is_kept_between_reports(store: SqliteStore) -> None:
    kept: dict[str, Layout] = {}
    first = report(catalog(), store, NOW, layouts=kept)
    assert list(kept) == ["two-part"]
    drawn = kept["two-part"]
    again = report(catalog(), store, NOW, layouts=kept)
    assert kept["two-part"] is drawn
    assert again.candidates == first.candidates
