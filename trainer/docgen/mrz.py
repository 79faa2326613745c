"""Build an MRZ from document data, and read one back, naming every field that fails its checks."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from datetime import date
from operator import attrgetter
from typing import Literal

from msgspec import Struct

from trainer.docgen import dates, names
from trainer.docgen.checkdigit import CHARSET, FILLER, check_digit
from trainer.docgen.findings import Finding, Severity
from trainer.docgen.layouts import FIELD_NAMES, LAYOUTS, Check, Layout, MrzFormat, Span

Sex = Literal["M", "F", "X"]

# A document may be valid for at most this long ahead of today before its expiry is doubted.
MAX_YEARS_AHEAD = 10

_STATE = re.compile(r"[A-Z]{1,3}<{0,2}")
_LETTERS = frozenset(string.ascii_uppercase + FILLER)
_DIGITS = frozenset(string.digits)

# Each format's fields in the order they are read (FIELD_NAMES order), with their spans.
_READ_ORDER: Mapping[MrzFormat, tuple[tuple[str, Span], ...]] = {
    fmt: tuple((name, layout.fields[name]) for name in FIELD_NAMES if name in layout.fields)
    for fmt, layout in LAYOUTS.items()
}


class MrzData(Struct, frozen=True, gc=False):
    """What an MRZ encodes; names as the MRZ spells them, parts separated by spaces."""

    format: MrzFormat
    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: date
    sex: Sex
    expiry_date: date
    optional_data: str = ""
    optional_data_2: str = ""


def build(data: MrzData) -> tuple[str, ...]:
    """The MRZ lines for `data`, check digits computed; raises ValueError on what cannot fit."""
    layout = LAYOUTS[data.format]
    if data.optional_data_2 and "optional_data_2" not in layout.fields:
        raise ValueError(f"{layout.format} has no second optional data field")
    values = {
        "document_code": _code(data.document_code, layout),
        "issuing_state": _state(data.issuing_state, "issuing_state"),
        "names": names.encode(data.surname, data.given_names, layout.name_width),
        "document_number": data.document_number,
        "nationality": _state(data.nationality, "nationality"),
        "birth_date": dates.encode(data.birth_date),
        "sex": "<" if data.sex == "X" else data.sex,
        "expiry_date": dates.encode(data.expiry_date),
        "optional_data": data.optional_data,
        "optional_data_2": data.optional_data_2,
    }
    if values["sex"] not in ("M", "F", "<"):
        raise ValueError(f"sex {data.sex!r} is not M, F or X")
    rows = [[FILLER] * layout.width for _ in range(layout.lines)]
    for name, span in layout.fields.items():
        _put(rows, span, values[name], name)
    lines = ["".join(row) for row in rows]
    # In layout order: the composite digit covers the digits written before it.
    for check in layout.checks:
        text = "".join([s.of(lines) for s in check.covers])
        empty = check.name == "optional_data" and text == FILLER * len(text)
        spot = check.digit
        line = lines[spot.line]
        digit = FILLER if empty else str(check_digit(text))
        lines[spot.line] = line[: spot.start] + digit + line[spot.stop :]
    return tuple(lines)


def _code(code: str, layout: Layout) -> str:
    if not 1 <= len(code) <= 2 or code[0] not in layout.codes or not set(code) <= _LETTERS:
        raise ValueError(f"document code {code!r} does not fit {layout.format} ({layout.codes})")
    return code


def _state(code: str, name: str) -> str:
    if not _STATE.fullmatch(code.ljust(3, FILLER)) or len(code) > 3:
        raise ValueError(f"{name} {code!r} is not a three-letter code")
    return code


def _put(lines: list[list[str]], span: Span, value: str, name: str) -> None:
    width = span.stop - span.start
    if len(value) > width or not CHARSET.issuperset(value):
        raise ValueError(f"{name} {value!r} does not fit {width} characters of A-Z, 0-9, <")
    lines[span.line][span.start : span.start + len(value)] = value


class FieldReading(Struct, frozen=True, gc=False):
    """One field or check digit as read: where, the raw characters, what they mean, any problem."""

    name: str
    span: Span
    raw: str
    value: str
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the field reads cleanly (and, for a check digit, holds)."""
        return self.problem is None


