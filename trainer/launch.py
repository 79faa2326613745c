"""The `trainer` command: the app when no command is named, else the command line.

It sits above both front ends, so neither imports the other; the app's modules are imported
only when the app opens, and a command never loads Textual.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trainer import config

if TYPE_CHECKING:
    from trainer.cli.serving import ServeOptions


def open_app(
    content: Sequence[Path], profile: str, plain: bool = False, candidate: bool = False
) -> int:
    """Open the trainer in this terminal: the app, or the plain front end when it was asked for
    (`--plain`, `TRAINER_PLAIN=1` or `plain = true` in the settings); returns the exit code. A
    candidate's own trainer does not offer the class report (the plain one has none)."""
    located = config.locate(content)
    _, settings, problem = located
    if plain or settings.plain or os.environ.get("TRAINER_PLAIN", "") not in ("", "0"):
        from trainer import plain as plain_mode

        return plain_mode.run(located[0], profile=profile, notices=(problem,) if problem else ())
    from trainer.ui.app import run

    return run(located, profile=profile, instructor=not candidate)


def serve(options: ServeOptions) -> int:
    """Serve the trainer to browsers until stopped; the users file's problems are reported and
    its good lines used, and a file with no user in it is refused."""
    from trainer.accounts import AccountError, read_users
    from trainer.web.server import Door, TrainerServer

    users = None
    if options.users is not None:
        users = read_users(options.users)
        for problem in users.problems:
            print(f"warning: {problem}", file=sys.stderr)
        if not users.hashes:
            print(f"trainer: no user can log in from {options.users}", file=sys.stderr)
            return 1
    door = Door(users=users, proxies=frozenset(options.proxies), header=options.header)
    try:
        server = TrainerServer(
            door,
            host=options.host,
            port=options.port,
            public_url=options.public_url,
            content=options.content,
            instructors=frozenset(options.instructors),
        )
    except AccountError as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return 2
    if options.host not in ("127.0.0.1", "localhost", "::1") and not (
        options.public_url or ""
    ).startswith("https"):
        print(
            "warning: listening beyond this machine without TLS; put the trainer behind a "
            "proxy that serves https (see the README)",
            file=sys.stderr,
        )
    server.serve()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from trainer.cli import main as command_line

    return command_line(argv, open_app=open_app, serve=serve)
