"""`trainer calibrate` on the command line: what the fit rests on, and the items it contradicts."""

from __future__ import annotations

from typing import Any, TextIO

import msgspec

from trainer.engine import irt
from trainer.study.calibration import Report
from trainer.wording import plural


def _figure(value: float) -> float:
    return round(value, 4)


def fit_json(fit: irt.Fit) -> dict[str, Any]:
    """One item's fit as plain data; an unbounded standard error is null."""
    return {
        "id": fit.id,
        "a": _figure(fit.a),
        "b": _figure(fit.b),
        "c": _figure(fit.c),
        "se_a": _figure(fit.se_a),
        "se_b": _figure(fit.se_b),
        "answers": fit.answers,
        "prior": fit.prior,
    }


def disagreement_json(found: irt.Disagreement) -> dict[str, Any]:
    return {
        "id": found.id,
        "authored": found.authored,
        "implied": found.implied,
        "b": _figure(found.b),
        "low": _figure(found.low),
        "high": _figure(found.high),
        "answers": found.answers,
        "direction": found.direction,
    }


def report_json(report: Report) -> dict[str, Any]:
    """The whole report as plain data: settings, summary, every item's fit, the disagreements."""
    found = report.calibration
    return {
        "model": report.settings.model,
        "min_answers": report.settings.min_answers,
        "summary": {
            "items": report.items,
            "fitted": report.fitted,
            "prior": report.prior,
            "profiles": report.profiles,
            "answers": report.answers,
            "changed": report.changed,
            "gone": report.gone,
            "iterations": found.iterations,
            "converged": found.converged,
            "log_likelihood": _figure(found.log_likelihood),
        },
        "items": [fit_json(fit) for fit in found.items],
        "disagreements": [disagreement_json(d) for d in report.disagreements],
    }


def summary_lines(report: Report) -> list[str]:
    """What the calibration read and what came of it, in sentences."""
    settings, found = report.settings, report.calibration
    fewer = f"fewer than {settings.min_answers} first attempts"
    if not report.answers:
        stale = report.changed or report.gone
        where = "at the questions as they stand" if stale else "in the history yet"
        lines = [
            f"No first attempts {where}: all {plural(report.items, 'item')} keep"
            f" the prior from their authored difficulty ({settings.model.upper()})."
        ]
    else:
        lines = [
            f"{plural(report.items, 'item')} calibrated ({settings.model.upper()}) from"
            f" {plural(report.answers, 'first attempt')} by {plural(report.profiles, 'profile')}:"
            f" {report.fitted} fitted from their answers, {report.prior} kept their prior"
            f" ({fewer})."
        ]
        if report.fitted:
            state = "converged" if found.converged else "stopped without converging"
            lines.append(f"EM {state} after {plural(found.iterations, 'iteration')}.")
        else:
            lines.append(f"No item has {settings.min_answers} first attempts yet: nothing fitted.")
    if report.changed:
        lines.append(
            f"{plural(report.changed, 'first attempt')} left out: the question was edited since."
        )
    if report.gone:
        lines.append(
            f"{plural(report.gone, 'first attempt')} left out: the question is no longer loaded."
        )
    return lines


def print_report(report: Report, out: TextIO, *, as_json: bool) -> None:
    if as_json:
        out.write(msgspec.json.format(msgspec.json.encode(report_json(report)), indent=2).decode())
        out.write("\n")
        return
    for line in summary_lines(report):
        print(line, file=out)
    if not report.disagreements:
        if report.fitted:
            print("No fitted item disagrees with its authored difficulty.", file=out)
        return
    print(file=out)
    print("Items whose answers disagree with their authored difficulty:", file=out)
    width = max(4, *(len(d.id) for d in report.disagreements))
    print(
        f"  {'item':<{width}} {'authored':>8} {'implied':>7} {'b':>6}  {'95% interval':<16}"
        f" {'answers':>7}",
        file=out,
    )
    for d in report.disagreements:
        interval = f"[{d.low:.2f}, {d.high:.2f}]"
        print(
            f"  {d.id:<{width}} {d.authored:>8} {d.implied:>7} {d.b:>6.2f}  {interval:<16}"
            f" {d.answers:>7}  {d.direction}",
            file=out,
        )
