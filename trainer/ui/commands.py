"""Every action in the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


def system_commands(app: TrainerApp) -> Iterator[SystemCommand]:
    from trainer.ui import flows
    from trainer.ui.screens.home import ACTIONS

    for name, key, label, hint in ACTIONS:
        yield SystemCommand(label, f"{hint} ({key} on home)", lambda n=name: flows.start(app, n))
    yield SystemCommand(
        "Resume mock exam",
        "continue an unfinished exam (r on home)",
        lambda: flows.resume_exam(app),
    )
    study = app.study
    if study is not None:
        for blueprint in study.catalog.blueprints.values():
            yield SystemCommand(
                f"Mock exam: {blueprint.title}",
                blueprint.modelled_on,
                lambda b=blueprint.blueprint: flows.open_session(app, study.start_exam, b),
            )
    yield SystemCommand("Help", "every key on every screen (?)", app.action_help)
