"""Planted defects: each is found by the review exactly and alone; the review's rules at edges."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from trainer.docgen import dates, mrz, planting
from trainer.docgen.defects import DEFECTS, DOCUMENT_NAMES, TAGS, Action, decide, plant
from trainer.docgen.documents import Observation, Shape, TravelSet, make_set, shapes
from trainer.docgen.inspection import inspect_set
from trainer.docgen.layouts import MrzFormat
from trainer.docgen.trips import Entry, Purpose

TODAY = date(2026, 3, 1)
SHAPES = shapes(tuple(MrzFormat))
PASSPORT_VISA = Shape(MrzFormat.TD3, MrzFormat.MRV_A, Entry.VISA)
WAIVER = Shape(MrzFormat.TD3, None, Entry.VISA_WAIVER)
CARD = Shape(MrzFormat.TD1, None, Entry.CARD)


def found(travel: TravelSet) -> set[tuple[str, str]]:
    return {(f.document or "", f.tag) for f in inspect_set(travel)}


def clean(shape: Shape, seed: int = 1, today: date = TODAY) -> TravelSet:
    travel = make_set(random.Random(seed), today, shape)
    assert inspect_set(travel) == ()
    return travel


# Every tag, planted alone in a clean set of a shape it fits, is found and nothing else is.


@pytest.mark.parametrize("tag", TAGS)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    today=st.dates(min_value=date(1970, 1, 1), max_value=date(2130, 12, 31)),
)
@settings(max_examples=100, deadline=None)
def test_a_planted_defect_is_found_exactly_and_alone(tag: str, seed: int, today: date) -> None:
    rng = random.Random(seed)
    kind = DEFECTS[tag]
    travel = make_set(rng, today, rng.choice([s for s in SHAPES if kind.targets(s)]))
    done = plant(travel, [tag], rng)
    if done is None and tag.startswith("vz-mrz.") and "name" in tag:
        # A surname long enough to fill the zone leaves the given names out of the MRZ, so a
        # changed name cannot show there: the planter declines, and only then may it.
        name_field = travel.documents[0].layout.fields["names"].of(travel.documents[0].mrz)
        shows_given_names = "<<" in name_field and name_field.split("<<", 1)[1].strip("<") != ""
        assume(shows_given_names)
    assert done is not None
    altered, planted = done
    assert altered != travel
    assert [p.tag for p in planted] == [tag]
    assert found(altered) == {(planted[0].document, tag)}
    if tag.startswith("mrz."):
        # The MRZ checker on its own names it, and only it.
        doc = altered.named(planted[0].document)
        assert {f.tag for f in mrz.check(doc.mrz, today).findings} == {tag}


def test_the_catalogue_is_complete_and_its_tags_are_ids() -> None:
    assert len(TAGS) == 30
    for tag, kind in DEFECTS.items():
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", tag)
        assert kind.tag == tag
        assert 1 <= kind.difficulty <= 5
        assert kind.why.endswith(".")
        assert any(kind.targets(s) for s in SHAPES)
    combos = {(k.tag, t) for s in SHAPES for k in DEFECTS.values() for t in k.targets(s)}
    labels = {DEFECTS[tag].label_for(target) for tag, target in combos}
    assert len(labels) == len(combos)  # an option's text names one defect in one document
    assert set(DOCUMENT_NAMES) == {"passport", "id-card", "visa", "trip"}


def test_a_defect_that_does_not_fit_the_set_is_not_planted() -> None:
    rng = random.Random(1)
    assert plant(clean(CARD), ["context.vwp-over-90"], rng) is None
    assert plant(clean(CARD), ["visa.name"], rng) is None
    assert plant(clean(WAIVER), ["validity.visa-not-yet-valid"], rng) is None
    visa_set = clean(PASSPORT_VISA)
    assert DEFECTS["mrz.check.composite"].targets(visa_set.shape) == ("passport",)
    assert DEFECTS["mrz.check.optional_data"].targets(clean(CARD).shape) == ()


def test_defects_are_planted_data_first_then_the_mrz() -> None:
    rng = random.Random(4)
    done = plant(clean(PASSPORT_VISA), ["mrz.check.birth_date", "validity.expired"], rng)
    assert done is not None
    _, planted = done
    assert [p.tag for p in planted] == ["validity.expired", "mrz.check.birth_date"]


@pytest.mark.parametrize(
    ("tags", "action"),
    [
        ((), Action.ADMIT),
        (("validity.expired",), Action.REFUSE),
        (("validity.expired", "mrz.check.composite"), Action.REFER),
        (("context.vwp-over-90", "forged.consistent-mrz", "vz-mrz.mismatch.sex"), Action.SEIZE),
    ],
)
def test_the_strongest_finding_decides_the_action(tags: tuple[str, ...], action: Action) -> None:
    assert decide(tags) is action


# The review's rules at their edges, on hand-made sets.


def test_expiry_on_the_arrival_day_is_still_valid() -> None:
    travel = clean(CARD)
    doc = travel.document
    on_the_day = replace(doc, expiry_date=TODAY, issue_date=dates.add_years(TODAY, -10)).rebuilt()
    assert found(travel.with_document(on_the_day)) == set()
    day_before = replace(on_the_day, expiry_date=TODAY - timedelta(days=1)).rebuilt()
    assert found(travel.with_document(day_before)) == {("id-card", "validity.expired")}


def test_six_month_rule_only_where_it_applies() -> None:
    travel = clean(WAIVER, seed=2)
    short = replace(
        travel.document,
        expiry_date=travel.trip.departure + timedelta(days=30),
        issue_date=dates.add_years(travel.trip.departure + timedelta(days=30), -10),
    ).rebuilt()
    on = replace(travel.with_document(short), trip=replace(travel.trip, six_month_rule=True))
    off = replace(on, trip=replace(travel.trip, six_month_rule=False))
    assert found(on) == {("passport", "validity.six-months")}
    assert found(off) == set()
    expiry = dates.add_months(travel.trip.departure, 6)
    enough = replace(short, expiry_date=expiry, issue_date=dates.add_years(expiry, -10)).rebuilt()
    assert found(on.with_document(enough)) == set()


def test_expiry_before_birth_is_reported_instead_of_expired_and_six_months() -> None:
    travel = replace(
        clean(WAIVER, seed=3), trip=replace(clean(WAIVER, seed=3).trip, six_month_rule=True)
    )
    doc = travel.document
    absurd = replace(doc, expiry_date=doc.birth_date - timedelta(days=1)).rebuilt()
    assert found(travel.with_document(absurd)) == {("passport", "validity.expiry-before-birth")}


def test_a_visa_is_valid_from_its_first_day() -> None:
    travel = clean(PASSPORT_VISA, seed=5)
    assert travel.visa is not None
    starts_today = replace(travel.visa, issue_date=TODAY).rebuilt()
    assert found(travel.with_document(starts_today)) == set()
    tomorrow = replace(starts_today, issue_date=TODAY + timedelta(days=1))
    assert found(travel.with_document(tomorrow)) == {("visa", "validity.visa-not-yet-valid")}


def test_names_swapped_is_told_apart_from_a_misspelt_name() -> None:
    travel = clean(CARD, seed=6)
    doc = replace(travel.document, surname="Eriksson", given_names="Anna Maria").rebuilt()
    swapped = replace(doc, surname=doc.given_names, given_names=doc.surname)
    assert found(travel.with_document(swapped)) == {("id-card", "vz-mrz.names-swapped")}
    misspelt = replace(doc, surname="Erikson")
    assert found(travel.with_document(misspelt)) == {("id-card", "vz-mrz.mismatch.surname")}
    both = replace(doc, surname="Erikson", given_names="Ana Maria")
    assert found(travel.with_document(both)) == {
        ("id-card", "vz-mrz.mismatch.surname"),
        ("id-card", "vz-mrz.mismatch.given_names"),
    }


def test_visa_and_passport_names_are_compared_as_the_mrz_spells_them() -> None:
    travel = clean(PASSPORT_VISA, seed=7)
    assert travel.visa is not None
    passport = replace(travel.document, surname="Núñez", given_names="José").rebuilt()
    visa = replace(travel.visa, surname="NUNEZ", given_names="JOSE").rebuilt()
    assert found(replace(travel, document=passport, visa=visa)) == set()
    other = replace(visa, surname="NUNES").rebuilt()
    assert found(replace(travel, document=passport, visa=other)) == {("visa", "visa.name")}


@pytest.mark.parametrize(
    ("changes", "tags"),
    [
        ({"stay_days": 90}, set()),
        ({"stay_days": 91}, {"context.vwp-over-90"}),
        ({"return_date": None}, {"context.vwp-no-return"}),
        ({"purpose": Purpose.STUDY}, {"context.vwp-purpose"}),
        ({"purpose": Purpose.CONFERENCE}, set()),
    ],
)
def test_visa_waiver_rules(changes: dict[str, object], tags: set[str]) -> None:
    travel = clean(WAIVER, seed=8)
    long_lived = replace(
        travel.document,
        issue_date=TODAY,
        expiry_date=dates.add_years(TODAY, 10) - timedelta(days=1),
    ).rebuilt()
    travel = replace(travel.with_document(long_lived), trip=replace(travel.trip, **changes))
    assert found(travel) == {("trip", t) for t in tags}


def test_visa_class_must_cover_the_purpose() -> None:
    travel = clean(PASSPORT_VISA, seed=9)
    assert travel.visa is not None
    assert travel.visa.visa is not None
    b2 = replace(travel.visa, visa=replace(travel.visa.visa, visa_class="B-2"))
    for purpose, tags in ((Purpose.FAMILY, set()), (Purpose.WORK, {"context.visa-class-purpose"})):
        trip = replace(travel.trip, purpose=purpose)
        assert found(replace(travel, visa=b2, trip=trip)) == {("trip", t) for t in tags}


def test_a_physical_sign_of_forgery_is_found_whatever_the_mrz_says() -> None:
    travel = clean(PASSPORT_VISA, seed=10)
    note = Observation("The laminate is lifted at the photo.", "photo-substitution")
    forged = replace(travel.document, observations=(note,))
    assert mrz.check(forged.mrz, TODAY).valid
    assert found(travel.with_document(forged)) == {("passport", "forged.consistent-mrz")}


# A planter that cannot do its work on the set given declines rather than guessing.


def _broken(travel: TravelSet) -> TravelSet:
    doc = travel.document
    return travel.with_document(replace(doc, mrz=(doc.mrz[0][:-1], *doc.mrz[1:])))


@pytest.mark.parametrize(
    "planter",
    [
        planting.wrong_check_digit("document_number"),
        planting.impossible_date("birth_date"),
        planting.bad_character,
        planting.mismatch("surname"),
        planting.names_swapped,
    ],
)
def test_mrz_planters_decline_a_zone_without_its_shape(planter: planting.Planter) -> None:
    travel = _broken(clean(PASSPORT_VISA, seed=11))
    assert planter(travel, "passport", random.Random(1)) is None


def test_planters_decline_what_the_document_does_not_have() -> None:
    rng = random.Random(2)
    visa_set = clean(PASSPORT_VISA, seed=12)
    assert planting.wrong_check_digit("composite")(visa_set, "visa", rng) is None
    assert planting.visa_passport_number(visa_set, "passport", rng) is None
    assert planting.visa_class_purpose(clean(WAIVER), "trip", rng) is None
    assert visa_set.visa is not None
    unlettered = replace(visa_set.visa, surname="Øå", given_names="Åø")
    assert planting.visa_name(visa_set.with_document(unlettered), "visa", rng) is None


def test_a_given_name_cut_off_the_zone_cannot_be_changed_there() -> None:
    travel = clean(CARD, seed=13)
    long = replace(travel.document, surname="Oyelaran-Whitfield Hernández", given_names="Ana")
    travel = travel.with_document(long.rebuilt())
    assert mrz.check(travel.document.mrz, TODAY).data is not None
    assert names_of(travel) == ("OYELARAN WHITFIELD HERNANDEZ", "")
    for seed in range(20):
        assert planting.mismatch("given_names")(travel, "id-card", random.Random(seed)) is None


def names_of(travel: TravelSet) -> tuple[str, str]:
    data = mrz.check(travel.document.mrz, TODAY).data
    assert data is not None
    return data.surname, data.given_names


def test_an_expiry_with_no_quiet_alternative_is_not_changed() -> None:
    travel = clean(CARD, seed=14)
    odd = replace(
        travel.document,
        issue_date=dates.add_years(TODAY, -15),
        expiry_date=dates.add_years(TODAY, 20),
    ).rebuilt()
    travel = travel.with_document(odd)
    for seed in range(20):
        assert planting.mismatch("expiry_date")(travel, "id-card", random.Random(seed)) is None
