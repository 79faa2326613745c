"""The trainer's own theme: high contrast, readable with colour turned off."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="trainer-high-contrast",
    primary="#ffffff",
    secondary="#ffffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    boost="#1a1a1a",
    dark=True,
)
