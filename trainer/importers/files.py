"""Reading one file to import: its size checked, its format told from its content, then parsed
by that format's reader into questions and located problems."""

from __future__ import annotations

from pathlib import Path

from trainer.content.problems import Problem
from trainer.importers import detect
from trainer.importers.base import MAX_FILE_BYTES, Imported, Refused
from trainer.importers.detect import FORMATS


def read_file(path: Path, source: str, fmt: str | None = None) -> Imported:
    """One file read in its format (told from its content unless given); never raises."""
    label = FORMATS.get(fmt or "", "unknown format")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Refused(
                f"file is {size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if fmt is None:
            fmt = detect.detect(path, data[:16384])
        if fmt is None:
            raise Refused(
                "cannot tell the format from the content; name it with --format "
                + "|".join(FORMATS)
            )
        label = FORMATS[fmt]
        return _read(fmt, path, data, source)
    except Refused as refused:
        problem = Problem(source, refused.line, refused.col, refused.message)
        return Imported(source, label, (), (problem,), 1)
    except OSError as exc:
        problem = Problem(source, 0, 0, f"cannot read: {exc.strerror}")
        return Imported(source, label, (), (problem,), 1)


def _read(fmt: str, path: Path, data: bytes, source: str) -> Imported:
    from trainer.importers.text import decode

    if fmt == "gift":
        from trainer.importers import gift

        return gift.load(decode(data), source)
    if fmt == "aiken":
        from trainer.importers import aiken

        return aiken.load(decode(data), source)
    if fmt == "moodle-xml":
        from trainer.importers import moodle

        return moodle.load(data, source)
    from trainer.importers import anki

    if fmt == "anki-text":
        return anki.load_text(decode(data), source)
    return anki.load_package(data, source)
