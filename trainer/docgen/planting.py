"""How each defect is planted in a clean set: one function per kind of change, values in and out."""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from msgspec import Struct
from msgspec.structs import replace

from trainer.docgen import dates, mrz, names
from trainer.docgen.checkdigit import FILLER, check_digit
from trainer.docgen.countries import CODES as COUNTRY_CODES
from trainer.docgen.documents import (
    FORGERY,
    MAX_YEARS,
    Document,
    DocumentKind,
    Observation,
    TravelSet,
)
from trainer.docgen.layouts import Layout
from trainer.docgen.mrz import Sex
from trainer.docgen.trips import (
    STATEMENTS,
    VISA_CLASSES,
    VISA_WAIVER_DAYS,
    VISA_WAIVER_PURPOSES,
    VISA_YEARS,
    Purpose,
    Trip,
)


class Side(StrEnum):
    """What a planted defect changed: only the MRZ, only the data page, both alike, or the trip."""

    MRZ = "mrz"
    PAGE = "page"
    BOTH = "both"
    TRIP = "trip"


class PlantedDefect(Struct, frozen=True, gc=False):
    """A defect put into a set: its tag, the document (or `trip`) it is in, and what was done."""

    tag: str
    document: str
    detail: str
    side: Side


Planted = tuple[TravelSet, PlantedDefect] | None
_Named = TypeVar("_Named", Document, mrz.MrzData)
Planter = Callable[[TravelSet, str, random.Random], Planted]


def _put(travel: TravelSet, doc: Document) -> TravelSet:
    return travel.with_document(doc)


def _other_digit(rng: random.Random, digit: str) -> str:
    return rng.choice([d for d in string.digits if d != digit])


def _other_char(rng: random.Random, char: str) -> str:
    pool = string.digits if char.isdigit() else string.ascii_uppercase
    return rng.choice([c for c in pool if c != char])


def _recompute(lines: tuple[str, ...], layout: Layout, which: tuple[str, ...]) -> tuple[str, ...]:
    """`lines` with the named check digits written afresh, in layout order (composite last)."""
    rows = [list(line) for line in lines]
    for c in layout.checks:
        if c.name in which:
            text = "".join("".join(rows[s.line][s.start : s.stop]) for s in c.covers)
            rows[c.digit.line][c.digit.start] = str(check_digit(text))
    return tuple("".join(row) for row in rows)


def _shaped(doc: Document) -> bool:
    """Whether the document's MRZ has its format's line count and widths, so spans apply."""
    layout = doc.layout
    return len(doc.mrz) == layout.lines and all(len(line) == layout.width for line in doc.mrz)


def _edit(lines: tuple[str, ...], line: int, start: int, text: str) -> tuple[str, ...]:
    row = lines[line]
    edited = row[:start] + text + row[start + len(text) :]
    return (*lines[:line], edited, *lines[line + 1 :])


# MRZ integrity: the raw zone is changed after it was built.


