"""Generated documents and a traveler's set: passport or identity card, visa, and the trip."""

from __future__ import annotations

import random
import string
from collections.abc import Collection
from datetime import date, timedelta
from enum import StrEnum

from msgspec import Struct
from msgspec.structs import replace

from trainer.docgen import countries, dates, names, people
from trainer.docgen.layouts import LAYOUTS, Layout, MrzFormat
from trainer.docgen.mrz import MrzData, Sex, build
from trainer.docgen.trips import (
    STATEMENTS,
    STAY_DAYS,
    VISA_CLASSES,
    VISA_WAIVER_PURPOSES,
    VISA_YEARS,
    Entry,
    Purpose,
    Trip,
)

# How many years each kind of document may be valid for (a visa by its class, up to this).
MAX_YEARS = 10
_NUMBER_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_DRAWN = {
    key: (alphabet, len(alphabet), len(alphabet).bit_length())
    for key, alphabet in (("L", _NUMBER_LETTERS), ("D", string.digits))
}
# The sets of purposes as draws see them: sorted, so a seed always draws the same purpose.
_CLASS_NAMES = tuple(VISA_CLASSES)
_CLASS_PURPOSES = {name: tuple(sorted(purposes)) for name, purposes in VISA_CLASSES.items()}
_WAIVER_PURPOSES = tuple(sorted(VISA_WAIVER_PURPOSES))


class DocumentKind(StrEnum):
    """What a document is; a traveler's set holds at most one of each."""

    PASSPORT = "passport"
    ID_CARD = "id-card"
    VISA = "visa"


class Observation(Struct, frozen=True, gc=False):
    """What an examiner sees on the physical document; `sign` names the fraud it shows, if any."""

    text: str
    sign: str | None = None


class VisaDetails(Struct, frozen=True, gc=False):
    """What only a visa carries: its class, entries, and the number of its host passport."""

    visa_class: str
    entries: str
    passport_number: str


class Document(Struct, frozen=True, gc=False):
    """A data page (the visual zone) and the MRZ printed under it, which may disagree."""

    kind: DocumentKind
    format: MrzFormat
    document_code: str
    issuing_state: str
    number: str
    surname: str
    given_names: str
    nationality: str
    birth_date: date
    birth_place: str
    sex: Sex
    issue_date: date
    expiry_date: date
    authority: str
    optional_data: str = ""
    optional_data_2: str = ""
    visa: VisaDetails | None = None
    observations: tuple[Observation, ...] = ()
    mrz: tuple[str, ...] = ()

    @property
    def layout(self) -> Layout:
        """The MRZ layout of this document's format."""
        return LAYOUTS[self.format]

    @property
    def mrz_number(self) -> str:
        """The number the MRZ carries: a visa's host passport number, else the document's own."""
        return self.visa.passport_number if self.visa else self.number

    def mrz_data(self) -> MrzData:
        """What the MRZ should encode according to the data page."""
        surname, given = names.canonical(self.surname, self.given_names, self.layout.name_width)
        return MrzData(
            format=self.format,
            document_code=self.document_code,
            issuing_state=self.issuing_state,
            surname=surname,
            given_names=given,
            document_number=self.mrz_number,
            nationality=self.nationality,
            birth_date=self.birth_date,
            sex=self.sex,
            expiry_date=self.expiry_date,
            optional_data=self.optional_data,
            optional_data_2=self.optional_data_2,
        )

    def rebuilt(self) -> Document:
        """This document with its MRZ written afresh from the data page."""
        return replace(self, mrz=build(self.mrz_data()))


class TravelSet(Struct, frozen=True, gc=False):
    """What one traveler presents: a passport or identity card, perhaps a visa, and the trip."""

    document: Document
    visa: Document | None
    trip: Trip

    @property
    def documents(self) -> tuple[Document, ...]:
        """The documents, the main one first."""
        return (self.document,) if self.visa is None else (self.document, self.visa)

    def get(self, kind: DocumentKind) -> Document | None:
        """The document of `kind`, if the set has one."""
        return next((d for d in self.documents if d.kind is kind), None)

    @property
    def shape(self) -> Shape:
        """The kind of set this is."""
        visa = self.visa.format if self.visa else None
        return Shape(self.document.format, visa, self.trip.entry)

    def named(self, name: str) -> Document:
        """The document a finding names (`passport`, `id-card` or `visa`)."""
        doc = self.visa if name == DocumentKind.VISA else self.document
        if doc is None or doc.kind != name:
            raise KeyError(f"the set has no {name}")
        return doc

    def with_document(self, doc: Document) -> TravelSet:
        """This set with `doc` in place of the document of its kind."""
        if doc.kind is DocumentKind.VISA:
            return replace(self, visa=doc)
        return replace(self, document=doc)


class Shape(Struct, frozen=True, gc=False):
    """The kind of set to make: the main document's format, a visa's format, how entry is sought."""

    document: MrzFormat
    visa: MrzFormat | None
    entry: Entry


