"""The app factory and entry point: the CLI and the tests build the app the same way."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from textual import messages
from textual.app import App
from textual.binding import Binding
from textual.geometry import Offset
from textual.widgets import OptionList
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from trainer import config
from trainer.engine.clock import Clock, SystemClock
from trainer.errors import TrainerError
from trainer.ui import flows
from trainer.ui.messages import Act, ContentLoaded, OpenSession, ResumeExam, ShowReport
from trainer.ui.screens.base import TrainerScreen

if TYPE_CHECKING:
    from trainer.content.loader import LoadResult
    from trainer.study import Study

T = TypeVar("T")


@dataclass(frozen=True)
class Ready:
    """What the loading worker hands over: the content, the study, and anything to warn about."""

    content: LoadResult
    study: Study | None
    notices: tuple[str, ...] = ()
    error: str | None = None


def failure(error: BaseException) -> str:
    """What a candidate is told when a step failed: the trainer's own message, or what escaped."""
    if isinstance(error, TrainerError):
        return str(error)
    return f"Unexpected {type(error).__name__}: {error}. What was saved is kept."


class TrainerApp(App[int]):
    """The trainer: home draws at once; content and history load in a worker behind it."""

    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(
        self,
        load: Callable[[], Ready],
        locations: config.Locations,
        clock: Clock,
        *,
        tick_seconds: float | None = 1.0,
        follow_cursor: bool = False,
        instructor: bool = True,
    ) -> None:
        super().__init__()
        self.follow_cursor = follow_cursor
        self.instructor = instructor
        """Whether the class report is offered: not in a candidate's own trainer (`--candidate`,
        as `trainer serve` opens it for users who are not instructors)."""
        """Show the terminal's cursor and keep it on the highlighted option: screen magnifiers
        and braille displays follow it."""
        self.tick_seconds = tick_seconds
        """How often timed screens count time; None for never (tests drive the clock by hand)."""
        self._load = load
        self._quitting = False
        self._saved = False
        self.locations = locations
        self.clock = clock
        self.ready: Ready | None = None
        self._theme_wanted: str | None = None

    def want_theme(self, name: str | None) -> None:
        """Use this theme once the app starts (themes of our own are registered then)."""
        self._theme_wanted = name

    @property
    def study(self) -> Study | None:
        return self.ready.study if self.ready else None

    def get_system_commands(self, screen: Any) -> Any:
        from trainer.ui.commands import system_commands

        yield from super().get_system_commands(screen)
        yield from system_commands(self)

    def on_mount(self) -> None:
        from trainer.ui.screens.home import HomeScreen
        from trainer.ui.themes import HIGH_CONTRAST

        self.register_theme(HIGH_CONTRAST)
        if self._theme_wanted in self.available_themes:
            self.theme = self._theme_wanted

        self.push_screen(HomeScreen())

    def on_option_list_option_highlighted(self) -> None:
        if self.follow_cursor:
            self.call_after_refresh(self.place_cursor)

    def on_descendant_focus(self) -> None:
        if self.follow_cursor:
            self.call_after_refresh(self.place_cursor)

    def place_cursor(self) -> None:
        """Put the terminal's cursor at the start of the focused list's highlighted option (an
        input places it itself, at its caret)."""
        focused = self.focused
        if not isinstance(focused, OptionList) or focused.highlighted is None:
            return
        # Textual keeps where each option's lines start; there is no public way to ask.
        line = focused._index_to_line.get(focused.highlighted)
        if line is None:
            return
        region = focused.content_region
        y = region.y + line - round(focused.scroll_y)
        if region.y <= y < region.bottom:
            self.cursor_position = Offset(region.x, y)

    def on_ready(self) -> None:
        if self.follow_cursor and self._driver is not None and not self.is_headless:
            # Textual hides the cursor as it starts and has no public way to show it again.
            self._driver.write("\x1b[?25h")
        # Load once the first frame is on the terminal, so the loading thread does not compete
        # with drawing it (Textual sends Ready after that frame's refresh).
        self.run_worker(self._load_all, thread=True, name="load", exit_on_error=False)

    def _load_all(self) -> None:
        self.post_message(ContentLoaded(self._load()))

    def on_content_loaded(self, message: ContentLoaded) -> None:
        self.ready = message.ready
        for notice in message.ready.notices:
            self.notify(notice, severity="warning", timeout=12)
        if message.ready.error:
            self.notify(message.ready.error, severity="error", timeout=30)
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_from_study", None)
            if refresh is not None:
                refresh()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one error policy for every worker: a step that failed is shown, and the app stays
        up (what was saved is kept). Every worker is started with `exit_on_error=False`; the
        trainer's screens pass their workers' changes here (the message does not bubble)."""
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            self.log.error(event.worker, error)
            self.notify(failure(error), severity="error", timeout=15)

    async def in_worker(self, fn: Callable[..., T], *args: Any) -> T | None:
        """Run a store-touching step in a worker thread and wait for it; errors are shown.

        Returns None when the step failed (the candidate is told why) or was cancelled.
        """
        worker = self.run_worker(
            partial(fn, *args), thread=True, group="store", exit_on_error=False
        )
        try:
            return await worker.wait()
        except WorkerFailed:
            return None
        except WorkerCancelled:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                # Textual's wait() turns the cancelling of the task that waits (a screen's clock
                # stopped as the screen closes) into WorkerCancelled. Swallowed, the cancelling
                # is lost: the clock keeps running and the closing screen waits for it forever.
                raise asyncio.CancelledError from None
            return None

    # What the screens ask for: the app decides what opens (see `messages`).

    def on_act(self, message: Act) -> None:
        flows.start(self, message.name)

    def on_resume_exam(self, message: ResumeExam) -> None:
        flows.resume_exam(self)

    def on_open_session(self, message: OpenSession) -> None:
        flows.open_session(self, message.start)

    def on_show_report(self, message: ShowReport) -> None:
        flows.show_report(self, message.report, message.session_id, replace=message.replace)

    def on_exit_app(self, message: messages.ExitApp) -> None:
        """Textual's own way out (a served tab closing sends it) goes the quit key's way: the
        keys already sent are handled first, then every screen saves, then the app exits."""
        if self._saved:
            return
        # Held until every screen has saved, however many more arrive meanwhile.
        message.prevent_default()
        if self._quitting:
            return
        self._quitting = True
        # Not awaited here: a key bubbles back up through the app's own queue on its way.
        self.run_worker(self._quit_when_settled(), name="quit", exit_on_error=False)

    async def _quit_when_settled(self, seconds: float = 3.0) -> None:
        """Quit once the app, the screen and its widgets have no message waiting and no
        history write is under way, twice in a row (or after `seconds`)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        quiet = 0
        try:
            while quiet < 2 and loop.time() < deadline:
                await asyncio.sleep(0.01)
                pumps = [self, self.screen, *self.screen.walk_children()]
                writing = any(
                    w.group == "store" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
                    for w in self.workers
                )
                quiet = 0 if writing or any(p.message_queue_size for p in pumps) else quiet + 1
            await self._save_all()
        finally:
            self._saved = True
            # Sent again rather than `exit()`, which would lose the result the first one carried.
            self.post_message(messages.ExitApp())

    async def action_quit(self) -> None:
        """Quit, first letting every screen save where it stands: an exam's position and time
        used, kept to resume; a practice closed as left with what was answered."""
        await self._save_all()
        self.exit()

    async def _save_all(self) -> None:
        self._quitting = True
        try:
            for screen in self.screen_stack:
                if isinstance(screen, TrainerScreen):
                    await screen.before_quit()
        finally:
            self._saved = True

    def action_help(self) -> None:
        from trainer.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def _load(
    locations: config.Locations, clock: Clock, rng: random.Random, use_cache: bool, profile: str
) -> Ready:
    from trainer import startup
    from trainer.store.sqlite import StoreError

    content = startup.load_content(locations, clock, use_cache=use_cache)
    try:
        study, notice = startup.open_study(locations, content, clock, rng=rng, profile=profile)
    except StoreError as exc:
        return Ready(content, None, error=f"History unavailable: {exc}")
    return Ready(content, study, (notice,) if notice else ())


def create_app(
    locations: config.Locations,
    *,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    use_cache: bool = True,
    profile: str = "default",
    tick_seconds: float | None = 1.0,
    follow_cursor: bool = False,
    instructor: bool = True,
) -> TrainerApp:
    """Build the app from its parts; what the tests build is what runs."""
    clock = clock or SystemClock()
    rng = rng or random.Random()
    load = partial(_load, locations, clock, rng, use_cache, profile)
    return TrainerApp(
        load,
        locations,
        clock,
        tick_seconds=tick_seconds,
        follow_cursor=follow_cursor,
        instructor=instructor,
    )


def run(
    located: tuple[config.Locations, config.Settings, str | None],
    profile: str = "default",
    *,
    instructor: bool = True,
) -> int:
    """Open the trainer in this terminal, where `config.locate` found everything; returns the
    exit code."""
    locations, settings, problem = located
    app = create_app(
        locations, profile=profile, follow_cursor=settings.follow_cursor, instructor=instructor
    )
    app.want_theme(settings.theme)
    app.run()
    if problem:
        print(f"warning: {problem}")
    return app.return_code or 0
