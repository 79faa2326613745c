"""The break between timed sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from trainer.ui.text import clock_text, literal, plural

if TYPE_CHECKING:
    from trainer.ui.screens.question import QuestionScreen


class BreakScreen(Screen[None]):
    """A break: its time counts down; Enter ends it early."""

    BINDINGS = [Binding("enter", "resume", "Start the next section")]  # noqa: RUF012

    def __init__(self, questions: QuestionScreen) -> None:
        super().__init__()
        self.questions = questions

    def compose(self) -> ComposeResult:
        live = self.questions.live
        state = live.state
        following = live.plan.sections[state.section + 1]
        limit = f"{clock_text(following.seconds)} " if following.seconds else "untimed, "
        yield Header()
        with Vertical(classes="centred"):
            yield Static("Break", classes="dialog-title")
            yield Static("", id="break-left")
            yield Static(
                literal(
                    f"Next: {following.title} ({limit}{plural(len(following.items), 'question')})."
                    + (f"\n{following.instructions}" if following.instructions else "")
                )
            )
            yield Static("Press Enter to start it now.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self._draw()
        if self.questions.trainer.tick_seconds:
            self.set_interval(self.questions.trainer.tick_seconds, self._tick)

    def _draw(self) -> None:
        left = self.questions.live.state.break_left()
        self.query_one("#break-left", Static).update(f"{clock_text(left)} left of the break")

    async def _tick(self) -> None:
        await self.questions.tick()
        if self.is_attached and self.app.screen is self:
            self._draw()

    async def action_resume(self) -> None:
        await self.questions.trainer.in_worker(self.questions.live.end_break)
        await self.app.pop_screen()
        await self.questions.render_item()
