"""The command line, one front end beside the app (`trainer.ui`): argparse and exit codes live
here only, and every command drives the same `Study` the app does.

- `main`: the parser and the commands' dispatch.
- `history`: sessions, answers and weak areas printed or exported.
- `walks`: every path of an interview scenario.
- `docgen`: `trainer mrz check` and `trainer docgen`.
- `imports`: `trainer import` and `trainer export-bank`.
"""

from __future__ import annotations

from trainer.cli.main import main

__all__ = ["main"]
