"""The coach on the command line: the goal, readiness for it, and the plan of the days to it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from trainer.engine.goal import Goal
from trainer.engine.planner import StudyPlan
from trainer.engine.readiness import Distribution, Forecast, Readiness
from trainer.study import Study
from trainer.study.coaching import readiness_lines


def goal_json(goal: Goal | None, study: Study) -> dict[str, Any] | None:
    if goal is None:
        return None
    return {
        "exam_date": goal.exam_date.isoformat(),
        "blueprint": goal.blueprint,
        "minutes": goal.minutes,
        "days_left": goal.days_left(study.coach.today),
    }


def print_goal(study: Study, goal: Goal | None, out: TextIO, *, as_json: bool) -> None:
    if as_json:
        json.dump({"goal": goal_json(goal, study)}, out, indent=2)
        out.write("\n")
        return
    if goal is None:
        print(
            "No goal set. Set one with: trainer goal set --exam YYYY-MM-DD"
            " --blueprint ID --minutes N",
            file=out,
        )
        return
    blueprint = study.catalog.blueprints.get(goal.blueprint)
    title = blueprint.title if blueprint else f"{goal.blueprint} (not loaded)"
    days = goal.days_left(study.coach.today)
    print(f"Exam: {goal.exam_date.isoformat()} ({days} days left)", file=out)
    print(f"Mock: {title}", file=out)
    print(f"Time: {goal.minutes} minutes a day", file=out)


def _distribution(score: Distribution) -> dict[str, Any]:
    return {
        "items": score.items,
        "median": round(score.median, 1),
        "low": round(score.low, 1),
        "high": round(score.high, 1),
        "p_pass": None if score.p_pass is None else round(score.p_pass, 4),
    }


def _forecast(found: Forecast | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        **_distribution(found.score),
        "p_pass": None if found.p_pass is None else round(found.p_pass, 4),
        "sections": [
            {"id": s.id, "title": s.title, **_distribution(s.score)} for s in found.sections
        ],
    }


def readiness_json(found: Readiness) -> dict[str, Any]:
    return {
        "blueprint": found.blueprint.blueprint,
        "pass_mark": found.blueprint.pass_mark,
        "pass_rule": found.blueprint.pass_rule,
        "interval": 0.8,
        "answers": found.evidence.answers,
        "needed": found.evidence.needed,
        "shortfalls": [
            {"section": s.section, "answers": s.answers, "needed": s.needed}
            for s in found.evidence.shortfalls
        ],
        "advice": found.evidence.advice() or None,
        "today": _forecast(found.today),
        "exam_day": _forecast(found.exam_day),
    }


def print_readiness(study: Study, found: Readiness, out: TextIO, *, as_json: bool) -> None:
    goal = study.coach.goal()
    if as_json:
        json.dump({"goal": goal_json(goal, study), **readiness_json(found)}, out, indent=2)
        out.write("\n")
        return
    for line in readiness_lines(found, goal, study.coach.today):
        print(line, file=out)


def plan_json(study: Study, plan: StudyPlan) -> dict[str, Any]:
    return {
        "today": plan.today.isoformat(),
        "exam_date": plan.exam_date.isoformat(),
        "minutes": plan.minutes,
        "reviews": plan.reviews,
        "not_reached": plan.not_reached,
        "deferred": plan.deferred,
        "mean_recall_on_exam_day": round(plan.mean_recall, 4),
        "days": [
            {
                "date": day.date.isoformat(),
                "cap": day.cap,
                "minutes": day.minutes,
                "retention": round(day.retention, 4),
                "mock": day.mock,
                "reviews": list(day.reviews),
                "new": list(day.new),
                "drills": [{"topic": t, "questions": n} for t, n in day.drills],
            }
            for day in plan.days
        ],
    }


def _day_line(study: Study, day: Any) -> str:
    if day.mock:
        return f"{day.date.isoformat()} {day.date:%a}  full mock exam, {day.minutes:.0f} min"
    work = study.coach.day_work(day)
    return f"{day.date.isoformat()} {day.date:%a}  {work.work()}, {day.minutes:.0f} min"


def print_plan(
    study: Study, plan: StudyPlan, out: TextIO, *, as_json: bool, days: int | None
) -> None:
    if as_json:
        json.dump(plan_json(study, plan), out, indent=2)
        out.write("\n")
        return
    shown: Sequence[Any] = plan.days if days is None else plan.days[:days]
    left = (plan.exam_date - plan.today).days
    print(
        f"Plan to the exam on {plan.exam_date.isoformat()} ({left} days),"
        f" {plan.minutes} minutes a day:",
        file=out,
    )
    for day in shown:
        print(f"  {_day_line(study, day)}", file=out)
    if len(shown) < len(plan.days):
        print(f"  ... {len(plan.days) - len(shown)} more days (--days N to show more)", file=out)
    mocks = [d.date.isoformat() for d in plan.days if d.mock]
    if mocks:
        print(f"Mock exams: {', '.join(mocks)}", file=out)
    print(
        f"{plan.reviews} reviews planned; predicted recall on the exam day"
        f" {plan.mean_recall * 100:.0f}% over the items reviewed by then.",
        file=out,
    )
    if plan.not_reached:
        print(
            f"{plan.not_reached} new items do not fit in {plan.minutes} minutes a day before"
            " the exam: give more minutes to see them all.",
            file=out,
        )
    if plan.deferred:
        print(f"{plan.deferred} reviews wait a day or more for room.", file=out)
