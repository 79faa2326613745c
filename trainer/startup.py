"""The trainer put together in one place, for the app and every command alike.

Both front ends read the content, open the history and decide what day it is through these, so
they cannot disagree: the same folders, one reading of the settings, and "today" as the
candidate's own calendar day (it decides which generated documents have expired).

The loader, the generator and the store are imported where they are used: the app calls these
in a worker, and its first frame must not wait for those imports.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from trainer import config
from trainer.engine.clock import Clock, local_date

if TYPE_CHECKING:
    from trainer.content.loader import LoadResult
    from trainer.study import Study


def today(clock: Clock) -> date:
    """The candidate's calendar day: the clock's instant in the machine's own time zone."""
    return local_date(clock)


def load_content(
    locations: config.Locations,
    clock: Clock,
    *,
    use_cache: bool = True,
    extra: Sequence[Path] = (),
) -> LoadResult:
    """Every bank, blueprint and scenario, the generated document exercises made as of today."""
    from trainer.content import loader
    from trainer.docgen.banks import expand

    loaded = loader.load(
        locations.content,
        locations.cache if use_cache else None,
        own=locations.user_content,
        extra=extra,
    )
    return expand(loaded, today(clock))


def open_study(
    locations: config.Locations,
    content: LoadResult,
    clock: Clock,
    *,
    rng: random.Random | None = None,
    profile: str = "default",
) -> tuple[Study, str | None]:
    """The history opened for `profile` over the loaded catalog, with a notice when a damaged
    or foreign history file was moved aside; raises StoreError when none can be opened."""
    from trainer.store.opening import open_history
    from trainer.study import Study

    store, notice = open_history(locations.history_target, clock.now())
    study = Study(content.catalog, store, clock, rng or random.Random(), profile=profile)
    return study, notice
