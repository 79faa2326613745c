"""The plain front end: every flow as lines of text, for screen readers, braille and scripts.

It drives the same `Study` as the app, so a session sat here is recorded exactly as one sat
there. Output stays in the scrollback (nothing is redrawn, no colour, no box drawing); input is
read a line at a time, so `trainer --plain < answers.txt` can sit a whole mock exam, and the end
of the input leaves the exam saved to resume, as quitting the app does.
"""

from __future__ import annotations

import random
import sys
from typing import TextIO

from trainer import config, startup
from trainer.engine.clock import Clock, SystemClock
from trainer.errors import TrainerError
from trainer.plain.console import Console, EndOfInput
from trainer.plain.home import Home
from trainer.wording import plural


def run(
    locations: config.Locations,
    *,
    profile: str = "default",
    lines_in: TextIO | None = None,
    out: TextIO | None = None,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    notices: tuple[str, ...] = (),
) -> int:
    """Open the trainer as lines of text; returns the exit code (0, or 1 with no history)."""
    out = out or sys.stdout
    console = Console(lines_in or sys.stdin, out)
    clock = clock or SystemClock()
    console.say("Trainer, plain mode. Loading the question banks.")
    for said in notices:
        console.say(f"Warning: {said}")
    content = startup.load_content(locations, clock)
    if content.problems:
        errors = sum(p.is_error for p in content.problems)
        console.say(
            f"Warning: {plural(len(content.problems), 'problem')} in the content "
            f"({plural(errors, 'error')}); the rest is loaded. trainer validate lists them."
        )
    try:
        study, notice = startup.open_study(locations, content, clock, rng=rng, profile=profile)
    except TrainerError as error:
        console.say(f"The history cannot be opened: {error}")
        return 1
    if notice:
        console.say(f"Warning: {notice}")
    try:
        Home(console, study).run()
    except EndOfInput:
        console.say("End of input.")
    except KeyboardInterrupt:
        console.say("Interrupted.")
        return 130
    finally:
        study.store.close()
    return 0
