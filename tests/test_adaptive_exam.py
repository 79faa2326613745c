"""Adaptive sections of a mock exam: drawn into the plan, served one question at a time from the
recorded answers, resumed exactly (after a real kill -9 too) and reported on the score scale."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factory import adaptive_catalog, right_response, study
from trainer.content import loader
from trainer.engine import adaptive_section, irt
from trainer.engine.plan import Plan, draw_exam
from trainer.store.records import ParameterRow
from trainer.study import StudySession
from trainer.study.answers import item_hash

ROOT = Path(__file__).resolve().parent.parent


def _number(item_id: str) -> int:
    return int(item_id.rsplit("-", 1)[1])


def _answer(live: StudySession, right: bool) -> None:
    item = live.item()
    live.answer(right_response(item.question) if right else "A")


def _go_on(live: StudySession) -> bool:
    """Move to the next unanswered question of the section; False when there is none."""
    following = live.state.next_unanswered()
    if following is None:
        return False
    live.go(following, save=False)
    return True


def test_the_plan_holds_the_pool_quotas_cut_and_first_question() -> None:
    cat = adaptive_catalog()
    blueprint = cat.blueprints["adaptive"]
    plan = draw_exam(cat, blueprint, 5)
    law, logic = plan.sections
    assert law.adaptive is not None
    assert logic.adaptive is None
    pool = {p.id for p in law.adaptive.pool}
    assert pool == {i.id for i in cat.items if i.topic in ("admission", "vwp")}
    assert dict(law.adaptive.quotas) == pytest.approx({"1": 2 / 3, "2": 1 / 3})
    assert law.adaptive.form_items == 3
    assert [i.id for i in law.items] == list(adaptive_section.first(law.adaptive, 5).items)
    assert len(law.items) == 1
    assert law.items[0].id in pool
    assert not pool & {i.id for i in logic.items}
    # Priors from authored difficulty, each question weighted by its draw's share of its topic.
    entry = next(p for p in law.adaptive.pool if p.id == "admission-04")
    assert entry.b == irt.PRIORS.b_mean(5)
    assert entry.c == 0.25
    assert entry.weight == pytest.approx(2 / 31)
    scale = adaptive_section.scale(law.adaptive)
    assert law.adaptive.cut is not None
    assert scale.percent(law.adaptive.cut) == pytest.approx(60)
    # The same seed and content, the same plan; calibrated parameters replace the priors.
    assert draw_exam(cat, blueprint, 5) == plan
    hard = irt.Parameters("admission-04", 2.0, 3.5, 0.25)
    again = draw_exam(cat, blueprint, 5, {"admission-04": hard})
    assert again.sections[0].adaptive is not None
    moved = next(p for p in again.sections[0].adaptive.pool if p.id == "admission-04")
    assert (moved.a, moved.b) == (2.0, 3.5)
    assert Plan.decode(plan.encode()) == plan


def test_each_answer_serves_the_next_until_the_test_stops(tmp_path: Path) -> None:
    s, clock = study(tmp_path, adaptive_catalog())
    live = s.start_exam("adaptive", form=11)
    assert live.served() is not None
    assert live.served(1) is None
    seen = []
    while True:
        seen.append(live.state.current.id if live.state.current else None)
        clock.advance(20)
        _answer(live, True)
        if not _go_on(live):
            break
    served = live.served()
    assert served is not None
    assert served.stop == "clear"
    assert list(served.items) == seen == [i.id for i in live.state.items]
    assert len(seen) == len(set(seen)) >= 5
    # Quotas: within one of admission's two thirds after every question.
    topics = ["admission" if str(i).startswith(("admission", "tf")) else "vwp" for i in seen]
    for n in range(1, len(topics) + 1):
        assert abs(topics[:n].count("admission") - 2 / 3 * n) <= 1
    live.end_section()
    assert live.state.section == 1
    while True:
        _answer(live, False)
        if not _go_on(live):
            break
    live.end_section()
    report = live.report
    assert report is not None
    law, logic = report.sections
    assert law.adaptive is not None
    assert logic.adaptive is None
    assert law.adaptive.stop == "clear"
    assert law.adaptive.passed is True
    assert law.adaptive.p_pass is not None
    assert law.adaptive.p_pass > 0.975
    assert law.percent == law.adaptive.percent > 60
    assert law.adaptive.percent_low <= law.percent <= law.adaptive.percent_high
    assert law.adaptive.items == len(seen)
    assert law.items == len(seen)
    assert logic.percent == 0.0
    # The adaptive section counts as its three-question form beside three fixed questions.
    assert report.percent == pytest.approx((law.percent * 3 + 0.0) / 6, abs=0.1)
    assert report.passed is False


def test_a_changed_earlier_answer_moves_the_estimate_not_the_questions_served(
    tmp_path: Path,
) -> None:
    s, _ = study(tmp_path, adaptive_catalog())
    live = s.start_exam("adaptive", form=3)
    for _ in range(4):
        _answer(live, True)
        _go_on(live)
    before = live.served()
    assert before is not None
    assert len(before.items) == 5
    live.go(0)
    _answer(live, False)
    after = live.served()
    assert after == before  # the fifth question is still pending: nothing new is served
    resumed = s.resume(live.session_id)
    assert resumed.served() == before
    assert resumed.state.plan == live.state.plan
    assert dict(resumed.state.answers) == dict(live.state.answers)


def test_ending_early_and_running_out_of_time_are_the_stop_reasons(tmp_path: Path) -> None:
    s, clock = study(tmp_path, adaptive_catalog())
    ended = s.start_exam("adaptive", form=4)
    _answer(ended, True)
    ended.end_section()
    ended.end_section()
    assert ended.report is not None
    first = ended.report.sections[0].adaptive
    assert first is not None
    assert first.stop == "ended"
    assert first.items == 1
    assert "ended before" in first.reason

    timed = s.start_exam("adaptive", form=4)
    _answer(timed, True)
    _go_on(timed)
    clock.advance(20 * 60 + 1)
    timed.tick()
    assert timed.state.section == 1
    timed.end_section()
    assert timed.report is not None
    late = timed.report.sections[0].adaptive
    assert late is not None
    assert late.stop == "time"
    assert late.items == 1


def test_the_maximum_length_stops_a_test_that_cannot_decide(tmp_path: Path) -> None:
    s, _ = study(tmp_path, adaptive_catalog(max_items=6))
    live = s.start_exam("adaptive", form=9)
    answers = 0
    while True:
        _answer(live, answers % 2 == 0)  # right and wrong in turn: never clear of the cut
        answers += 1
        if not _go_on(live):
            break
    served = live.served()
    assert served is not None
    assert served.stop == "max_items"
    assert len(served.items) == 6


def test_the_pool_running_dry_stops_the_test(tmp_path: Path) -> None:
    s, _ = study(tmp_path, adaptive_catalog(per_topic=3, max_items=40))
    live = s.start_exam("adaptive", form=9)
    answers = 0
    while True:
        _answer(live, answers % 2 == 0)
        answers += 1
        if not _go_on(live):
            break
    served = live.served()
    # 3 + 3 questions and the true/false one, right and wrong in turn: too few to decide.
    assert served is not None
    assert served.stop == "pool"
    assert len(served.items) == 7


def test_resume_rebuilds_the_served_questions_from_every_recorded_answer(tmp_path: Path) -> None:
    s, clock = study(tmp_path, adaptive_catalog())
    live = s.start_exam("adaptive", form=21)
    for k in range(7):
        clock.advance(15)
        _answer(live, _number(live.item().id) % 3 != 0)
        if k == 3:
            live.go(1)
            _answer(live, True)
        _go_on(live)
    resumed = s.resume(live.session_id)
    assert resumed.served() == live.served()
    assert resumed.state.items == live.state.items
    assert resumed.state.position == live.state.position
    ours, theirs = (x.submit() for x in (live, s.resume(live.session_id)))
    assert theirs.sections[0].adaptive == ours.sections[0].adaptive


def test_a_bad_adaptive_section_is_reported_at_its_line(tmp_path: Path) -> None:
    bank = tmp_path / "blueprint.yaml"
    bank.write_text(
        "blueprint: bad\ntitle: Bad\nmodelled_on: Nothing\npass_mark: 70\nsections:\n"
        "  - id: one\n    title: One\n    adaptive:\n      max_items: 5\n      min_items: 8\n"
        "    draw:\n      - {section: law, count: 1}\n",
        encoding="utf-8",
    )
    found = [str(p) for p in loader.load([bank]).problems]
    assert any(f"{bank}:10:" in p and "min_items 8 is more than max_items 5" in p for p in found), (
        found
    )
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("min_items: 8", "max_items_: 8"),
        encoding="utf-8",
    )
    found = [str(p) for p in loader.load([bank]).problems]
    assert any(f"{bank}:" in p and "max_items_" in p for p in found), found


CHILD = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.factory import adaptive_catalog, right_response, study

s, clock = study(Path({home!r}), adaptive_catalog())
live = s.start_exam("adaptive", form=17)
print("session", live.session_id, flush=True)
for n, line in enumerate(sys.stdin):
    if line.strip() != "answer":
        break
    clock.advance(10)
    item = live.item()
    right = int(item.id.rsplit("-", 1)[1]) % 3 != 0
    live.answer(right_response(item.question) if right else "A")
    if n == 2:
        live.go(0)
        live.answer("A")
    following = live.state.next_unanswered()
    if following is not None:
        live.go(following)
    print("recorded", " ".join(i.id for i in live.state.items), flush=True)
"""


