"""`trainer serve` under load: many candidates at once on loopback, each in their own trainer.

Each session logs in, opens the socket a browser tab would, and presses keys at a person's pace
(a key every half second to second and a half, at random); a key's time is from sending it to
the first frame of the repaint it causes. Then every session answers the one-question mock, and
every answer must be in its own user's profile.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp

from bench.figures import Figure
from trainer import accounts

CHECK_BANK = """
bank: browser-check
title: Browser check
section: browser
topic: keys
sources: ["INA 291"]
questions:
  - id: browser-tf
    type: true_false
    prompt: An applicant for admission bears the burden of proof.
    answer: true
    explanation: INA 291 puts the burden on the applicant.
    references: ["INA 291"]
    difficulty: 1
"""
CHECK_BLUEPRINT = """
blueprint: browser-check
title: A browser check (one question)
modelled_on: Nothing real
pass_mark: 50
sections:
  - id: one
    title: One
    minutes: 5
    draw:
      - {section: browser, count: 1}
"""
"""A one-question mock from the user's own content, so it is listed first."""
DOWN, UP = "\x1b[B", "\x1b[A"


def write_check_content(folder: Path) -> Path:
    """The one-question bank and its mock, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bank.yaml").write_text(CHECK_BANK, encoding="utf-8")
    (folder / "check.yaml").write_text(CHECK_BLUEPRINT, encoding="utf-8")
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(users: Path, content: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`trainer serve` on a free loopback port until the block ends; yields its URL. Raises
    AssertionError when it does not start, or when it wrote a traceback."""
    port = free_port()
    command = [sys.executable, "-m", "trainer", "serve", "--users", str(users)]
    command += ["--port", str(port), "--content", str(content)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise AssertionError(f"trainer serve ended with {process.returncode}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"trainer serve did not listen on {port} in 30 s")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=60)
        if b"Traceback" in err:
            raise AssertionError(err.decode(errors="replace"))


def answers_by_profile(history: Path) -> dict[str, list[tuple[str, str]]]:
    """Every answer in the history, as (item, response) by profile name."""
    if not history.exists():
        return {}
    with contextlib.closing(sqlite3.connect(history)) as db:
        rows = db.execute(
            "SELECT p.name, a.item_id, a.response FROM answers a "
            "JOIN profiles p ON p.id = a.profile_id"
        ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for name, item, response in rows:
        out.setdefault(name, []).append((item, response))
    return out


class Session:
    """One candidate's tab, spoken to as textual-serve's page speaks to its socket."""

    def __init__(self, http: aiohttp.ClientSession, socket: aiohttp.ClientWebSocketResponse):
        self.http = http
        self.socket = socket

    async def until(self, text: bytes, seconds: float = 120) -> None:
        """Read frames until `text` has been drawn."""
        seen = b""
        deadline = time.monotonic() + seconds
        while text not in seen:
            message = await self.socket.receive(timeout=max(0.1, deadline - time.monotonic()))
            if message.type is not aiohttp.WSMsgType.BINARY:
                raise AssertionError(f"the socket sent {message.type.name} before {text!r}")
            seen += message.data

    async def quiet(self, seconds: float = 0.2) -> None:
        """Read frames until none has come for `seconds`."""
        with contextlib.suppress(TimeoutError):
            while True:
                await self.socket.receive(timeout=seconds)

    async def key_to_frame(self, key: str) -> float:
        """Seconds from sending `key` to the first frame after it."""
        start = time.perf_counter()
        await self.socket.send_json(["stdin", key])
        message = await self.socket.receive(timeout=30)
        if message.type is not aiohttp.WSMsgType.BINARY:
            raise AssertionError(f"the socket sent {message.type.name} after a key")
        return time.perf_counter() - start

    async def close(self) -> None:
        await self.socket.close()
        await self.http.close()


async def open_session(url: str, name: str, password: str) -> Session:
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    response = await http.post(f"{url}/login", data={"name": name, "password": password})
    if response.status != 200 or response.url.path != "/":
        await http.close()
        raise AssertionError(f"{name} could not log in: {response.status}")
    ws = await http.ws_connect(f"{url.replace('http', 'ws')}/ws?width=100&height=30")
    session = Session(http, ws)
    await session.until(b"questions in")  # home's count of what loaded: keys work from here
    return session


async def press_keys(session: Session, rng: random.Random, keys: int) -> list[float]:
    """`keys` presses at a person's pace, down and up the home menu; each one's latency."""
    times = []
    for n in range(keys):
        await session.quiet()
        await asyncio.sleep(rng.uniform(0.3, 1.3))
        times.append(await session.key_to_frame(DOWN if n % 2 == 0 else UP))
    return times


async def answer_the_check(session: Session, response: str) -> None:
    await session.quiet()
    await session.socket.send_json(["stdin", "m"])
    await session.until(b"A browser check")
    await session.socket.send_json(["stdin", "\r"])
    await session.until(b"burden of proof")
    await session.socket.send_json(["stdin", response])
    # The tab closes once the answer is shown taken, as a candidate sees it before closing; a
    # key still in flight when a tab closes is not what this counts.
    await session.until(b"1 answered")


async def _run(url: str, names: list[str], keys: int, seed: int) -> list[float]:
    sessions = await asyncio.gather(*(open_session(url, n, f"{n} pw") for n in names))
    try:
        rngs = [random.Random(seed + i) for i in range(len(names))]
        per_session = await asyncio.gather(
            *(press_keys(s, r, keys) for s, r in zip(sessions, rngs, strict=True))
        )
        await asyncio.gather(
            *(answer_the_check(s, "a" if i % 2 == 0 else "b") for i, s in enumerate(sessions))
        )
    finally:
        await asyncio.gather(*(s.close() for s in sessions))
    return [t for times in per_session for t in times]


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def bench_serve(sessions: int = 30, keys: int = 12, seed: int = 2026) -> list[Figure]:
    """Key press to frame with `sessions` candidates at once, against one alone; and whether
    every answer was recorded under the profile of the user who gave it."""
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-serve-"))
    try:
        env = {**os.environ, "TRAINER_HOME": str(work / "home")}
        users = work / "users"
        names = [f"candidate{i:02d}" for i in range(sessions)]
        for name in ["alone", *names]:
            accounts.set_password(users, name, f"{name} pw")
        content = write_check_content(work / "content")
        with serving(users, content, env) as url:
            alone = asyncio.run(_run(url, ["alone"], keys, seed))
            loaded = asyncio.run(_run(url, names, keys, seed))
        # Every tab closed and the server stopped straight after: each trainer saved as it went.
        closed = answers_by_profile(work / "home" / "history.sqlite3")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    expected = {"alone": [("browser-tf", "true")]} | {
        name: [("browser-tf", "true" if i % 2 == 0 else "false")] for i, name in enumerate(names)
    }
    own = sum(closed.get(name) == want for name, want in expected.items())
    misplaced = {k: v for k, v in closed.items() if expected.get(k) != v}
    missing = sorted(set(expected) - set(closed))
    return [
        Figure(
            name=f"serve: key press to frame, p95 of {len(loaded)} presses by {sessions} "
            "concurrent sessions (target < 150 ms) vs one session alone",
            value=round(p95(loaded), 6),
            unit="s",
            baseline=round(p95(alone), 6),
            ratio=round(p95(loaded) / p95(alone), 3),
            target_ratio=None,
            ok=p95(loaded) < 0.150,
        ),
        Figure(
            name=f"serve: answers recorded under the answering user's own profile "
            f"(target all {len(expected)}; misplaced: {misplaced or 'none'}; "
            f"missing: {', '.join(missing) or 'none'})",
            value=own,
            unit="answers",
            baseline=len(expected),
            ratio=round(own / len(expected), 3),
            target_ratio=None,
            ok=own == len(expected) and not misplaced,
        ),
    ]


if __name__ == "__main__":
    for f in bench_serve():
        print(f)
