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
    """A break: its time counts down (the exam's clock runs it); Enter ends it early."""

    BINDINGS = [Binding("enter", "resume", "Start the next section")]  # noqa: RUF012

    def __init__(self, questions: QuestionScreen) -> None:
        super().__init__()
        self.questions = questions

    def compose(self) -> ComposeResult:
        live = self.questions.live
        state = live.state
        following = live.plan.sections[state.section + 1]
        limit = f"{clock_text(following.seconds)}, " if following.seconds else "untimed, "
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
        self.refresh_clock()

    def refresh_clock(self) -> None:
        """Show the time left; the exam's screen below keeps the one clock and calls this."""
        left = self.questions.live.state.break_left()
        self.query_one("#break-left", Static).update(f"{clock_text(left)} left of the break")

    async def action_resume(self) -> None:
        questions = self.questions
        await questions.trainer.in_worker(questions.live.end_break)
        # The next section is drawn by the exam's screen, on its own queue, once this one goes.
        self.app.pop_screen()
        questions.call_later(questions.render_item)