def _estimate(live: StudySession) -> adaptive_section.Result:
    section = live.state.plan.sections[0]
    assert section.adaptive is not None
    latest = {i: g.value for i, g in live.state.answers.items()}
    return adaptive_section.result(
        section.adaptive, live.plan.seed, [i.id for i in section.items], latest
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_mid_adaptive_section_resumes_with_the_same_questions_and_estimate(
    sealed: Path,
) -> None:
    home = sealed / "data"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), home=str(home))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    session_id = child.stdout.readline().split()[1]
    served: list[str] = []
    for _ in range(6):
        child.stdin.write("answer\n")
        child.stdin.flush()
        line = child.stdout.readline().split()
        assert line[0] == "recorded"
        served = line[1:]
    os.kill(child.pid, signal.SIGKILL)
    child.wait(30)
    assert child.returncode == -signal.SIGKILL

    # The same steps with nothing killed, in another history.
    s2, clock2 = study(sealed / "other", adaptive_catalog())
    steady = s2.start_exam("adaptive", form=17)
    for n in range(6):
        clock2.advance(10)
        _answer(steady, _number(steady.item().id) % 3 != 0)
        if n == 2:
            steady.go(0)
            steady.answer("A")
        _go_on(steady)

    s, _ = study(home, adaptive_catalog())
    [unfinished] = s.unfinished()
    assert unfinished.id == session_id
    resumed = s.resume(session_id)
    assert [i.id for i in resumed.state.items] == served == [i.id for i in steady.state.items]
    assert len(served) == 7  # six answers, one of them changed, and the question pending
    assert _estimate(resumed) == _estimate(steady)
    assert resumed.state.current is not None
    assert steady.state.current is not None
    assert resumed.state.current.id == steady.state.current.id == served[-1]
    # Going on from there serves what the uninterrupted exam serves.
    for live in (resumed, steady):
        for _ in range(3):
            _answer(live, True)
            _go_on(live)
    assert resumed.served() == steady.served()
    assert _estimate(resumed) == _estimate(steady)


def test_an_adaptive_exam_starts_on_the_stored_calibration(tmp_path: Path) -> None:
    cat = adaptive_catalog()
    s, clock = study(tmp_path, cat)
    fitted, edited = cat.by_id["admission-04"], cat.by_id["admission-05"]
    rows = [
        ParameterRow(
            item_id=item.id,
            item_hash=item_hash(item) if item is fitted else "an older version",
            model="2pl",
            a=2.2,
            b=-1.5,
            c=0.25,
            se_a=0.2,
            se_b=0.1,
            answers=120,
            prior=False,
            calibrated_at=clock.now(),
        )
        for item in (fitted, edited)
    ]
    s.store.save_item_parameters(rows)
    law = s.start_exam("adaptive", form=2).plan.sections[0].adaptive
    assert law is not None
    pool = {p.id: p for p in law.pool}
    assert (pool["admission-04"].a, pool["admission-04"].b) == (2.2, -1.5)
    # Edited since it was calibrated: back to the prior of its authored difficulty.
    prior = irt.PRIORS.start(irt.spec(edited.question))
    assert (pool["admission-05"].a, pool["admission-05"].b) == (prior.a, prior.b)
