"""The journey a traveler states: purpose, length of stay, ticket, and how they seek admission."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum

from msgspec import Struct


class Purpose(StrEnum):
    """Why the traveler says they are coming."""

    TOURISM = "tourism"
    FAMILY = "family"
    BUSINESS = "business"
    CONFERENCE = "conference"
    STUDY = "study"
    WORK = "work"
    EXCHANGE = "exchange"


class Entry(StrEnum):
    """How admission is sought: on a visa, under the Visa Waiver Program, or on an identity card."""

    VISA = "visa"
    VISA_WAIVER = "visa-waiver"
    CARD = "card"


# Which purposes each nonimmigrant visa class fits (INA 101(a)(15), in outline).
VISA_CLASSES: Mapping[str, frozenset[Purpose]] = {
    "B-1": frozenset({Purpose.BUSINESS, Purpose.CONFERENCE}),
    "B-2": frozenset({Purpose.TOURISM, Purpose.FAMILY}),
    "B-1/B-2": frozenset({Purpose.TOURISM, Purpose.FAMILY, Purpose.BUSINESS, Purpose.CONFERENCE}),
    "F-1": frozenset({Purpose.STUDY}),
    "H-1B": frozenset({Purpose.WORK}),
    "J-1": frozenset({Purpose.EXCHANGE}),
}
# Longest validity a generated visa of each class gets, in years.
VISA_YEARS: Mapping[str, int] = {"B-1": 10, "B-2": 10, "B-1/B-2": 10, "F-1": 5, "H-1B": 3, "J-1": 4}

# The Visa Waiver Program admits for business or pleasure only, for at most 90 days, with a
# return or onward ticket (INA 217; 8 CFR 217).
VISA_WAIVER_PURPOSES = frozenset(
    {Purpose.TOURISM, Purpose.FAMILY, Purpose.BUSINESS, Purpose.CONFERENCE}
)
VISA_WAIVER_DAYS = 90

STAY_DAYS: Mapping[Purpose, tuple[int, int]] = {
    Purpose.TOURISM: (4, 45),
    Purpose.FAMILY: (7, 60),
    Purpose.BUSINESS: (2, 14),
    Purpose.CONFERENCE: (3, 10),
    Purpose.STUDY: (120, 300),
    Purpose.WORK: (180, 365),
    Purpose.EXCHANGE: (60, 300),
}

STATEMENTS: Mapping[Purpose, tuple[str, ...]] = {
    Purpose.TOURISM: (
        "On holiday: we want to see the national parks.",
        "Sightseeing with my partner, then we fly home.",
        "A road trip along the coast with two friends.",
    ),
    Purpose.FAMILY: (
        "Visiting my sister and her new baby.",
        "My parents' fortieth wedding anniversary.",
        "Staying with my cousin for the holidays.",
    ),
    Purpose.BUSINESS: (
        "Meetings with a supplier about next year's contract.",
        "Negotiating a sale for my company; I fly back on Friday.",
        "Visiting our partner's factory to inspect an order.",
    ),
    Purpose.CONFERENCE: (
        "Presenting a paper at a medical conference.",
        "Attending an engineering trade fair.",
        "A three-day software conference; my employer paid the fee.",
    ),
    Purpose.STUDY: (
        "Starting a master's degree; classes begin next week.",
        "My first semester at the state university.",
    ),
    Purpose.WORK: (
        "Starting my new job at an engineering firm on Monday.",
        "I have been hired as a nurse at a hospital here.",
    ),
    Purpose.EXCHANGE: (
        "A research exchange at a university laboratory.",
        "A teacher exchange programme for the school year.",
    ),
}


class Trip(Struct, frozen=True, gc=False):
    """The arrival and what the traveler states about it."""

    arrival: date
    port: str
    origin: str
    flight: str
    entry: Entry
    purpose: Purpose
    statement: str
    stay_days: int
    return_date: date | None
    six_month_rule: bool

    @property
    def departure(self) -> date:
        """The last day of the stated stay."""
        return self.arrival + timedelta(days=self.stay_days)
