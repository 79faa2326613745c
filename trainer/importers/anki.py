"""Anki: text exports (`#separator:` and friends) and packages (`.apkg`, `.colpkg`).

A card is free recall, so each note becomes a `text` question: the front is the prompt, the back
the accepted answer (folded onto one line) and, as written, the explanation. Cloze notes
(`{{c1::...}}`) give one question per deletion number, the deletion hidden as `[...]` (or its
hint). Fields are HTML unless the export says `#html:false`: they are turned into plain text, and
images and `[sound:...]` are reported, not imported.

A package is a zip holding the collection, an SQLite file: `collection.anki21b` (compressed with
zstd), else `collection.anki21`, else `collection.anki2`. It is unpacked into a temporary folder,
never into memory whole, with its declared and its actual size both held to a cap, and read with
sqlite3 read-only.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from trainer.content.models import TextAnswer
from trainer.importers.base import (
    DEFAULT_DIFFICULTY,
    DRAFT_ID,
    MAX_UNPACKED_BYTES,
    Draft,
    Imported,
    Refused,
    Report,
    finish,
    is_id,
    slug,
)
from trainer.importers.text import check_size, html_to_text, looks_like_html

TEXT_LABEL: Final = "Anki text"
PACKAGE_LABEL: Final = "Anki package"
COLLECTIONS: Final = ("collection.anki21b", "collection.anki21", "collection.anki2")
_SEPARATORS: Final = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
_HEADER = re.compile(r"#([a-z ]+):(.*)", re.I)
_SOUND = re.compile(r"\[sound:([^\]]*)\]")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)
_CHUNK: Final = 1024 * 1024


@dataclass(frozen=True)
class Note:
    """One note as the file gives it: its fields in order, tags, deck, and where it stands."""

    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str | None
    line: int
    col: int
    label: str = ""
    """How a message names it where there are no lines: `note 3 (id 1612345)`."""


class _Card:
    """Turns notes into questions, reporting at each note's place."""

    def __init__(self, report: Report, html: bool | None) -> None:
        self.report = report
        self.html = html

    def say(self, note: Note, message: str) -> str:
        return f"{note.label}: {message}" if note.label else message

    def warn(self, note: Note, message: str) -> None:
        self.report.warn(note.line, note.col, self.say(note, message))

    def error(self, note: Note, message: str) -> None:
        self.report.error(note.line, note.col, self.say(note, message))

    def text(self, note: Note, field: str, what: str) -> str:
        for sound in _SOUND.findall(field):
            self.warn(note, f"{what}: the sound {sound!r} is not imported")
        field = _SOUND.sub("", field)
        if self.html is False or (self.html is None and not looks_like_html(field)):
            return "\n".join(" ".join(line.split()) for line in field.strip().split("\n"))
        text, media = html_to_text(field)
        for thing in media:
            self.warn(note, f"{what}: {thing} is not imported; the trainer shows text only")
        return text

    def drafts(self, note: Note) -> Iterator[Draft]:
        if len(note.fields) < 2 and not (note.fields and _CLOZE.search(note.fields[0])):
            self.error(note, f"a note needs a front and a back; it has {len(note.fields)} field")
            return
        made = (tag if is_id(tag) else slug(tag) for tag in note.tags)
        tags = tuple(dict.fromkeys(t for t in made if t))
        if _CLOZE.search(note.fields[0]):
            yield from self.cloze(note, tags)
            return
        front = self.text(note, note.fields[0], "the front")
        back = self.text(note, note.fields[1], "the back")
        if not front or not back:
            self.error(note, f"the {'front' if not front else 'back'} is empty")
            return
        if len(note.fields) > 2 and any(f.strip() for f in note.fields[2:]):
            self.warn(note, f"only the first two of its {len(note.fields)} fields are imported")
        question = TextAnswer(
            id=DRAFT_ID,
            prompt=front,
            answer=(" ".join(back.split()),),
            explanation=back,
            difficulty=DEFAULT_DIFFICULTY,
            tags=tags,
        )
        draft = finish(self.report, question, note.line, note.col, category=note.deck)
        if draft is not None:
            yield draft

    def cloze(self, note: Note, tags: tuple[str, ...]) -> Iterator[Draft]:
        source = note.fields[0]
        extra = self.text(note, note.fields[1], "the back") if len(note.fields) > 1 else ""
        numbers = sorted({int(m[1]) for m in _CLOZE.finditer(source)})
        full = self.text(note, _CLOZE.sub(lambda m: m[2], source), "the text")
        for number in numbers:
            hidden: list[str] = []

            def blank(
                match: re.Match[str], number: int = number, hidden: list[str] = hidden
            ) -> str:
                if int(match[1]) != number:
                    return match[2]
                hidden.append(match[2])
                return f"[{match[3]}]" if match[3] else "[...]"

            prompt = self.text(note, _CLOZE.sub(blank, source), "the text")
            answer = " ... ".join(
                " ".join(self.text(note, h, "a deletion").split()) for h in hidden
            )
            explanation = full + (f"\n\n{extra}" if extra else "")
            question = TextAnswer(
                id=DRAFT_ID,
                prompt=prompt,
                answer=(answer,),
                explanation=explanation,
                difficulty=DEFAULT_DIFFICULTY,
                tags=tags,
            )
            draft = finish(self.report, question, note.line, note.col, category=note.deck)
            if draft is not None:
                yield draft


