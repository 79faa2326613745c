"""Document-review exercises: a generated set with planted defects, and questions about it."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import TypedDict

from msgspec import Struct

from trainer.content.models import LETTERS, DocumentPage, Multiple, Numeric, Question, Single
from trainer.docgen import dates, mrz
from trainer.docgen.checkdigit import CHARSET, check_digit, working
from trainer.docgen.defects import (
    ACTION_ORDER,
    ACTIONS,
    DEFECTS,
    DOCUMENT_NAMES,
    FIELD_WORDS,
    TAGS,
    Action,
    decide,
    plant,
)
from trainer.docgen.documents import Document, DocumentKind, Shape, TravelSet, make_set, shapes
from trainer.docgen.findings import Finding
from trainer.docgen.inspection import inspect_set
from trainer.docgen.layouts import Check, MrzFormat
from trainer.docgen.pages import exhibit, line_names, mrz_lines
from trainer.docgen.planting import PlantedDefect, Side

ALL_FORMATS = tuple(MrzFormat)
MAX_SEED = 2**64 - 1
CLEAN_SHARE = 0.2
DEFECT_OPTIONS = 6
_ATTEMPTS = 40
_MRZ_REFERENCE = "ICAO Doc 9303 Part 3 (MRZ field layout and check digits)"
_NONE = "None of these: the documents are in order"


class Exercise(Struct, frozen=True, gc=False):
    """One generated exercise: the set presented, the defects planted, the action and questions."""

    id: str
    seed: int
    index: int
    today: date
    difficulty: int
    travel: TravelSet
    defects: tuple[PlantedDefect, ...]
    action: Action
    questions: tuple[Question, ...]

    @property
    def tags(self) -> tuple[str, ...]:
        """The planted defects' tags, in planting order."""
        return tuple(d.tag for d in self.defects)


class _Common(TypedDict):
    """What every question about one exercise carries alike: its level, tags and exhibit."""

    difficulty: int
    tags: tuple[str, ...]
    exhibit: DocumentPage


def default_today(seed: int) -> date:
    """The arrival date used when none is given: a day from 2025 on, fixed by the seed."""
    return date(2025, 1, 1) + timedelta(days=seed % 3653)


def generate(
    seed: int,
    count: int,
    today: date,
    *,
    formats: Collection[MrzFormat | str] = ALL_FORMATS,
    defects: Collection[str] | None = None,
    difficulty: int | None = None,
) -> list[Exercise]:
    """`count` exercises for arrivals on `today`; the same arguments give the same exercises.

    `formats` limits the documents shown (a visa brings the TD3 passport it sits in); `defects`
    limits the tags planted (None: any; empty: clean sets only); `difficulty` 1-5 fixes the level
    (None: mixed). Raises ValueError on arguments that cannot be met.
    """
    dates.require_date(today)
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be between 0 and {MAX_SEED}")
    if count < 0:
        raise ValueError("count must be 0 or more")
    if difficulty is not None and not 1 <= difficulty <= 5:
        raise ValueError("difficulty must be 1 to 5")
    chosen = _formats(formats)
    pool = _pool(defects, shapes(chosen))
    return [exercise(seed, index, today, chosen, pool, difficulty) for index in range(count)]


def _formats(formats: Collection[MrzFormat | str]) -> tuple[MrzFormat, ...]:
    try:
        chosen = tuple(MrzFormat(f) for f in formats)
    except ValueError:
        known = ", ".join(ALL_FORMATS)
        raise ValueError(f"unknown format in {sorted(map(str, formats))}; known: {known}") from None
    if not chosen:
        raise ValueError("at least one format is needed")
    return chosen


def _pool(defects: Collection[str] | None, available: Sequence[Shape]) -> tuple[str, ...] | None:
    if defects is None:
        return None
    unknown = sorted(set(defects) - set(TAGS))
    if unknown:
        raise ValueError(f"unknown defect tags: {', '.join(unknown)}")
    for tag in defects:
        if not any(DEFECTS[tag].targets(s) for s in available):
            raise ValueError(f"defect {tag!r} cannot be planted in the formats chosen")
    return tuple(t for t in TAGS if t in set(defects))


