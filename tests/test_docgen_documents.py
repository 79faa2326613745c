"""Generated documents: clean sets pass every check, and each MRZ reads back to its data page."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from trainer.docgen import countries, dates, documents, mrz, people
from trainer.docgen.documents import DocumentKind, Shape, TravelSet, make_set, shapes
from trainer.docgen.inspection import inspect_set
from trainer.docgen.layouts import MrzFormat
from trainer.docgen.trips import Entry

ALL = tuple(MrzFormat)
SHAPES = shapes(ALL)
seeds = st.integers(min_value=0, max_value=2**32)
days = st.dates(min_value=date(1960, 1, 1), max_value=date(2140, 12, 31))
shape_of = st.sampled_from(SHAPES)


def a_set(seed: int, today: date, shape: Shape) -> TravelSet:
    return make_set(random.Random(seed), today, shape)


@given(seeds, days, shape_of)
@settings(max_examples=150, deadline=None)
def test_each_clean_mrz_reads_back_as_its_data_with_every_check_holding(
    seed: int, today: date, shape: Shape
) -> None:
    for doc in a_set(seed, today, shape).documents:
        report = mrz.check(doc.mrz, today)
        assert report.findings == ()
        assert all(r.ok for r in report.fields)
        assert report.data == doc.mrz_data()
        assert mrz.build(report.data) == doc.mrz


@given(seeds, days, shape_of)
@settings(max_examples=150, deadline=None)
def test_a_clean_set_has_no_finding(seed: int, today: date, shape: Shape) -> None:
    travel = a_set(seed, today, shape)
    assert inspect_set(travel) == ()
    assert travel.shape == shape


@given(seeds, days)
@settings(max_examples=100, deadline=None)
def test_travelers_are_adults_with_names_from_the_lists(seed: int, today: date) -> None:
    person = people.invent(random.Random(seed), today)
    assert person.birth_date <= dates.add_years(today, -18)
    assert person.birth_date > dates.add_years(today, -76)
    assert person.nationality in countries.CODES
    given_words = {w for n in people.GIVEN_F + people.GIVEN_M for w in n.split(" ")}
    assert set(person.given_names.split(" ")) <= given_words
    surname_words = {w for n in people.SURNAMES for w in n.split(" ")}
    assert set(person.surname.split(" ")) <= surname_words
    assert person.sex in ("F", "M", "X")


def test_the_same_generator_state_gives_the_same_set() -> None:
    today = date(2026, 3, 1)
    for shape in SHAPES:
        assert a_set(5, today, shape) == a_set(5, today, shape)
    assert a_set(5, today, SHAPES[-1]) != a_set(6, today, SHAPES[-1])


def test_shapes_follow_the_formats_asked_for() -> None:
    assert shapes([MrzFormat.TD1]) == (Shape(MrzFormat.TD1, None, Entry.CARD),)
    assert shapes([MrzFormat.MRV_B]) == (Shape(MrzFormat.TD3, MrzFormat.MRV_B, Entry.VISA),)
    assert shapes([MrzFormat.TD3]) == (Shape(MrzFormat.TD3, None, Entry.VISA_WAIVER),)
    assert len(SHAPES) == 5
    assert shapes([]) == ()


def test_a_set_holds_what_its_shape_says() -> None:
    today = date(2026, 3, 1)
    waiver = a_set(1, today, Shape(MrzFormat.TD3, None, Entry.VISA_WAIVER))
    assert waiver.visa is None
    assert waiver.document.kind is DocumentKind.PASSPORT
    assert waiver.document.nationality in countries.VISA_WAIVER
    assert waiver.trip.return_date is not None
    visa_set = a_set(1, today, Shape(MrzFormat.TD3, MrzFormat.MRV_A, Entry.VISA))
    assert visa_set.visa is not None
    assert visa_set.visa.visa is not None
    assert visa_set.visa.visa.passport_number == visa_set.document.number
    assert visa_set.visa.issuing_state == countries.HOST
    assert visa_set.named("visa") is visa_set.visa
    card = a_set(1, today, Shape(MrzFormat.TD2, None, Entry.CARD))
    assert card.document.kind is DocumentKind.ID_CARD
    assert card.named("id-card") is card.document
    with pytest.raises(KeyError, match="the set has no passport"):
        card.named("passport")
    with pytest.raises(KeyError, match="the set has no visa"):
        card.named("visa")


def test_a_set_is_made_for_a_plain_date_only() -> None:
    with pytest.raises(TypeError, match=r"must be a datetime\.date"):
        make_set(random.Random(1), datetime(2026, 3, 1), SHAPES[0])  # noqa: DTZ001


def test_rebuilding_writes_the_mrz_from_the_page() -> None:
    travel = a_set(3, date(2026, 3, 1), SHAPES[0])
    doc = replace(travel.document, surname="Núñez", given_names="María José")
    rebuilt = doc.rebuilt()
    assert rebuilt.mrz != doc.mrz
    assert rebuilt.mrz[2].startswith("NUNEZ<<MARIA<JOSE<")
    assert documents.TravelSet(rebuilt, None, travel.trip).with_document(doc).document == doc


def test_the_passport_is_valid_for_the_stay_plus_six_months_when_the_rule_applies() -> None:
    today = date(2026, 3, 1)
    for seed in range(200):
        travel = a_set(seed, today, SHAPES[2])
        if travel.trip.six_month_rule:
            assert travel.document.expiry_date >= travel.trip.departure + timedelta(days=180)
        assert travel.document.expiry_date > travel.trip.departure
