"""Item analysis over the history: each candidate's first sitting of every mock exam, read into
the engine's attempts and analysed per mock exam; printed by `trainer items`, shown by the app."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TextIO

from trainer.content.catalog import Catalog, Item
from trainer.content.models import LETTERS, Multiple, Question, Single, TrueFalse
from trainer.engine.items import MIN_ATTEMPTS, Attempt, FormStats, QuestionInfo, analyse
from trainer.engine.plan import Plan
from trainer.engine.scoring import Response, all_or_nothing
from trainer.store.base import Store
from trainer.store.records import FirstAttempt
from trainer.study import item_hash

EARLIER = " (earlier version)"
"""Appended to a question's id for the answers given before it was edited: its letters may have
meant other options then, so those answers are analysed apart from the question as it stands."""


@dataclass(frozen=True, slots=True)
class FormReport:
    """The item analysis of one mock exam over every candidate's first sitting of it."""

    blueprint: str
    title: str
    stats: FormStats


def question_info(item: Item) -> QuestionInfo:
    """How the analysis sees a question: marked out of 1 (scores are fractions), with its options
    labelled as authored (letters; True and False) when it is a choice question."""
    q = item.question
    match q:
        case Single(options=options, answer=answer):
            return QuestionInfo(item.id, 1.0, tuple(LETTERS[: len(options)]), frozenset(answer))
        case Multiple(options=options, answer=answer):
            return QuestionInfo(item.id, 1.0, tuple(LETTERS[: len(options)]), frozenset(answer))
        case TrueFalse(answer=answer):
            return QuestionInfo(item.id, 1.0, ("True", "False"), frozenset({_truth(answer)}))
    return QuestionInfo(item.id)


def _truth(value: bool) -> str:
    return "True" if value else "False"


CHOICES = (Single, Multiple, TrueFalse)
"""The question types whose options are counted."""


def chosen(question: Question, response: Response) -> frozenset[str]:
    """The options a recorded response chose, as authored: responses are kept in the bank's
    letters whatever order the options were shown in, so no shuffled letter needs undoing."""
    match question:
        case Single() if isinstance(response, str):
            return frozenset({response})
        case Multiple() if isinstance(response, tuple):
            return frozenset(r for r in response if isinstance(r, str))
        case TrueFalse() if isinstance(response, bool):
            return frozenset({_truth(response)})
    return frozenset()


Current = dict[str, tuple[Question, str] | None]
"""Each question id seen, with the question as it stands and its content digest (None when it
is no longer in the content): computed once however many sittings asked it."""


def attempt_of(row: FirstAttempt, catalog: Catalog, current: Current | None = None) -> Attempt:
    """One sitting as marks in the order asked (unanswered questions score 0) and options chosen,
    each mark counted as the exam counted it (all or nothing when its plan says so)."""
    current = {} if current is None else current
    plan = Plan.decode(row.plan)
    strict = plan.scoring == "all_or_nothing"
    given = {a.item_id: a for a in row.answers}
    marks: dict[str, float] = {}
    picks: dict[str, frozenset[str]] = {}
    for qid in plan.item_ids:
        answer = given.get(qid)
        if answer is None:
            marks[qid] = 0.0
            continue
        value = answer.score or 0.0
        value = all_or_nothing(value) if strict else value
        if qid not in current:
            item = catalog.get(qid)
            current[qid] = None if item is None else (item.question, item_hash(item))
        now = current[qid]
        if now is not None and now[1] != answer.item_hash:
            marks[qid + EARLIER] = value
            continue
        marks[qid] = value
        if now is not None and isinstance(now[0], CHOICES):
            picks[qid] = chosen(now[0], answer.response)
    return Attempt(marks, picks)


def analyse_history(
    catalog: Catalog, store: Store, blueprint: str | None = None
) -> list[FormReport]:
    """Every mock exam with a closed first sitting (or only `blueprint`), with its analysis."""
    groups: dict[str, list[FirstAttempt]] = {}
    for row in store.first_attempts(blueprint):
        groups.setdefault(row.blueprint, []).append(row)
    current: Current = {}
    reports = []
    for name, rows in groups.items():
        attempts = [attempt_of(row, catalog, current) for row in rows]
        asked = {qid for attempt in attempts for qid in attempt.marks}
        infos = {qid: question_info(item) for qid in asked if (item := catalog.get(qid))}
        known = catalog.blueprints.get(name)
        title = known.title if known is not None else Plan.decode(rows[0].plan).title
        reports.append(FormReport(name, title, analyse(attempts, infos)))
    return reports


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def report_json(reports: Iterable[FormReport]) -> list[dict[str, Any]]:
    """The reports as plain data: fractions to four places, None where a figure is undefined."""
    return [
        {"blueprint": r.blueprint, "title": r.title, **_rounded(asdict(r.stats))} for r in reports
    ]


def figure(value: float | None, digits: int = 2) -> str:
    """A figure for a table: fixed decimals, or a dash where it cannot be computed."""
    return "-" if value is None else f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f} %"


def form_line(report: FormReport) -> str:
    """One line on the form as a whole: attempts, questions, reliability and error."""
    s = report.stats
    forms = "one form" if s.fixed else "forms drawn apart"
    parts = [
        f"{s.attempts} first attempts, {s.length} questions ({forms})",
        f"alpha {figure(s.alpha)}",
        f"error ratio {figure(s.error_ratio)}",
        f"SEM {figure(s.sem)} marks",
    ]
    if s.note:
        parts.append(s.note)
    return "; ".join(parts)


def print_reports(
    reports: Sequence[FormReport], out: TextIO, *, as_json: bool, blueprint: str | None = None
) -> None:
    if as_json:
        json.dump(report_json(reports), out, indent=2)
        out.write("\n")
        return
    if not reports:
        which = f"of {blueprint!r} " if blueprint else ""
        print(
            f"No finished mock exams {which}yet: item analysis reads each candidate's first "
            f"sitting, and needs {MIN_ATTEMPTS} answers to a question to flag it.",
            file=out,
        )
        return
    for index, report in enumerate(reports):
        if index:
            print(file=out)
        print(f"{report.title} ({report.blueprint})", file=out)
        print(f"  {form_line(report)}", file=out)
        width = max(8, *(len(i.id) for i in report.stats.items))
        print(
            f"  {'question':<{width}} {'n':>4} {'facility':>8} {'SD':>5} {'discr.':>6}"
            f" {'effic.':>6}  flags",
            file=out,
        )
        for item in report.stats.items:
            said = "; ".join(f.reason for f in item.flags) or item.note or ""
            print(
                f"  {item.id:<{width}} {item.n:>4} {figure(item.facility):>8} {figure(item.sd):>5}"
                f" {figure(item.discrimination):>6} {percent(item.efficiency):>6}  {said}",
                file=out,
            )
