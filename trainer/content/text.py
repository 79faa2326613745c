"""Making bank text safe to show: control characters made visible, invisible ones removed."""

from __future__ import annotations

import re

# Bidirectional embeddings, overrides and isolates, and zero-width characters: they can make
# text read differently from what it is, and show nothing themselves.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# C0 controls other than tab and newline, DEL, and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def clean(text: str) -> str:
    """The text with control characters shown as symbols and invisible formatting removed."""
    if text.isprintable():
        return text
    return _CONTROL.sub(_picture, _INVISIBLE.sub("", text))
