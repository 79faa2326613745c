"""Where things live: content folders, the data folder, the cache and the history."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec
import platformdirs

APP_NAME = "trainer"
_PACKAGE = Path(__file__).resolve().parent


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Settings read from `settings.toml` in the data folder."""

    content: tuple[str, ...] = ()
    """Extra content folders, loaded beside the shipped banks."""
    theme: str | None = None
    """The Textual theme to open with."""


def trainer_home() -> Path:
    """The data folder: `TRAINER_HOME` when set, else the platform's user data folder."""
    override = os.environ.get("TRAINER_HOME")
    if override:
        return Path(override).expanduser()
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

    @property
    def cache(self) -> Path:
        return self.home / "cache" / "content"

    @property
    def history(self) -> Path:
        return self.home / "history.sqlite3"

    @property
    def settings(self) -> Path:
        return self.home / "settings.toml"

    @property
    def all_content(self) -> tuple[Path, ...]:
        return self.content + self.user_content


def read_settings(path: Path) -> tuple[Settings, str | None]:
    """The settings in a file, and a message when it is broken (the defaults are then used)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(), f"{path}: {exc}; using default settings"
    try:
        return msgspec.convert(raw, Settings), None
    except msgspec.ValidationError as exc:
        return Settings(), f"{path}: {exc}; using default settings"


def locate(extra_content: Sequence[Path] = ()) -> tuple[Locations, Settings, str | None]:
    """Work out every location from the environment, the settings file and `--content` folders."""
    home = trainer_home()
    settings, problem = read_settings(home / "settings.toml")
    user = [Path(p).expanduser() for p in settings.content] + list(extra_content)
    return Locations(home, tuple(shipped_content()), tuple(user)), settings, problem
