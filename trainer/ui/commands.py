"""Every action in the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from trainer.ui.messages import Act, OpenSession, ResumeExam, offered

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


def system_commands(app: TrainerApp) -> Iterator[SystemCommand]:
    for name, key, label, hint in offered(app.instructor):
        yield SystemCommand(
            label, f"{hint} ({key} on home)", lambda n=name: app.post_message(Act(n))
        )
    yield SystemCommand(
        "Resume mock exam",
        "continue an unfinished exam (r on home)",
        lambda: app.post_message(ResumeExam()),
    )
    study = app.study
    if study is not None:
        for blueprint in study.catalog.blueprints.values():
            yield SystemCommand(
                f"Mock exam: {blueprint.title}",
                blueprint.modelled_on,
                lambda b=blueprint.blueprint: app.post_message(
                    OpenSession(partial(study.start_exam, b))
                ),
            )
    yield SystemCommand("Help", "every key on every screen (?)", app.action_help)
