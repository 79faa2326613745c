"""`trainer serve` and `trainer user`: the command line's side of serving to browsers.

The server itself is another front end; the launcher hands it in as `Serve`, so this package
never imports it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import msgspec

from trainer.accounts import AccountError, set_password


class ServeOptions(msgspec.Struct, frozen=True, kw_only=True):
    """What `trainer serve` was asked for."""

    host: str
    port: int
    users: Path | None
    proxies: tuple[str, ...]
    header: str
    public_url: str | None
    content: tuple[Path, ...]
    instructors: tuple[str, ...] = ()


Serve = Callable[[ServeOptions], int]
"""Runs the server until it is stopped; returns the exit code."""


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `serve` and `user` commands."""
    serve = commands.add_parser(
        "serve",
        help="serve the trainer to browsers: one trainer per tab, under each user's profile",
        description="Serve the trainer to browsers. Users log in with a password from the users "
        "file, or are named by a trusted reverse proxy in a header; nobody else gets in. It "
        "listens on this machine only unless --host says otherwise.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument(
        "--users", type=Path, metavar="FILE", help="the users file (see trainer user add)"
    )
    serve.add_argument(
        "--trust-proxy",
        action="append",
        default=[],
        metavar="ADDR",
        help="a reverse proxy's address whose user header is believed (may be repeated)",
    )
    serve.add_argument(
        "--user-header",
        default="X-Forwarded-User",
        metavar="NAME",
        help="the header the proxy names the user in (X-Forwarded-User)",
    )
    serve.add_argument(
        "--public-url", metavar="URL", help="the address browsers use, when behind a proxy"
    )
    serve.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        type=Path,
        default=[],
        help="another folder of banks and scenarios for every tab (may be repeated)",
    )
    serve.add_argument(
        "--instructor",
        action="append",
        default=[],
        metavar="NAME",
        help="a user whose trainer offers the class report of every candidate (may be "
        "repeated); nobody else's does",
    )
    user = commands.add_parser("user", help="add a user to the users file of trainer serve")
    actions = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="add a user or change a user's password (read from the terminal, or from "
        "standard input when it is not one)",
    )
    add.add_argument("name", help="the user's name, which is also their profile")
    add.add_argument("--users", type=Path, required=True, metavar="FILE", help="the users file")


def cmd_serve(args: argparse.Namespace, out: TextIO, serve: Serve | None) -> int:
    """Check what was asked and hand it to the server."""
    if serve is None:
        print("trainer: serving is not available from here", file=sys.stderr)
        return 2
    if args.users is None and not args.trust_proxy:
        print(
            "trainer: serve needs --users FILE (trainer user add NAME --users FILE makes one) "
            "or --trust-proxy ADDR",
            file=sys.stderr,
        )
        return 2
    if not 0 < args.port < 65536:
        print(f"trainer: --port takes 1 to 65535, not {args.port}", file=sys.stderr)
        return 2
    options = ServeOptions(
        host=args.host,
        port=args.port,
        users=args.users,
        proxies=tuple(args.trust_proxy),
        header=args.user_header,
        public_url=args.public_url,
        content=tuple(args.content),
        instructors=tuple(args.instructor),
    )
    return serve(options)


def cmd_user(args: argparse.Namespace, out: TextIO, stdin: TextIO | None = None) -> int:
    """`trainer user add NAME --users FILE`: the password twice from a terminal, else a line."""
    source = stdin if stdin is not None else sys.stdin
    if source.isatty():
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            print("trainer: the two passwords differ; nothing was changed", file=sys.stderr)
            return 1
    else:
        password = source.readline().rstrip("\r\n")
    try:
        set_password(args.users, args.name, password)
    except AccountError as exc:
        print(f"trainer: {exc}; nothing was changed", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"trainer: cannot write {args.users}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"{args.name} can now log in to trainer serve --users {args.users}", file=out)
    return 0
