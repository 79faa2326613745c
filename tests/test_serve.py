"""`trainer serve`: who gets in, under which profile, and what the command line says."""

from __future__ import annotations

import io
import shlex
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, cast

import pytest
from aiohttp import WSServerHandshakeError, web
from aiohttp.test_utils import TestClient, TestServer

from trainer import accounts, cli, launch
from trainer.accounts import AccountError, Users
from trainer.cli import serving
from trainer.cli.main import _parser
from trainer.cli.serving import ServeOptions
from trainer.web.server import COOKIE, Door, TrainerServer

Client = TestClient[web.Request, web.Application]


@pytest.fixture(scope="module")
def users() -> Users:
    """Two users; scrypt is slow on purpose, so the hashes are made once."""
    return Users({"alice": accounts.hash_password("alice pw"), "bob": accounts.hash_password("b")})


async def client_for(door: Door) -> Client:
    server = TrainerServer(door)
    client: Client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    return client


@pytest.fixture
async def client(users: Users) -> AsyncIterator[Client]:
    c = await client_for(Door(users=users))
    yield c
    await c.close()


async def log_in(client: Client, name: str, password: str) -> int:
    response = await client.post(
        "/login", data={"name": name, "password": password}, allow_redirects=False
    )
    return response.status


# The users file.


def test_a_password_checks_against_its_hash_and_nothing_else() -> None:
    stored = accounts.hash_password("correct horse")
    assert accounts.check_password("correct horse", stored)
    assert not accounts.check_password("correct hors", stored)
    assert not accounts.check_password("", stored)
    assert not accounts.check_password("correct horse", "plain:text")
    assert not accounts.check_password("correct horse", "scrypt$x$8$1$AA==$AA==")
    assert stored != accounts.hash_password("correct horse"), "each hash has its own salt"


def test_an_unknown_user_is_refused_like_a_wrong_password(users: Users) -> None:
    assert users.verify("alice", "alice pw")
    assert not users.verify("alice", "bob")
    assert not users.verify("carol", "alice pw")
    assert not users.verify("carol", "")


@pytest.mark.parametrize(("password", "reason"), [("", "empty"), ("x" * 1025, "longer than 1024")])
def test_an_empty_or_huge_password_is_refused(password: str, reason: str) -> None:
    with pytest.raises(AccountError, match=reason):
        accounts.hash_password(password)


@pytest.mark.parametrize("name", ["Bob", "", "-x", "a b", "a:b", "x" * 65, "ä"])
def test_a_name_that_cannot_be_a_profile_is_refused(name: str) -> None:
    with pytest.raises(AccountError, match="not allowed"):
        accounts.check_name(name)


def test_every_bad_line_of_the_users_file_is_located_and_the_rest_are_read(
    tmp_path: Path,
) -> None:
    good = accounts.hash_password("pw")
    path = tmp_path / "users"
    path.write_text(
        "# a comment\n"
        f"alice:{good}\n"
        "\n"
        "  no colon here\n"
        f"Bob:{good}\n"
        "carol:md5$abc\n"
        f"alice:{good}\n"
        f"dave:{good}\n",
        encoding="utf-8",
    )
    read = accounts.read_users(path)
    assert sorted(read.hashes) == ["alice", "dave"]
    assert [str(p) for p in read.problems] == [
        f"{path}:4:3: expected name:hash",
        f"{path}:5:1: user name 'Bob' is not allowed",
        f"{path}:6:7: the hash is not scrypt$n$r$p$salt$hash",
        f"{path}:7:1: user 'alice' is listed twice",
    ]


def test_a_missing_or_undecodable_users_file_is_one_problem_and_no_users(
    tmp_path: Path,
) -> None:
    missing = accounts.read_users(tmp_path / "none")
    assert missing.hashes == {}
    assert "cannot read the users file" in str(missing.problems[0])
    (tmp_path / "bad").write_bytes(b"alice:\xff\xfe\n")
    assert accounts.read_users(tmp_path / "bad").hashes == {}


