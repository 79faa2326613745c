"""The history on the command line: sessions, one session's answers, weak areas and exports."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

import msgspec

from trainer.engine.plan import Plan
from trainer.engine.report import Report
from trainer.store.records import AnswerRow, SessionRow
from trainer.study import Study, item_hash
from trainer.wording import clock_text

EXPORT_FIELDS = (
    "answer_id",
    "session_id",
    "profile_id",
    "item_id",
    "item_hash",
    "section",
    "topic",
    "tags",
    "response",
    "score",
    "confidence",
    "miss_reason",
    "seconds",
    "answered_at",
)


def session_json(row: SessionRow) -> dict[str, Any]:
    plan = Plan.decode(row.plan)
    return {
        "id": row.id,
        "mode": row.mode,
        "title": plan.title,
        "blueprint": row.blueprint,
        "form_code": row.form_code,
        "state": row.state,
        "started_at": row.started_at.isoformat(),
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
        "score": row.score,
        "passed": row.passed,
        "seconds": round(row.seconds, 1),
        "items": len(plan.item_ids),
    }


def print_sessions(rows: Iterable[SessionRow], out: TextIO, *, as_json: bool) -> None:
    data = [session_json(r) for r in rows]
    if as_json:
        json.dump(data, out, indent=2)
        out.write("\n")
        return
    if not data:
        print("No sessions yet.", file=out)
        return
    print(f"{'session':<26} {'date':<16} {'mode':<9} {'score':>6} {'time':>7}  title", file=out)
    for s in data:
        score = "" if s["score"] is None else f"{s['score']:.0f}%"
        if s["state"] == "open":
            score = "open"
        verdict = {True: " pass", False: " fail"}.get(s["passed"], "")
        if s["state"] == "left":
            verdict = " (left before the end)"
        print(
            f"{s['id']:<26} {s['started_at'][:16].replace('T', ' '):<16} {s['mode']:<9} "
            f"{score:>6} {clock_text(s['seconds']):>7}  {s['title']}{verdict}",
            file=out,
        )


def _answer_json(study: Study, row: AnswerRow) -> dict[str, Any]:
    item = study.catalog.get(row.item_id)
    right: Any = item.question.answer if item is not None else None
    return {
        "item_id": row.item_id,
        "section": row.section,
        "topic": row.topic,
        "response": row.response,
        "right_answer": right,
        "score": row.score,
        "seconds": round(row.seconds, 1),
        "confidence": row.confidence,
        "miss_reason": row.miss_reason,
        "answered_at": row.answered_at.isoformat(),
        "changed_since": item is not None and item_hash(item) != row.item_hash,
    }


def print_session(study: Study, session_id: str, out: TextIO, *, as_json: bool) -> bool:
    """One session with every answer and the right one; False when there is no such session."""
    row = study.store.session(session_id)
    if row is None or row.profile_id != study.profile_id:
        return False
    answers = [_answer_json(study, a) for a in study.store.answers(session_id)]
    if as_json:
        json.dump({**session_json(row), "answers": answers}, out, indent=2, default=list)
        out.write("\n")
        return True
    head = session_json(row)
    print(
        f"{head['title']} ({head['mode']}, {head['state']}), started {head['started_at']}", file=out
    )
    if row.report:
        report = Report.decode(row.report)
        verdict = "" if report.passed is None else (" - pass" if report.passed else " - fail")
        print(f"score {report.percent:.1f}%{verdict}", file=out)
        for section in report.sections:
            print(
                f"  {section.title}: {section.percent:.1f}% "
                f"({section.answered}/{section.items} answered, {clock_text(section.seconds)})",
                file=out,
            )
    for a in answers:
        mark = "ok" if a["score"] is not None and a["score"] >= 1 else f"{a['score'] or 0:.2f}"
        changed = " (question since edited)" if a["changed_since"] else ""
        print(
            f"  {a['item_id']:<20} {mark:>5}  you: {json.dumps(a['response'])}  "
            f"right: {json.dumps(a['right_answer'], default=list)}{changed}",
            file=out,
        )
    return True


def _others(study: Study, kind: str) -> list[dict[str, Any]]:
    return [
        {"key": m.key, "estimate": round(m.estimate, 4), "answers": m.answers, "trend": m.trend}
        for m in sorted(study.masteries(), key=lambda m: m.estimate)
        if m.kind == kind
    ]


def print_weak(study: Study, out: TextIO, *, as_json: bool) -> None:
    areas = study.weak_areas()
    if as_json:
        data = {
            "ranked": [
                {
                    "topic": m.key,
                    "estimate": round(m.estimate, 4),
                    "low": round(m.low, 4),
                    "high": round(m.high, 4),
                    "answers": m.answers,
                    "trend": m.trend,
                    "reason": m.reason,
                }
                for m in areas.ranked
            ],
            "unexplored": list(areas.unexplored),
            "sections": _others(study, "section"),
            "tags": _others(study, "tag"),
            "recommendation": areas.recommendation,
        }
        json.dump(data, out, indent=2)
        out.write("\n")
        return
    if areas.ranked:
        print("Weakest first:", file=out)
        for m in areas.ranked:
            interval = f"{m.low * 100:.0f}-{m.high * 100:.0f}%"
            print(f"  {m.key:<32} {m.estimate * 100:4.0f}%  ({interval})  {m.reason}", file=out)
    if areas.unexplored:
        print(f"Not tried yet: {', '.join(areas.unexplored)}", file=out)
    print(areas.recommendation, file=out)


def export(study: Study, out: TextIO, fmt: str) -> int:
    """Write every answer of the profile as CSV or JSON; returns how many."""
    rows = [
        {
            "answer_id": a.id,
            "session_id": a.session_id,
            "profile_id": a.profile_id,
            "item_id": a.item_id,
            "item_hash": a.item_hash,
            "section": a.section,
            "topic": a.topic,
            # The export keeps the columns' text forms: tags comma-separated, the response JSON.
            "tags": ",".join(a.tags),
            "response": msgspec.json.encode(a.response).decode(),
            "score": a.score,
            "confidence": a.confidence,
            "miss_reason": a.miss_reason,
            "seconds": a.seconds,
            "answered_at": a.answered_at.isoformat(),
        }
        for a in study.store.all_answers(study.profile_id)
    ]
    if fmt == "json":
        json.dump(rows, out, indent=2)
        out.write("\n")
    else:
        writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
