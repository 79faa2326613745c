"""Plans: which items a session asks, in which sections, with which timing; drawn from a seed."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Literal

import msgspec

from trainer.content.catalog import Catalog, Item
from trainer.content.models import Blueprint, Order
from trainer.errors import TrainerError

Mode = Literal["practice", "exam", "drill", "review"]
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SEED_BITS = 30


class PlanError(TrainerError, ValueError):
    """A plan that cannot be drawn: not enough questions, an unknown blueprint or form code."""


class PlannedItem(msgspec.Struct, frozen=True, array_like=True):
    """An item in a plan; `order` is the display order of its options (empty: as written)."""

    id: str
    order: tuple[int, ...] = ()


class PlannedSection(msgspec.Struct, frozen=True, kw_only=True):
    """A part of a session: its items and its timing."""

    id: str
    title: str
    items: tuple[PlannedItem, ...]
    seconds: float | None = None
    break_seconds: float = 0.0
    revisit: bool = True
    instructions: str | None = None


class Plan(msgspec.Struct, frozen=True, kw_only=True):
    """Everything needed to run, resume and reproduce a session."""

    mode: Mode
    title: str
    seed: int
    sections: tuple[PlannedSection, ...]
    feedback: bool = True
    """Tutor mode: verdict and explanation right after each answer."""
    blueprint: str | None = None
    form_code: str | None = None
    pass_mark: float | None = None
    pass_rule: str = "overall"
    scoring: str = "partial"
    revisit: str = "anywhere"
    on_timeout: str = "submit"
    grace_seconds: float = 0.0

    @property
    def item_ids(self) -> list[str]:
        return [item.id for section in self.sections for item in section.items]

    @property
    def timed(self) -> bool:
        return any(section.seconds for section in self.sections)

    def encode(self) -> str:
        return msgspec.json.encode(self).decode()

    @staticmethod
    def decode(text: str) -> Plan:
        return msgspec.json.decode(text, type=Plan)


def form_code(seed: int) -> str:
    """A short code for a drawn form: six letters and digits a class can copy from a board."""
    if not 0 <= seed < 2**SEED_BITS:
        raise PlanError(f"seed {seed} is outside 0..{2**SEED_BITS - 1}")
    return "".join(_CROCKFORD[(seed >> shift) & 31] for shift in range(25, -5, -5))


def seed_from_code(code: str) -> int:
    """The seed behind a form code; letters that look alike (O/0, I/L/1) are read the same."""
    cleaned = code.strip().upper().replace("-", "").replace("O", "0").replace("I", "1")
    cleaned = cleaned.replace("L", "1")
    if len(cleaned) != 6 or any(c not in _CROCKFORD for c in cleaned):
        raise PlanError(f"{code!r} is not a form code (six letters and digits, such as 3KQ7ZD)")
    seed = 0
    for char in cleaned:
        seed = seed * 32 + _CROCKFORD.index(char)
    return seed


def _option_order(item: Item, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
    options = getattr(item.question, "options", ())
    if not options:
        return ()
    # An order item is always shown shuffled: the written order may well be the answer.
    if isinstance(item.question, Order) or shuffle:
        order = list(range(len(options)))
        rng.shuffle(order)
        return tuple(order)
    return ()


def draw_exam(catalog: Catalog, blueprint: Blueprint, seed: int) -> Plan:
    """Draw a mock exam from a blueprint: the same blueprint, content and seed, the same form."""
    rng = random.Random(seed)
    taken: set[str] = set()
    sections = []
    for section in blueprint.sections:
        picked: list[Item] = []
        for draw in section.draw:
            pool = sorted(
                (item for item in catalog.drawable(draw) if item.id not in taken),
                key=lambda item: item.id,
            )
            if len(pool) < draw.count:
                raise PlanError(
                    f"section {section.id!r} asks for {draw.count} questions from "
                    f"{draw.section!r} but only {len(pool)} are available"
                )
            chosen = rng.sample(pool, draw.count)
            taken.update(item.id for item in chosen)
            picked.extend(chosen)
        rng.shuffle(picked)
        revisit = section.revisit if section.revisit is not None else blueprint.revisit != "never"
        sections.append(
            PlannedSection(
                id=section.id,
                title=section.title,
                items=tuple(
                    PlannedItem(i.id, _option_order(i, rng, blueprint.shuffle_options))
                    for i in picked
                ),
                seconds=section.minutes * 60 if section.minutes else None,
                break_seconds=section.break_after * 60,
                revisit=revisit,
                instructions=section.instructions,
            )
        )
    return Plan(
        mode="exam",
        title=blueprint.title,
        seed=seed,
        sections=tuple(sections),
        feedback=False,
        blueprint=blueprint.blueprint,
        form_code=form_code(seed),
        pass_mark=blueprint.pass_mark,
        pass_rule=blueprint.pass_rule,
        scoring=blueprint.scoring,
        revisit=blueprint.revisit,
        on_timeout=blueprint.on_timeout,
        grace_seconds=float(blueprint.grace_seconds),
    )


def list_plan(
    mode: Mode, title: str, items: Sequence[Item], seed: int, *, feedback: bool = True
) -> Plan:
    """A one-section, untimed plan over items already chosen (practice, drill, review)."""
    rng = random.Random(seed)
    planned = tuple(PlannedItem(i.id, _option_order(i, rng, False)) for i in items)
    section = PlannedSection(id=mode, title=title, items=planned)
    return Plan(mode=mode, title=title, seed=seed, sections=(section,), feedback=feedback)


def practice_items(
    catalog: Catalog,
    rng: random.Random,
    count: int,
    *,
    section: str | None = None,
    topic: str | None = None,
    tags: Iterable[str] = (),
    difficulty: Sequence[int] | None = None,
) -> list[Item]:
    """Up to `count` items matching the filter, in a random order drawn from `rng`."""
    pool = sorted(
        catalog.select(section=section, topic=topic, tags=tags, difficulty=difficulty),
        key=lambda item: item.id,
    )
    if not pool:
        raise PlanError("no questions match that choice")
    return rng.sample(pool, min(count, len(pool)))