def deck_name(deck: str) -> str:
    """The last part of a deck's name (`Law::Admission` -> `Admission`)."""
    return re.split(r"::|\x1f", deck)[-1].strip()


# Text exports.


@dataclass
class _Headers:
    separator: str | None = None
    html: bool | None = None
    columns: tuple[str, ...] = ()
    deck: str | None = None
    tags: tuple[str, ...] = ()
    specials: dict[str, int] | None = None


def _headers(lines: list[str], report: Report) -> tuple[_Headers, int]:
    found = _Headers(specials={})
    assert found.specials is not None
    index = 0
    raw_columns = ""
    while index < len(lines) and lines[index].startswith("#"):
        match = _HEADER.fullmatch(lines[index])
        index += 1
        if not match:
            continue
        key, value = match[1].strip().lower(), match[2].strip()
        if key == "separator":
            found.separator = _SEPARATORS.get(value.lower(), value if len(value) == 1 else None)
            if found.separator is None:
                report.warn(index, 1, f"unknown separator {value!r}; telling it from the rows")
        elif key == "html":
            found.html = value.lower() == "true"
        elif key == "columns":
            raw_columns = match[2]
        elif key == "deck":
            found.deck = value
        elif key == "tags":
            found.tags = tuple(value.split())
        elif key.endswith(" column") and key[:-7] in ("tags", "deck", "notetype", "guid"):
            if value.isdigit() and int(value) > 0:
                found.specials[key[:-7]] = int(value) - 1
            else:
                report.warn(index, 1, f"#{key}: {value!r} is not a column number; ignored")
    if found.separator is None:
        sample = next((line for line in lines[index:] if line.strip()), "")
        found.separator = next((sep for sep in ("\t", ";", ",") if sep in sample), "\t")
    if raw_columns:
        found.columns = tuple(c.strip() for c in raw_columns.split(found.separator))
    return found, index


def _rows(
    lines: list[str], start: int, separator: str, report: Report
) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on; a record with broken quoting is refused."""
    position = start
    remaining = iter(lines[start:])

    def counted() -> Iterator[str]:
        nonlocal position
        for line in remaining:
            position += 1
            yield line + "\n"

    source = counted()
    while True:
        reader = csv.reader(source, delimiter=separator, quotechar='"', strict=True)
        try:
            for row in reader:
                blank = not row or (len(row) == 1 and not row[0].strip())
                if not blank and not row[0].startswith("#"):
                    yield _first_line(position, row), row
            return
        except csv.Error as exc:
            report.error(position, 1, f"broken quoting: {exc}")


def _first_line(last: int, row: list[str]) -> int:
    """The line a record starts on, from the line it ended on and the new lines inside it."""
    return last - sum(field.count("\n") for field in row)


def text_notes(text: str, report: Report) -> tuple[list[Note], bool | None]:
    """The notes of an Anki text export, and whether its fields are HTML (None: not said)."""
    lines = text.split("\n")
    headers, start = _headers(lines, report)
    specials = headers.specials or {}
    names = headers.columns
    notes = []
    assert headers.separator is not None
    for line, row in _rows(lines, start, headers.separator, report):
        taken = set(specials.values())
        fields = [value for i, value in enumerate(row) if i not in taken]
        field_names = [n for i, n in enumerate(names) if i not in taken] if names else []
        lowered = [n.lower() for n in field_names]
        if "front" in lowered and "back" in lowered:
            front, back = lowered.index("front"), lowered.index("back")
            if max(front, back) < len(fields):
                rest = [f for i, f in enumerate(fields) if i not in (front, back)]
                fields = [fields[front], fields[back], *rest]
        tags = list(headers.tags)
        if "tags" in specials and specials["tags"] < len(row):
            tags += row[specials["tags"]].split()
        deck = headers.deck
        if "deck" in specials and specials["deck"] < len(row):
            deck = row[specials["deck"]] or deck
        notes.append(Note(tuple(fields), tuple(tags), deck_name(deck) if deck else None, line, 1))
    return notes, headers.html


def load_text(text: str, source: str) -> Imported:
    """Read an Anki text export into drafts of our questions."""
    report = Report(source)
    notes, html = text_notes(text, report)
    card = _Card(report, html)
    drafts = [draft for note in notes for draft in card.drafts(note)]
    return Imported(source, TEXT_LABEL, tuple(drafts), tuple(report.problems), report.refused)


# Packages.


def _copy_capped(source: IO[bytes], target: IO[bytes], what: str) -> None:
    total = 0
    while chunk := source.read(_CHUNK):
        total += len(chunk)
        if total > MAX_UNPACKED_BYTES:
            raise Refused(
                f"{what} unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB, the limit"
            )
        target.write(chunk)


def unpack(data: bytes, folder: Path) -> tuple[Path, str]:
    """The collection of a package, written into `folder` within the size cap; and its name."""
    check_size(len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Refused("not a zip file, so not an Anki package") from None
    with archive:
        names = set(archive.namelist())
        name = next((n for n in COLLECTIONS if n in names), None)
        if name is None:
            raise Refused("no collection.anki21b, .anki21 or .anki2 inside: not an Anki package")
        info = archive.getinfo(name)
        cap = MAX_UNPACKED_BYTES // 1024 // 1024
        if info.file_size > MAX_UNPACKED_BYTES:
            raise Refused(
                f"{name} says it unpacks to {info.file_size:,} bytes; the limit is {cap} MB"
            )
        target = folder / "collection.sqlite"
        try:
            with archive.open(info) as member, target.open("wb") as out:
                if name.endswith("anki21b"):
                    _unzstd(member, out, name)
                else:
                    _copy_capped(member, out, name)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise Refused(f"{name} is damaged: {exc}") from None
    return target, name


def _unzstd(member: IO[bytes], out: IO[bytes], name: str) -> None:
    import zstandard

    head = member.read(18)
    try:
        declared = zstandard.frame_content_size(head)
    except zstandard.ZstdError:
        raise Refused(f"{name} is not zstd-compressed data") from None
    if declared > MAX_UNPACKED_BYTES:
        raise Refused(
            f"{name} says it unpacks to {declared:,} bytes; the limit is "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB"
        )
    joined = _Joined(head, member)
    try:
        with zstandard.ZstdDecompressor().stream_reader(joined) as reader:  # type: ignore[arg-type]
            _copy_capped(reader, out, name)
    except zstandard.ZstdError as exc:
        raise Refused(f"{name} is damaged: {exc}") from None


class _Joined(io.RawIOBase):
    """Bytes already read, then the rest of a stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head = head
        self.rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.head:
            part, self.head = (self.head, b"") if size < 0 else (self.head[:size], self.head[size:])
            return part
        return self.rest.read(size)


