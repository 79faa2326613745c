"""Bytes to text, and HTML to the plain text the trainer shows.

Files must be UTF-8 (a byte-order mark is allowed); a byte that is not is reported at its line and
column. HTML from quiz tools becomes plain text: paragraphs and line breaks become new lines, list
items get a dash, entities are decoded, tags are dropped, and what cannot be shown as text (an
image, audio, a formula object) is named so that the caller can warn about it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Final

from trainer.importers.base import MAX_FILE_BYTES, Refused

_BOMS: Final = {
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def check_size(size: int) -> None:
    """Refuse a file over the size cap, saying what the cap is."""
    if size > MAX_FILE_BYTES:
        raise Refused(
            f"file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MB"
        )


def decode(data: bytes) -> str:
    """The file's text; raises Refused at the line and column of the first byte that is not UTF-8.

    Line ends are made `\\n`, so that every reader counts lines alike.
    """
    check_size(len(data))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise Refused(f"the file is {name}; save it as UTF-8", 1, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[start : exc.start].decode("utf-8", errors="replace")) + 1
        bad = data[exc.start : exc.start + 1].hex()
        message = f"not UTF-8: byte 0x{bad} cannot be read; save the file as UTF-8"
        raise Refused(message, line, col) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_BLOCKS: Final = frozenset(
    {"p", "div", "br", "li", "tr", "pre", "blockquote", "ul", "ol", "table", "dl", "dt", "dd"}
    | {"hr", "section", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_SKIPPED: Final = frozenset({"script", "style", "head", "title"})
_MEDIA: Final = {
    "img": "an image",
    "audio": "audio",
    "video": "a video",
    "object": "an embedded object",
    "embed": "an embedded object",
    "iframe": "an embedded page",
    "math": "a MathML formula",
    "svg": "a drawing",
}
_TAG_OR_ENTITY = re.compile(r"<[A-Za-z/!][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


class _Text(HTMLParser):
    """Collects the text of an HTML fragment, with line breaks where blocks end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media: list[str] = []
        self.skipping = 0
        self.pre = 0
        self.cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _MEDIA:
            found = dict(attrs)
            name = found.get("src") or found.get("data") or ""
            self.media.append(f"{_MEDIA[tag]} {name}".strip())
            alt = (found.get("alt") or "").strip()
            if alt:
                self.parts.append(f"[{alt}]")
        elif tag == "pre":
            self.pre += 1
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            if self.cell:
                self.parts.append(" | ")
            self.cell = True
        elif tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "tr":
            self.cell = False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self.parts.append("\n")
        elif tag in _BLOCKS and tag not in ("br", "li"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.pre:
            # Kept as written: new lines and spaces are hidden from the collapsing below.
            self.parts.append(data.replace("\n", "\x00").replace(" ", "\x01"))
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def looks_like_html(text: str) -> bool:
    """Whether the text holds a tag or an entity, so that it should be read as HTML."""
    return _TAG_OR_ENTITY.search(text) is not None


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment, and what it held that text cannot show (images...)."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split()), []
    reader = _Text()
    reader.feed(html.replace("\x00", "").replace("\x01", ""))
    reader.close()
    joined = "".join(reader.parts).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in joined.split("\n")]
    text = "\n".join(lines).replace("\x00", "\n").replace("\x01", " ")
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, reader.media
