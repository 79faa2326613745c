"""`trainer serve` in a real browser: the system's headless Chromium logs in, sees home, and its
keys reach a trainer that records answers under the user's own profile.

Chromium comes from the machine (`make test` installs Debian's package when it is missing); a
machine without it fails here rather than skipping.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, WebSocket, async_playwright

from bench.serve import answers_by_profile, serving, write_check_content
from trainer import accounts

PASSWORDS = {"alice": "alice pw", "bob": "bob pw"}


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("no chromium on this machine: make test installs Debian's chromium package")
    return found


@pytest.fixture
def served(sealed: Path) -> Iterator[str]:
    """`trainer serve` on a free loopback port, with two users and a one-question mock."""
    users = sealed / "users"
    for name, password in PASSWORDS.items():
        accounts.set_password(users, name, password)
    with serving(users, write_check_content(sealed / "content")) as url:
        yield url


class Tab:
    """One browser tab on the trainer, with everything the trainer has sent it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.seen = b""
        page.on("websocket", self._watch)

    def _watch(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._received)

    def _received(self, frame: bytes | str) -> None:
        self.seen += frame if isinstance(frame, bytes) else frame.encode()

    async def shows(self, text: str, seconds: float = 60) -> None:
        """Wait until the trainer has sent `text` since the last call."""
        deadline = time.monotonic() + seconds
        while text.encode() not in self.seen:
            assert time.monotonic() < deadline, f"{text!r} never came; last: {self.seen[-300:]!r}"
            await asyncio.sleep(0.05)
        self.seen = b""

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.page.keyboard.press(key)


async def open_tab(browser: Browser, url: str, name: str) -> Tab:
    page = await (await browser.new_context(viewport={"width": 1100, "height": 700})).new_page()
    tab = Tab(page)
    await page.goto(url)
    assert page.url.endswith("/login")
    await page.fill("#name", name)
    await page.fill("#password", PASSWORDS[name])
    await page.click("button")
    await page.wait_for_selector("body.-first-byte", timeout=60_000)
    await tab.shows("questions in")  # home says what loaded: keys work from here
    await page.mouse.click(550, 600)
    return tab


async def answered(home: Path, name: str, seconds: float = 60) -> None:
    """Wait until `name` has an answer in the history."""
    deadline = time.monotonic() + seconds
    while name not in answers_by_profile(home / "history.sqlite3"):
        assert time.monotonic() < deadline, f"no answer from {name} reached the history"
        await asyncio.sleep(0.05)


async def test_two_users_in_two_tabs_each_answer_under_their_own_profile(
    served: str, tmp_path: Path
) -> None:
    home = Path(os.environ["TRAINER_HOME"])
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            alice, bob = [await open_tab(browser, served, name) for name in ("alice", "bob")]
            shot = tmp_path / "home.png"
            await alice.page.screenshot(path=shot)
            assert shot.read_bytes().startswith(b"\x89PNG")
            if keep := os.environ.get("TRAINER_SCREENSHOTS"):
                shutil.copy(shot, Path(keep) / "serve-home.png")
            await alice.press("m")
            await alice.shows("A browser check")
            await alice.press("Enter")
            await alice.shows("burden of proof")
            await alice.press("a")
            await answered(home, "alice")
            await bob.press("m")
            await bob.shows("A browser check")
            await bob.press("Enter")
            await bob.shows("burden of proof")
            await bob.press("b")
            await answered(home, "bob")
        finally:
            await browser.close()
    assert answers_by_profile(home / "history.sqlite3") == {
        "alice": [("browser-tf", "true")],
        "bob": [("browser-tf", "false")],
    }