def exercise(
    seed: int,
    index: int,
    today: date,
    formats: Sequence[MrzFormat],
    pool: Sequence[str] | None,
    difficulty: int | None,
) -> Exercise:
    """Exercise `index` of `seed`; it depends on nothing else, so any one can be rebuilt alone.

    `pool` is the tags to draw from (None: every tag up to the level; empty: a clean set).
    """
    rng = random.Random(f"trainer.docgen:{seed}:{index}")
    level = difficulty or rng.randint(1, 5)
    tags = pool if pool is not None else [t for t in TAGS if DEFECTS[t].difficulty <= level + 1]
    wanted = _defect_count(level, rng) if tags and rng.random() >= CLEAN_SHARE else 0
    available = shapes(formats)
    for n in range(min(wanted, len(tags)), -1, -1):
        for _ in range(_ATTEMPTS):
            made = _attempt(rng, today, available, rng.sample(list(tags), n))
            if made is not None:
                travel, planted, found = made
                ident = f"docgen-{seed}-{index}"
                action = decide([p.tag for p in planted])
                questions = _questions(ident, rng, level, travel, planted, found, action)
                return Exercise(
                    ident, seed, index, today, level, travel, planted, action, questions
                )
    raise AssertionError("a clean set always fits")  # pragma: no cover


def _defect_count(level: int, rng: random.Random) -> int:
    return {1: 1, 2: 1, 3: rng.choice((1, 2)), 4: 2, 5: rng.choice((2, 3))}[level]


def _attempt(
    rng: random.Random, today: date, available: Sequence[Shape], tags: Sequence[str]
) -> tuple[TravelSet, tuple[PlantedDefect, ...], tuple[Finding, ...]] | None:
    """A set with `tags` planted when the inspection then finds exactly those, else None."""
    fitting = [s for s in available if all(DEFECTS[t].targets(s) for t in tags)]
    if not fitting:
        return None
    done = plant(make_set(rng, today, rng.choice(fitting)), tags, rng)
    if done is None:
        return None
    travel, planted = done
    forged = {p.document for p in planted if p.tag == "forged.consistent-mrz"}
    if any(p.document in forged and p.tag.startswith(("mrz.", "vz-mrz.")) for p in planted):
        return None
    found = inspect_set(travel)
    if sorted((f.document or "", f.tag) for f in found) != sorted(
        (p.document, p.tag) for p in planted
    ):
        return None
    return travel, planted, found


def _questions(
    ident: str,
    rng: random.Random,
    level: int,
    travel: TravelSet,
    planted: tuple[PlantedDefect, ...],
    found: tuple[Finding, ...],
    action: Action,
) -> tuple[Question, ...]:
    tags = ("docgen", *sorted({f.lower() for f in _formats_of(travel)}), *(p.tag for p in planted))
    common = _Common(difficulty=level, tags=tags, exhibit=exhibit(travel))
    out: list[Question] = [
        _find_defects(ident, rng, travel, planted, found, common),
        _right_action(ident, planted, action, common),
    ]
    digit = _check_digit(ident, rng, travel, common)
    if digit is not None:
        out.append(digit)
    line = _altered_line(ident, travel, planted, found, common)
    if line is not None:
        out.append(line)
    return tuple(out)


def _formats_of(travel: TravelSet) -> tuple[str, ...]:
    return tuple(doc.format.value for doc in travel.documents)


def _explain(found: Sequence[Finding]) -> str:
    parts = []
    for f in found:
        kind = DEFECTS[f.tag]
        parts.append(f"{kind.label_for(f.document or '')} ({f.message}). {kind.why}")
    return " ".join(parts)


def _clean_note(travel: TravelSet) -> str:
    note = (
        "Nothing is wrong: every MRZ check digit holds, each page agrees with its MRZ, the dates "
        "cover the stay, the trip fits how admission is sought, and the examination notes are "
        "normal. A valid MRZ alone would prove nothing; here everything else agrees too."
    )
    doc, trip = travel.document, travel.trip
    if (
        doc.kind is DocumentKind.PASSPORT
        and not trip.six_month_rule
        and doc.expiry_date < dates.add_months(trip.departure, 6)
    ):
        note += (
            " The passport runs out within six months of the stay, but the six-month rule does "
            "not apply to this traveler's country."
        )
    return note


