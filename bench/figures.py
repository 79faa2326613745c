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
        name, round(value, 9), unit, round(baseline, 9), round(ratio, 4), target, ratio <= target
    )


def shown(value: float, unit: str) -> str:
    """A value for the table: seconds in the unit that reads best (bench.json keeps seconds)."""
    if unit == "s":
        for scale, name in ((1e-3, "us"), (1.0, "ms")):
            if abs(value) < scale:
                return f"{value * 1e3 / scale:.1f} {name}"
        return f"{value:.3f} s"
    return f"{value:.1f} {unit}"


def report(figures: Sequence[Figure], out: Path) -> str:
    """The table printed by `make bench`; also writes the figures to `out` as JSON."""
    width = max(len(f.name) for f in figures)
    lines = [
        f"{'figure':<{width}}  {'value':>14}  {'baseline':>14}  {'ratio':>8}  {'target':>7}  ok"
    ]
    for f in figures:
        target = f"{f.target_ratio:>6.2f}x" if f.target_ratio is not None else "      -"
        lines.append(
            f"{f.name:<{width}}  {shown(f.value, f.unit):>14}  {shown(f.baseline, f.unit):>14}  "
            f"{f.ratio:>7.3f}x  {target}  {'yes' if f.ok else 'NO'}"
        )
    out.write_text(json.dumps([asdict(f) for f in figures], indent=2) + "\n")
    return "\n".join(lines)
