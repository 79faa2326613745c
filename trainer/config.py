"""Where things live: content folders, the data folder, the cache and the history."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "trainer"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    """Settings read from `settings.toml` in the data folder."""

    content: tuple[str, ...] = ()
    """Extra content folders, loaded beside the shipped banks."""
    theme: str | None = None
    """The Textual theme to open with."""
    plain: bool = False
    """Open the plain front end (lines of text, for screen readers) instead of the app."""
    follow_cursor: bool = False
    """In the app, show the terminal's cursor on the highlighted option (for magnifiers and
    braille displays, which follow it)."""
    store: str | None = None
    """Where the history is kept: `sqlite:PATH` or a `postgresql://` URL (an academy's shared
    server); by default the SQLite file in the data folder. `TRAINER_STORE` overrides it."""


KNOWN = ("content", "theme", "plain", "follow_cursor", "store")


def _settings(raw: dict[str, object]) -> Settings:
    """Check the settings' keys and types by hand: this runs before the first frame."""
    unknown = sorted(set(raw) - set(KNOWN))
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r} (known: {', '.join(KNOWN)})")
    content = raw.get("content", [])
    if not isinstance(content, list) or not all(isinstance(c, str) for c in content):
        raise ValueError("'content' must be a list of folder paths")
    theme = raw.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise ValueError("'theme' must be a theme name")
    plain, follow_cursor = (_flag(raw, name) for name in ("plain", "follow_cursor"))
    store = raw.get("store")
    if store is not None and not isinstance(store, str):
        raise ValueError("'store' must be a URL: sqlite:PATH or postgresql://...")
    return Settings(tuple(content), theme, plain, follow_cursor, store)


def _flag(raw: dict[str, object], name: str) -> bool:
    value = raw.get(name, False)
    if not isinstance(value, bool):
        raise ValueError(f"{name!r} must be true or false")
    return value


def trainer_home() -> Path:
    """The data folder: `TRAINER_HOME` when set, else the platform's user data folder."""
    override = os.environ.get("TRAINER_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def shipped_content() -> list[Path]:
    """The shipped banks and scenarios: inside the installed package, else in the source tree."""
    inside = _PACKAGE / "_content"
    base = inside if inside.is_dir() else _PACKAGE.parent
    return [base / "question_banks", base / "scenarios"]


@dataclass(frozen=True)
class Locations:
    """Every path the trainer reads or writes."""

    home: Path
    content: tuple[Path, ...]
    user_content: tuple[Path, ...]
    store: str | None = None
    """The history's URL when it is not the data folder's SQLite file (`history`)."""

    @property
    def cache(self) -> Path:
        return self.home / "cache" / "content"

    @property
    def history(self) -> Path:
        return self.home / "history.sqlite3"

    @property
    def history_target(self) -> str:
        """Where the history is kept, as `open_history` takes it: a URL or a file's path."""
        return self.store if self.store else str(self.history)

    @property
    def settings(self) -> Path:
        return self.home / "settings.toml"

    @property
    def all_content(self) -> tuple[Path, ...]:
        return self.content + self.user_content


def read_settings(path: Path) -> tuple[Settings, str | None]:
    """The settings in a file, and a message when it is broken (the defaults are then used)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), f"{path}: {exc}; using default settings"
    import tomllib

    try:
        return _settings(tomllib.loads(text)), None
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        return Settings(), f"{path}: {exc}; using default settings"


def locate(extra_content: Sequence[Path] = ()) -> tuple[Locations, Settings, str | None]:
    """Work out every location from the environment, the settings file and `--content` folders."""
    home = trainer_home()
    settings, problem = read_settings(home / "settings.toml")
    user = [Path(p).expanduser() for p in settings.content] + list(extra_content)
    store = os.environ.get("TRAINER_STORE") or settings.store
    return Locations(home, tuple(shipped_content()), tuple(user), store), settings, problem
