"""Calibration over the history: every item's parameters fitted from every profile's first
attempts, kept in the store, and read back as the adaptive exam's item bank.

An answer counts only when it is its profile's first counting answer to the item and it answered
the item as it stands now (the same content digest); an edit makes the older answers and the
stored fit stale, and the item falls back to its prior until it is calibrated again.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from trainer.content.catalog import Catalog, Item
from trainer.engine import irt
from trainer.store.base import Store
from trainer.store.records import CalibrationAnswer, ParameterRow
from trainer.study.answers import item_hash


class Report(msgspec.Struct, frozen=True, kw_only=True):
    """A calibration run over the history: the fit, the items it contradicts, what it read."""

    calibration: irt.Calibration
    disagreements: tuple[irt.Disagreement, ...]
    """Fitted items whose answers place them at another difficulty than authored."""
    settings: irt.Settings
    items: int
    """Questions in the catalog: each has a fit, from answers or its prior."""
    fitted: int
    prior: int
    """Items that kept their prior: fewer than `settings.min_answers` first attempts."""
    profiles: int
    """Profiles with a first attempt at any item as it stands."""
    answers: int
    """First attempts at the items as they stand: what the calibration was given."""
    changed: int
    """First attempts left out because their item was edited since."""
    gone: int
    """First attempts left out because their item is no longer in the content."""


def _items(catalog: Catalog) -> list[Item]:
    """Every question once, by its id (a duplicated id means the first one loaded)."""
    return list(catalog.by_id.values())


def run(catalog: Catalog, store: Store, now: datetime, settings: irt.Settings) -> Report:
    """Calibrate every question from the history's first attempts, replace the stored
    parameters with the fit (items kept at their prior included), and report it."""
    items = _items(catalog)
    hashes = {item.id: item_hash(item) for item in items}
    specs = [irt.spec(item.question) for item in items]
    kept: list[CalibrationAnswer] = []
    changed = gone = 0
    for answer in store.calibration_answers():
        current = hashes.get(answer.item)
        if current is None:
            gone += 1
        elif current != answer.item_hash:
            changed += 1
        else:
            kept.append(answer)
    found = irt.calibrate(kept, specs, settings)
    store.save_item_parameters(
        [
            ParameterRow(
                item_id=fit.id,
                item_hash=hashes[fit.id],
                model=settings.model,
                a=fit.a,
                b=fit.b,
                c=fit.c,
                se_a=fit.se_a,
                se_b=fit.se_b,
                answers=fit.answers,
                prior=fit.prior,
                calibrated_at=now,
            )
            for fit in found.items
        ]
    )
    prior = sum(fit.prior for fit in found.items)
    return Report(
        calibration=found,
        disagreements=irt.disagreements(found.items, specs),
        settings=settings,
        items=len(found.items),
        fitted=len(found.items) - prior,
        prior=prior,
        profiles=len({answer.profile for answer in kept}),
        answers=len(kept),
        changed=changed,
        gone=gone,
    )


def parameters(catalog: Catalog, store: Store) -> dict[str, irt.Parameters]:
    """Every question's parameters: its stored fit while the question is unchanged since it was
    calibrated, else the prior's centre from its authored difficulty; the guessing floor always
    from the question as it stands."""
    stored = store.item_parameters()
    out: dict[str, irt.Parameters] = {}
    for item in _items(catalog):
        spec = irt.spec(item.question)
        row = stored.get(item.id)
        if row is not None and row.item_hash == item_hash(item):
            out[item.id] = irt.Parameters(item.id, row.a, row.b, spec.c)
        else:
            out[item.id] = irt.PRIORS.start(spec)
    return out