def wrong_length(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Drop one filler from a line, or add one, so the line has the wrong length."""
    doc = travel.named(target)
    index = rng.randrange(len(doc.mrz))
    line = doc.mrz[index]
    fillers = [i for i, c in enumerate(line) if c == FILLER]
    if fillers and rng.random() < 0.5:
        cut = rng.choice(fillers)
        edited = line[:cut] + line[cut + 1 :]
        what = f"one filler removed from MRZ line {index + 1}"
    else:
        edited = line + FILLER
        what = f"a filler added to the end of MRZ line {index + 1}"
    lines = (*doc.mrz[:index], edited, *doc.mrz[index + 1 :])
    planted = PlantedDefect("mrz.length", target, what, Side.MRZ)
    return _put(travel, replace(doc, mrz=lines)), planted


def bad_character(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Put a space or a lower-case letter into the name field, where no check digit reaches."""
    doc = travel.named(target)
    if not _shaped(doc):
        return None
    span = doc.layout.fields["names"]
    field = span.of(doc.mrz)
    letters = [i for i, c in enumerate(field) if c.isalpha()]
    padding = len(field) - len(field.rstrip(FILLER))
    if padding and rng.random() < 0.5:
        pos = len(field) - 1 - rng.randrange(padding)
        char = " "
    else:
        pos = rng.choice(letters)
        char = field[pos].lower()
    lines = _edit(doc.mrz, span.line, span.start + pos, char)
    what = f"{char!r} written at line {span.line + 1}, position {span.start + pos + 1}"
    return _put(travel, replace(doc, mrz=lines)), PlantedDefect(
        "mrz.charset", target, what, Side.MRZ
    )


def wrong_check_digit(name: str) -> Planter:
    """A planter that changes the check digit called `name`, then rewrites the composite."""

    def plant(travel: TravelSet, target: str, rng: random.Random) -> Planted:
        doc = travel.named(target)
        layout = doc.layout
        c = layout.check(name)
        if c is None or not _shaped(doc):
            return None
        old = c.digit.of(doc.mrz)
        new = _other_digit(rng, "0" if old == FILLER else old)
        lines = _edit(doc.mrz, c.digit.line, c.digit.start, new)
        if name != "composite":
            lines = _recompute(lines, layout, ("composite",))
        what = f"the {name} check digit changed from {old} to {new}"
        planted = PlantedDefect(f"mrz.check.{name}", target, what, Side.MRZ)
        return _put(travel, replace(doc, mrz=lines)), planted

    return plant


def impossible_date(name: str) -> Planter:
    """A planter that writes a date that does not exist into field `name`, digits recomputed."""

    def plant(travel: TravelSet, target: str, rng: random.Random) -> Planted:
        doc = travel.named(target)
        if not _shaped(doc):
            return None
        layout = doc.layout
        span = layout.fields[name]
        old = span.of(doc.mrz)
        yy, mm, dd = old[:2], old[2:4], old[4:]
        new = rng.choice((f"{yy}13{dd}", f"{yy}0230", f"{yy}0431", f"{yy}{mm}00", f"{yy}{mm}32"))
        lines = _edit(doc.mrz, span.line, span.start, new)
        lines = _recompute(lines, layout, (name, "composite"))
        what = f"the {name} field changed from {old} to {new}, its check digits recomputed"
        planted = PlantedDefect(f"mrz.date.{name}", target, what, Side.MRZ)
        return _put(travel, replace(doc, mrz=lines)), planted

    return plant


# MRZ versus data page: one side is changed, the other keeps the issued value.

_SHARED = frozenset({"surname", "given_names", "document_number", "birth_date"})
_HOLDER_FIELDS = frozenset({"nationality", "sex", "birth_date"})


def _alter_letter(rng: random.Random, text: str) -> str | None:
    """`text` with one ASCII letter changed, keeping its case; None when it has none."""
    spots = [i for i, c in enumerate(text) if c.isascii() and c.isalpha()]
    if not spots:
        return None
    pos = rng.choice(spots)
    old = text[pos]
    new = rng.choice([c for c in string.ascii_uppercase if c != old.upper()])
    return text[:pos] + (new if old.isupper() else new.lower()) + text[pos + 1 :]


def _new_birth(rng: random.Random, old: date, today: date) -> date:
    youngest = dates.add_years(today, -16)
    for _ in range(20):
        if rng.random() < 0.5:
            new = dates.add_years(old, rng.choice((-5, -3, -2, -1, 1, 2, 3)))
        else:
            new = old + timedelta(days=rng.choice((-1, 1)) * rng.randint(1, 200))
        if new != old and new <= youngest:
            return new
    return dates.add_years(old, -1)


def _new_expiry(rng: random.Random, old: date, fits: Callable[[date], bool]) -> date | None:
    candidates = [old + timedelta(days=d) for d in range(-900, 900, 17) if d]
    good = [d for d in candidates if fits(d)]
    return rng.choice(good) if good else None


def mismatch(field: str) -> Planter:
    """A planter that makes the data page and the MRZ disagree on `field`.

    Fields the visa is compared on are changed in the MRZ when a visa is present, so that the
    visa still matches the passport's page; otherwise either side may be changed.
    """

    def plant(travel: TravelSet, target: str, rng: random.Random) -> Planted:
        doc = travel.named(target)
        current = mrz.check(doc.mrz, travel.trip.arrival).data
        if current is None:
            return None
        tag = f"vz-mrz.mismatch.{field}"
        if (field in _SHARED and travel.visa is not None) or rng.random() < 0.5:
            changed = _zone_change(field, rng, travel, doc, current)
            if changed is None:
                return None
            shown = getattr(changed, field)
            return _mrz_side(travel, doc, changed, tag, f"MRZ {field} changed to {shown}")
        altered = _page_change(field, rng, travel, doc, current)
        if altered is None:
            return None
        shown = getattr(altered, "number" if field == "document_number" else field)
        return _page_side(travel, altered, tag, f"page {field} changed to {shown}")

    return plant


def _changed_number(rng: random.Random, number: str) -> str:
    pos = rng.randrange(len(number))
    return number[:pos] + _other_char(rng, number[pos]) + number[pos + 1 :]


def _other_sex(sex: Sex) -> Sex:
    return "F" if sex == "M" else "M"


def _zone_change(
    field: str, rng: random.Random, travel: TravelSet, doc: Document, current: mrz.MrzData
) -> mrz.MrzData | None:
    """What the MRZ holds after `field` is changed there."""
    today = travel.trip.arrival
    if field in ("surname", "given_names"):
        # A given name cut off a narrow zone leaves nothing to change there.
        name = _alter_letter(rng, getattr(current, field))
        return None if name is None else _renamed(current, field, name)
    if field == "document_number":
        return replace(current, document_number=_changed_number(rng, current.document_number))
    if field in _HOLDER_FIELDS:
        return _holder_change(current, field, rng, today)
    # The expiry: the MRZ on its own must still pass the checker's validity warnings.
    limit = dates.add_years(today, mrz.MAX_YEARS_AHEAD)
    expiry = _new_expiry(rng, current.expiry_date, lambda d: today <= d <= limit)
    return None if expiry is None else replace(current, expiry_date=expiry)


def _page_change(
    field: str, rng: random.Random, travel: TravelSet, doc: Document, current: mrz.MrzData
) -> Document | None:
    """The document after `field` is changed on its data page only."""
    today = travel.trip.arrival
    if field in ("surname", "given_names"):
        zone = (current.surname, current.given_names)
        for _ in range(10):
            name = _alter_letter(rng, getattr(doc, field))
            if name is None:
                return None
            altered = _renamed(doc, field, name)
            width = doc.layout.name_width
            if names.canonical(altered.surname, altered.given_names, width) != zone:
                return altered
        return None  # every change fell where the zone cuts the name off
    if field == "document_number":
        return replace(doc, number=_changed_number(rng, doc.number))
    if field in _HOLDER_FIELDS:
        return _holder_change(doc, field, rng, today)
    # The expiry: the page on its own must still pass every validity rule.
    needed = today
    if doc.kind is DocumentKind.PASSPORT and travel.trip.six_month_rule:
        needed = dates.add_months(travel.trip.departure, 6)
    longest = dates.add_years(doc.issue_date, MAX_YEARS)
    expiry = _new_expiry(rng, doc.expiry_date, lambda d: needed <= d <= longest)
    return None if expiry is None else replace(doc, expiry_date=expiry)


def _holder_change(record: _Named, field: str, rng: random.Random, today: date) -> _Named:
    """`record` with its nationality, sex or birth date (as `field` says) changed."""
    if field == "nationality":
        code = rng.choice([c for c in COUNTRY_CODES if c != record.nationality])
        return replace(record, nationality=code)
    if field == "sex":
        return replace(record, sex=_other_sex(record.sex))
    return replace(record, birth_date=_new_birth(rng, record.birth_date, today))


def _renamed(record: _Named, field: str, value: str) -> _Named:
    """`record` with its surname or given names (as `field` says) set to `value`."""
    if field == "surname":
        return replace(record, surname=value)
    return replace(record, given_names=value)


def _mrz_side(travel: TravelSet, doc: Document, data: mrz.MrzData, tag: str, what: str) -> Planted:
    planted = PlantedDefect(tag, doc.kind.value, f"{what}; check digits recomputed", Side.MRZ)
    return _put(travel, replace(doc, mrz=mrz.build(data))), planted


def _page_side(travel: TravelSet, doc: Document, tag: str, what: str) -> Planted:
    return _put(travel, doc), PlantedDefect(tag, doc.kind.value, what, Side.PAGE)


def names_swapped(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Swap surname and given names on one side only."""
    doc = travel.named(target)
    tag = "vz-mrz.names-swapped"
    if travel.visa is not None or rng.random() < 0.5:
        current = mrz.check(doc.mrz, travel.trip.arrival).data
        if current is None:
            return None
        surname, given = names.canonical(doc.given_names, doc.surname, doc.layout.name_width)
        changed = replace(current, surname=surname, given_names=given)
        return _mrz_side(travel, doc, changed, tag, "MRZ surname and given names swapped")
    altered = replace(doc, surname=doc.given_names, given_names=doc.surname)
    return _page_side(travel, altered, tag, "page surname and given names swapped")


# Validity: the dates are changed on the data page and in the MRZ alike.


def _redate(travel: TravelSet, doc: Document, issue: date, expiry: date) -> TravelSet:
    return _put(travel, replace(doc, issue_date=issue, expiry_date=expiry).rebuilt())


def _years(doc: Document) -> int:
    return VISA_YEARS[doc.visa.visa_class] if doc.visa else MAX_YEARS


def expired(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Let the document expire before the arrival."""
    doc = travel.named(target)
    expiry = travel.trip.arrival - timedelta(days=rng.randint(1, 700))
    issue = dates.add_years(expiry, -_years(doc)) + timedelta(days=1)
    planted = PlantedDefect("validity.expired", target, f"expired on {expiry}", Side.BOTH)
    return _redate(travel, doc, issue, expiry), planted


def expiry_before_birth(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Date the expiry before the holder's birth (the holder made 20-35, on every document)."""
    today = travel.trip.arrival
    born = dates.add_years(today, -rng.randint(20, 35)) - timedelta(days=rng.randrange(365))
    for doc in travel.documents:
        travel = _put(travel, replace(doc, birth_date=born).rebuilt())
    doc = travel.named(target)
    expiry = dates.add_years(born, -rng.randint(1, 3)) - timedelta(days=rng.randrange(300))
    issue = dates.add_years(expiry, -MAX_YEARS) + timedelta(days=1)
    what = f"expiry {expiry} set before the birth date {born}"
    return _redate(travel, doc, issue, expiry), PlantedDefect(
        "validity.expiry-before-birth", target, what, Side.BOTH
    )


def too_long(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Make the validity longer than the document type allows."""
    doc = travel.named(target)
    issue = travel.trip.arrival - timedelta(days=rng.randint(30, 700))
    years = rng.randint(MAX_YEARS + 1, MAX_YEARS + 5)
    expiry = dates.add_years(issue, years) - timedelta(days=1)
    what = f"issued {issue}, valid until {expiry} ({years} years)"
    return _redate(travel, doc, issue, expiry), PlantedDefect(
        "validity.too-long", target, what, Side.BOTH
    )


def six_months(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Let the passport run out less than six months after the stay, with the rule in force."""
    doc = travel.named(target)
    trip = replace(travel.trip, six_month_rule=True)
    needed = dates.add_months(trip.departure, 6)
    span = (needed - trip.arrival).days
    expiry = trip.arrival + timedelta(days=rng.randrange(span))
    issue = dates.add_years(expiry, -MAX_YEARS) + timedelta(days=1)
    what = f"passport valid until {expiry}; the six-month rule needs {needed}"
    travel = replace(travel, trip=trip)
    return _redate(travel, doc, issue, expiry), PlantedDefect(
        "validity.six-months", target, what, Side.BOTH
    )


def visa_not_yet_valid(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Let the visa's validity start after the arrival."""
    doc = travel.named(target)
    issue = travel.trip.arrival + timedelta(days=rng.randint(1, 60))
    # At most five years, so the expiry stays within the ten years ahead that the MRZ allows.
    expiry = dates.add_years(issue, min(_years(doc), 5)) - timedelta(days=1)
    what = f"visa valid from {issue}"
    return _redate(travel, doc, issue, expiry), PlantedDefect(
        "validity.visa-not-yet-valid", target, what, Side.BOTH
    )


# The visa against its passport: the visa is changed, page and MRZ alike.


def visa_name(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Spell a name on the visa differently from the passport."""
    doc = travel.named(target)
    field = rng.choice(("surname", "given_names"))
    value = _alter_letter(rng, getattr(doc, field))
    if value is None:
        return None
    altered = _renamed(doc, field, value).rebuilt()
    planted = PlantedDefect("visa.name", target, f"visa {field} spelled {value}", Side.BOTH)
    return _put(travel, altered), planted


def visa_birth_date(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Give the visa another birth date than the passport."""
    doc = travel.named(target)
    day = _new_birth(rng, doc.birth_date, travel.trip.arrival)
    altered = replace(doc, birth_date=day).rebuilt()
    planted = PlantedDefect("visa.birth-date", target, f"visa birth date {day}", Side.BOTH)
    return _put(travel, altered), planted


def visa_passport_number(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Issue the visa for another passport number."""
    doc = travel.named(target)
    if doc.visa is None:
        return None
    old = doc.visa.passport_number
    pos = rng.randrange(len(old))
    number = old[:pos] + _other_char(rng, old[pos]) + old[pos + 1 :]
    altered = replace(doc, visa=replace(doc.visa, passport_number=number)).rebuilt()
    planted = PlantedDefect(
        "visa.passport-number", target, f"visa issued for passport {number}", Side.BOTH
    )
    return _put(travel, altered), planted


# Context: the trip is changed.


def _trip_defect(travel: TravelSet, trip: Trip, tag: str, what: str) -> Planted:
    return replace(travel, trip=trip), PlantedDefect(tag, "trip", what, Side.TRIP)


def _purpose(rng: random.Random, allowed: frozenset[Purpose]) -> Purpose:
    return rng.choice([p for p in Purpose if p not in allowed])


def visa_class_purpose(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """State a purpose the visa class does not cover."""
    if travel.visa is None or travel.visa.visa is None:
        return None
    visa_class = travel.visa.visa.visa_class
    purpose = _purpose(rng, VISA_CLASSES[visa_class])
    what = f"a {visa_class} visa holder states {purpose}"
    statement = rng.choice(STATEMENTS[purpose])
    trip = replace(travel.trip, purpose=purpose, statement=statement)
    return _trip_defect(travel, trip, "context.visa-class-purpose", what)


def _renewed_if_short(travel: TravelSet, stay: int, rng: random.Random) -> TravelSet:
    """The set with its passport renewed when it would not last six months past a longer stay."""
    trip = travel.trip
    departure = trip.arrival + timedelta(days=stay)
    passport = travel.document
    if passport.expiry_date >= dates.add_months(departure, 6):
        return travel
    issue = trip.arrival - timedelta(days=rng.randint(30, 400))
    expiry = dates.add_years(issue, MAX_YEARS) - timedelta(days=1)
    return _redate(travel, passport, issue, expiry)


def vwp_over_90(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """State a Visa Waiver stay longer than 90 days."""
    stay = rng.randint(VISA_WAIVER_DAYS + 1, 2 * VISA_WAIVER_DAYS)
    travel = _renewed_if_short(travel, stay, rng)
    back = travel.trip.arrival + timedelta(days=stay)
    what = f"a Visa Waiver stay of {stay} days"
    trip = replace(travel.trip, stay_days=stay, return_date=back)
    return _trip_defect(travel, trip, "context.vwp-over-90", what)


def vwp_purpose(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """State a purpose the Visa Waiver Program does not cover."""
    purpose = _purpose(rng, VISA_WAIVER_PURPOSES)
    what = f"a Visa Waiver traveler states {purpose}"
    statement = rng.choice(STATEMENTS[purpose])
    trip = replace(travel.trip, purpose=purpose, statement=statement)
    return _trip_defect(travel, trip, "context.vwp-purpose", what)


def vwp_no_return(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Take away the Visa Waiver traveler's return ticket."""
    trip = replace(travel.trip, return_date=None)
    what = "a one-way ticket under the Visa Waiver Program"
    return _trip_defect(travel, trip, "context.vwp-no-return", what)


# Forgery that the MRZ cannot show.


def forged(travel: TravelSet, target: str, rng: random.Random) -> Planted:
    """Note a physical sign of forgery on a document whose MRZ and page agree throughout."""
    doc = travel.named(target)
    sign = rng.choice(FORGERY[doc.kind])
    notes = list(doc.observations) or [Observation("")]
    notes[rng.randrange(len(notes))] = sign
    planted = PlantedDefect("forged.consistent-mrz", target, f"{sign.sign}: {sign.text}", Side.PAGE)
    return _put(travel, replace(doc, observations=tuple(notes))), planted
