"""The `trainer` command: the app when no command is named, else the command line.

It sits above both front ends, so neither imports the other; the app's modules are imported
only when the app opens, and a command never loads Textual.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from trainer import config


def open_app(content: Sequence[Path], profile: str, plain: bool = False) -> int:
    """Open the trainer in this terminal: the app, or the plain front end when it was asked for
    (`--plain`, `TRAINER_PLAIN=1` or `plain = true` in the settings); returns the exit code."""
    located = config.locate(content)
    _, settings, problem = located
    if plain or settings.plain or os.environ.get("TRAINER_PLAIN", "") not in ("", "0"):
        from trainer import plain as plain_mode

        return plain_mode.run(located[0], profile=profile, notices=(problem,) if problem else ())
    from trainer.ui.app import run

    return run(located, profile=profile)


def main(argv: Sequence[str] | None = None) -> int:
    from trainer.cli import main as command_line

    return command_line(argv, open_app=open_app)
