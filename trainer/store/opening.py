"""Open the history a URL names: `sqlite:PATH` (or a bare path) or `postgresql://...`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from trainer.store.base import Store, StoreError

SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: str) -> bool:
    """Whether `target` names a PostgreSQL server rather than a SQLite file."""
    return target.startswith(SCHEMES)


def sqlite_path(target: str) -> Path:
    """The file a `sqlite:PATH` URL (or a bare path) names."""
    path = target.removeprefix("sqlite://") if target.startswith("sqlite://") else target
    path = path.removeprefix("sqlite:")
    if not path:
        raise StoreError("sqlite: names no file; write sqlite:PATH")
    return Path(path).expanduser()


def shown(target: str) -> str:
    """Where a history is, as a candidate may be shown it (a server's password left out)."""
    if is_postgres(target):
        from trainer.store.postgres import where

        return where(target)
    return str(sqlite_path(target))


def open_history(target: str, now: datetime) -> tuple[Store, str | None]:
    """The history `target` names, with a notice when a damaged or foreign SQLite file was
    moved aside; raises StoreError when it cannot be opened."""
    if is_postgres(target):
        from trainer.store.postgres import PostgresStore

        return PostgresStore(target), None
    if "://" in target and not target.startswith("sqlite://"):
        scheme = target.split("://", 1)[0]
        raise StoreError(
            f"{scheme}:// is not a history the trainer can keep; use sqlite:PATH or postgresql://"
        )
    from trainer.store.sqlite import open_store

    return open_store(sqlite_path(target), now)
