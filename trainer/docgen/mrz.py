"""Build an MRZ from document data, and read one back, naming every field that fails its checks."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping, Sequence
from datetime import date
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
    plan = _PLANS[layout.format]
    for name, width in plan.widths:
        value = values[name]
        if len(value) > width or not CHARSET.issuperset(value):
            raise ValueError(f"{name} {value!r} does not fit {width} characters of A-Z, 0-9, <")
    lines = [
        "".join(
            [values[name].ljust(width, FILLER) if name else FILLER * width for name, width in row]
        )
        for row in plan.rows
    ]
    # In layout order: the composite digit covers the digits written before it.
    for spot in plan.checks:
        text = "".join([lines[i][start:stop] for i, start, stop in spot.covers])
        digit = FILLER if text == spot.blank else str(check_digit(text))
        line = lines[spot.line]
        lines[spot.line] = line[: spot.position] + digit + line[spot.position + 1 :]
    return tuple(lines)


def _code(code: str, layout: Layout) -> str:
    if not 1 <= len(code) <= 2 or code[0] not in layout.codes or not set(code) <= _LETTERS:
        raise ValueError(f"document code {code!r} does not fit {layout.format} ({layout.codes})")
    return code


def _state(code: str, name: str) -> str:
    if not _STATE.fullmatch(code.ljust(3, FILLER)) or len(code) > 3:
        raise ValueError(f"{name} {code!r} is not a three-letter code")
    return code


class _Digit(Struct, frozen=True, gc=False):
    """A check digit as the builder and the checker use it: spans as plain numbers."""

    check: Check
    label: str
    covers: tuple[tuple[int, int, int], ...]
    line: int
    position: int
    blank: str | None


class _Plan(Struct, frozen=True, gc=False):
    """A layout worked out once for building and reading: pieces per line, fields, digits."""

    rows: tuple[tuple[tuple[str, int], ...], ...]
    widths: tuple[tuple[str, int], ...]
    reads: tuple[tuple[str, Span, int, int, int], ...]
    checks: tuple[_Digit, ...]
    order: tuple[int, ...]


def _plan(layout: Layout) -> _Plan:
    """How to write and read `layout`: each line's fields and digit places in order, and more."""
    spans = [(span, name) for name, span in layout.fields.items()]
    spans += [(c.digit, "") for c in layout.checks]
    rows = []
    for n in range(layout.lines):
        row: list[tuple[str, int]] = []
        at = 0
        for span, name in sorted([p for p in spans if p[0].line == n], key=lambda p: p[0].start):
            if span.start > at:
                row.append(("", span.start - at))
            row.append((name, span.stop - span.start))
            at = span.stop
        if at < layout.width:
            row.append(("", layout.width - at))
        rows.append(tuple(row))
    digits = tuple(
        _Digit(
            c,
            f"{c.name} check",
            tuple((s.line, s.start, s.stop) for s in c.covers),
            c.digit.line,
            c.digit.start,
            FILLER * sum(s.stop - s.start for s in c.covers) if c.name == "optional_data" else None,
        )
        for c in layout.checks
    )
    read = [(name, layout.fields[name]) for name in FIELD_NAMES if name in layout.fields]
    placed = [span for _, span in read] + [c.digit for c in layout.checks]
    return _Plan(
        rows=tuple(rows),
        widths=tuple((name, span.stop - span.start) for name, span in layout.fields.items()),
        reads=tuple((name, span, span.line, span.start, span.stop) for name, span in read),
        checks=digits,
        order=tuple(sorted(range(len(placed)), key=lambda i: (placed[i].line, placed[i].start))),
    )


_PLANS: Mapping[MrzFormat, _Plan] = {fmt: _plan(layout) for fmt, layout in LAYOUTS.items()}


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
    read = _Read(layout, today)
    whole = True
    for name, span, line, start, stop in _PLANS[layout.format].reads:
        raw = lines[line][start:stop]
        if bad and _touches(span, bad):
            whole = False
            readings.append(FieldReading(name, span, raw, "", "has characters outside A-Z 0-9 <"))
            continue
        try:
            shown = _READERS[name](read, name, raw)
        except ValueError as exc:
            whole = False
            tag = f"mrz.date.{name}" if name.endswith("_date") else f"mrz.format.{name}"
            readings.append(FieldReading(name, span, raw, "", str(exc)))
            findings.append(Finding(tag, f"{name} {exc}", field=name))
            continue
        readings.append(FieldReading(name, span, raw, shown))
    plan = _PLANS[layout.format]
    readings.extend([_check(c, lines, bad, findings) for c in plan.checks])
    findings.extend(_validity(read.days.get("birth_date"), read.days.get("expiry_date"), today))
    data = read.data(layout) if whole else None
    ordered = tuple([readings[i] for i in plan.order])
    return MrzReport(layout.format, lines, ordered, tuple(findings), data)


