"""Text from banks is inert: markup, escape sequences, control, bidi and zero-width characters and
very long words are shown literally and safely at 80 columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import Write
from tests.pilot import content_app, settle
from trainer.ui import flows
from trainer.ui.app import TrainerApp

HOSTILE = r"""
bank: hostile
title: "[bold red]Hostile[/] bank"
section: law
topic: markup
questions:
  - id: hostile-1
    type: single
    prompt: "[link=https://example.com]Click[/link] [b]bold?[/b] \e[31mred\e[0m \u202Eevil\u202C z\u200Bw\u200Bs"
    options:
      - "[reverse]A[/reverse] option"
      - "Supercalifragilisticexpialidociousantidisestablishmentarianismfloccinaucinihilipilification"
      - "$(rm -rf /) `whoami` %s {0} \\n"
      - "\u0627\u0644\u0639\u0631\u0628\u064A\u0629 right-to-left"
    answer: B
    explanation: "[i]Not italic.[/i] Line one.\nLine two with a bell \a and a null-ish \x01."
    difficulty: 2
"""


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/hostile.yaml", HOSTILE)
    return content_app(sealed)


async def answered(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, TrainerApp)
    assert app.study is not None
    flows.show(app, app.study.start_items(["hostile-1"]))
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)


async def test_markup_and_escapes_are_shown_as_written(app: TrainerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await answered(pilot)
        assert app.ready is not None
        assert app.ready.content.problems == ()
        prompt = str(app.screen.query_one("#prompt").render())
        assert prompt.startswith("[link=https://example.com]Click[/link] [b]bold?[/b]")
        assert "\x1b" not in prompt
        assert "\u241b[31mred\u241b[0m" in prompt  # ESC is shown as its control picture
        assert "\u202e" not in prompt
        assert "zws" in prompt
        feedback = str(app.screen.query_one("#feedback").render())
        assert "[i]Not italic.[/i]" in feedback
        assert "\x07" not in feedback
        assert "\u2407" in feedback


def test_hostile_text_snapshot_80x24(app: TrainerApp, snap_compare: Any) -> None:
    """The prompt's markup and escapes appear as plain characters; the long word wraps inside the
    option list at 80 columns; nothing is styled, linked or coloured by the bank's text."""
    assert snap_compare(app, terminal_size=(80, 24), run_before=answered)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text", "plain text"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\x1b[2J", "\u241b[2J"),
        ("bell\x07", "bell\u2407"),
        ("del\x7f", "del\u2421"),
        ("c1\x9b", "c1\ufffd"),
        ("\u202eevil", "evil"),
        ("z\u200bw\ufeffs", "zws"),
    ],
)
def test_clean(raw: str, shown: str) -> None:
    from trainer.content.text import clean

    assert clean(raw) == shown
