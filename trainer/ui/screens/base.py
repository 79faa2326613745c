"""What the trainer's screens share: the app as the trainer, and reading the history off the UI
thread before drawing it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
    from trainer.study import Study
    from trainer.ui.app import TrainerApp

Data = TypeVar("Data")


class TrainerScreen(Screen[None]):
    """A full screen of the trainer."""

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]


class ReadingScreen(TrainerScreen, Generic[Data]):
    """A screen drawn from the history: `read` runs in a worker thread (queries can take a
    moment over a long history), then `show` draws what it returned. Escape goes back home."""

    SUBTITLE = ""

    def on_mount(self) -> None:
        self.sub_title = self.SUBTITLE
        self.prepare()
        self.run_worker(self._read, thread=True)

    def prepare(self) -> None:
        """Draw what needs no history (a table's columns, say) before it is read."""

    def read(self, study: Study) -> Data:
        raise NotImplementedError

    def show(self, data: Data) -> None:
        raise NotImplementedError

    def _read(self) -> None:
        study = self.trainer.study
        if study is not None:
            self.app.call_from_thread(self.show, self.read(study))

    def action_close(self) -> None:
        self.app.pop_screen()
