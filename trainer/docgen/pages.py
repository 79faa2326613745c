"""A traveler's set as the exhibit beside a question: labelled page fields and the MRZ lines."""

from __future__ import annotations

from trainer.content.models import Cell, DocumentPage
from trainer.docgen.countries import nationality
from trainer.docgen.dates import printed
from trainer.docgen.defects import DOCUMENT_NAMES
from trainer.docgen.documents import Document, DocumentKind, TravelSet
from trainer.docgen.trips import Entry, Trip

_NUMBER_LABEL = {
    DocumentKind.PASSPORT: "Passport No.",
    DocumentKind.ID_CARD: "Document No.",
    DocumentKind.VISA: "Control No.",
}


def exhibit(travel: TravelSet) -> DocumentPage:
    """The set as one exhibit: each document's fields, then the arrival, and every MRZ line."""
    fields: dict[str, Cell] = {}
    for doc in travel.documents:
        fields |= document_fields(doc)
    fields |= trip_fields(travel.trip)
    return DocumentPage(fields=fields, title=title(travel), mrz=mrz_lines(travel))


def mrz_lines(travel: TravelSet) -> tuple[str, ...]:
    """Every MRZ line of the set, the main document's first."""
    return tuple(line for doc in travel.documents for line in doc.mrz)


def line_names(travel: TravelSet) -> tuple[str, ...]:
    """A name for each line of `mrz_lines`, such as `Visa MRZ line 2`."""
    return tuple(
        f"{DOCUMENT_NAMES[doc.kind.value]} MRZ line {i}"
        for doc in travel.documents
        for i in range(1, len(doc.mrz) + 1)
    )


def title(travel: TravelSet) -> str:
    """What the exhibit shows and which MRZ lines belong to which document."""
    parts = []
    first = 1
    for doc in travel.documents:
        last = first + len(doc.mrz) - 1
        parts.append(f"{DOCUMENT_NAMES[doc.kind.value].lower()} (MRZ lines {first}-{last})")
        first = last + 1
    return f"Presented on arrival: {' and '.join(parts)}"


def document_fields(doc: Document) -> dict[str, Cell]:
    """A document's data page, each label prefixed with the document's name."""
    name = DOCUMENT_NAMES[doc.kind.value]
    rows: list[tuple[str, str]] = [
        ("Type", doc.document_code),
        ("Issuing state", doc.issuing_state),
    ]
    if doc.visa is not None:
        rows += [
            ("Issuing post", doc.authority),
            ("Visa type/class", doc.visa.visa_class),
            ("Entries", doc.visa.entries),
        ]
    rows += [
        (_NUMBER_LABEL[doc.kind], doc.number),
        ("Surname", doc.surname.upper()),
        ("Given names", doc.given_names.upper()),
    ]
    if doc.visa is not None:
        rows.append(("Passport No.", doc.visa.passport_number))
    rows += [
        ("Nationality", nationality(doc.nationality)),
        ("Date of birth", printed(doc.birth_date)),
    ]
    if doc.visa is None:
        rows.append(("Place of birth", doc.birth_place.upper()))
    rows.append(("Sex", doc.sex))
    if doc.visa is None:
        rows += [
            ("Date of issue", printed(doc.issue_date)),
            ("Date of expiry", printed(doc.expiry_date)),
            ("Authority", doc.authority),
        ]
    else:
        rows += [
            ("Valid from", printed(doc.issue_date)),
            ("Expiration date", printed(doc.expiry_date)),
        ]
    if doc.optional_data:
        rows.append(("Personal No.", doc.optional_data))
    if doc.observations:
        rows.append(("Examination", " ".join(note.text for note in doc.observations)))
    return {f"{name}: {label}": value for label, value in rows}


def trip_fields(trip: Trip) -> dict[str, Cell]:
    """The arrival record, ticket and what the traveler states."""
    rows: list[tuple[str, str]] = [
        ("Date", printed(trip.arrival)),
        ("Port of entry", trip.port),
    ]
    if trip.entry is not Entry.CARD:
        basis = {
            Entry.VISA: "on the visa",
            Entry.VISA_WAIVER: "under the Visa Waiver Program (ESTA approved)",
        }[trip.entry]
        ticket = printed(trip.return_date) if trip.return_date else "none (one-way)"
        rule = (
            "valid six months beyond the stay"
            if trip.six_month_rule
            else "valid for the stay (country exempt from the six-month rule)"
        )
        rows += [
            ("Flight", f"{trip.flight} from {trip.origin}"),
            ("Admission sought", basis),
            ("Stated purpose", trip.statement),
            ("Intended stay", f"{trip.stay_days} days, to {printed(trip.departure)}"),
            ("Return ticket", ticket),
            ("Passport must be", rule),
        ]
    return {f"Arrival: {label}": value for label, value in rows}
