"""`trainer serve`: textual-serve's server with a door.

Every request but the login page needs a user: one who logged in with a password from the
users file (a session cookie), or one named by a trusted reverse proxy in a header, taken only
from the proxy's own address. The websocket that runs a trainer is refused before it opens
without one, and each tab's trainer runs under that user's profile.
"""

from __future__ import annotations

import asyncio
import html
import secrets
import shlex
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import msgspec
from aiohttp import web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server

from trainer.accounts import AccountError, Users, check_name
from trainer.wording import plural

COOKIE: Final = "trainer_session"
USER: Final = web.RequestKey("user", str)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Door(msgspec.Struct, frozen=True, kw_only=True):
    """How users are told apart: the password users, and the proxies trusted to name them."""

    users: Users | None = None
    proxies: frozenset[str] = frozenset()
    """Addresses of reverse proxies whose `header` names the user."""
    header: str = "X-Forwarded-User"
    session_hours: float = 12.0


class TabService(AppService):
    """One tab's trainer process, which ends with the tab: stopping waits for it to save and
    exit, and kills it only if it has not within a minute (many tabs closing at once on a busy
    machine take a while, and a kill would cost the key pressed last)."""

    async def stop(self) -> None:
        await super().stop()
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), timeout=60)
        except TimeoutError:
            process.kill()
            await process.wait()


class TrainerServer(Server):
    """Serves the trainer, one process per browser tab under the tab's user's profile."""

    def __init__(
        self,
        door: Door,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        content: Sequence[Path] = (),
        instructors: frozenset[str] = frozenset(),
    ) -> None:
        if door.users is None and not door.proxies:
            raise AccountError("serving needs a users file or a trusted proxy")
        super().__init__("trainer", host=host, port=port, title="trainer", public_url=public_url)
        self.door = door
        self.content = tuple(content)
        self.instructors = frozenset(check_name(name) for name in instructors)
        """Users whose trainer offers the class report; everyone else's is a candidate's own."""
        self._sessions: dict[str, tuple[str, float]] = {}
        self._tabs: set[TabService] = set()
        self._stopping = False
        self._closing: asyncio.Task[None] | None = None

    def command_for(self, user: str) -> str:
        """The shell command that opens one user's trainer."""
        words = [sys.executable, "-m", "trainer", "--profile", check_name(user)]
        if user not in self.instructors:
            words.append("--candidate")
        for folder in self.content:
            words += ["--content", str(folder)]
        return shlex.join(words)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        app.router.add_get("/login", self.handle_login_page)
        app.router.add_post("/login", self.handle_login)
        app.router.add_get("/logout", self.handle_logout)
        return app

    def request_exit(self) -> None:
        """Ctrl+C or SIGTERM: every tab's trainer is stopped the way closing its tab stops
        it, and each has saved, before the server exits; a second one exits at once."""
        if self._stopping:
            raise GracefulExit()
        self._stopping = True
        self.console.print("stopping: each open trainer saves first (Ctrl+C again to stop now)")
        self._closing = asyncio.get_event_loop().create_task(self._close_tabs_then_exit())

    async def _close_tabs_then_exit(self) -> None:
        await asyncio.gather(*(tab.stop() for tab in list(self._tabs)), return_exceptions=True)
        asyncio.get_running_loop().call_soon(_exit)

    async def on_startup(self, app: web.Application) -> None:
        how = []
        if self.door.users is not None:
            how.append(plural(len(self.door.users.hashes), "password user"))
        if self.door.proxies:
            how.append(f"users named by {', '.join(sorted(self.door.proxies))}")
        self.console.print(f"trainer serving on {self.public_url} ({'; '.join(how)})")
        self.console.print("Ctrl+C stops it")

    # Who is asking.

    def user_of(self, request: web.Request) -> str | None:
        """The request's user, or None; raises HTTPForbidden for a user header that did not
        come from a trusted proxy or names no allowed user."""
        named = request.headers.get(self.door.header)
        if named is not None:
            if request.remote not in self.door.proxies:
                raise web.HTTPForbidden(text=f"{self.door.header} is taken only from the proxy")
            try:
                return check_name(named.strip().lower())
            except AccountError as exc:
                raise web.HTTPForbidden(text=str(exc)) from None
        if self.door.proxies and self.door.users is None and request.remote in self.door.proxies:
            raise web.HTTPUnauthorized(text=f"the proxy sent no {self.door.header}")
        token = request.cookies.get(COOKIE)
        found = self._sessions.get(token) if token else None
        if found is None:
            return None
        name, until = found
        if time.monotonic() > until:
            del self._sessions[token]  # type: ignore[arg-type]
            return None
        return name

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path in ("/login", "/logout"):
            return await handler(request)
        user = self.user_of(request)
        if user is None:
            if request.path == "/" and self.door.users is not None:
                raise web.HTTPSeeOther("/login")
            raise web.HTTPUnauthorized(text="log in first")
        if request.path == "/ws" and not self._same_origin(request):
            raise web.HTTPForbidden(text="the page that opened this socket is not the trainer's")
        request[USER] = user
        return await handler(request)

    @staticmethod
    def _same_origin(request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc == request.host

    # Logging in and out.

    async def handle_login_page(self, request: web.Request) -> web.Response:
        return _page("")

    async def handle_login(self, request: web.Request) -> web.Response:
        if self.door.users is None:
            raise web.HTTPNotFound(text="this trainer takes its users from the proxy")
        form = await request.post()
        name = str(form.get("name", "")).strip().lower()
        password = str(form.get("password", ""))
        if not self.door.users.verify(name, password):
            return _page("That name and password do not match.", status=401)
        token = secrets.token_urlsafe(32)
        self._sessions[token] = (name, time.monotonic() + self.door.session_hours * 3600)
        response = web.HTTPSeeOther("/")
        response.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="Strict",
            secure=self.public_url.startswith("https"),
            max_age=int(self.door.session_hours * 3600),
        )
        raise response

    async def handle_logout(self, request: web.Request) -> web.Response:
        token = request.cookies.get(COOKIE)
        if token:
            self._sessions.pop(token, None)
        response = web.HTTPSeeOther("/login")
        response.del_cookie(COOKIE)
        raise response

    # One trainer a tab.

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        service = TabService(
            self.command_for(request[USER]),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self._tabs.add(service)
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        finally:
            await service.stop()
            self._tabs.discard(service)
        return websocket


def _exit() -> None:
    # aiohttp's own way out of its loop: raised from a callback, it ends `run_app` cleanly.
    raise GracefulExit()


def _int(text: str | None, default: int) -> int:
    try:
        return max(1, min(1000, int(text))) if text is not None else default
    except ValueError:
        return default


def _page(message: str, status: int = 200) -> web.Response:
    note = f'<p class="note">{html.escape(message)}</p>' if message else ""
    return web.Response(
        text=_LOGIN.replace("{note}", note), status=status, content_type="text/html"
    )


_LOGIN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>trainer: log in</title>
<style>
body { background: #0c181f; color: #e8eef2; font: 16px monospace; display: grid;
       place-items: center; height: 100vh; margin: 0; }
form { background: #12232d; padding: 2em 3em; }
label, input, button { display: block; font: inherit; margin: 0.4em 0; }
input { padding: 0.3em; width: 18em; }
.note { color: #ffb4a9; }
</style></head>
<body><form method="post" action="/login">
<h1>trainer</h1>{note}
<label for="name">Name</label><input id="name" name="name" autocomplete="username" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Log in</button>
</form></body></html>
"""