def _find_defects(
    ident: str,
    rng: random.Random,
    travel: TravelSet,
    planted: tuple[PlantedDefect, ...],
    found: tuple[Finding, ...],
    common: _Common,
) -> Multiple:
    shape = travel.shape
    present = [(p.tag, p.document) for p in planted]
    others = [
        (tag, target)
        for tag, kind in DEFECTS.items()
        for target in kind.targets(shape)
        if (tag, target) not in present
    ]
    picked = present + rng.sample(others, min(len(others), DEFECT_OPTIONS - len(present)))
    rng.shuffle(picked)
    options = [DEFECTS[tag].label_for(target) for tag, target in picked] + [_NONE]
    answer = tuple(LETTERS[i] for i, combo in enumerate(picked) if combo in present)
    explanation = _explain(found) if found else _clean_note(travel)
    return Multiple(
        id=f"{ident}-defects",
        prompt=(
            "Review the documents and the arrival record. Which of these faults are present? "
            "Choose every one that applies."
        ),
        options=tuple(options),
        answer=answer or (LETTERS[len(options) - 1],),
        explanation=explanation,
        references=(_MRZ_REFERENCE,),
        topic="document-review",
        **common,
    )


def _right_action(
    ident: str, planted: tuple[PlantedDefect, ...], action: Action, common: _Common
) -> Single:
    if planted:
        decisive = [p for p in planted if DEFECTS[p.tag].action is action]
        named = "; ".join(DEFECTS[p.tag].label_for(p.document) for p in decisive)
        reason = f"The decisive finding: {named}."
    else:
        reason = "Nothing was found, so the traveler is admitted."
    explanation = (
        f"{ACTIONS[action]}. {reason} The strongest finding decides: physical evidence of "
        "forgery means seizing the document; anything that needs verifying goes to secondary "
        "inspection; a plain documentary or trip ground (expired, too short, outside the Visa "
        "Waiver rules) means refusal."
    )
    return Single(
        id=f"{ident}-action",
        prompt="What should the primary officer do?",
        options=tuple(ACTIONS[a] for a in ACTION_ORDER),
        answer=LETTERS[ACTION_ORDER.index(action)],
        explanation=explanation,
        topic="document-review",
        **common,
    )


def _check_digit(
    ident: str, rng: random.Random, travel: TravelSet, common: _Common
) -> Numeric | None:
    """Ask for one check digit over the MRZ as printed, where the zone is readable there."""
    choices: list[tuple[Document, Check, str]] = []
    for doc in travel.documents:
        if not mrz.check(doc.mrz, travel.trip.arrival).fields:
            continue  # the lines do not have the format's shape
        for c in doc.layout.checks:
            text = "".join(s.of(doc.mrz) for s in c.covers)
            if set(text) <= CHARSET:
                choices.append((doc, c, text))
    if not choices:
        return None
    doc, c, text = rng.choice(choices)
    written = c.digit.of(doc.mrz)
    computed = check_digit(text)
    where = f"the {DOCUMENT_NAMES[doc.kind.value].lower()} MRZ"
    spans = " and ".join(s.where for s in c.covers)
    prompt = f"Compute the {FIELD_WORDS[c.name]} check digit of {where} ({spans}), over {text}."
    if common["difficulty"] <= 2:
        prompt += (
            " Digits count as themselves, A=10 to Z=35, < as 0; multiply by the weights 7, 3, 1 "
            "in turn, add, and take the remainder on division by 10."
        )
    verdict = "so the printed digit holds" if written == str(computed) else "so it does not hold"
    explanation = f"{working(text)}. The zone prints {written!r}, {verdict}."
    return Numeric(
        id=f"{ident}-check",
        prompt=prompt,
        answer=float(computed),
        explanation=explanation,
        references=(_MRZ_REFERENCE,),
        topic="mrz",
        **common,
    )


def _altered_line(
    ident: str,
    travel: TravelSet,
    planted: tuple[PlantedDefect, ...],
    found: tuple[Finding, ...],
    common: _Common,
) -> Single | None:
    """Ask which MRZ line was altered, when exactly one line differs from what was issued."""
    if any(p.side is Side.PAGE and p.tag.startswith("vz-mrz.") for p in planted):
        return None
    issued = tuple(line for doc in travel.documents for line in mrz.build(doc.mrz_data()))
    printed = mrz_lines(travel)
    differ = [i for i, (a, b) in enumerate(zip(issued, printed, strict=True)) if a != b]
    if len(differ) != 1:
        return None
    i = differ[0]
    names = line_names(travel)
    mrz_found = [f for f in found if f.tag.startswith(("mrz.", "vz-mrz."))]
    explanation = (
        f"{names[i]} reads {printed[i]}; issued from the data page it would read {issued[i]}. "
        f"{_explain(mrz_found)}"
    )
    return Single(
        id=f"{ident}-line",
        prompt="One line of a machine-readable zone was altered after issue. Which line?",
        options=names,
        answer=LETTERS[i],
        explanation=explanation.strip(),
        references=(_MRZ_REFERENCE,),
        topic="mrz",
        **common,
    )