class MrzReport(Struct, frozen=True, gc=False):
    """The verdict on an MRZ: its format, each field read, every finding, and the data if whole."""

    format: MrzFormat | None
    lines: tuple[str, ...]
    fields: tuple[FieldReading, ...]
    findings: tuple[Finding, ...]
    data: MrzData | None

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings that make the zone invalid: shape, characters, fields, check digits."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Validity doubts: expired, expiry before birth, expiry too far ahead."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def valid(self) -> bool:
        """Whether the zone is well formed and every check digit holds."""
        return not self.errors


def detect(lines: Sequence[str]) -> tuple[Layout | None, tuple[Finding, ...]]:
    """The layout `lines` are meant to follow, and a finding for each line of the wrong size."""
    count = len(lines)
    if count not in (2, 3):
        return None, (Finding("mrz.length", f"an MRZ has 2 or 3 lines; got {count}"),)
    if count == 3:
        layout = LAYOUTS[MrzFormat.TD1]
    else:
        widths = [len(line) for line in lines if len(line) in (36, 44)]
        if not widths:
            got = " and ".join(str(len(line)) for line in lines)
            message = f"a two-line MRZ has lines of 36 or 44 characters; got {got}"
            return None, (Finding("mrz.length", message),)
        visa = lines[0].startswith("V")
        if widths[0] == 44:
            layout = LAYOUTS[MrzFormat.MRV_A if visa else MrzFormat.TD3]
        else:
            layout = LAYOUTS[MrzFormat.MRV_B if visa else MrzFormat.TD2]
    wrong = tuple(
        Finding(
            "mrz.length",
            f"line {i} has {len(line)} characters; {layout.format} lines have {layout.width}",
        )
        for i, line in enumerate(lines, 1)
        if len(line) != layout.width
    )
    return layout, wrong


def check(lines: Sequence[str], today: date) -> MrzReport:
    """Read `lines` as an MRZ on `today`: format, fields, check digits and validity warnings."""
    dates.require_date(today)
    lines = tuple(lines)
    layout, shape = detect(lines)
    if layout is None or shape:
        return MrzReport(layout.format if layout else None, lines, (), shape, None)
    findings: list[Finding] = []
    bad = _bad_characters(lines, findings)
    readings: list[FieldReading] = []
    read = _Read()
    whole = True
    for name, span in _READ_ORDER[layout.format]:
        raw = span.of(lines)
        if bad and _touches(span, bad):
            whole = False
            readings.append(FieldReading(name, span, raw, "", "has characters outside A-Z 0-9 <"))
            continue
        try:
            shown = read.field(name, raw, layout, today)
        except ValueError as exc:
            whole = False
            tag = f"mrz.date.{name}" if name.endswith("_date") else f"mrz.format.{name}"
            readings.append(FieldReading(name, span, raw, "", str(exc)))
            findings.append(Finding(tag, f"{name} {exc}", field=name))
            continue
        readings.append(FieldReading(name, span, raw, shown))
    readings.extend(_check(c, lines, bad, findings) for c in layout.checks)
    findings.extend(_validity(read.days.get("birth_date"), read.days.get("expiry_date"), today))
    readings.sort(key=_POSITION)
    data = read.data(layout) if whole else None
    return MrzReport(layout.format, lines, tuple(readings), tuple(findings), data)


_SEXES: dict[str, Sex] = {"M": "M", "F": "F", "<": "X", "X": "X"}
_POSITION = attrgetter("span.line", "span.start")


