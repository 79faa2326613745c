"""The MRZ: check digits, names, dates, layouts, building and checking, against known vectors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from tests.samples import TD3
from trainer.docgen import dates, mrz, names
from trainer.docgen.checkdigit import check_digit, value, working
from trainer.docgen.layouts import LAYOUTS, MrzFormat
from trainer.docgen.mrz import MrzData, Sex

TODAY = date(2026, 3, 1)

# The ICAO "Utopia" specimens (ERIKSSON, ANNA MARIA): TD3 as given in DOMAIN.md section 3.7, its
# digits verified by hand there; TD1, TD2, MRV-A and MRV-B as widely published in MRZ test suites.
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
TD2 = ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6")
MRV_A = (
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
)
MRV_B = ("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<")


def tags(lines: tuple[str, ...], today: date = TODAY) -> set[str]:
    return {f.tag for f in mrz.check(lines, today).findings}


def error_tags(lines: tuple[str, ...], today: date = TODAY) -> set[str]:
    return {f.tag for f in mrz.check(lines, today).errors}


def messages(lines: tuple[str, ...], today: date = TODAY) -> list[str]:
    return [f.message for f in mrz.check(lines, today).findings]


def edit(lines: tuple[str, ...], line: int, pos: int, text: str) -> tuple[str, ...]:
    """`lines` with `text` written at 1-based line `line`, position `pos`."""
    row = lines[line - 1]
    row = row[: pos - 1] + text + row[pos - 1 + len(text) :]
    return (*lines[: line - 1], row, *lines[line:])


# Check digits.


@pytest.mark.parametrize(
    ("text", "digit"),
    [
        ("L898902C3", 6),
        ("740812", 2),
        ("120415", 9),
        ("ZE184226B<<<<<", 1),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 7),
        ("0123456789", 7),
        ("0123456789ABCDEF", 0),
        ("0", 0),
        ("<<<<<<<<<", 0),
    ],
)
def test_check_digit_published_vectors(text: str, digit: int) -> None:
    assert check_digit(text) == digit


def test_check_digit_working_is_written_out() -> None:
    assert working("L898902C3") == (
        "L=21x7=147, 8x3=24, 9x1=9, 8x7=56, 9x3=27, 0x1=0, 2x7=14, C=12x3=36, 3x1=3; "
        "the sum is 316, and 316 mod 10 is 6"
    )


@pytest.mark.parametrize("text", ["l898902C3", "L898 02C3", "Ö", "-"])
def test_check_digit_refuses_characters_outside_the_set(text: str) -> None:
    with pytest.raises(ValueError, match="is not an MRZ character"):
        check_digit(text)


def test_character_values() -> None:
    assert [value(c) for c in "09AZ<"] == [0, 9, 10, 35, 0]
    with pytest.raises(ValueError, match="'a' is not an MRZ character"):
        value("a")


# Names.


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("María José", "MARIA<JOSE"),
        ("Núñez", "NUNEZ"),
        ("Müller", "MUELLER"),
        ("Søndergaard", "SOENDERGAARD"),
        ("Åberg", "AABERG"),
        ("Straße", "STRASSE"),
        ("Łukasik", "LUKASIK"),
        ("O'Connor", "OCONNOR"),
        ("Smith-Jones", "SMITH<JONES"),
        ("van der Berg", "VAN<DER<BERG"),
        ("Jean - Luc", "JEAN<LUC"),
        ("  Ömer  ", "OEMER"),
        ("Þór", "THOR"),
    ],
)
def test_names_are_transliterated(text: str, spelled: str) -> None:
    assert names.transliterate(text) == spelled


@pytest.mark.parametrize("text", ["Иван", "R2D2", "Ana@"])
def test_names_without_a_latin_spelling_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="has no MRZ spelling"):
        names.transliterate(text)


def test_name_field_is_padded_and_read_back() -> None:
    field = names.encode("Eriksson", "Anna María", 39)
    assert field == "ERIKSSON<<ANNA<MARIA" + "<" * 19
    assert names.decode(field) == ("ERIKSSON", "ANNA MARIA")


def test_long_names_are_cut_to_the_field() -> None:
    field = names.encode("Oyelaran-Whitfield", "Anne-Sophie María José", 30)
    assert field == "OYELARAN<WHITFIELD<<ANNE<SOPHI"
    assert names.canonical("Oyelaran-Whitfield", "Anne-Sophie María José", 30) == (
        "OYELARAN WHITFIELD",
        "ANNE SOPHI",
    )


def test_a_surname_alone_is_allowed_but_no_surname_is_not() -> None:
    assert names.encode("Sukarno", "", 10) == "SUKARNO<<<"
    assert names.decode("SUKARNO<<<") == ("SUKARNO", "")
    with pytest.raises(ValueError, match="needs a surname"):
        names.encode("'", "Anna", 30)


# Dates.


@pytest.mark.parametrize(
    ("text", "kind", "day"),
    [
        ("740812", dates.DateKind.BIRTH, date(1974, 8, 12)),
        ("250101", dates.DateKind.BIRTH, date(2025, 1, 1)),
        ("260301", dates.DateKind.BIRTH, date(2026, 3, 1)),
        ("260302", dates.DateKind.BIRTH, date(1926, 3, 2)),
        ("000229", dates.DateKind.BIRTH, date(2000, 2, 29)),
        ("120415", dates.DateKind.EXPIRY, date(2012, 4, 15)),
        ("360101", dates.DateKind.EXPIRY, date(2036, 1, 1)),
        ("761231", dates.DateKind.EXPIRY, date(2076, 12, 31)),
        ("770101", dates.DateKind.EXPIRY, date(1977, 1, 1)),
    ],
)
def test_century_is_inferred_against_today(text: str, kind: dates.DateKind, day: date) -> None:
    assert dates.decode(text, kind, TODAY) == day


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("741312", "month 13"),
        ("740230", "day 30 of 02/1974"),
        ("740431", "day 31 of 04/1974"),
        ("740800", "day 00"),
        ("010229", "day 29 of 02/2001"),
        ("7408a2", "is not a date"),
        ("74081", "is not a date"),
        ("7408\u0661\u0662", "is not a date"),
    ],
)
def test_impossible_dates_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        dates.decode(text, dates.DateKind.BIRTH, TODAY)


@given(st.dates(min_value=date(1930, 1, 1), max_value=TODAY))
@settings(max_examples=150, deadline=None)
def test_any_past_birth_date_within_a_century_reads_back(day: date) -> None:
    assert dates.decode(dates.encode(day), dates.DateKind.BIRTH, TODAY) == day


def test_calendar_helpers_clamp_to_real_days() -> None:
    assert dates.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert dates.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert dates.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert dates.printed(date(1974, 8, 12)) == "12 AUG 1974"


@pytest.mark.parametrize("moment", [datetime(2026, 3, 1), datetime(2026, 3, 1, tzinfo=UTC), "2026"])  # noqa: DTZ001
def test_today_must_be_a_plain_date(moment: object) -> None:
    with pytest.raises(TypeError, match=r"must be a datetime\.date"):
        mrz.check(TD3, moment)  # type: ignore[arg-type]


# Specimens read and rebuilt.


@pytest.mark.parametrize(
    ("lines", "fmt", "number", "today"),
    [
        (TD3, MrzFormat.TD3, "L898902C3", date(2005, 1, 1)),
        (TD1, MrzFormat.TD1, "D23145890", date(2005, 1, 1)),
        (TD2, MrzFormat.TD2, "D23145890", date(2005, 1, 1)),
        (MRV_A, MrzFormat.MRV_A, "L8988901C", date(1995, 1, 1)),
        (MRV_B, MrzFormat.MRV_B, "L8988901C", date(1995, 1, 1)),
    ],
)
def test_specimens_are_valid_and_rebuild_exactly(
    lines: tuple[str, ...], fmt: MrzFormat, number: str, today: date
) -> None:
    """On a day when they were current, the specimens raise no finding at all."""
    report = mrz.check(lines, today)
    assert report.format is fmt
    assert report.valid
    assert report.findings == ()
    assert all(r.ok for r in report.fields)
    assert report.data is not None
    assert report.data.document_number == number
    assert (report.data.surname, report.data.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.build(report.data) == lines


def test_td3_specimen_fields_are_read() -> None:
    report = mrz.check(TD3, TODAY)
    assert report.data == MrzData(
        format=MrzFormat.TD3,
        document_code="P",
        issuing_state="UTO",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        document_number="L898902C3",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2012, 4, 15),
        optional_data="ZE184226B",
    )
    checks = {r.name: r.raw for r in report.fields if r.name.endswith(" check")}
    assert checks == {
        "document_number check": "6",
        "birth_date check": "2",
        "expiry_date check": "9",
        "optional_data check": "1",
        "composite check": "0",
    }


# Hand-made broken variants: each failure named.


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (edit(TD3, 2, 10, "5"), ["document_number check digit is 5, computed 6", "composite"]),
        (edit(TD3, 2, 20, "3"), ["birth_date check digit is 3, computed 2", "composite"]),
        (edit(TD3, 2, 28, "8"), ["expiry_date check digit is 8, computed 9", "composite"]),
        (edit(TD3, 2, 43, "2"), ["optional_data check digit is 2, computed 1", "composite"]),
        (edit(TD3, 2, 44, "1"), ["composite check digit is 1, computed 0"]),
        (edit(TD3, 2, 10, "A"), ["document_number check digit is 'A', computed 6", "composite"]),
        (edit(TD3, 2, 1, "M"), ["document_number check digit is 6, computed 3", "composite"]),
        (edit(TD1, 1, 15, "0"), ["document_number check digit is 0, computed 7", "composite"]),
        (edit(TD1, 2, 30, "5"), ["composite check digit is 5, computed 6"]),
        (edit(TD2, 2, 36, "0"), ["composite check digit is 0, computed 6"]),
        (edit(MRV_A, 2, 10, "5"), ["document_number check digit is 5, computed 4"]),
        (edit(MRV_B, 2, 28, "1"), ["expiry_date check digit is 1, computed 9"]),
    ],
)
def test_each_failing_check_digit_is_named(lines: tuple[str, ...], expected: list[str]) -> None:
    found = [f.message for f in mrz.check(lines, date(1995, 1, 1)).errors]
    assert len(found) == len(expected)
    for message, wanted in zip(found, expected, strict=True):
        assert message.startswith(wanted)


def test_a_filler_is_a_valid_optional_data_check_only_when_the_field_is_empty() -> None:
    data = replace(
        mrz.check(TD3, TODAY).data or pytest.fail("specimen unreadable"), optional_data=""
    )
    lines = mrz.build(data)
    assert lines[1][42] == "<"
    assert error_tags(lines) == set()
    assert error_tags(edit(lines, 2, 43, "0")) == set()
    assert error_tags(edit(TD3, 2, 43, "<")) == {"mrz.check.optional_data", "mrz.check.composite"}


@pytest.mark.parametrize(
    ("lines", "tag", "message"),
    [
        (edit(TD3, 2, 16, "13"), "mrz.date.birth_date", "birth_date 741312 is not a real date"),
        (edit(TD3, 2, 24, "0230"), "mrz.date.expiry_date", "expiry_date 120230 is not a real"),
        (edit(TD3, 2, 21, "Q"), "mrz.format.sex", "sex 'Q' is not M, F or <"),
        (edit(TD3, 1, 1, "X"), "mrz.format.document_code", "document_code 'X<' is not a passport"),
        (edit(TD3, 1, 3, "U1O"), "mrz.format.issuing_state", "issuing_state 'U1O' is not"),
        (edit(TD3, 2, 11, "<TO"), "mrz.format.nationality", "nationality '<TO' is not"),
        (edit(TD3, 1, 6, "ERIK5SON"), "mrz.format.names", "has digits in it"),
        (edit(TD3, 1, 6, "<<<<<<<<"), "mrz.format.names", "has no surname"),
        (edit(TD3, 2, 1, "<" * 9), "mrz.format.document_number", "document_number is empty"),
    ],
)
def test_malformed_fields_are_named(lines: tuple[str, ...], tag: str, message: str) -> None:
    report = mrz.check(lines, TODAY)
    assert not report.valid
    assert report.data is None
    named = [f for f in report.errors if f.tag == tag]
    assert len(named) == 1
    assert message in named[0].message


def test_bad_characters_are_reported_by_line_and_position() -> None:
    lines = edit(edit(TD3, 1, 25, "a"), 2, 30, " ")
    report = mrz.check(lines, TODAY)
    assert [f.message for f in report.findings if f.tag == "mrz.charset"] == [
        "line 1 has characters outside A-Z, 0-9 and <: 'a' at 25",
        "line 2 has characters outside A-Z, 0-9 and <: ' ' at 30",
    ]
    unchecked = {r.name for r in report.fields if r.problem and r.problem.startswith("not checked")}
    assert unchecked == {"optional_data check", "composite check"}
    assert error_tags(lines) == {"mrz.charset"}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ((), "an MRZ has 2 or 3 lines; got 0"),
        ((TD3[0],), "an MRZ has 2 or 3 lines; got 1"),
        ((*TD1, TD1[0]), "an MRZ has 2 or 3 lines; got 4"),
        (
            (TD3[0][:40], TD3[1][:40]),
            "a two-line MRZ has lines of 36 or 44 characters; got 40 and 40",
        ),
        ((TD3[0], TD3[1][:43]), "line 2 has 43 characters; TD3 lines have 44"),
        ((TD3[0] + "<", TD3[1]), "line 1 has 45 characters; TD3 lines have 44"),
        ((MRV_B[0][:35], MRV_B[1]), "line 1 has 35 characters; MRV-B lines have 36"),
        ((*TD1[:2], TD1[2][:29]), "line 3 has 29 characters; TD1 lines have 30"),
    ],
)
def test_wrong_line_count_or_length_is_one_clear_finding(
    lines: tuple[str, ...], message: str
) -> None:
    report = mrz.check(lines, TODAY)
    assert [(f.tag, f.message) for f in report.findings] == [("mrz.length", message)]
    assert report.fields == ()
    assert report.data is None


def test_formats_are_told_apart_by_size_and_document_code() -> None:
    assert mrz.detect(TD3)[0] is LAYOUTS[MrzFormat.TD3]
    assert mrz.detect(MRV_A)[0] is LAYOUTS[MrzFormat.MRV_A]
    assert mrz.detect(TD2)[0] is LAYOUTS[MrzFormat.TD2]
    assert mrz.detect(MRV_B)[0] is LAYOUTS[MrzFormat.MRV_B]
    assert mrz.detect(TD1)[0] is LAYOUTS[MrzFormat.TD1]


# Validity warnings: they never make the zone invalid.


def test_expired_is_a_warning_judged_on_today() -> None:
    assert tags(TD3, date(2012, 4, 15)) == set()
    report = mrz.check(TD3, date(2012, 4, 16))
    assert report.valid
    assert [(f.tag, f.message) for f in report.warnings] == [
        ("validity.expired", "expired on 2012-04-15, before 2012-04-16")
    ]


def test_expiry_too_far_ahead_is_a_warning() -> None:
    assert tags(TD3, date(2002, 4, 15)) == set()
    assert tags(TD3, date(2002, 4, 14)) == {"validity.too-long"}


def test_expiry_before_birth_is_a_warning_instead_of_expired() -> None:
    data = replace(
        mrz.check(TD3, TODAY).data or pytest.fail("specimen unreadable"),
        expiry_date=date(1970, 1, 1),
    )
    lines = mrz.build(data)
    assert tags(lines, date(2010, 1, 1)) == {"validity.expiry-before-birth"}
    assert messages(lines, date(2010, 1, 1)) == [
        "expiry_date 1970-01-01 is before birth_date 1974-08-12"
    ]


# Building.


def _specimen() -> MrzData:
    return mrz.check(TD3, TODAY).data or pytest.fail("specimen unreadable")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"document_number": "L898902C30"}, "document_number 'L898902C30' does not fit 9"),
        ({"optional_data": "ZE184226B<<<<<<"}, "optional_data 'ZE184226B<<<<<<' does not fit 14"),
        ({"optional_data": "ze184226b"}, "optional_data 'ze184226b' does not fit"),
        ({"optional_data_2": "X"}, "TD3 has no second optional data field"),
        ({"nationality": "U1O"}, "nationality 'U1O' is not a three-letter code"),
        ({"issuing_state": "UTOP"}, "issuing_state 'UTOP' is not a three-letter code"),
        ({"document_code": "V"}, "document code 'V' does not fit TD3"),
        ({"document_code": "PPP"}, "document code 'PPP' does not fit TD3"),
        ({"sex": cast(Sex, "Q")}, "sex 'Q' is not M, F or X"),
        ({"surname": "Иванов"}, "has no MRZ spelling"),
    ],
)
def test_build_refuses_what_cannot_be_written(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        mrz.build(replace(_specimen(), **changes))


def test_build_writes_unspecified_sex_as_a_filler_and_reads_it_back_as_x() -> None:
    lines = mrz.build(replace(_specimen(), sex="X"))
    assert lines[1][20] == "<"
    report = mrz.check(lines, TODAY)
    assert report.data is not None
    assert report.data.sex == "X"
    assert error_tags(lines) == set()


def test_short_state_codes_are_padded() -> None:
    lines = mrz.build(replace(_specimen(), issuing_state="D", nationality="D"))
    assert lines[0][2:5] == "D<<"
    assert lines[1][10:13] == "D<<"
    report = mrz.check(lines, TODAY)
    assert report.data is not None
    assert (report.data.issuing_state, report.data.nationality) == ("D", "D")


@given(st.lists(st.text(alphabet="AZ09<a \u00e9\n-", max_size=50), max_size=4))
@settings(max_examples=200, deadline=None)
def test_no_input_makes_the_checker_raise(lines: list[str]) -> None:
    report = mrz.check(lines, TODAY)
    assert report.valid == (not report.errors)
    if report.data is not None:
        assert report.format is not None
