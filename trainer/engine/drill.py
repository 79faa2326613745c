"""The weak-area drill: draw from the weakest topics, preferring items missed before."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from trainer.content.catalog import Catalog, Item
from trainer.engine.mastery import Mastery
from trainer.engine.plan import PlanError

TOPICS = 3
MISSED_WEIGHT = 4.0
UNSEEN_WEIGHT = 2.0
KNOWN_WEIGHT = 1.0


def drill_items(
    catalog: Catalog,
    ranked: Sequence[Mastery],
    lowest: Mapping[str, float],
    rng: random.Random,
    count: int,
) -> list[Item]:
    """Up to `count` items from the weakest topics, more from the weaker; missed items first.

    `ranked` is weakest first; `lowest` maps an item to the lowest score it ever got.
    """
    weakest = [m for m in ranked if m.kind == "topic"][:TOPICS]
    if not weakest:
        raise PlanError("no answers yet: practise first, then drill your weak areas")
    pools: dict[str, list[Item]] = {}
    for m in weakest:
        section, topic = m.key.split("/", 1)
        pools[m.key] = sorted(catalog.in_topic(section, topic), key=lambda i: i.id)
    topic_weight = {m.key: 1.0 - m.estimate + 0.05 for m in weakest}
    picked: list[Item] = []
    taken: set[str] = set()
    while len(picked) < count:
        open_topics = [k for k, pool in pools.items() if any(i.id not in taken for i in pool)]
        if not open_topics:
            break
        key = rng.choices(open_topics, weights=[topic_weight[k] for k in open_topics])[0]
        pool = [i for i in pools[key] if i.id not in taken]
        weights = [
            MISSED_WEIGHT
            if lowest.get(i.id, 1.0) < 1.0
            else KNOWN_WEIGHT
            if i.id in lowest
            else UNSEEN_WEIGHT
            for i in pool
        ]
        item = rng.choices(pool, weights=weights)[0]
        taken.add(item.id)
        picked.append(item)
    return picked
