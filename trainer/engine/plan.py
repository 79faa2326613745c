"""Plans: which items a session asks, in which sections, with which timing; drawn from a seed."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Mapping, Sequence

import msgspec

from trainer.content.catalog import Catalog, Item
from trainer.content.models import Blueprint, BlueprintSection, Order, SessionMode
from trainer.engine import adaptive_section, irt
from trainer.engine.adaptive_section import AdaptivePlan, PoolItem
from trainer.errors import TrainerError

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
    adaptive: AdaptivePlan | None = None
    """For an adaptive section, its pool and rules; `items` are then the questions served so
    far (see `adaptive_section`), only the first of them as drawn."""

    @property
    def length(self) -> int:
        """The most questions it asks: an adaptive section's longest test."""
        return self.adaptive.max_items if self.adaptive is not None else len(self.items)

    def serving(self, served: Sequence[str]) -> PlannedSection:
        """This adaptive section with these questions served, in order."""
        if self.adaptive is None:
            raise PlanError(f"section {self.id!r} is not adaptive")
        order = self.adaptive.order
        return msgspec.structs.replace(self, items=tuple(PlannedItem(i, order(i)) for i in served))


class Plan(msgspec.Struct, frozen=True, kw_only=True):
    """Everything needed to run, resume and reproduce a session."""

    mode: SessionMode
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

    def with_section(self, index: int, section: PlannedSection) -> Plan:
        sections = list(self.sections)
        sections[index] = section
        return msgspec.structs.replace(self, sections=tuple(sections))

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


def _adaptive(
    catalog: Catalog,
    blueprint: Blueprint,
    section: BlueprintSection,
    seed: int,
    taken: set[str],
    parameters: Mapping[str, irt.Parameters],
) -> AdaptivePlan:
    """An adaptive section's pool: every question its draws could pick, each draw a quota with
    its count's share; on the score scale each question weighs its draw's count over the
    draw's pool, so the scale is the expected percent on a form drawn as the draws say."""
    assert section.adaptive is not None
    pool: dict[str, PoolItem] = {}
    shares: list[tuple[str, float]] = []
    for k, draw in enumerate(section.draw):
        quota = f"{k + 1}"
        found = [i for i in catalog.drawable(draw) if i.id not in taken and i.id not in pool]
        found.sort(key=lambda item: item.id)
        if not found:
            raise PlanError(
                f"section {section.id!r}: draw {k + 1} finds no question in {draw.section!r} "
                "that an earlier draw or section has not taken"
            )
        shares.append((quota, float(draw.count)))
        for item in found:
            start = parameters.get(item.id) or irt.PRIORS.start(irt.spec(item.question))
            order = _option_order(
                item, random.Random(f"{seed}:{item.id}"), blueprint.shuffle_options
            )
            pool[item.id] = PoolItem(
                item.id, quota, start.a, start.b, start.c, draw.count / len(found), order
            )
    total = sum(count for _, count in shares)
    entries = tuple(pool[k] for k in sorted(pool))
    rules = section.adaptive
    return AdaptivePlan(
        pool=entries,
        quotas=tuple((quota, count / total) for quota, count in shares),
        max_items=rules.max_items,
        min_items=min(rules.min_items, rules.max_items),
        se=rules.se,
        cut=adaptive_section.cut(entries, blueprint.pass_mark),
        top_k=rules.top_k,
        form_items=int(total),
    )


def draw_exam(
    catalog: Catalog,
    blueprint: Blueprint,
    seed: int,
    parameters: Mapping[str, irt.Parameters] | None = None,
) -> Plan:
    """Draw a mock exam from a blueprint: the same blueprint, content and seed, the same form.

    An adaptive section's questions come from `parameters` (the calibrated ones; a question
    without them has its prior from its authored difficulty) and are fixed in the plan."""
    rng = random.Random(seed)
    taken: set[str] = set()
    sections = []
    for section in blueprint.sections:
        revisit = section.revisit if section.revisit is not None else blueprint.revisit != "never"
        planned = functools.partial(
            PlannedSection,
            id=section.id,
            title=section.title,
            seconds=section.minutes * 60 if section.minutes else None,
            break_seconds=section.break_after * 60,
            revisit=revisit,
            instructions=section.instructions,
        )
        if section.adaptive is not None:
            plan = _adaptive(catalog, blueprint, section, seed, taken, parameters or {})
            taken.update(p.id for p in plan.pool)
            first = planned(items=(), adaptive=plan)
            sections.append(first.serving(adaptive_section.first(plan, seed).items))
            continue
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
        items = tuple(
            PlannedItem(i.id, _option_order(i, rng, blueprint.shuffle_options)) for i in picked
        )
        sections.append(planned(items=items))
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
    mode: SessionMode, title: str, items: Sequence[Item], seed: int, *, feedback: bool = True
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
