"""Scenario walks on the command line, and the path checks `trainer validate` adds to content."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from trainer.content.loader import LoadResult
from trainer.content.models import Scenario
from trainer.content.problems import Problem
from trainer.engine import scenario as engine


def path_problems(result: LoadResult) -> Iterator[Problem]:
    """Paths that never end, and endings no path reaches, in every loaded scenario."""
    for parsed in result.files:
        if not isinstance(parsed.doc, Scenario):
            continue
        scenario = parsed.doc
        walked = engine.walk(scenario)
        for moves in walked.stuck[:5]:
            node = moves[-1].split(":", 1)[0] if moves else scenario.start
            shown = " > ".join(moves) or "the start"
            yield parsed.problem(
                ("nodes", node),
                f"a path comes back here with nothing changed and never ends ({shown})",
            )
        if not walked.done:
            continue
        for ending in walked.unreached:
            yield parsed.problem(
                ("endings", ending), "no sequence of choices reaches it once conditions apply"
            )


def print_walk(scenario: Scenario, out: TextIO, *, as_json: bool) -> int:
    """Every reachable path's outcome and totals; 0 when every path ends and every ending is met."""
    walked = engine.walk(scenario)
    extremes, best = walked.extremes, walked.best
    missing = sorted(walked.unreached)
    if as_json:
        data = {
            "scenario": scenario.scenario,
            "paths": [
                {
                    "ending": w.ending,
                    "outcome": scenario.endings[w.ending].outcome,
                    "total": w.total,
                    "scores": dict(w.scores),
                    "moves": list(w.moves),
                }
                for w in walked.done
            ],
            "stuck": [list(m) for m in walked.stuck],
            "unreached_endings": missing,
            "extremes": {k: {"worst": lo, "best": hi} for k, (lo, hi) in extremes.items()},
            "best_path": list(best.moves) if best else [],
        }
        json.dump(data, out, indent=2)
        out.write("\n")
    else:
        for w in sorted(walked.done, key=lambda w: -w.total):
            scores = " ".join(f"{k} {v:g}" for k, v in w.scores.items())
            outcome = scenario.endings[w.ending].outcome
            print(f"{w.total:6g}  {w.ending} ({outcome})  [{scores}]", file=out)
            print(f"        {' > '.join(w.moves)}", file=out)
        for moves in walked.stuck:
            print(f"  STUCK  {' > '.join(moves) or '(start)'}", file=out)
        print(f"{len(walked.done)} paths end, {len(walked.stuck)} never end", file=out)
        for name, (low, high) in extremes.items():
            print(f"  {name}: worst {low:g}, best {high:g}", file=out)
        if best:
            print(f"best path ({best.total:g}, {best.ending}): {' > '.join(best.moves)}", file=out)
        if missing:
            print(f"endings no path reaches: {', '.join(missing)}", file=out)
    return 1 if walked.stuck or missing else 0
