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


@dataclass(frozen=True, slots=True, kw_only=True)
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
            tag="mrz.length",
            label="{doc} MRZ: a line has the wrong length",
            why="Each MRZ format has a fixed number of characters per line; a line too long or too "
            "short was retyped, reprinted or misread.",
            action=Action.REFER,
            difficulty=2,
            stage=2,
            targets=_any,
            plant=planting.wrong_length,
        ),
        DefectKind(
            tag="mrz.charset",
            label="{doc} MRZ: a character outside A-Z, 0-9 and <",
            why="An MRZ holds only capital letters, digits and the filler <; anything else is at "
            "best a misreading and at worst a zone typed by hand.",
            action=Action.REFER,
            difficulty=2,
            stage=2,
            targets=_any,
            plant=planting.bad_character,
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
                tag=f"mrz.check.{name}",
                label=f"{{doc}} MRZ: the {words} check digit fails",
                why=why,
                action=Action.REFER,
                difficulty=4 if name in ("composite", "optional_data") else 3,
                stage=2,
                targets=_with_check(name),
                plant=planting.wrong_check_digit(name),
            )
        )
    for name in ("birth_date", "expiry_date"):
        out.append(
            DefectKind(
                tag=f"mrz.date.{name}",
                label=f"{{doc}} MRZ: the {FIELD_WORDS[name]} is not a real date",
                why="The field holds a date that does not exist (a 13th month, 30 February, day "
                "00); no issuing system prints one, so the zone was altered or made by hand.",
                action=Action.REFER,
                difficulty=3,
                stage=2,
                targets=_any,
                plant=planting.impossible_date(name),
            )
        )
    out += [
        DefectKind(
            tag="validity.expired",
            label="{doc}: expired before the arrival date",
            why="An expired document cannot support admission; presenting one is a documentary "
            "ground of inadmissibility (INA 212(a)(7)).",
            action=Action.REFUSE,
            difficulty=1,
            stage=0,
            targets=_any,
            plant=planting.expired,
        ),
        DefectKind(
            tag="validity.expiry-before-birth",
            label="{doc}: expires before the holder was born",
            why=(
                "No document expires before its holder's birth; the dates were invented or altered."
            ),
            action=Action.REFER,
            difficulty=2,
            stage=0,
            targets=_main_only,
            plant=planting.expiry_before_birth,
        ),
        DefectKind(
            tag="validity.too-long",
            label="{doc}: valid for longer than its type allows",
            why="The validity runs past ten years from issue, longer than documents of this type "
            "are issued for; altered dates or a counterfeit are the likely reasons.",
            action=Action.REFER,
            difficulty=3,
            stage=0,
            targets=_any,
            plant=planting.too_long,
        ),
        DefectKind(
            tag="validity.six-months",
            label="{doc}: not valid six months beyond the stay",
            why="A nonimmigrant's passport must be valid for six months beyond the intended stay "
            "unless an agreement exempts the traveler's country (INA 212(a)(7)(B)); here the "
            "rule applies.",
            action=Action.REFUSE,
            difficulty=3,
            stage=0,
            targets=_passport,
            plant=planting.six_months,
        ),
        DefectKind(
            tag="validity.visa-not-yet-valid",
            label="{doc}: not yet valid on the arrival date",
            why="The visa's validity begins after the arrival, so it does not cover this entry.",
            action=Action.REFUSE,
            difficulty=2,
            stage=0,
            targets=_visa,
            plant=planting.visa_not_yet_valid,
        ),
    ]
    for name in ("surname", "given_names", "document_number", "birth_date", "sex"):
        out.append(_mismatch(name, 2))
    for name in ("expiry_date", "nationality"):
        out.append(_mismatch(name, 3))
    out += [
        DefectKind(
            tag="vz-mrz.names-swapped",
            label="{doc}: surname and given names swapped between page and MRZ",
            why=(
                "The MRZ writes the surname first, then <<, then the given names; here one side "
                f"has them the other way round. {_ALTERED}"
            ),
            action=Action.REFER,
            difficulty=3,
            stage=1,
            targets=_any,
            plant=planting.names_swapped,
        ),
        DefectKind(
            tag="visa.name",
            label="{doc}: the name differs from the passport's",
            why="A visa is issued to the holder of the passport it is placed in; a different "
            "spelling means it was issued to someone else or altered.",
            action=Action.REFER,
            difficulty=3,
            stage=0,
            targets=_visa,
            plant=planting.visa_name,
        ),
        DefectKind(
            tag="visa.birth-date",
            label="{doc}: the date of birth differs from the passport's",
            why="The visa's holder and the passport's holder must be the same person.",
            action=Action.REFER,
            difficulty=3,
            stage=0,
            targets=_visa,
            plant=planting.visa_birth_date,
        ),
        DefectKind(
            tag="visa.passport-number",
            label="{doc}: issued for a different passport number",
            why="The visa's MRZ and page carry the number of the passport it was issued in; a "
            "different number suggests it was moved from another passport (or the traveler "
            "holds an earlier passport that must be seen).",
            action=Action.REFER,
            difficulty=3,
            stage=0,
            targets=_visa,
            plant=planting.visa_passport_number,
        ),
        DefectKind(
            tag="context.visa-class-purpose",
            label="The visa class does not fit the stated purpose",
            why="Each visa class covers certain purposes (a visitor visa does not allow starting a "
            "job or a degree); the traveler may be misrepresenting the purpose.",
            action=Action.REFER,
            difficulty=3,
            stage=0,
            targets=_visa_trip,
            plant=planting.visa_class_purpose,
        ),
        DefectKind(
            tag="context.vwp-over-90",
            label="Visa Waiver: the stated stay is longer than 90 days",
            why="The Visa Waiver Program admits for 90 days at most (INA 217).",
            action=Action.REFUSE,
            difficulty=2,
            stage=0,
            targets=_waiver_trip,
            plant=planting.vwp_over_90,
        ),
        DefectKind(
            tag="context.vwp-purpose",
            label="Visa Waiver: the purpose is not business or tourism",
            why="The Visa Waiver Program covers business and pleasure only; study, work or an "
            "exchange needs a visa (INA 217).",
            action=Action.REFUSE,
            difficulty=3,
            stage=0,
            targets=_waiver_trip,
            plant=planting.vwp_purpose,
        ),
        DefectKind(
            tag="context.vwp-no-return",
            label="Visa Waiver: no return or onward ticket",
            why="A Visa Waiver traveler must hold a return or onward ticket (INA 217).",
            action=Action.REFUSE,
            difficulty=2,
            stage=0,
            targets=_waiver_trip,
            plant=planting.vwp_no_return,
        ),
        DefectKind(
            tag="forged.consistent-mrz",
            label="{doc}: physical signs of forgery",
            why="Examination shows a sign of forgery although every MRZ check passes and the MRZ "
            "agrees with the page: anyone can compute check digits, so a valid MRZ is never "
            "proof that a document is genuine.",
            action=Action.SEIZE,
            difficulty=4,
            stage=0,
            targets=_any,
            plant=planting.forged,
        ),
    ]
    return tuple(out)


def _mismatch(name: str, difficulty: int) -> DefectKind:
    words = FIELD_WORDS[name]
    return DefectKind(
        tag=f"vz-mrz.mismatch.{name}",
        label=f"{{doc}}: the page and the MRZ differ on the {words}",
        why=f"The {words} on the data page is not the one the MRZ encodes. {_ALTERED}",
        action=Action.REFER,
        difficulty=difficulty,
        stage=1,
        targets=_any,
        plant=planting.mismatch(name),
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
