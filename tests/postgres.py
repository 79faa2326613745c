"""A throw-away PostgreSQL server for the tests and benchmarks: Debian's binaries, a cluster in a
temporary folder, reached over its own Unix socket, stopped and deleted at the end.

`initdb` refuses to run as root, so as root the cluster belongs to the `postgres` user that the
Debian package creates. `TRAINER_TEST_POSTGRES` names a server to use instead (a URL without a
database name); nothing is then started or stopped.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# A throw-away cluster need not survive a power cut: without fsync it starts and writes faster.
_SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
    "shared_buffers=128MB",
)


class NoServer(RuntimeError):
    """PostgreSQL is not installed here, or its cluster would not start; the message says why."""


def binaries() -> Path:
    """The folder of the newest installed PostgreSQL's `initdb`, `pg_ctl` and `postgres`."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise NoServer(
        "PostgreSQL is not installed (no initdb); `make test` installs Debian's postgresql"
    )


def _version(path: str) -> tuple[int, ...]:
    number = Path(path).parent.parent.name
    return tuple(int(p) for p in number.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A running server: `url(name)` reaches one of its databases over the socket."""

    template: str
    """A URL with `{database}` where the database's name goes."""
    folder: Path | None = None
    _owner: str | None = field(default=None, repr=False)

    def url(self, database: str) -> str:
        return self.template.replace("{database}", database)

    def create_database(self, prefix: str = "trainer") -> str:
        """A new empty database's URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.split("?")[0].rsplit("/", 1)[1]
        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(subprocess.CalledProcessError, NoServer):
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def _run(self, tool: str, *args: str) -> None:
        command = [str(binaries() / tool), *args]
        if self._owner is not None:
            command = ["runuser", "-u", self._owner, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise NoServer(f"{tool} failed: {(done.stderr or done.stdout).strip()}")


def start() -> Server:
    """Start a cluster in a new temporary folder (or name the one `TRAINER_TEST_POSTGRES` gives:
    a URL with `{database}` where the database's name goes)."""
    given = os.environ.get("TRAINER_TEST_POSTGRES")
    if given:
        return Server(given if "{database}" in given else given.rstrip("/") + "/{database}")
    owner = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise NoServer(
                "running as root, and there is no postgres user to own a cluster"
            ) from None
        owner = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="trainer-postgres-"))
    if owner is not None:
        record = pwd.getpwnam(owner)
        os.chown(folder, record.pw_uid, record.pw_gid)
    folder.chmod(0o700)
    port = _free_port()
    server = Server(f"postgresql://postgres@/{{database}}?host={folder}&port={port}", folder, owner)
    try:
        server._run("initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth=trust", "-E",
                    "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = " ".join(f"-c {s}" for s in _SETTINGS)
        server._run(
            "pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "log"), "-w", "-t", "60",
            "-o", f"-k {folder} -c listen_addresses='' -p {port} {options}", "start",
        )  # fmt: skip
    except BaseException:
        log = folder / "log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        server.stop()
        raise NoServer(f"the test cluster did not start: {detail}") from None
    return server


@contextlib.contextmanager
def running() -> Iterator[Server]:
    server = start()
    try:
        yield server
    finally:
        server.stop()
