"""The app factory and entry point: the CLI and the tests build the app the same way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from textual.app import App

from trainer import config
from trainer.content import loader
from trainer.content.loader import LoadResult
from trainer.ui.messages import ContentLoaded
from trainer.ui.screens.home import HomeScreen

Loader = Callable[[], LoadResult]


class TrainerApp(App[int]):
    """The trainer: the home screen draws at once, the content loads in a worker behind it."""

    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012 - Textual's class-level table

    def __init__(self, load: Loader, locations: config.Locations) -> None:
        super().__init__()
        self._load = load
        self.locations = locations
        self.content: LoadResult | None = None

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self.run_worker(self._load_content, thread=True, name="load-content", exit_on_error=False)

    def _load_content(self) -> None:
        self.post_message(ContentLoaded(self._load()))

    def on_content_loaded(self, message: ContentLoaded) -> None:
        self.content = message.result
        self.screen.post_message(ContentLoaded(message.result))


def create_app(locations: config.Locations, *, use_cache: bool = True) -> TrainerApp:
    """Build the app from where things live; what the tests build is what runs."""
    cache = locations.cache if use_cache else None
    load = partial(loader.load, locations.all_content, cache)
    return TrainerApp(load, locations)


def run(extra_content: Sequence[Path] = ()) -> int:
    """Open the trainer in this terminal; returns the exit code."""
    locations, _, problem = config.locate(extra_content)
    app = create_app(locations)
    app.run()
    if problem:
        print(f"warning: {problem}")
    return app.return_code or 0