_SEXES: dict[str, Sex] = {"M": "M", "F": "F", "<": "X", "X": "X"}


class _Read:
    """Field values read so far from a zone of `layout` on `today`: text fields and dates.

    Each reader takes a field's name and raw characters, records the value, returns it as shown,
    and raises ValueError when the field is wrong.
    """

    def __init__(self, layout: Layout, today: date) -> None:
        self.layout = layout
        self.today = today
        self.texts: dict[str, str] = {}
        self.days: dict[str, date] = {}

    def code(self, name: str, raw: str) -> str:
        """A document code: a letter the layout allows, then a letter or filler."""
        layout = self.layout
        if raw[0] not in layout.codes or raw[1] not in _LETTERS:
            codes = ", ".join(layout.codes)
            raise ValueError(f"{raw!r} is not a {layout.describes} code ({codes})")
        return self.text(name, raw)

    def state(self, name: str, raw: str) -> str:
        """An issuing state or nationality: one to three letters, filled out with `<`."""
        if not _STATE.fullmatch(raw):
            raise ValueError(f"{raw!r} is not a three-letter code")
        return self.text(name, raw)

    def names(self, name: str, raw: str) -> str:
        """The name field, recorded as surname and given names."""
        surname, given = names.decode(raw)
        if not surname:
            raise ValueError(f"{raw!r} has no surname (primary identifier)")
        if not _DIGITS.isdisjoint(raw):
            raise ValueError(f"{raw!r} has digits in it")
        self.texts["surname"], self.texts["given_names"] = surname, given
        return f"{surname}, {given}" if given else surname

    def day(self, name: str, raw: str) -> str:
        """A birth or expiry date, its century inferred against today."""
        kind = dates.DateKind.BIRTH if name == "birth_date" else dates.DateKind.EXPIRY
        self.days[name] = day = dates.decode(raw, kind, self.today)
        return day.isoformat()

    def sex(self, name: str, raw: str) -> str:
        """M, F, or `<` (read as X)."""
        if raw not in _SEXES:
            raise ValueError(f"{raw!r} is not M, F or <")
        value = self.texts[name] = _SEXES[raw]
        return value

    def number(self, name: str, raw: str) -> str:
        """The document number, which may not be empty."""
        value = self.text(name, raw)
        if not value:
            raise ValueError("is empty")
        return value

    def text(self, name: str, raw: str) -> str:
        """Any other field: its characters without the trailing filler."""
        value = self.texts[name] = raw.rstrip(FILLER)
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


_READERS: Mapping[str, Callable[[_Read, str, str], str]] = {
    "document_code": _Read.code,
    "issuing_state": _Read.state,
    "names": _Read.names,
    "document_number": _Read.number,
    "nationality": _Read.state,
    "birth_date": _Read.day,
    "sex": _Read.sex,
    "expiry_date": _Read.day,
    "optional_data": _Read.text,
    "optional_data_2": _Read.text,
}


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
    d: _Digit, lines: tuple[str, ...], bad: set[tuple[int, int]], out: list[Finding]
) -> FieldReading:
    c = d.check
    written = lines[d.line][d.position]
    if bad and (_touches(c.digit, bad) or any(_touches(s, bad) for s in c.covers)):
        return FieldReading(
            d.label, c.digit, written, "", "not checked: characters outside A-Z 0-9 <"
        )
    text = "".join([lines[i][start:stop] for i, start, stop in d.covers])
    computed = check_digit(text)
    digit = str(computed)
    if written == digit or (written == FILLER and text == d.blank):
        return FieldReading(d.label, c.digit, written, digit)
    shown = written if written.isdigit() else repr(written)
    message = f"{c.name} check digit is {shown}, computed {computed}"
    out.append(Finding(f"mrz.check.{c.name}", message, field=c.name))
    return FieldReading(d.label, c.digit, written, digit, f"is {shown}, computed {computed}")


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
