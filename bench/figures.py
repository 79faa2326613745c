"""A measured figure beside its baseline from the same run, and the table and JSON they make."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure; `target_ratio` is None where the target is an absolute value."""

    name: str
    value: float
    unit: str
    baseline: float
    ratio: float
    target_ratio: float | None
    ok: bool


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def figure(name: str, value: float, baseline: float, target: float, unit: str = "s") -> Figure:
    """A figure judged by its ratio to the baseline."""
    ratio = value / baseline
    return Figure(
        name, round(value, 6), unit, round(baseline, 6), round(ratio, 4), target, ratio <= target
    )


def report(figures: Sequence[Figure], out: Path) -> str:
    """The table printed by `make bench`; also writes the figures to `out` as JSON."""
    width = max(len(f.name) for f in figures)
    lines = [
        f"{'figure':<{width}}  {'value':>11}  {'baseline':>11}  {'ratio':>8}  {'target':>7}  ok"
    ]
    for f in figures:
        target = f"{f.target_ratio:>6.2f}x" if f.target_ratio is not None else "      -"
        lines.append(
            f"{f.name:<{width}}  {f.value:>10.4f}{f.unit:<1}  {f.baseline:>10.4f}{f.unit:<1}  "
            f"{f.ratio:>7.3f}x  {target}  {'yes' if f.ok else 'NO'}"
        )
    out.write_text(json.dumps([asdict(f) for f in figures], indent=2) + "\n")
    return "\n".join(lines)
