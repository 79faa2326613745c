"""The `trainer` command: the app when no command is named, else the command line.

It sits above both front ends, so neither imports the other; the app's modules are imported
only when the app opens, and a command never loads Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def open_app(content: Sequence[Path], profile: str) -> int:
    """Open the trainer's app in this terminal; returns its exit code."""
    from trainer.ui.app import run

    return run(content, profile=profile)


def main(argv: Sequence[str] | None = None) -> int:
    from trainer.cli import main as command_line

    return command_line(argv, open_app=open_app)
