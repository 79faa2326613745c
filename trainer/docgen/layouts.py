"""Where each field sits in the five MRZ formats: TD1, TD2, TD3 and the MRV-A and MRV-B visas."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class MrzFormat(StrEnum):
    """An MRZ format, named as ICAO Doc 9303 names it."""

    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"
    MRV_A = "MRV-A"
    MRV_B = "MRV-B"


@dataclass(frozen=True, slots=True)
class Span:
    """Characters `start` to `stop` (0-based, stop excluded) of line `line` (0-based)."""

    line: int
    start: int
    stop: int

    def of(self, lines: Sequence[str]) -> str:
        """The characters of this span in `lines`."""
        return lines[self.line][self.start : self.stop]

    @property
    def where(self) -> str:
        """The span as a reader counts: `line 2, 1-9` (1-based)."""
        if self.stop - self.start == 1:
            return f"line {self.line + 1}, position {self.start + 1}"
        return f"line {self.line + 1}, positions {self.start + 1}-{self.stop}"


@dataclass(frozen=True, slots=True)
class Check:
    """A check digit: where it is written and the spans it is computed over, in order."""

    name: str
    digit: Span
    covers: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """One format: its size, document codes, field spans and check digits (composite last)."""

    format: MrzFormat
    lines: int
    width: int
    codes: str
    describes: str
    fields: Mapping[str, Span]
    checks: tuple[Check, ...]

    @property
    def name_width(self) -> int:
        """How many characters the name field holds."""
        span = self.fields["names"]
        return span.stop - span.start

    def check(self, name: str) -> Check | None:
        """The check digit called `name`, if this format has one."""
        return next((c for c in self.checks if c.name == name), None)


def _span(line: int, start: int, stop: int) -> Span:
    return Span(line, start, stop)


def _long_line_two(optional_stop: int) -> dict[str, Span]:
    """Line 2 of TD2, TD3 and the visas: number, nationality, birth, sex, expiry, optional."""
    return {
        "document_number": _span(1, 0, 9),
        "nationality": _span(1, 10, 13),
        "birth_date": _span(1, 13, 19),
        "sex": _span(1, 20, 21),
        "expiry_date": _span(1, 21, 27),
        "optional_data": _span(1, 28, optional_stop),
    }


def _line_one(width: int) -> dict[str, Span]:
    return {
        "document_code": _span(0, 0, 2),
        "issuing_state": _span(0, 2, 5),
        "names": _span(0, 5, width),
    }


def _field_checks() -> tuple[Check, ...]:
    return (
        Check("document_number", _span(1, 9, 10), (_span(1, 0, 9),)),
        Check("birth_date", _span(1, 19, 20), (_span(1, 13, 19),)),
        Check("expiry_date", _span(1, 27, 28), (_span(1, 21, 27),)),
    )


def _td3() -> Layout:
    checks = (
        *_field_checks(),
        Check("optional_data", _span(1, 42, 43), (_span(1, 28, 42),)),
        Check("composite", _span(1, 43, 44), (_span(1, 0, 10), _span(1, 13, 20), _span(1, 21, 43))),
    )
    fields = _line_one(44) | _long_line_two(42)
    return Layout(MrzFormat.TD3, 2, 44, "P", "passport", fields, checks)


def _td2() -> Layout:
    checks = (
        *_field_checks(),
        Check("composite", _span(1, 35, 36), (_span(1, 0, 10), _span(1, 13, 20), _span(1, 21, 35))),
    )
    fields = _line_one(36) | _long_line_two(35)
    return Layout(MrzFormat.TD2, 2, 36, "ACIP", "identity document", fields, checks)


def _visa(fmt: MrzFormat, width: int) -> Layout:
    fields = _line_one(width) | _long_line_two(width)
    return Layout(fmt, 2, width, "V", "visa", fields, _field_checks())


def _td1() -> Layout:
    fields = {
        "document_code": _span(0, 0, 2),
        "issuing_state": _span(0, 2, 5),
        "document_number": _span(0, 5, 14),
        "optional_data": _span(0, 15, 30),
        "birth_date": _span(1, 0, 6),
        "sex": _span(1, 7, 8),
        "expiry_date": _span(1, 8, 14),
        "nationality": _span(1, 15, 18),
        "optional_data_2": _span(1, 18, 29),
        "names": _span(2, 0, 30),
    }
    checks = (
        Check("document_number", _span(0, 14, 15), (_span(0, 5, 14),)),
        Check("birth_date", _span(1, 6, 7), (_span(1, 0, 6),)),
        Check("expiry_date", _span(1, 14, 15), (_span(1, 8, 14),)),
        Check(
            "composite",
            _span(1, 29, 30),
            (_span(0, 5, 30), _span(1, 0, 7), _span(1, 8, 15), _span(1, 18, 29)),
        ),
    )
    return Layout(MrzFormat.TD1, 3, 30, "ACI", "identity card", fields, checks)


LAYOUTS: Mapping[MrzFormat, Layout] = {
    MrzFormat.TD1: _td1(),
    MrzFormat.TD2: _td2(),
    MrzFormat.TD3: _td3(),
    MrzFormat.MRV_A: _visa(MrzFormat.MRV_A, 44),
    MrzFormat.MRV_B: _visa(MrzFormat.MRV_B, 36),
}

# The order fields are read in: first line first, left to right.
FIELD_NAMES = (
    "document_code",
    "issuing_state",
    "names",
    "document_number",
    "nationality",
    "birth_date",
    "sex",
    "expiry_date",
    "optional_data",
    "optional_data_2",
)
