"""Sessions end to end without a terminal: practice, mock exams with their clock, resume, review."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factory import START, catalog, study
from trainer.engine import plan as plans
from trainer.engine.plan import PlanError, form_code, seed_from_code
from trainer.engine.report import Report
from trainer.engine.session import SessionError
from trainer.study import Tick


def test_practice_gives_feedback_at_once_and_records_every_answer(sealed: Path) -> None:
    s, clock = study(sealed)
    live = s.start_practice(3, section="law", topic="vwp", seed=5)
    assert live.plan.feedback
    assert [i.id.split("-")[0] for i in [s.catalog.by_id[x] for x in live.plan.item_ids]] == [
        "vwp"
    ] * 3
    clock.advance(12)
    first = live.answer("B", confidence="high")
    assert first.shown
    assert first.score.correct
    with pytest.raises(SessionError, match="already answered"):
        live.answer("C")
    live.go(1)
    clock.advance(30)
    second = live.answer("A")
    assert second.score.value == 0.0
    live.tag_miss(second.answer_id, "misread")
    rows = s.store.answers(live.session_id)
    assert [(r.score, r.seconds, r.confidence, r.miss_reason) for r in rows] == [
        (1.0, 12.0, "high", None),
        (0.0, 30.0, None, "misread"),
    ]
    assert rows[0].topic == "vwp"
    assert rows[0].section == "law"


def test_a_bad_miss_reason_or_confidence_is_refused(sealed: Path) -> None:
    s, _ = study(sealed)
    live = s.start_practice(2, seed=1)
    with pytest.raises(SessionError, match="confidence is one of"):
        live.answer("B", confidence="very")  # type: ignore[arg-type]
    outcome = live.answer("A")
    with pytest.raises(SessionError, match="a reason is one of"):
        live.tag_miss(outcome.answer_id, "bad luck")  # type: ignore[arg-type]


def test_practice_filter_with_no_questions(sealed: Path) -> None:
    s, _ = study(sealed)
    with pytest.raises(PlanError, match="no questions match"):
        s.start_practice(5, section="nonexistent")


def test_form_codes_round_trip_and_read_lookalikes() -> None:
    for seed in (0, 1, 12345, 2**30 - 1):
        assert seed_from_code(form_code(seed)) == seed
    code = form_code(2**29 + 7)
    assert seed_from_code(code.lower().replace("0", "o")) == 2**29 + 7
    with pytest.raises(PlanError, match="not a form code"):
        seed_from_code("ABC")
    with pytest.raises(PlanError, match="not a form code"):
        seed_from_code("ABCDEU")
    with pytest.raises(PlanError):
        form_code(2**30)


def test_the_same_form_code_draws_the_same_form(sealed: Path) -> None:
    s, _ = study(sealed)
    first = s.start_exam("two-part")
    again = s.start_exam("two-part", form=first.plan.form_code)
    other = s.start_exam("two-part", form=(first.plan.seed + 1) % 2**30)
    assert again.plan.item_ids == first.plan.item_ids
    assert other.plan.item_ids != first.plan.item_ids
    assert [len(sec.items) for sec in first.plan.sections] == [4, 3]
    assert len(set(first.plan.item_ids)) == 7


def test_an_exam_hides_scores_until_submitted(sealed: Path) -> None:
    s, _ = study(sealed)
    live = s.start_exam("two-part", form=42)
    assert not live.answer("B").shown
    assert s.store.session(live.session_id).score is None  # type: ignore[union-attr]


def test_answers_change_flags_and_navigation_within_a_section(sealed: Path) -> None:
    s, clock = study(sealed)
    live = s.start_exam("two-part", form=42)
    first = live.state.current
    assert first is not None
    live.answer("A")
    clock.advance(20)
    live.answer("B")  # changed: the latest counts, both are kept
    assert len(s.store.answers(live.session_id, latest_only=False)) == 2
    assert [a.response for a in s.store.answers(live.session_id)] == ["B"]
    assert live.flag() is True
    assert live.strike(2) is True
    live.go(3)
    live.go(0)
    assert live.state.next_unanswered() == 1
    assert s.store.item_states(live.session_id)[0].flagged
    assert s.store.item_states(live.session_id)[0].struck == {2}


def test_a_section_without_revisiting_only_moves_forward(sealed: Path) -> None:
    s, _ = study(sealed)
    live = s.start_exam("two-part", form=42)
    live.end_section()  # into the break
    assert live.state.on_break
    with pytest.raises(SessionError):
        live.answer("B")
    live.end_break()
    assert live.state.section == 1
    live.go(2)
    with pytest.raises(SessionError, match="cannot move to item 1"):
        live.go(0)


def test_the_clock_ends_a_section_then_the_break_then_submits(sealed: Path) -> None:
    s, clock = study(sealed)
    live = s.start_exam("two-part", form=42)
    live.answer("B")
    clock.advance(9 * 60)
    assert live.tick() is None
    assert live.state.time_left() == pytest.approx(60.0)
    assert live.state.behind_by() == 2  # 90% of the time gone, 1 of 4 answered
    clock.advance(61)
    assert live.tick() is Tick.SECTION_ENDED
    assert live.state.on_break
    clock.advance(119)
    assert live.tick() is None
    assert live.state.break_left() == pytest.approx(1.0)
    clock.advance(1)
    assert live.tick() is Tick.BREAK_ENDED
    assert (live.state.section, live.state.time_left()) == (1, 300.0)
    clock.advance(300)
    assert live.tick() is Tick.FINISHED
    row = s.store.session(live.session_id)
    assert row is not None
    assert row.state == "finished"
    report = Report.decode(row.report or "")
    assert [x.answered for x in report.sections] == [1, 0]
    assert [x.seconds for x in report.sections] == [601.0, 300.0]


def test_grace_period_after_time_runs_out(sealed: Path) -> None:
    cat = catalog()
    exam = cat.blueprints["two-part"]
    import msgspec

    graced = msgspec.structs.replace(exam, on_timeout="grace", grace_seconds=30)
    s, clock = study(sealed, type(cat)(cat.items, {"two-part": graced}, {}))
    live = s.start_exam("two-part", form=1)
    clock.advance(600)
    assert live.tick() is None
    live.answer("B")  # still allowed in the grace period
    clock.advance(30)
    assert live.tick() is Tick.SECTION_ENDED


def test_submit_scores_by_section_topic_and_pass_mark(sealed: Path) -> None:
    s, clock = study(sealed)
    live = s.start_exam("two-part", form=42)
    for position in range(4):
        live.go(position)
        clock.advance(10)
        live.answer(True if live.state.current.id == "tf-01" else "B")  # type: ignore[union-attr]
    live.end_section()
    live.end_break()
    live.answer("A")
    report = live.submit()
    assert [sec.percent for sec in report.sections] == [100.0, 0.0]
    assert report.percent == pytest.approx(round(400 / 7, 1))
    assert report.passed is False
    assert report.form_code == form_code(42)
    assert report.sections[0].pace == 150.0
    assert {t.topic for t in report.topics} >= {"logic"}
    with pytest.raises(SessionError):
        live.answer("B")


def test_resume_rebuilds_answers_flags_position_and_time(sealed: Path) -> None:
    s, clock = study(sealed)
    live = s.start_exam("two-part", form=9)
    clock.advance(40)
    live.answer("B", confidence="low")
    live.flag(True)
    live.go(2)
    clock.advance(50)
    live.answer("C")
    live.checkpoint()
    [open_exam] = s.unfinished()
    assert open_exam.id == live.session_id
    again = s.resume(live.session_id)
    assert again.state.answers == live.state.answers
    assert again.state.flags == live.state.flags
    assert again.state.position == 2
    assert again.state.time_left() == pytest.approx(600 - 90)
    with pytest.raises(SessionError, match="no session"):
        s.resume("nope")
    again.submit()
    with pytest.raises(SessionError, match="already finished"):
        s.resume(live.session_id)


def test_answers_feed_spaced_review_with_confident_misses_first(sealed: Path) -> None:
    s, clock = study(sealed)
    live = s.start_practice(3, section="law", topic="admission", seed=3)
    ids = live.plan.item_ids
    live.answer("B")
    live.go(1)
    live.answer("A", confidence="high")
    live.go(2)
    live.answer("A", confidence="low")
    clock.advance(24 * 3600)
    due = [i.id for i in s.due()]
    assert due[:2] == [ids[1], ids[2]]
    review = s.start_review()
    assert review.plan.mode == "review"
    assert review.plan.item_ids[0] == ids[1]


def test_review_with_nothing_due(sealed: Path) -> None:
    s, _ = study(sealed)
    with pytest.raises(PlanError, match="nothing is due"):
        s.start_review()


def test_an_unknown_blueprint(sealed: Path) -> None:
    s, _ = study(sealed)
    with pytest.raises(PlanError, match="no mock exam"):
        s.start_exam("nope")


def test_a_blueprint_the_catalog_cannot_fill(sealed: Path) -> None:
    small = catalog(per_topic=1)
    with pytest.raises(PlanError, match="asks for 4 questions"):
        plans.draw_exam(small, small.blueprints["two-part"], 1)


def test_drill_needs_history(sealed: Path) -> None:
    s, _ = study(sealed)
    with pytest.raises(PlanError, match="practise first"):
        s.start_drill()


def test_history_lists_sessions_newest_first(sealed: Path) -> None:
    s, clock = study(sealed)
    first = s.start_practice(2, seed=1)
    clock.advance(60)
    second = s.start_exam("two-part", form=1)
    assert [r.id for r in s.history()] == [second.session_id, first.session_id]
    assert s.history()[0].started_at == START.replace(minute=1)


def test_the_same_seed_on_the_same_store_still_gets_new_session_ids(sealed: Path) -> None:
    first, _ = study(sealed, seed=5)
    one = first.start_practice(2, seed=1)
    again, _ = study(sealed, seed=5)
    two = again.start_practice(2, seed=1)
    assert one.session_id != two.session_id


def test_a_practice_left_midway_closes_as_left_with_what_was_answered(sealed: Path) -> None:
    s, clock = study(sealed)
    live = s.start_practice(3, section="law", topic="vwp", seed=5)
    clock.advance(12)
    live.answer("B")
    live.leave()
    row = s.store.session(live.session_id)
    assert row is not None
    assert (row.state, row.finished_at is not None, row.seconds) == ("left", True, 12.0)
    assert live.report is not None
    assert sum(1 for i in live.report.items if i.answered) == 1
    assert s.unfinished(None) == []


def test_an_exam_left_midway_stays_open_to_resume(sealed: Path) -> None:
    s, clock = study(sealed)
    live = s.start_exam("two-part", form=42)
    clock.advance(7)
    live.answer("B")
    live.leave()
    row = s.store.session(live.session_id)
    assert row is not None
    assert (row.state, row.finished_at) == ("open", None)
    assert [r.id for r in s.unfinished()] == [live.session_id]


def test_the_history_says_which_sessions_were_left(sealed: Path) -> None:
    import io

    from trainer.cli.history import print_sessions

    s, _ = study(sealed)
    s.start_practice(3, section="law", topic="vwp", seed=5).leave()
    out = io.StringIO()
    print_sessions(s.history(), out, as_json=False)
    assert "(left before the end)" in out.getvalue()
