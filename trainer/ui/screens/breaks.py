"""The break between timed sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Static

from trainer.ui.messages import TimeCounted
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.text import clock_text, literal
from trainer.wording import length_text

if TYPE_CHECKING:
    from trainer.study import StudySession


class BreakScreen(TrainerScreen):
    """A break: its time counts down (the exam's clock runs it and says when it moved); Enter
    ends it early. It closes itself when the break ends, early or on time."""

    CSS_PATH = "breaks.tcss"

    BINDINGS = [Binding("enter", "resume", "Start the next section")]  # noqa: RUF012

    def __init__(self, live: StudySession) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        live = self.live
        state = live.state
        following = live.plan.sections[state.section + 1]
        limit = f"{clock_text(following.seconds)}, " if following.seconds else "untimed, "
        length = length_text(following.length, following.adaptive is not None)
        yield Header()
        with Vertical(classes="centred"):
            yield Static("Break", classes="dialog-title")
            yield Static("", id="break-left")
            yield Static(
                literal(
                    f"Next: {following.title} ({limit}{length})."
                    + (f"\n{following.instructions}" if following.instructions else "")
                )
            )
            yield Static("Press Enter to start it now.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_clock()

    def refresh_clock(self) -> None:
        """Show the time left of the break."""
        left = self.live.state.break_left()
        self.query_one("#break-left", Static).update(f"{clock_text(left)} left of the break")

    def on_time_counted(self, message: TimeCounted) -> None:
        self.refresh_clock()

    async def action_resume(self) -> None:
        await self.trainer.in_worker(self.live.end_break)
        self.dismiss()