def shapes(formats: Collection[MrzFormat]) -> tuple[Shape, ...]:
    """Every set shape that shows only the formats given (a visa brings its TD3 passport)."""
    out = [Shape(f, None, Entry.CARD) for f in (MrzFormat.TD1, MrzFormat.TD2) if f in formats]
    if MrzFormat.TD3 in formats:
        out.append(Shape(MrzFormat.TD3, None, Entry.VISA_WAIVER))
    out += [
        Shape(MrzFormat.TD3, v, Entry.VISA)
        for v in (MrzFormat.MRV_A, MrzFormat.MRV_B)
        if v in formats
    ]
    return tuple(out)


NORMAL: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.PASSPORT: (
        "Laminate intact; the photo is integrated with the security printing.",
        "Under UV light the data page shows the expected fluorescent pattern.",
        "Page numbers run in sequence and the stitching is even.",
        "The optically variable feature changes colour as the page is tilted.",
    ),
    DocumentKind.ID_CARD: (
        "The photo is laser-engraved into the card, flush with its surface.",
        "Under UV light the card shows the expected fluorescent pattern.",
        "The tactile relief over the date of birth can be felt.",
    ),
    DocumentKind.VISA: (
        "The foil lies flat and its background pattern runs evenly to the edges.",
        "Under UV light the foil shows the expected fluorescent pattern.",
    ),
}
FORGERY: dict[DocumentKind, tuple[Observation, ...]] = {
    DocumentKind.PASSPORT: (
        Observation(
            "The laminate is lifted along one edge of the photo, and the security pattern "
            "does not continue across it.",
            "photo-substitution",
        ),
        Observation("Under UV light the data page glows evenly, with no pattern.", "counterfeit"),
        Observation(
            "Under magnification the personal data show the dots of an inkjet printer.",
            "counterfeit",
        ),
        Observation(
            "Page 3 is followed by page 6, and the stitching has been resewn.",
            "page-substitution",
        ),
    ),
    DocumentKind.ID_CARD: (
        Observation(
            "The photo's edges stand proud and the surface over it is rough.", "photo-substitution"
        ),
        Observation("Under UV light the card shows no fluorescent pattern at all.", "counterfeit"),
    ),
    DocumentKind.VISA: (
        Observation(
            "The foil's edges are lifted and a second layer of adhesive shows beneath them.",
            "foil-substitution",
        ),
        Observation("Under UV light the foil shows no fluorescent pattern at all.", "counterfeit"),
    ),
}


def make_set(rng: random.Random, today: date, shape: Shape) -> TravelSet:
    """A clean set of `shape` for a traveler arriving on `today`: every check passes."""
    dates.require_date(today)
    if shape.entry is Entry.VISA_WAIVER:
        person = people.invent(rng, today, rng.choice(countries.VISA_WAIVER))
    else:
        person = people.invent(rng, today)
    if shape.entry is Entry.CARD:
        trip = _trip(rng, today, person, shape.entry, rng.choice(_WAIVER_PURPOSES))
        doc = _card(rng, today, person, shape.document)
        return TravelSet(doc, None, trip)
    visa_class = rng.choice(_CLASS_NAMES)
    allowed = _CLASS_PURPOSES[visa_class] if shape.entry is Entry.VISA else _WAIVER_PURPOSES
    trip = _trip(rng, today, person, shape.entry, rng.choice(allowed))
    passport = _passport(rng, today, person, trip)
    visa = None
    if shape.visa is not None:
        visa = _visa(rng, today, person, passport, shape.visa, visa_class)
    return TravelSet(passport, visa, trip)


def _trip(
    rng: random.Random, today: date, person: people.Person, entry: Entry, purpose: Purpose
) -> Trip:
    """The trip; the six-month rule is drawn for every entry but never binds a card holder."""
    low, high = STAY_DAYS[purpose]
    stay = rng.randint(low, high)
    one_way = purpose in (Purpose.STUDY, Purpose.WORK, Purpose.EXCHANGE) and rng.random() < 0.5
    country = countries.COUNTRIES.get(person.nationality)
    origin = rng.choice(country.towns) if country else "Zenith"
    return Trip(
        arrival=today,
        port=rng.choice(countries.PORTS),
        origin=origin,
        flight=f"{rng.choice(_NUMBER_LETTERS)}{rng.choice(_NUMBER_LETTERS)} {rng.randint(10, 999)}",
        entry=entry,
        purpose=purpose,
        statement=rng.choice(STATEMENTS[purpose]),
        stay_days=stay,
        return_date=None if one_way else today + timedelta(days=stay),
        six_month_rule=rng.random() < 0.75 and entry is not Entry.CARD,
    )


def _number(rng: random.Random, pattern: str) -> str:
    """A document number: a letter for each `L` of `pattern`, a digit for each `D`.

    Each character is drawn exactly as `rng.choice` draws it (the fewest bits that can index the
    alphabet, drawn again while they fall outside it), written out because a number is the most
    drawn thing in a set; the golden digests hold it to the same output.
    """
    bits = rng.getrandbits
    out = []
    for c in pattern:
        alphabet, size, width = _DRAWN[c]
        r = bits(width)
        while r >= size:
            r = bits(width)
        out.append(alphabet[r])
    return "".join(out)


