"""The `trainer import` and `trainer export-bank` commands; `trainer.cli.main` calls them lazily.

`import` exits 0 when every question was imported (warnings allowed), 1 when any question or file
was refused or a bank could not be written, 2 for a misuse of the command.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from trainer.content.problems import Problem, Severity
from trainer.importers import writer
from trainer.importers.base import is_id, slug
from trainer.importers.detect import FORMATS
from trainer.importers.files import read_file

if TYPE_CHECKING:
    from trainer.content.loader import LoadResult
    from trainer.content.models import Bank

EXPORTS = ("gift", "aiken", "moodle-xml")


def _misuse(message: str) -> int:
    print(f"trainer: {message}", file=sys.stderr)
    return 2


def import_files(args: argparse.Namespace, out: TextIO) -> int:
    """Read each file and write its questions as a bank in `--to`; report every problem."""
    for name, value in (("--section", args.section), ("--topic", args.topic)):
        if value is not None and not is_id(value):
            return _misuse(f"{name} must be an id (lower-case letters, digits, '.', '_', '-')")
    folder: Path = args.to
    if folder.exists() and not folder.is_dir():
        return _misuse(f"--to {folder} is not a folder")
    taken: set[str] = set()
    banks: set[str] = set()
    # Importing allocates many small objects and frees few: the cyclic collector only slows it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        failed = [_import_one(path, args, taken, banks, out) for path in args.files]
    finally:
        if collecting:
            gc.enable()
    return 1 if any(failed) else 0


def _bank_id(path: Path, banks: set[str]) -> str:
    """A bank id from the file's name, not one of `banks`, which it joins."""
    bank = slug(path.stem) or "imported"
    base, n = bank, 1
    while bank in banks:
        n += 1
        bank = f"{base}-{n}"
    banks.add(bank)
    return bank


def _import_one(
    path: Path, args: argparse.Namespace, taken: set[str], banks: set[str], out: TextIO
) -> bool:
    """Import one file into `--to`; whether any question was refused or a bank not written."""
    from trainer.content.loader import display_path

    source = display_path(path)
    imported = read_file(path, source, args.format)
    for problem in sorted(imported.problems, key=lambda p: (p.line, p.col)):
        print(problem, file=out)
    failed = imported.refused > 0
    if not imported.drafts:
        print(f"{source}: nothing imported", file=out)
        return failed
    folder: Path = args.to
    written, notes = writer.render(
        imported,
        name=path.name,
        bank=_bank_id(path, banks),
        section=args.section,
        topic=args.topic,
        folder=folder,
        taken=taken,
    )
    for note in notes:
        print(note, file=out)
    failed |= any(note.is_error for note in notes)
    for bank_file in written:
        target = folder / bank_file.name
        shown = display_path(target)
        if target.exists() and not args.force:
            print(f"{shown}: exists; not overwritten (give --force to replace it)", file=out)
            failed = True
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target.write_text(bank_file.text, encoding="utf-8")
        except OSError as exc:
            print(f"{shown}: cannot write: {exc.strerror}", file=out)
            failed = True
            continue
        print(
            f"wrote {shown}: {bank_file.count} question"
            f"{'s' if bank_file.count != 1 else ''} from {source} ({imported.format})",
            file=out,
        )
    return failed


def find_bank(target: str, load: Callable[[], LoadResult]) -> Bank | str:
    """The bank a path or an id names, or why there is none."""
    from trainer.content.loader import parse
    from trainer.content.models import Bank

    path = Path(target)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        try:
            parsed = parse(path, path.read_bytes())
        except OSError as exc:
            return f"cannot read {target}: {exc.strerror}"
        if not isinstance(parsed.doc, Bank):
            errors = "; ".join(str(p) for p in parsed.problems if p.is_error)
            return f"{target} is not a valid bank" + (f": {errors}" if errors else "")
        return parsed.doc
    banks = {f.doc.bank: f.doc for f in load().files if isinstance(f.doc, Bank)}
    found = banks.get(target)
    if found is None:
        return f"no bank {target!r} (give a bank id or the path of a bank file)"
    return found


def export_bank(args: argparse.Namespace, out: TextIO, load: Callable[[], LoadResult]) -> int:
    """Write a bank as GIFT, Aiken or Moodle XML; name each question left out or changed."""
    found = find_bank(args.bank, load)
    if isinstance(found, str):
        print(f"trainer: {found}", file=sys.stderr)
        return 1
    bank = found
    if not bank.questions:
        print(f"trainer: bank {bank.bank!r} has no written questions to export", file=sys.stderr)
        return 1
    if args.format == "gift":
        from trainer.importers import gift

        text, notes = gift.dump(bank)
    elif args.format == "aiken":
        from trainer.importers import aiken

        text, notes = aiken.dump(bank)
    else:
        from trainer.importers import moodle

        text, notes = moodle.dump(bank)
    left_out = sum(note.startswith("left out") for _, note in notes)
    for qid, note in notes:
        where = f"{bank.bank}: {qid}" if qid else bank.bank
        print(Problem(where, 0, 0, note, Severity.WARNING), file=sys.stderr)
    if args.out is None:
        out.write(text)
    else:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"trainer: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
            return 1
        count = len(bank.questions) - left_out
        print(f"{count} questions written to {args.out} ({FORMATS[args.format]})", file=out)
    return 1 if left_out else 0
