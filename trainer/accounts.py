"""Who may use a served trainer: a users file of names and scrypt password hashes.

Each line is `name:scrypt$<n>$<r>$<p>$<salt>$<hash>` (salt and hash in base64); blank lines and
lines starting with `#` are skipped. A name is also the candidate's profile, so names are kept
to lower-case letters, digits, `.`, `_` and `-`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from pathlib import Path

import msgspec

from trainer.content.problems import Problem

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
"""A user name, which is also a profile name."""
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_LONGEST = 1024
"""The longest password accepted: scrypt's cost grows with it."""


class AccountError(ValueError):
    """A user name or password that cannot be used, with the reason in words."""


class Users(msgspec.Struct, frozen=True):
    """The users of a served trainer, by name, with the problems met reading their file."""

    hashes: Mapping[str, str]
    problems: tuple[Problem, ...] = ()

    def verify(self, name: str, password: str) -> bool:
        """Whether `password` is `name`'s; an unknown name costs the same time as a wrong
        password, so the answer does not tell which names exist."""
        stored = self.hashes.get(name)
        if stored is None:
            hash_password(password or "-", salt=b"\0" * _SALT_BYTES)
            return False
        return check_password(password, stored)


def check_name(name: str) -> str:
    """`name` when it can be a user and profile name; raises AccountError saying why not."""
    if not NAME.fullmatch(name):
        raise AccountError(
            f"user name {name!r} is not allowed: use 1 to 64 lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter or digit"
        )
    return name


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """The stored form of `password`, salted with `salt` (random unless given)."""
    if not password:
        raise AccountError("the password is empty")
    if len(password) > _LONGEST:
        raise AccountError(f"the password is longer than {_LONGEST} characters")
    salt = os.urandom(_SALT_BYTES) if salt is None else salt
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    """Whether `password` matches the stored form (False for a form that cannot be read)."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or not 0 < len(password) <= _LONGEST:
        return False
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, expected = base64.b64decode(parts[4]), base64.b64decode(parts[5])
        digest = hashlib.scrypt(
            password.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest, expected)


def read_users(path: Path) -> Users:
    """The users in `path`, each bad line reported as `path:line:col: message` and skipped; a
    missing or unreadable file is one problem and no users."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Users({}, (Problem(str(path), 0, 0, f"cannot read the users file: {exc}"),))
    hashes: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, colon, stored = stripped.partition(":")
        at = line.index(stripped[0]) + 1
        if not colon:
            problems.append(Problem(str(path), number, at, "expected name:hash"))
        elif not NAME.fullmatch(name):
            problems.append(Problem(str(path), number, at, f"user name {name!r} is not allowed"))
        elif not stored.startswith("scrypt$") or stored.count("$") != 5:
            col = at + len(name) + 1
            problems.append(
                Problem(str(path), number, col, "the hash is not scrypt$n$r$p$salt$hash")
            )
        elif name in hashes:
            problems.append(Problem(str(path), number, at, f"user {name!r} is listed twice"))
        else:
            hashes[name] = stored
    return Users(hashes, tuple(problems))


def set_password(path: Path, name: str, password: str) -> None:
    """Add `name` to the users file at `path` with `password`, or change its password; the
    file's other lines are kept as they are, and it is written whole, then moved into place."""
    check_name(name)
    line = f"{name}:{hash_password(password)}"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = ["# trainer serve: one user a line, name:hash (trainer user add NAME)"]
    kept = [x for x in lines if x.strip().partition(":")[0] != name]
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    temporary.write_text("\n".join([*kept, line]) + "\n", encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
