"""A forecast drawn in one line of text: the 0-100% scale, the 80% interval shaded, the likely
score as a dot and the pass mark as a bar. It reads without colour, and a screen reader hears
the figures written after it."""

from __future__ import annotations

SCALE, INTERVAL, LIKELY, MARK = "·", "▒", "●", "┃"


def _cell(percent: float, width: int) -> int:
    return min(width - 1, max(0, round(percent / 100 * (width - 1))))


def strip(low: float, median: float, high: float, pass_mark: float | None, width: int) -> str:
    """`width` cells for 0-100%: the interval, the median over it, and the pass mark where the
    median is not."""
    cells = [SCALE] * width
    for i in range(_cell(low, width), _cell(high, width) + 1):
        cells[i] = INTERVAL
    if pass_mark is not None:
        cells[_cell(pass_mark, width)] = MARK
    cells[_cell(median, width)] = LIKELY
    return "".join(cells)
