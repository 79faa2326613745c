"""The inspection of a traveler's set: every MRZ, each data page against its MRZ, validity, the visa
against the passport, the trip against the rules, and what physical examination shows."""

from __future__ import annotations

from collections.abc import Iterator

from msgspec.structs import replace

from trainer.docgen import dates, mrz, names
from trainer.docgen.documents import MAX_YEARS, Document, DocumentKind, TravelSet
from trainer.docgen.findings import Finding
from trainer.docgen.mrz import MrzData
from trainer.docgen.trips import (
    VISA_CLASSES,
    VISA_WAIVER_DAYS,
    VISA_WAIVER_PURPOSES,
    Entry,
    Trip,
)

TRIP = "trip"
COMPARED = ("document_number", "nationality", "birth_date", "sex", "expiry_date")


def inspect_set(travel: TravelSet) -> tuple[Finding, ...]:
    """Every fault in `travel` on its arrival day, at most one per tag and document."""
    found: dict[tuple[str, str], Finding] = {}

    def add(finding: Finding, where: str) -> None:
        found.setdefault((where, finding.tag), replace(finding, document=where))

    today = travel.trip.arrival
    for doc in travel.documents:
        where = doc.kind.value
        report = mrz.check(doc.mrz, today)
        for finding in report.findings:
            add(finding, where)
        if report.data is not None:
            for finding in compare(doc, report.data):
                add(finding, where)
        for finding in validity(doc, travel.trip):
            add(finding, where)
        for finding in examination(doc):
            add(finding, where)
    if travel.visa is not None:
        for finding in cross_check(travel.document, travel.visa):
            add(finding, DocumentKind.VISA.value)
    for finding in context(travel):
        add(finding, TRIP)
    return tuple(found.values())


def compare(doc: Document, data: MrzData) -> Iterator[Finding]:
    """Where the data page and what its MRZ reads disagree."""
    expected = doc.mrz_data()
    width = doc.layout.name_width
    got = (data.surname, data.given_names)
    wanted = (expected.surname, expected.given_names)
    if got != wanted:
        swapped = names.canonical(doc.given_names, doc.surname, width) if doc.given_names else None
        if got == swapped:
            yield Finding(
                "vz-mrz.names-swapped",
                f"the MRZ reads surname {data.surname!r} and given names {data.given_names!r}; "
                f"the data page has them the other way round",
                field="names",
            )
        else:
            if data.surname != expected.surname:
                yield _mismatch("surname", expected.surname, data.surname)
            if data.given_names != expected.given_names:
                yield _mismatch("given_names", expected.given_names, data.given_names)
    for field in COMPARED:
        page, zone = getattr(expected, field), getattr(data, field)
        if page != zone:
            yield _mismatch(field, page, zone)


def _mismatch(field: str, page: object, zone: object) -> Finding:
    return Finding(
        f"vz-mrz.mismatch.{field}",
        f"{field}: the data page gives {page}, the MRZ {zone}",
        field=field,
    )


def validity(doc: Document, trip: Trip) -> Iterator[Finding]:
    """Dates on the data page that fail on arrival: expired, impossible, too long, too short."""
    today = trip.arrival
    if doc.expiry_date < doc.birth_date:
        yield Finding(
            "validity.expiry-before-birth",
            f"expires on {doc.expiry_date}, before the holder's birth on {doc.birth_date}",
            field="expiry_date",
        )
    elif doc.expiry_date < today:
        yield Finding(
            "validity.expired",
            f"expired on {doc.expiry_date}, before the arrival on {today}",
            field="expiry_date",
        )
    elif (
        doc.kind is DocumentKind.PASSPORT
        and trip.six_month_rule
        and doc.expiry_date < (needed := dates.add_months(trip.departure, 6))
    ):
        yield Finding(
            "validity.six-months",
            f"expires on {doc.expiry_date}; the stay ends on {trip.departure}, so it must be "
            f"valid until {needed}",
            field="expiry_date",
        )
    if doc.expiry_date > dates.add_years(doc.issue_date, MAX_YEARS):
        yield Finding(
            "validity.too-long",
            f"issued {doc.issue_date} and valid until {doc.expiry_date}: more than "
            f"{MAX_YEARS} years",
            field="expiry_date",
        )
    if doc.kind is DocumentKind.VISA and doc.issue_date > today:
        yield Finding(
            "validity.visa-not-yet-valid",
            f"valid from {doc.issue_date}, after the arrival on {today}",
            field="issue_date",
        )


def examination(doc: Document) -> Iterator[Finding]:
    """Physical signs of forgery noted on the document."""
    for note in doc.observations:
        if note.sign is not None:
            yield Finding("forged.consistent-mrz", f"{note.sign}: {note.text}", field="document")


def cross_check(passport: Document, visa: Document) -> Iterator[Finding]:
    """Where the visa does not belong to the passport it sits in."""
    same_names = names.transliterate(visa.surname) == names.transliterate(passport.surname) and (
        names.transliterate(visa.given_names) == names.transliterate(passport.given_names)
    )
    if not same_names:
        yield Finding(
            "visa.name",
            f"the visa is for {visa.surname}, {visa.given_names}; the passport for "
            f"{passport.surname}, {passport.given_names}",
            field="names",
        )
    if visa.birth_date != passport.birth_date:
        yield Finding(
            "visa.birth-date",
            f"the visa gives birth on {visa.birth_date}, the passport {passport.birth_date}",
            field="birth_date",
        )
    if visa.mrz_number != passport.number:
        yield Finding(
            "visa.passport-number",
            f"the visa was issued for passport {visa.mrz_number}; this passport is "
            f"{passport.number}",
            field="document_number",
        )


def context(travel: TravelSet) -> Iterator[Finding]:
    """Where the trip as stated does not fit how the traveler seeks admission."""
    trip = travel.trip
    if trip.entry is Entry.VISA and travel.visa is not None and travel.visa.visa is not None:
        visa_class = travel.visa.visa.visa_class
        if trip.purpose not in VISA_CLASSES.get(visa_class, frozenset()):
            yield Finding(
                "context.visa-class-purpose",
                f"a {visa_class} visa does not cover the stated purpose ({trip.purpose})",
            )
    if trip.entry is Entry.VISA_WAIVER:
        if trip.stay_days > VISA_WAIVER_DAYS:
            yield Finding(
                "context.vwp-over-90",
                f"a stay of {trip.stay_days} days under the Visa Waiver Program "
                f"(at most {VISA_WAIVER_DAYS})",
            )
        if trip.purpose not in VISA_WAIVER_PURPOSES:
            yield Finding(
                "context.vwp-purpose",
                f"the Visa Waiver Program does not cover the stated purpose ({trip.purpose})",
            )
        if trip.return_date is None:
            yield Finding("context.vwp-no-return", "no return or onward ticket")
