"""`trainer store migrate`: copy candidates' histories into another store and say what was
copied, what was already there, and that the digests agree."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TextIO

from trainer.store import migrate
from trainer.store.base import Store, StoreError
from trainer.store.opening import open_history, shown


def run(source: str, target: str, profile: str | None, now: datetime, out: TextIO) -> int:
    """Copy every candidate of `source` (or the one named) into `target`; 0 when every copy
    matches its source, 1 when one cannot be made or does not match."""
    if shown(source) == shown(target):
        print("trainer: --from and --to name the same history", file=sys.stderr)
        return 2
    opened: list[Store] = []
    try:
        for where in (source, target):
            store, notice = open_history(where, now)
            opened.append(store)
            if notice:
                print(f"warning: {notice}", file=sys.stderr)
        return _copy_all(opened[0], opened[1], profile, now, out, shown(target))
    except StoreError as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return 1
    finally:
        for store in opened:
            store.close()


def _copy_all(
    source: Store, target: Store, profile: str | None, now: datetime, out: TextIO, to: str
) -> int:
    names = sorted(migrate.profiles(source, now.date()))
    if profile is not None:
        names = [profile]
    if not names:
        print("The source history has no candidates; nothing to copy.", file=out)
        return 0
    failed = 0
    for name in names:
        try:
            copied = migrate.copy(source, target, name, now)
        except migrate.MigrationError as exc:
            print(f"trainer: {exc}", file=sys.stderr)
            failed += 1
            continue
        rows = ", ".join(f"{n} {kind}" for kind, n in copied.counts.items())
        new = sum(copied.added.values())
        print(f"{name}: {rows}", file=out)
        print(
            f"  {new} rows written to {to}, {sum(copied.counts.values()) - new} already there;"
            f" counts and digest match ({copied.digest[:16]})",
            file=out,
        )
    return 1 if failed else 0
