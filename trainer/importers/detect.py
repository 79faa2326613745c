"""Which format a file is in, told from its content first and its name only when that is unclear.

A zip holding an Anki collection is an Anki package; XML with a `<quiz>` is Moodle XML; Anki's
`#separator:`-style headers make an Anki text export; lines `A.`/`B.` closed by `ANSWER: X` make
Aiken; answers in braces, `::titles::` or `$CATEGORY:` make GIFT; tab-separated lines make an Anki
text export. Only when the content says none of these does the extension decide.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

FORMATS: Final = {
    "gift": "GIFT",
    "aiken": "Aiken",
    "moodle-xml": "Moodle XML",
    "anki-text": "Anki text",
    "anki": "Anki package",
}
"""The names `--format` takes, and the names messages use."""
_BY_SUFFIX: Final = {
    ".gift": "gift",
    ".xml": "moodle-xml",
    ".apkg": "anki",
    ".colpkg": "anki",
    ".tsv": "anki-text",
    ".csv": "anki-text",
}
_ANKI_HEADER = re.compile(
    r"#(separator|html|columns|deck|tags|notetype|guid column|notetype column|deck column"
    r"|tags column|if matches):",
    re.I,
)
_AIKEN_OPTION = re.compile(r"^[A-Z][.)][ \t]", re.M)
_AIKEN_ANSWER = re.compile(r"^ANSWER:[ \t]*[A-Z]", re.M)
_GIFT = re.compile(r"(?<!\\)\{[^{}]*(?<!\\)\}|^\s*::|^\s*\$CATEGORY:", re.M)


def detect(path: Path, head: bytes) -> str | None:
    """The format of a file from its first bytes (a few kilobytes) and its name; None if unknown."""
    if head.startswith(b"PK\x03\x04"):
        return "anki"
    text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    stripped = text.lstrip()
    if stripped.startswith("<") and ("<quiz" in text or stripped.startswith("<?xml")):
        return "moodle-xml"
    if _ANKI_HEADER.match(stripped):
        return "anki-text"
    if _AIKEN_ANSWER.search(text) and _AIKEN_OPTION.search(text):
        return "aiken"
    if _GIFT.search(text):
        return "gift"
    by_name = _BY_SUFFIX.get(path.suffix.lower())
    if by_name:
        return by_name
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if lines and all("\t" in line for line in lines):
        return "anki-text"
    return None
