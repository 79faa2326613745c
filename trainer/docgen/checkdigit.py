"""The ICAO 9303 check digit: character values weighted 7, 3, 1 in turn, summed, modulo 10."""

from __future__ import annotations

import string
from itertools import cycle

FILLER = "<"
CHARSET = frozenset(string.ascii_uppercase + string.digits + FILLER)
WEIGHTS = (7, 3, 1)

_VALUES = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)} | {FILLER: 0}
# One table per weight, of each character's value times that weight: a sum of look-ups.
_WEIGHTED = tuple({c: v * w for c, v in _VALUES.items()} for w in WEIGHTS)


def value(char: str) -> int:
    """A character's value: digits as themselves, A=10 ... Z=35, the filler 0."""
    try:
        return _VALUES[char]
    except KeyError:
        raise ValueError(f"{char!r} is not an MRZ character (A-Z, 0-9, <)") from None


def check_digit(text: str) -> int:
    """The check digit of `text`; raises ValueError on a character outside A-Z, 0-9 and <."""
    try:
        total: int = sum(map(dict.__getitem__, cycle(_WEIGHTED), text))
        return total % 10
    except KeyError as exc:
        raise ValueError(f"{exc.args[0]!r} is not an MRZ character (A-Z, 0-9, <)") from None


def working(text: str) -> str:
    """The computation written out, for an explanation: `L=21x7=147, 8x3=24, ... sum 316, 6`."""
    terms = []
    total = 0
    for i, char in enumerate(text):
        v = value(char)
        w = WEIGHTS[i % 3]
        total += v * w
        shown = f"{char}={v}" if char not in string.digits else char
        terms.append(f"{shown}x{w}={v * w}")
    return f"{', '.join(terms)}; the sum is {total}, and {total} mod 10 is {total % 10}"
