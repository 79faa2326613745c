"""`make bench`: print one table and write bench.json (name, value, unit, baseline, ratio, ...)."""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

import yaml

from bench.figures import Figure, figure, report, timed
from bench.generate import write_banks
from bench.history import bench_history
from trainer.content import loader


def bench_loading(rounds: int = 5) -> list[Figure]:
    """Cold and warm loading of 10,000 questions in 20 files against a bare libyaml parse."""
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-"))
    try:
        paths = write_banks(work / "banks")
        cache = work / "cache"

        def bare() -> None:
            for path in paths:
                yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        def cold() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            result = loader.load([work / "banks"], cache)
            if len(result.catalog) != 10_000 or result.problems:
                raise RuntimeError(f"cold load went wrong: {result.problems[:3]}")

        def warm() -> None:
            result = loader.load([work / "banks"], cache)
            if len(result.catalog) != 10_000 or not all(f.cached for f in result.files):
                raise RuntimeError("warm load did not come from the cache")

        bare_times, cold_times, warm_times = [], [], []
        for _ in range(rounds):
            # Alternate the runs so a noisy neighbour slows all of them alike.
            bare_times.append(timed(bare))
            cold_times.append(timed(cold))
            warm_times.append(timed(warm))
        baseline = statistics.median(bare_times)
        return [
            figure(
                "load 10k questions cold (parse+validate+cache) vs bare CSafeLoader",
                statistics.median(cold_times),
                baseline,
                1.2,
            ),
            figure(
                "load 10k questions warm (cache; indexes on first use) vs bare CSafeLoader",
                statistics.median(warm_times),
                baseline,
                0.05,
            ),
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    figures = bench_loading() + bench_history()
    print(report(figures, Path("bench.json")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