def _observations(rng: random.Random, kind: DocumentKind) -> tuple[Observation, ...]:
    return tuple(Observation(t) for t in rng.sample(NORMAL[kind], 2))


def _issued(
    rng: random.Random,
    person: people.Person,
    kind: DocumentKind,
    fmt: MrzFormat,
    *,
    document_code: str,
    issuing_state: str,
    number: str,
    issue_date: date,
    expiry_date: date,
    authority: str,
    optional_data: str = "",
    visa: VisaDetails | None = None,
) -> Document:
    """A document of `kind` issued to `person`, with normal examination notes and its MRZ.

    The notes are drawn after the caller's draws: the seeded question banks rely on that order.
    """
    doc = Document(
        kind=kind,
        format=fmt,
        document_code=document_code,
        issuing_state=issuing_state,
        number=number,
        surname=person.surname,
        given_names=person.given_names,
        nationality=person.nationality,
        birth_date=person.birth_date,
        birth_place=person.birth_place,
        sex=person.sex,
        issue_date=issue_date,
        expiry_date=expiry_date,
        authority=authority,
        optional_data=optional_data,
        visa=visa,
        observations=_observations(rng, kind),
    )
    return doc.rebuilt()


def _passport(rng: random.Random, today: date, person: people.Person, trip: Trip) -> Document:
    if trip.six_month_rule:
        needed = dates.add_months(trip.departure, 6) + timedelta(days=30)
    else:
        needed = trip.departure + timedelta(days=30)
    earliest = dates.add_years(needed, -MAX_YEARS) + timedelta(days=1)
    issue = today - timedelta(days=rng.randrange(30, 9 * 365))
    issue = min(max(issue, earliest), today - timedelta(days=30))
    expiry = dates.add_years(issue, MAX_YEARS) - timedelta(days=1)
    if not trip.six_month_rule and rng.random() < 0.2:
        # Valid for the stay but not six months beyond it: right only because the rule is off.
        expiry = trip.departure + timedelta(days=rng.randint(7, 150))
        issue = dates.add_years(expiry, -MAX_YEARS) + timedelta(days=1)
    pattern = rng.choice(("LLDDDDDDD", "LDDDDDDDD", "DDDDDDDDD"))
    personal = _number(rng, rng.choice(("DDDDDDDDD", "LLDDDDDDDL", "DDDDDDDDDDD")))
    town = rng.choice(countries.COUNTRIES[person.nationality].towns)
    return _issued(
        rng,
        person,
        DocumentKind.PASSPORT,
        MrzFormat.TD3,
        document_code="P",
        issuing_state=person.nationality,
        number=_number(rng, pattern),
        issue_date=issue,
        expiry_date=expiry,
        authority=rng.choice(
            ("Passport Office", "Ministry of Foreign Affairs", f"Passport Office, {town}")
        ),
        optional_data=personal if rng.random() < 0.5 else "",
    )


def _card(rng: random.Random, today: date, person: people.Person, fmt: MrzFormat) -> Document:
    issue = today - timedelta(days=rng.randrange(30, 9 * 365))
    optional = ""
    if rng.random() < 0.5:
        optional = _number(rng, "DDDDDDDDDDDD" if fmt is MrzFormat.TD1 else "DDDDDDD")
    return _issued(
        rng,
        person,
        DocumentKind.ID_CARD,
        fmt,
        document_code=rng.choice(("I", "ID")),
        issuing_state=person.nationality,
        number=_number(rng, rng.choice(("LLLDDDDDD", "LDDDDDDDD"))),
        issue_date=issue,
        expiry_date=dates.add_years(issue, MAX_YEARS) - timedelta(days=1),
        authority=f"Municipality of {person.birth_place}",
        optional_data=optional,
    )


def _visa(
    rng: random.Random,
    today: date,
    person: people.Person,
    passport: Document,
    fmt: MrzFormat,
    visa_class: str,
) -> Document:
    years = VISA_YEARS[visa_class]
    earliest = max(passport.issue_date, dates.add_years(today, -years) + timedelta(days=30))
    span = (today - timedelta(days=7) - earliest).days
    issue = (
        earliest + timedelta(days=rng.randrange(span)) if span > 0 else today - timedelta(days=7)
    )
    town = rng.choice(countries.COUNTRIES[person.nationality].towns)
    return _issued(
        rng,
        person,
        DocumentKind.VISA,
        fmt,
        document_code="V",
        issuing_state=countries.HOST,
        number=_number(rng, "DDDDDDDD"),
        issue_date=issue,
        expiry_date=dates.add_years(issue, years) - timedelta(days=1),
        authority=f"Consulate, {town}",
        visa=VisaDetails(visa_class, rng.choice(("M", "M", "M", "1", "2")), passport.number),
    )
