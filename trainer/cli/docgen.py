"""The `trainer mrz check` and `trainer docgen` commands; `trainer.cli` calls them lazily."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any, TextIO

import msgspec

from trainer.docgen import mrz
from trainer.docgen.exercises import Exercise, default_today, generate
from trainer.docgen.findings import Finding
from trainer.docgen.layouts import LAYOUTS

MAX_COUNT = 10_000
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date:
    """A YYYY-MM-DD date; raises ValueError with a message fit for one line."""
    try:
        if not _DAY.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--today must be a real date written YYYY-MM-DD, not {text!r}") from None


def _problem(message: str) -> int:
    print(f"trainer: {message}", file=sys.stderr)
    return 2


def mrz_check(args: argparse.Namespace, out: TextIO, clock_today: date) -> int:
    """Check the MRZ lines given; exit 0 when valid (and, with --strict, without warnings)."""
    try:
        today = clock_today if args.today is None else parse_day(args.today)
    except ValueError as exc:
        return _problem(str(exc))
    lines = [part for arg in args.lines for part in arg.splitlines() or [""]]
    report = mrz.check(lines, today)
    if args.json:
        json.dump(report_json(report, today), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        print_report(report, out)
    failed = not report.valid or (args.strict and bool(report.warnings))
    return 1 if failed else 0


def report_json(report: mrz.MrzReport, today: date) -> dict[str, Any]:
    """The report as JSON-ready values."""
    return {
        "format": report.format.value if report.format else None,
        "today": today.isoformat(),
        "lines": list(report.lines),
        "valid": report.valid,
        "fields": [
            {
                "name": r.name,
                "line": r.span.line + 1,
                "start": r.span.start + 1,
                "end": r.span.stop,
                "raw": r.raw,
                "value": r.value,
                "ok": r.ok,
                "problem": r.problem,
            }
            for r in report.fields
        ],
        "errors": [_finding_json(f) for f in report.errors],
        "warnings": [_finding_json(f) for f in report.warnings],
        "data": msgspec.to_builtins(report.data),
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {"tag": finding.tag, "field": finding.field, "message": finding.message}


def _shown(raw: str) -> str:
    return raw if raw.isprintable() and " " not in raw else repr(raw)


def print_report(report: mrz.MrzReport, out: TextIO) -> None:
    """The report as text: format, each field with its verdict, findings, and a summary line."""
    if not report.fields or report.format is None:
        reasons = "; ".join(f.message for f in report.findings)
        print(f"malformed MRZ: {reasons}", file=out)
        return
    layout = LAYOUTS[report.format]
    print(
        f"{report.format} {layout.describes} MRZ ({layout.lines} lines of {layout.width})", file=out
    )
    rows = [
        (
            r.name,
            r.span.where,
            _shown(r.raw),
            "" if r.name.endswith(" check") or r.value == r.raw else r.value,
            "ok" if r.ok else f"FAIL: {r.problem}",
        )
        for r in report.fields
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False))
        print(f"  {cells}  {row[4]}", file=out)
    for f in report.errors:
        print(f"error: {f.tag}: {f.message}", file=out)
    for f in report.warnings:
        print(f"warning: {f.tag}: {f.message}", file=out)
    count = len(report.warnings)
    warned = f"; {count} warning{'s' if count != 1 else ''}" if count else ""
    if report.valid:
        print(f"valid: well formed and every check digit holds{warned}", file=out)
    else:
        errors = len(report.errors)
        print(f"invalid: {errors} error{'s' if errors != 1 else ''}{warned}", file=out)


def docgen(args: argparse.Namespace, out: TextIO) -> int:
    """Print `--count` exercises for `--seed`; the same arguments always print the same."""
    if not 1 <= args.count <= MAX_COUNT:
        return _problem(f"--count must be 1 to {MAX_COUNT}")
    try:
        today = default_today(args.seed) if args.today is None else parse_day(args.today)
        exercises = generate(
            args.seed,
            args.count,
            today,
            formats=[f.upper() for f in args.formats] if args.formats else tuple(LAYOUTS),
            defects=args.defects,
            difficulty=args.difficulty,
        )
    except ValueError as exc:
        return _problem(str(exc))
    if args.json:
        payload = {
            "seed": args.seed,
            "today": today.isoformat(),
            "count": args.count,
            "exercises": [msgspec.to_builtins(e) for e in exercises],
        }
        json.dump(payload, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for e in exercises:
            print_exercise(e, out)
    return 0


def print_exercise(exercise: Exercise, out: TextIO) -> None:
    """One exercise in a few lines: id, level, action, defects and the MRZ lines."""
    found = ", ".join(f"{d.tag} ({d.document})" for d in exercise.defects) or "no defect"
    print(
        f"{exercise.id}  difficulty {exercise.difficulty}  {exercise.action}: {found}",
        file=out,
    )
    for doc in exercise.travel.documents:
        for line in doc.mrz:
            print(f"  {doc.kind.value:<8}  {line}", file=out)