def test_setting_a_password_keeps_the_other_users_and_replaces_the_old_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "users"
    accounts.set_password(path, "alice", "one")
    accounts.set_password(path, "bob", "two")
    accounts.set_password(path, "alice", "three")
    read = accounts.read_users(path)
    assert read.problems == ()
    assert read.verify("alice", "three")
    assert not read.verify("alice", "one")
    assert read.verify("bob", "two")
    assert path.stat().st_mode & 0o777 == 0o600


# The command line.


def keep(started: list[ServeOptions]) -> Callable[[ServeOptions], int]:
    """A stand-in for the server that notes what it was asked to serve."""

    def serve(options: ServeOptions) -> int:
        started.append(options)
        return 0

    return serve


def test_user_add_reads_the_password_from_standard_input(tmp_path: Path) -> None:
    path = tmp_path / "users"
    out = io.StringIO()
    args = _parser().parse_args(["user", "add", "alice", "--users", str(path)])
    assert serving.cmd_user(args, out, io.StringIO("s3cret\n")) == 0
    assert "alice can now log in" in out.getvalue()
    assert accounts.read_users(path).verify("alice", "s3cret")


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [("Alice", "pw\n", "not allowed"), ("alice", "\n", "the password is empty")],
)
def test_user_add_refuses_a_bad_name_or_an_empty_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, password: str, message: str
) -> None:
    path = tmp_path / "users"
    args = _parser().parse_args(["user", "add", name, "--users", str(path)])
    assert serving.cmd_user(args, io.StringIO(), io.StringIO(password)) == 1
    assert message in capsys.readouterr().err
    assert not path.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve"], "serve needs --users FILE"),
        (["serve", "--trust-proxy", "127.0.0.1", "--port", "0"], "--port takes 1 to 65535"),
    ],
)
def test_serve_refuses_to_start_without_a_way_to_tell_users_apart(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    started: list[ServeOptions] = []
    assert cli.main(argv, serve=keep(started)) == 2
    assert message in capsys.readouterr().err
    assert started == []


def test_serve_hands_the_server_what_was_asked(tmp_path: Path) -> None:
    started: list[ServeOptions] = []
    argv = ["serve", "--users", str(tmp_path / "u"), "--port", "8123", "--trust-proxy", "10.0.0.2"]
    argv += ["--instructor", "ines", "--instructor", "ivo"]
    assert cli.main(argv, serve=keep(started)) == 0
    (options,) = started
    assert (options.host, options.port, options.proxies) == ("127.0.0.1", 8123, ("10.0.0.2",))
    assert options.users == tmp_path / "u"
    assert options.instructors == ("ines", "ivo")


def test_a_users_file_with_nobody_in_it_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "users"
    path.write_text("Nobody:here\n", encoding="utf-8")
    options = ServeOptions(
        host="127.0.0.1", port=8000, users=path, proxies=(), header="X-Forwarded-User",
        public_url=None, content=(),
    )  # fmt: skip
    assert launch.serve(options) == 1
    err = capsys.readouterr().err
    assert f"warning: {path}:1:1: user name 'Nobody' is not allowed" in err
    assert "no user can log in" in err


def test_a_server_with_no_door_cannot_be_made() -> None:
    with pytest.raises(AccountError, match="needs a users file or a trusted proxy"):
        TrainerServer(Door())


def test_each_tab_runs_the_trainer_under_its_users_profile(users: Users) -> None:
    server = TrainerServer(Door(users=users), content=(Path("extra banks"),))
    assert shlex.split(server.command_for("alice"))[1:] == [
        "-m", "trainer", "--profile", "alice", "--candidate", "--content", "extra banks",
    ]  # fmt: skip
    assert server.command_for("alice").startswith(sys.executable)
    with pytest.raises(AccountError):
        server.command_for("alice; rm -rf /")


def test_only_an_instructors_tab_offers_the_class_report(users: Users) -> None:
    server = TrainerServer(Door(users=users), instructors=frozenset({"alice"}))
    assert "--candidate" not in shlex.split(server.command_for("alice"))
    assert "--candidate" in shlex.split(server.command_for("bob"))


def test_an_instructor_who_cannot_be_a_user_is_refused(
    users: Users, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(AccountError, match="'Ines Smith' is not allowed"):
        TrainerServer(Door(users=users), instructors=frozenset({"Ines Smith"}))
    path = tmp_path / "users"
    accounts.set_password(path, "ines", "a long enough password")
    options = ServeOptions(
        host="127.0.0.1", port=8000, users=path, proxies=(), header="X-Forwarded-User",
        public_url=None, content=(), instructors=("Ines Smith",),
    )  # fmt: skip
    assert launch.serve(options) == 2
    assert "'Ines Smith' is not allowed" in capsys.readouterr().err


# Who gets in.


async def test_nobody_gets_the_page_or_the_socket_without_logging_in(
    client: Client,
) -> None:
    page = await client.get("/", allow_redirects=False)
    assert page.status == 303
    assert page.headers["Location"] == "/login"
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 401
    assert (await client.get("/static/js/textual.js")).status == 401
    login = await client.get("/login")
    assert login.status == 200
    assert 'name="password"' in await login.text()


async def test_a_wrong_password_is_told_and_lets_nobody_in(
    client: Client,
) -> None:
    response = await client.post("/login", data={"name": "alice", "password": "nope"})
    assert response.status == 401
    assert "do not match" in await response.text()
    assert COOKIE not in {c.key for c in client.session.cookie_jar}
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_a_user_who_logged_in_gets_the_page_until_logging_out(
    client: Client,
) -> None:
    assert await log_in(client, "Alice", "alice pw") == 303
    page = await client.get("/")
    assert page.status == 200
    assert "textual.js" in await page.text()
    (cookie,) = [c for c in client.session.cookie_jar if c.key == COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    await client.get("/logout", allow_redirects=False)
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_a_socket_opened_from_another_site_is_refused(
    client: Client,
) -> None:
    await log_in(client, "alice", "alice pw")
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "https://elsewhere.example"})
    assert refused.value.status == 403


async def test_a_user_header_counts_only_from_the_trusted_proxy(users: Users) -> None:
    untrusted = await client_for(Door(users=users, proxies=frozenset({"10.9.9.9"})))
    try:
        forged = await untrusted.get("/", headers={"X-Forwarded-User": "alice"})
        assert forged.status == 403
        assert "taken only from the proxy" in await forged.text()
    finally:
        await untrusted.close()
    trusted = await client_for(Door(proxies=frozenset({"127.0.0.1"})))
    try:
        assert (await trusted.get("/", headers={"X-Forwarded-User": "Alice"})).status == 200
        bad = await trusted.get("/", headers={"X-Forwarded-User": "al ice"})
        assert bad.status == 403
        assert (await trusted.get("/")).status == 401
        assert (await trusted.post("/login", data={"name": "a", "password": "b"})).status == 404
    finally:
        await trusted.close()


async def test_the_socket_runs_a_trainer_that_draws_home(
    client: Client,
) -> None:
    """Logged in, the socket starts a real trainer process whose first screen is home."""
    await log_in(client, "alice", "alice pw")
    socket = await client.ws_connect("/ws?width=100&height=30")
    seen = b""
    try:
        while b"Mock exam" not in seen:
            message = await socket.receive(timeout=60)
            assert message.type.name == "BINARY", message
            seen += message.data
    finally:
        await socket.close()
    assert b"Practice" in seen


async def test_stopping_the_server_waits_for_every_tab_to_save(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C or SIGTERM stops each open tab's trainer as closing its tab does, and exits only
    once they have all stopped; a second one exits at once."""
    import asyncio

    from aiohttp.web_runner import GracefulExit

    from trainer.web import server as module

    server = TrainerServer(Door(users=users))
    events: list[str] = []

    class Tab:
        def __init__(self, name: str) -> None:
            self.name = name

        async def stop(self) -> None:
            await asyncio.sleep(0.01)
            events.append(f"{self.name} saved")

    server._tabs = cast(Any, {Tab("a"), Tab("b")})
    monkeypatch.setattr(module, "_exit", lambda: events.append("exit"))
    server.request_exit()
    assert server._closing is not None
    await server._closing
    await asyncio.sleep(0)
    assert sorted(events[:2]) == ["a saved", "b saved"]
    assert events[2:] == ["exit"]
    with pytest.raises(GracefulExit):
        server.request_exit()
