"""What the trainer's screens share: the app as the trainer, and reading the history off the UI
thread before drawing it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Generic, TypeVar

from textual.screen import Screen
from textual.worker import Worker

if TYPE_CHECKING:
    from trainer.study import Study
    from trainer.ui.app import TrainerApp

Data = TypeVar("Data")
T = TypeVar("T")


class TrainerScreen(Screen[None]):
    """A full screen of the trainer."""

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.trainer.on_worker_state_changed(event)

    async def before_quit(self) -> None:
        """Save what must outlive the app before it quits; most screens have nothing to save."""

    def read(self, fn: Callable[[], T], then: Callable[[T], None]) -> None:
        """Read from the history in a worker thread, then hand the result to `then` on the UI
        thread; a failed read is shown as any failed worker is, and the screen stays."""

        def work() -> None:
            result = fn()
            self.app.call_from_thread(then, result)

        self.run_worker(work, thread=True, group="reading", exit_on_error=False)


class ReadingScreen(TrainerScreen, Generic[Data]):
    """A screen drawn from the history: `gather` runs in a worker thread (queries can take a
    moment over a long history), then `show` draws what it returned. Escape goes back home."""

    SUBTITLE = ""

    def on_mount(self) -> None:
        self.sub_title = self.SUBTITLE
        self.prepare()
        self.reread()

    def reread(self) -> None:
        """Read the history again and draw what it says now."""
        study = self.trainer.study
        if study is not None:
            self.read(partial(self.gather, study), self.show)

    def prepare(self) -> None:
        """Draw what needs no history (a table's columns, say) before it is read."""

    def gather(self, study: Study) -> Data:
        raise NotImplementedError

    def show(self, data: Data) -> None:
        raise NotImplementedError

    def action_close(self) -> None:
        self.app.pop_screen()
