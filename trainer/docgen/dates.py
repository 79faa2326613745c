"""MRZ dates: YYMMDD, with the century inferred against an injected today; calendar helpers."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from enum import StrEnum

# Expiry dates are read into the century that puts them within this many years of today.
EXPIRY_WINDOW_YEARS = 50
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class DateKind(StrEnum):
    """Which kind of date a YYMMDD field holds, for century inference."""

    BIRTH = "birth"
    EXPIRY = "expiry"


def require_date(value: object, name: str = "today") -> date:
    """`value` when it is a plain date; datetimes (naive or not) and other types are refused."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


def encode(day: date) -> str:
    """`day` as YYMMDD."""
    return f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"


def decode(text: str, kind: DateKind, today: date) -> date:
    """The date a YYMMDD field holds; raises ValueError when it is not a real date.

    A birth date is the latest one not after today; an expiry date may lie in the future, and is
    read into the century that puts it within 50 years of today.
    """
    if len(text) != 6 or not text.isascii() or not text.isdigit():
        raise ValueError(f"{text!r} is not a date (YYMMDD)")
    yy, month, day = int(text[:2]), int(text[2:4]), int(text[4:])
    if not 1 <= month <= 12:
        raise ValueError(f"{text} is not a real date (month {month:02d})")
    if kind is DateKind.BIRTH:
        year = today.year - (today.year - yy) % 100
        if (year, month, day) > (today.year, today.month, today.day):
            year -= 100
    else:
        low = today.year - EXPIRY_WINDOW_YEARS + 1
        year = low + (yy - low) % 100
    if not 1 <= day <= days_in_month(year, month):
        raise ValueError(f"{text} is not a real date (day {day:02d} of {month:02d}/{year})")
    return date(year, month, day)


def add_years(day: date, years: int) -> date:
    """`day` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, the day clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, days_in_month(year, month + 1)))


def days_in_month(year: int, month: int) -> int:
    """How many days `month` (1-12) has in `year`."""
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def printed(day: date) -> str:
    """`day` as a data page prints it: `12 AUG 1974`."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"
