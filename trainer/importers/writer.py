"""Imported drafts written as YAML banks of our schema, which `trainer validate` passes.

Each bank gets the `$schema` line editors use, an id and a title from the file's name, the section
given (`imported` by default), a topic (the one given, else the category most questions were filed
under, else the file's name), and `sources: ["Imported from NAME (FORMAT)"]`, since imported
questions cite nothing. A bank too large for the loader's size limit is split into several files.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final

import msgspec

from trainer import config
from trainer.content.loader import dotted, explain
from trainer.content.models import Bank, Question
from trainer.content.problems import Problem, Severity
from trainer.content.yamlsafe import MAX_BYTES
from trainer.importers.base import Imported, is_id, slug

DEFAULT_SECTION: Final = "imported"
SPLIT_BYTES: Final = MAX_BYTES * 7 // 8
"""A bank file is cut before it reaches the loader's limit, with room to spare."""
_ORDER: Final = (
    *("id", "type", "topic", "difficulty", "tags", "prompt", "exhibit", "items", "options"),
    *("answer", "tolerance", "unit", "patterns", "citation", "typos", "scale", "explanation"),
    "references",
)
# Text a YAML 1.2 reader would take for a number, a boolean or nothing; PyYAML quotes only the
# YAML 1.1 ones, so these are quoted here.
_LOOKS_TYPED = re.compile(
    r"[-+]?(\d[\d_]*|0o[0-7]+|0x[\da-fA-F]+|(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?|\.inf|\.nan)"
    r"|true|false|True|False|TRUE|FALSE|null|Null|NULL|~|"
)


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;()?!'/$%+=_-]*(?<! )")
_YAML11 = re.compile(r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF")


def scalar(value: object) -> str:
    """One value as YAML: plain where that is safe for any reader, else double-quoted.

    Double-quoted YAML is a superset of a JSON string, so json.dumps writes it exactly.
    """
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        shown = repr(value)
        return shown if any(c in shown for c in ".eEn") else shown + ".0"
    text = str(value)
    if _PLAIN.fullmatch(text) and not _LOOKS_TYPED.fullmatch(text) and not _YAML11.fullmatch(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    if quoted.isprintable():
        return quoted
    # A YAML stream may not hold some characters (C1 controls...) unescaped.
    return "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in quoted)


def _block_text(text: str) -> bool:
    """Whether a multi-line text can be written as a `|-` block and read back the same."""
    return (
        all(line == line.rstrip() and line.isprintable() for line in text.split("\n"))
        and not text.startswith((" ", "\n"))
        and not text.endswith("\n")
    )


def _entry(out: list[str], lead: str, prefix: str, value: object, pad: str) -> None:
    """One key's or list item's lines: the first starts with `lead`, the others with `pad`."""
    if isinstance(value, str):
        if "\n" in value and _block_text(value):
            out.append(f"{lead}{prefix} |-")
            out.extend(f"{pad}  {line}" if line else "" for line in value.split("\n"))
        elif len(value) + len(pad) > 90 and _FOLDS.fullmatch(value):
            out.append(f"{lead}{prefix} >-")
            out.extend(_folded(value, pad + "  "))
        else:
            out.append(f"{lead}{prefix} {_text(value)}")
    elif isinstance(value, dict | list | tuple):
        if not value:
            out.append(f"{lead}{prefix} {{}}" if isinstance(value, dict) else f"{lead}{prefix} []")
        elif prefix == "-":
            _node(out, value, f"{lead}- ", pad + "  ")
        else:
            out.append(lead + prefix)
            _node(out, value, pad + "  ", pad + "  ")
    else:
        out.append(f"{lead}{prefix} {scalar(value)}")


# One line of printable text, single spaces between words: a `>-` block folds it back exactly.
_FOLDS = re.compile(
    r"[^\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]+(?: [^\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]+)*"
)


@cache
def _line_of(room: int) -> re.Pattern[str]:
    """The longest run of whole words within `room` characters, or one longer word alone."""
    return re.compile(rf"(.{{1,{max(room, 1)}}}|[^ ]+)(?: |$)")


def _folded(text: str, pad: str, width: int = 96) -> list[str]:
    return [pad + line[1] for line in _line_of(width - len(pad)).finditer(text)]


@lru_cache(maxsize=4096)
def _text(text: str) -> str:
    """A string as YAML; tags, types and letters recur, so their quoting is looked up once."""
    return scalar(text)


def _node(
    out: list[str], value: dict[str, Any] | list[Any] | tuple[Any, ...], lead: str, pad: str
) -> None:
    """A mapping's or list's lines, the first starting with `lead` and the rest with `pad`."""
    if isinstance(value, dict):
        for key, item in value.items():
            _entry(out, lead, f"{_text(key)}:", item, pad)
            lead = pad
    else:
        for item in value:
            _entry(out, lead, "-", item, pad)
            lead = pad


@dataclass(frozen=True)
class Written:
    """One bank file to write: its name in the folder, its bank id, text and question count."""

    name: str
    bank: str
    text: str
    count: int


def schema_line(folder: Path) -> str:
    """The first line of a bank in `folder`: the shipped bank schema, as a path from there."""
    schema = config.shipped_content()[0] / "schema" / "bank.schema.json"
    try:
        where = Path(os.path.relpath(schema.absolute(), folder.absolute())).as_posix()
    except ValueError:  # another drive on Windows
        where = schema.absolute().as_uri()
    return f"# yaml-language-server: $schema={where}\n"


_NONE: Final = object()


@cache
def _defaults(kind: type[Question]) -> dict[str, Any]:
    """Each field's default as plain data; looking fields up costs, so once per type."""
    return {
        f.name: msgspec.to_builtins(f.default)
        for f in msgspec.structs.fields(kind)
        if f.default is not msgspec.NODEFAULT
    }


def question_data(question: Question) -> dict[str, Any]:
    """A question as plain data in the order people read it, fields at their default left out."""
    raw = msgspec.to_builtins(question)
    defaults = _defaults(type(question))
    kept = {key: value for key, value in raw.items() if defaults.get(key, _NONE) != value}
    ordered = {key: kept.pop(key) for key in _ORDER if key in kept}
    return ordered | kept


def bank_data(
    bank: str, title: str, section: str, topic: str, description: str, sources: Sequence[str]
) -> dict[str, Any]:
    """A bank's header fields, in the order the shipped banks use."""
    return {
        "bank": bank,
        "title": title,
        "section": section,
        "topic": topic,
        "description": description,
        "sources": list(sources),
    }


def dump(header: dict[str, Any], questions: Sequence[Question], first_line: str) -> str:
    """The YAML text of one bank."""
    lines: list[str] = []
    _node(lines, {**header, "questions": [question_data(q) for q in questions]}, "", "")
    return first_line + "\n".join(lines) + "\n"


def header_fault(header: dict[str, Any]) -> str | None:
    """Why a bank's header fields would not pass `trainer validate`, if they would not."""
    try:
        msgspec.convert(header, Bank)
    except msgspec.ValidationError as exc:
        at, message, _ = explain(exc, header)
        return f"{dotted(at)}: {message}"
    return None


def _topic(category: str | None) -> str | None:
    if not category:
        return None
    return category if is_id(category) else slug(category)


def assign(
    imported: Imported, bank: str, topic: str | None, taken: set[str]
) -> tuple[str, list[Question], list[Problem]]:
    """Ids and topics for the drafts: the bank's topic, the questions, and what was changed."""
    notes: list[Problem] = []
    categories = [_topic(d.category) for d in imported.drafts]
    if topic is None:
        counted = Counter(c for c in categories if c)
        topic = counted.most_common(1)[0][0] if counted else bank
    elif any(categories):
        first = next(d for d in imported.drafts if d.category)
        notes.append(
            Problem(
                imported.source,
                first.line,
                first.col,
                f"categories are not used as topics, since --topic {topic} was given",
                Severity.WARNING,
            )
        )
        categories = [None] * len(categories)
    questions: list[Question] = []
    number = 0
    width = 4 if len(imported.drafts) >= 1000 else 3
    for draft, category in zip(imported.drafts, categories, strict=True):
        qid = draft.given_id
        if qid is None or not is_id(qid) or qid in taken:
            made = f"{bank}-{number + 1:0{width}d}"
            while made in taken:
                number += 1
                made = f"{bank}-{number + 1:0{width}d}"
            number += 1
            if qid is not None:
                reason = "is already used" if is_id(qid) else "is not an id"
                notes.append(
                    Problem(
                        imported.source,
                        draft.line,
                        draft.col,
                        f"the id {qid!r} {reason}; the question is {made}",
                        Severity.WARNING,
                    )
                )
            qid = made
        taken.add(qid)
        question = msgspec.structs.replace(draft.question, id=qid)
        if category and category != topic and question.topic is None:
            question = msgspec.structs.replace(question, topic=category)
        questions.append(question)
    return topic, questions, notes


def render(
    imported: Imported,
    *,
    name: str,
    bank: str,
    section: str,
    topic: str | None,
    folder: Path,
    taken: set[str],
) -> tuple[list[Written], list[Problem]]:
    """The bank files for one imported file (more than one when it is large), and notes.

    The drafts passed the schema and the checks where they were read, and the ids given here are
    unique, so only the header is checked; the text is what the loader reads back (see the tests).
    """
    topic, questions, notes = assign(imported, bank, topic, taken)
    first_line = schema_line(folder)
    source = f"Imported from {name} ({imported.format})"
    description = (
        f"Questions imported by `trainer import` from {name} ({imported.format}). Imported "
        "questions cite no sources and start at difficulty 3; check each one, add references "
        "and explanations, and set its difficulty."
    )
    groups: list[list[Question]] = [[]]
    size = 0
    for question in questions:
        cost = len(msgspec.json.encode(question)) * 2
        if groups[-1] and size + cost > SPLIT_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(question)
        size += cost
    written = []
    for part, group in enumerate(groups, 1):
        bank_id = bank if part == 1 else f"{bank}-{part}"
        title = f"Imported from {name}" + (f" (part {part})" if len(groups) > 1 else "")
        header = bank_data(bank_id, title, section, topic, description, [source])
        fault = header_fault(header)
        if fault is not None:
            notes.append(Problem(imported.source, 0, 0, f"bank {bank_id} not written: {fault}"))
            continue
        written.append(
            Written(f"{bank_id}.yaml", bank_id, dump(header, group, first_line), len(group))
        )
    return written, notes