class _Read:
    """Field values read so far: text fields and dates."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.days: dict[str, date] = {}

    def field(self, name: str, raw: str, layout: Layout, today: date) -> str:
        """Read one field into this record; returns it as shown; raises ValueError when wrong."""
        if name == "document_code":
            if raw[0] not in layout.codes or raw[1] not in _LETTERS:
                codes = ", ".join(layout.codes)
                raise ValueError(f"{raw!r} is not a {layout.describes} code ({codes})")
            value = raw.rstrip(FILLER)
        elif name in ("issuing_state", "nationality"):
            if not _STATE.fullmatch(raw):
                raise ValueError(f"{raw!r} is not a three-letter code")
            value = raw.rstrip(FILLER)
        elif name == "names":
            surname, given = names.decode(raw)
            if not surname:
                raise ValueError(f"{raw!r} has no surname (primary identifier)")
            if not _DIGITS.isdisjoint(raw):
                raise ValueError(f"{raw!r} has digits in it")
            self.texts["surname"], self.texts["given_names"] = surname, given
            return f"{surname}, {given}" if given else surname
        elif name.endswith("_date"):
            kind = dates.DateKind.BIRTH if name == "birth_date" else dates.DateKind.EXPIRY
            self.days[name] = dates.decode(raw, kind, today)
            return self.days[name].isoformat()
        elif name == "sex":
            if raw not in _SEXES:
                raise ValueError(f"{raw!r} is not M, F or <")
            value = _SEXES[raw]
        else:
            value = raw.rstrip(FILLER)
            if name == "document_number" and not value:
                raise ValueError("is empty")
        self.texts[name] = value
        return value

    def data(self, layout: Layout) -> MrzData:
        """The whole record; call it only when every field was read."""
        t, d = self.texts, self.days
        return MrzData(
            format=layout.format,
            document_code=t["document_code"],
            issuing_state=t["issuing_state"],
            surname=t["surname"],
            given_names=t["given_names"],
            document_number=t["document_number"],
            nationality=t["nationality"],
            birth_date=d["birth_date"],
            sex=_SEXES[t["sex"]],
            expiry_date=d["expiry_date"],
            optional_data=t["optional_data"],
            optional_data_2=t.get("optional_data_2", ""),
        )


def _bad_characters(lines: tuple[str, ...], findings: list[Finding]) -> set[tuple[int, int]]:
    bad: set[tuple[int, int]] = set()
    for i, line in enumerate(lines):
        if CHARSET.issuperset(line):
            continue
        wrong = [(pos, char) for pos, char in enumerate(line) if char not in CHARSET]
        bad.update((i, pos) for pos, _ in wrong)
        shown = ", ".join(f"{char!r} at {pos + 1}" for pos, char in wrong)
        message = f"line {i + 1} has characters outside A-Z, 0-9 and <: {shown}"
        findings.append(Finding("mrz.charset", message))
    return bad


def _touches(span: Span, bad: set[tuple[int, int]]) -> bool:
    return bool(bad) and any((span.line, pos) in bad for pos in range(span.start, span.stop))


def _check(
    c: Check, lines: tuple[str, ...], bad: set[tuple[int, int]], out: list[Finding]
) -> FieldReading:
    name = f"{c.name} check"
    written = c.digit.of(lines)
    if bad and (_touches(c.digit, bad) or any(_touches(s, bad) for s in c.covers)):
        return FieldReading(name, c.digit, written, "", "not checked: characters outside A-Z 0-9 <")
    text = "".join([s.of(lines) for s in c.covers])
    computed = check_digit(text)
    digit = str(computed)
    if written == digit or (
        c.name == "optional_data" and written == FILLER and text == FILLER * len(text)
    ):
        return FieldReading(name, c.digit, written, digit)
    shown = written if written.isdigit() else repr(written)
    message = f"{c.name} check digit is {shown}, computed {computed}"
    out.append(Finding(f"mrz.check.{c.name}", message, field=c.name))
    return FieldReading(name, c.digit, written, digit, f"is {shown}, computed {computed}")


def _validity(birth: date | None, expiry: date | None, today: date) -> list[Finding]:
    if expiry is None:
        return []
    out: list[Finding] = []
    warn = Severity.WARNING
    if birth is not None and expiry < birth:
        message = f"expiry_date {expiry} is before birth_date {birth}"
        out.append(Finding("validity.expiry-before-birth", message, warn, "expiry_date"))
    elif expiry < today:
        message = f"expired on {expiry}, before {today}"
        out.append(Finding("validity.expired", message, warn, "expiry_date"))
    if expiry > dates.add_years(today, MAX_YEARS_AHEAD):
        message = f"expiry_date {expiry} is more than {MAX_YEARS_AHEAD} years after {today}"
        out.append(Finding("validity.too-long", message, warn, "expiry_date"))
    return out
