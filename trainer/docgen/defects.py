"""The defects an exercise can plant: stable tags, what each means, and the action it calls for."""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from trainer.docgen import planting
from trainer.docgen.documents import DocumentKind, Shape, TravelSet
from trainer.docgen.layouts import LAYOUTS, MrzFormat
from trainer.docgen.planting import PlantedDefect, Planter
from trainer.docgen.trips import Entry


class Action(StrEnum):
    """What the officer should do with the traveler, mildest first."""

    ADMIT = "admit"
    REFUSE = "refuse"
    REFER = "refer"
    SEIZE = "seize"


ACTIONS: Mapping[Action, str] = {
    Action.ADMIT: "Admit: the documents are in order",
    Action.REFER: "Refer to secondary inspection",
    Action.REFUSE: "Refuse admission on the documents presented",
    Action.SEIZE: "Seize the document and report suspected fraud",
}
# Options are offered in this order, whatever the ranking.
ACTION_ORDER = (Action.ADMIT, Action.REFER, Action.REFUSE, Action.SEIZE)
# The strongest finding decides: proof of forgery, then anything to verify, then a plain ground.
_RANK = (Action.ADMIT, Action.REFUSE, Action.REFER, Action.SEIZE)

Targets = Callable[[Shape], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class DefectKind:
    """A kind of defect: tag, option label (`{doc}` names the document), reason, action, level."""

    tag: str
    label: str
    why: str
    action: Action
    difficulty: int
    stage: int
    targets: Targets
    plant: Planter

    def label_for(self, document: str) -> str:
        """The option text naming this defect in `document`."""
        return self.label.format(doc=DOCUMENT_NAMES.get(document, document))


DOCUMENT_NAMES = {
    DocumentKind.PASSPORT.value: "Passport",
    DocumentKind.ID_CARD.value: "Identity card",
    DocumentKind.VISA.value: "Visa",
    "trip": "Trip",
}


def _main(shape: Shape) -> str:
    return (
        DocumentKind.PASSPORT if shape.document is MrzFormat.TD3 else DocumentKind.ID_CARD
    ).value


def _formats(shape: Shape) -> tuple[tuple[str, MrzFormat], ...]:
    main = ((_main(shape), shape.document),)
    return main if shape.visa is None else (*main, (DocumentKind.VISA.value, shape.visa))


def _any(shape: Shape) -> tuple[str, ...]:
    return tuple(name for name, _ in _formats(shape))


def _main_only(shape: Shape) -> tuple[str, ...]:
    return (_main(shape),)


def _with_check(name: str) -> Targets:
    def targets(shape: Shape) -> tuple[str, ...]:
        return tuple(n for n, f in _formats(shape) if LAYOUTS[f].check(name) is not None)

    return targets


def _passport(shape: Shape) -> tuple[str, ...]:
    return (DocumentKind.PASSPORT.value,) if shape.entry is not Entry.CARD else ()


def _visa(shape: Shape) -> tuple[str, ...]:
    return (DocumentKind.VISA.value,) if shape.visa is not None else ()


def _visa_trip(shape: Shape) -> tuple[str, ...]:
    return ("trip",) if shape.entry is Entry.VISA else ()


def _waiver_trip(shape: Shape) -> tuple[str, ...]:
    return ("trip",) if shape.entry is Entry.VISA_WAIVER else ()


_ALTERED = (
    "A genuine document prints the page and the MRZ from one record, so one of them was changed "
    "after issue."
)
_CHECK = (
    "A check digit that fails means the field or its digit was changed after the zone was "
    "printed, or the zone was misread or retyped."
)
FIELD_WORDS = {
    "surname": "surname",
    "given_names": "given names",
    "document_number": "document number",
    "birth_date": "date of birth",
    "sex": "sex",
    "expiry_date": "date of expiry",
    "nationality": "nationality",
    "optional_data": "optional data",
    "composite": "composite",
}


def _kinds() -> tuple[DefectKind, ...]:
    out = [
        DefectKind(
            "mrz.length",
            "{doc} MRZ: a line has the wrong length",
            "Each MRZ format has a fixed number of characters per line; a line too long or too "
            "short was retyped, reprinted or misread.",
            Action.REFER,
            2,
            2,
            _any,
            planting.wrong_length,
        ),
        DefectKind(
            "mrz.charset",
            "{doc} MRZ: a character outside A-Z, 0-9 and <",
            "An MRZ holds only capital letters, digits and the filler <; anything else is at "
            "best a misreading and at worst a zone typed by hand.",
            Action.REFER,
            2,
            2,
            _any,
            planting.bad_character,
        ),
    ]
    for name in ("document_number", "birth_date", "expiry_date", "optional_data", "composite"):
        words = FIELD_WORDS[name]
        why = _CHECK
        if name == "composite":
            why = (
                "The composite digit covers the number, birth date, expiry and optional data "
                "together; it fails when any of them was changed without recomputing it."
            )
        out.append(
            DefectKind(
                f"mrz.check.{name}",
                f"{{doc}} MRZ: the {words} check digit fails",
                why,
                Action.REFER,
                4 if name in ("composite", "optional_data") else 3,
                2,
                _with_check(name),
                planting.wrong_check_digit(name),
            )
        )
    for name in ("birth_date", "expiry_date"):
        out.append(
            DefectKind(
                f"mrz.date.{name}",
                f"{{doc}} MRZ: the {FIELD_WORDS[name]} is not a real date",
                "The field holds a date that does not exist (a 13th month, 30 February, day "
                "00); no issuing system prints one, so the zone was altered or made by hand.",
                Action.REFER,
                3,
                2,
                _any,
                planting.impossible_date(name),
            )
        )
    out += [
        DefectKind(
            "validity.expired",
            "{doc}: expired before the arrival date",
            "An expired document cannot support admission; presenting one is a documentary "
            "ground of inadmissibility (INA 212(a)(7)).",
            Action.REFUSE,
            1,
            0,
            _any,
            planting.expired,
        ),
        DefectKind(
            "validity.expiry-before-birth",
            "{doc}: expires before the holder was born",
            "No document expires before its holder's birth; the dates were invented or altered.",
            Action.REFER,
            2,
            0,
            _main_only,
            planting.expiry_before_birth,
        ),
        DefectKind(
            "validity.too-long",
            "{doc}: valid for longer than its type allows",
            "The validity runs past ten years from issue, longer than documents of this type "
            "are issued for; altered dates or a counterfeit are the likely reasons.",
            Action.REFER,
            3,
            0,
            _any,
            planting.too_long,
        ),
        DefectKind(
            "validity.six-months",
            "{doc}: not valid six months beyond the stay",
            "A nonimmigrant's passport must be valid for six months beyond the intended stay "
            "unless an agreement exempts the traveler's country (INA 212(a)(7)(B)); here the "
            "rule applies.",
            Action.REFUSE,
            3,
            0,
            _passport,
            planting.six_months,
        ),
        DefectKind(
            "validity.visa-not-yet-valid",
            "{doc}: not yet valid on the arrival date",
            "The visa's validity begins after the arrival, so it does not cover this entry.",
            Action.REFUSE,
            2,
            0,
            _visa,
            planting.visa_not_yet_valid,
        ),
    ]
    for name in ("surname", "given_names", "document_number", "birth_date", "sex"):
        out.append(_mismatch(name, 2))
    for name in ("expiry_date", "nationality"):
        out.append(_mismatch(name, 3))
    out += [
        DefectKind(
            "vz-mrz.names-swapped",
            "{doc}: surname and given names swapped between page and MRZ",
            "The MRZ writes the surname first, then <<, then the given names; here one side has "
            f"them the other way round. {_ALTERED}",
            Action.REFER,
            3,
            1,
            _any,
            planting.names_swapped,
        ),
        DefectKind(
            "visa.name",
            "{doc}: the name differs from the passport's",
            "A visa is issued to the holder of the passport it is placed in; a different "
            "spelling means it was issued to someone else or altered.",
            Action.REFER,
            3,
            0,
            _visa,
            planting.visa_name,
        ),
        DefectKind(
            "visa.birth-date",
            "{doc}: the date of birth differs from the passport's",
            "The visa's holder and the passport's holder must be the same person.",
            Action.REFER,
            3,
            0,
            _visa,
            planting.visa_birth_date,
        ),
        DefectKind(
            "visa.passport-number",
            "{doc}: issued for a different passport number",
            "The visa's MRZ and page carry the number of the passport it was issued in; a "
            "different number suggests it was moved from another passport (or the traveler "
            "holds an earlier passport that must be seen).",
            Action.REFER,
            3,
            0,
            _visa,
            planting.visa_passport_number,
        ),
        DefectKind(
            "context.visa-class-purpose",
            "The visa class does not fit the stated purpose",
            "Each visa class covers certain purposes (a visitor visa does not allow starting a "
            "job or a degree); the traveler may be misrepresenting the purpose.",
            Action.REFER,
            3,
            0,
            _visa_trip,
            planting.visa_class_purpose,
        ),
        DefectKind(
            "context.vwp-over-90",
            "Visa Waiver: the stated stay is longer than 90 days",
            "The Visa Waiver Program admits for 90 days at most (INA 217).",
            Action.REFUSE,
            2,
            0,
            _waiver_trip,
            planting.vwp_over_90,
        ),
        DefectKind(
            "context.vwp-purpose",
            "Visa Waiver: the purpose is not business or tourism",
            "The Visa Waiver Program covers business and pleasure only; study, work or an "
            "exchange needs a visa (INA 217).",
            Action.REFUSE,
            3,
            0,
            _waiver_trip,
            planting.vwp_purpose,
        ),
        DefectKind(
            "context.vwp-no-return",
            "Visa Waiver: no return or onward ticket",
            "A Visa Waiver traveler must hold a return or onward ticket (INA 217).",
            Action.REFUSE,
            2,
            0,
            _waiver_trip,
            planting.vwp_no_return,
        ),
        DefectKind(
            "forged.consistent-mrz",
            "{doc}: physical signs of forgery",
            "Examination shows a sign of forgery although every MRZ check passes and the MRZ "
            "agrees with the page: anyone can compute check digits, so a valid MRZ is never "
            "proof that a document is genuine.",
            Action.SEIZE,
            4,
            0,
            _any,
            planting.forged,
        ),
    ]
    return tuple(out)


def _mismatch(name: str, difficulty: int) -> DefectKind:
    words = FIELD_WORDS[name]
    return DefectKind(
        f"vz-mrz.mismatch.{name}",
        f"{{doc}}: the page and the MRZ differ on the {words}",
        f"The {words} on the data page is not the one the MRZ encodes. {_ALTERED}",
        Action.REFER,
        difficulty,
        1,
        _any,
        planting.mismatch(name),
    )


DEFECTS: Mapping[str, DefectKind] = {k.tag: k for k in _kinds()}
TAGS = tuple(DEFECTS)


def decide(defects: Collection[str]) -> Action:
    """The action the strongest of the defects (tags) calls for; admit when there are none."""
    return max((DEFECTS[t].action for t in defects), key=_RANK.index, default=Action.ADMIT)


def plant(
    travel: TravelSet, tags: Sequence[str], rng: random.Random
) -> tuple[TravelSet, tuple[PlantedDefect, ...]] | None:
    """`travel` with each defect of `tags` planted (data changes before MRZ edits), or None when
    one does not fit this set."""
    planted: list[PlantedDefect] = []
    for tag in sorted(tags, key=lambda t: DEFECTS[t].stage):
        kind = DEFECTS[tag]
        targets = kind.targets(travel.shape)
        if not targets:
            return None
        done = kind.plant(travel, rng.choice(targets), rng)
        if done is None:
            return None
        travel, defect = done
        planted.append(defect)
    return travel, tuple(planted)
