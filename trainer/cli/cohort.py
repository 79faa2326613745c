"""The cohort report on the command line: every candidate, the class's weakest topics and the
questions the class misses most, as text or JSON."""

from __future__ import annotations

import json
from typing import Any, TextIO

from trainer.cli.coaching import readiness_json
from trainer.content.catalog import Catalog
from trainer.engine.cohort import Candidate, Report
from trainer.study.coaching import forecast_text
from trainer.wording import plural


def _candidate_json(c: Candidate) -> dict[str, Any]:
    mock = c.last_mock
    return {
        "name": c.name,
        "answers": c.answers,
        "answers_7_days": c.week,
        "answers_in_window": c.window,
        "days_studied": c.days_studied,
        "last_active": None if c.last_active is None else c.last_active.isoformat(),
        "last_mock": None
        if mock is None
        else {
            "blueprint": mock.blueprint,
            "score": mock.score,
            "passed": mock.passed,
            "date": mock.finished.isoformat(),
        },
        "goal": c.goal,
        "readiness": None if c.readiness is None else readiness_json(c.readiness),
        "readiness_note": c.readiness_note or None,
    }


def report_json(found: Report) -> dict[str, Any]:
    return {
        "today": found.today.isoformat(),
        "days": found.days,
        "candidates": [_candidate_json(c) for c in found.candidates],
        "weakest_topics": [
            {
                "topic": t.topic,
                "estimate": round(t.estimate, 4),
                "low": round(t.low, 4),
                "high": round(t.high, 4),
                "answers": t.answers,
                "candidates": t.candidates,
            }
            for t in found.topics
        ],
        "untried_topics": list(found.untried),
        "most_missed": {
            "basis": "all answers: the share of the candidates who answered a question that ever"
            " scored under full marks on it",
            "min_candidates": found.min_candidates,
            "questions": [
                {
                    "item_id": m.item_id,
                    "candidates": m.candidates,
                    "missed": m.missed,
                    "rate": round(m.rate, 4),
                    "attempts": m.attempts,
                }
                for m in found.missed
            ],
        },
    }


def _mock_text(c: Candidate) -> str:
    mock = c.last_mock
    if mock is None:
        return "none"
    score = "" if mock.score is None else f" {mock.score:.0f}%"
    verdict = "" if mock.passed is None else (" pass" if mock.passed else " fail")
    return f"{mock.blueprint}{score}{verdict} on {mock.finished.isoformat()}"


def _readiness_text(c: Candidate) -> str:
    found = c.readiness
    if found is None or found.today is None:
        return c.readiness_note
    return f"{found.blueprint.blueprint}: {forecast_text(found.today, found.blueprint)}"


def print_report(found: Report, catalog: Catalog, out: TextIO, *, as_json: bool) -> None:
    if as_json:
        json.dump(report_json(found), out, indent=2)
        out.write("\n")
        return
    if not found.candidates:
        print("No candidates in the history yet: each profile that studies appears here.", file=out)
        return
    days = found.days
    print(
        f"Cohort on {found.today.isoformat()}: {plural(len(found.candidates), 'candidate')};"
        f" window: the last {plural(days, 'day')} (UTC dates)",
        file=out,
    )
    print(
        "Answers in the last 7 days and in the window, days studied in the window, the last day"
        " studied, the latest finished mock; then readiness for the goal's mock today.",
        file=out,
    )
    width = max(9, *(len(c.name) for c in found.candidates))
    print(
        f"  {'candidate':<{width}} {'7d':>5} {f'{days}d':>6} {'days':>5}  {'last active':<11}"
        "  last mock",
        file=out,
    )
    for c in found.candidates:
        active = "never" if c.last_active is None else c.last_active.isoformat()
        print(
            f"  {c.name:<{width}} {c.week:>5} {c.window:>6} {c.days_studied:>5}  {active:<11}"
            f"  {_mock_text(c)}",
            file=out,
        )
        print(f"  {'':<{width}} readiness: {_readiness_text(c)}", file=out)
    if found.topics:
        print("Class's weakest topics (every candidate's answers pooled):", file=out)
        for t in found.topics[:10]:
            interval = f"{t.low * 100:.0f}-{t.high * 100:.0f}%"
            print(
                f"  {t.topic:<32} {t.estimate * 100:4.0f}%  ({interval})"
                f"  {plural(t.answers, 'answer')} from {plural(t.candidates, 'candidate')}",
                file=out,
            )
    else:
        print("No scored answers yet: no topic to rank.", file=out)
    if found.untried:
        print(f"Not tried by anyone: {', '.join(found.untried)}", file=out)
    least = plural(found.min_candidates, "candidate")
    if found.missed:
        print(
            f"Questions missed most (share of the candidates who answered it that ever got it"
            f" wrong; at least {least}):",
            file=out,
        )
        for m in found.missed:
            item = catalog.get(m.item_id)
            where = f"  {item.section}/{item.topic}" if item is not None else "  (not loaded)"
            print(
                f"  {m.item_id:<24} {m.rate * 100:4.0f}%  {m.missed} of {m.candidates}{where}",
                file=out,
            )
    else:
        print(f"No question answered by at least {least} has been missed yet.", file=out)