def package_notes(database: Path) -> list[Note]:
    """The notes of a collection, with their note type's field names, deck and tags."""
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return _notes(connection)
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
        raise Refused(f"not a readable Anki collection: {exc}") from None
    finally:
        connection.close()


def _notes(connection: sqlite3.Connection) -> list[Note]:
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if "notes" not in tables:
        raise ValueError("it has no notes table")
    field_names: dict[int, list[str]] = {}
    decks: dict[int, str] = {}
    if {"notetypes", "fields"} <= tables:
        for ntid, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
            field_names.setdefault(int(ntid), []).append(str(name))
    if "decks" in tables:
        decks = {int(i): str(n) for i, n in connection.execute("SELECT id, name FROM decks")}
    if "col" in tables:
        row = connection.execute("SELECT models, decks FROM col").fetchone()
        if row is not None:
            for key, model in (json.loads(row[0] or "{}") or {}).items():
                names = [f["name"] for f in sorted(model.get("flds", []), key=lambda f: f["ord"])]
                field_names.setdefault(int(key), names)
            for key, deck in (json.loads(row[1] or "{}") or {}).items():
                decks.setdefault(int(key), str(deck.get("name", "")))
    card_deck: dict[int, int] = {}
    if "cards" in tables:
        for nid, did in connection.execute("SELECT nid, did FROM cards ORDER BY ord DESC"):
            card_deck[int(nid)] = int(did)
    notes = []
    rows = connection.execute("SELECT id, mid, flds, tags FROM notes ORDER BY id")
    for number, (nid, mid, flds, tags) in enumerate(rows, 1):
        fields = str(flds).split("\x1f")
        names = [n.lower() for n in field_names.get(int(mid), [])]
        if "front" in names and "back" in names and len(fields) == len(names):
            front, back = names.index("front"), names.index("back")
            rest = [f for i, f in enumerate(fields) if i not in (front, back)]
            fields = [fields[front], fields[back], *rest]
        deck = decks.get(card_deck.get(int(nid), -1))
        notes.append(
            Note(
                tuple(fields),
                tuple(str(tags or "").split()),
                deck_name(deck) if deck else None,
                0,
                0,
                f"note {number} (id {nid})",
            )
        )
    return notes


def load_package(data: bytes, source: str) -> Imported:
    """Read an Anki package into drafts of our questions."""
    report = Report(source)
    with tempfile.TemporaryDirectory(prefix="trainer-anki-") as folder:
        database, _ = unpack(data, Path(folder))
        notes = package_notes(database)
    card = _Card(report, None)
    drafts = [draft for note in notes for draft in card.drafts(note)]
    return Imported(source, PACKAGE_LABEL, tuple(drafts), tuple(report.problems), report.refused)
