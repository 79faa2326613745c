"""Finding, parsing, validating and caching content files, and building the catalog from them.

The fast path parses with libyaml and validates with msgspec; lines are looked up only for files
that fail. A file that passed is cached in the data folder as MessagePack, keyed by its bytes.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Final

import msgspec

from trainer import __version__
from trainer.content import checks, models, yamlsafe
from trainer.content.catalog import Catalog, Item, listing_order
from trainer.content.models import Bank, Blueprint, Document, Scenario
from trainer.content.problems import Problem, Severity

CACHE_FORMAT: Final = 1
SUFFIXES: Final = (".yaml", ".yml")

StepPath = tuple[str | int, ...]


class CacheEntry(msgspec.Struct, frozen=True):
    """One valid file as it was loaded; `doc` stays encoded until the entry is known to match."""

    format: int
    version: str
    digest: bytes
    size: int
    mtime_ns: int
    kind: str
    doc: msgspec.Raw
    warnings: tuple[tuple[int, int, str], ...] = ()


_ENCODER = msgspec.msgpack.Encoder()
_ENTRY = msgspec.msgpack.Decoder(CacheEntry)
_DOCS: Final = {kind: msgspec.msgpack.Decoder(model) for kind, model in models.KINDS.items()}
# A file changed within this long of its cache entry may share its mtime with the old bytes.
_RACY_NS: Final = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Parsed:
    """One file's outcome: its document (None when it failed) and its problems."""

    path: Path
    source: str
    doc: Document | None
    problems: tuple[Problem, ...] = ()
    cached: bool = False
    positions: tuple[int, ...] = ()
    """For a bank that lost invalid questions: where each kept question stands in the file."""

    def locate(self, at: StepPath) -> yamlsafe.Spot:
        """Where a path stands in the file, read again (a loaded file keeps no lines); line 0
        when it can no longer be read."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return yamlsafe.Spot(0, 0, 0, 0)
        return yamlsafe.Locator(data).find(at)

    def problem(self, at: StepPath, message: str) -> Problem:
        """A fault found after loading, at the line of the path it names (`path:line:col`)."""
        spot = self.locate(at)
        return Problem(self.source, spot.line, spot.col, f"{dotted(at)}: {message}")


@dataclass(frozen=True)
class LoadResult:
    """The catalog built from every good file, and every problem found on the way."""

    catalog: Catalog
    problems: tuple[Problem, ...]
    files: tuple[Parsed, ...] = ()
    skipped: tuple[str, ...] = field(default=())
    draw_problems: tuple[Problem, ...] = field(default=())
    """The part of `problems` from blueprints' draws: checked again when questions are added."""

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def display_path(path: Path) -> str:
    """How a file is named in messages: relative to the working folder when it lies below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def find_files(roots: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Every content file below the roots (a root may be a file), sorted, hidden folders skipped."""
    found: dict[Path, None] = {}
    problems: list[Problem] = []
    for root in roots:
        if root.is_file():
            found.setdefault(root.absolute())
            continue
        if not root.is_dir():
            problems.append(Problem(display_path(root), 0, 0, "no such file or folder"))
            continue
        if not os.access(root, os.R_OK | os.X_OK):
            problems.append(Problem(display_path(root), 0, 0, "folder cannot be read"))
            continue

        for folder, dirs, files in os.walk(root, onerror=partial(_unreadable, problems, root)):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.endswith(SUFFIXES) and not name.startswith("."):
                    found.setdefault((Path(folder) / name).absolute())
    return sorted(found), problems


def _unreadable(problems: list[Problem], root: Path, exc: OSError) -> None:
    where = Path(exc.filename) if exc.filename else root
    problems.append(Problem(display_path(where), 0, 0, f"cannot read: {exc.strerror}"))


class _File:
    """One file being checked: its bytes, a lazy line finder and the problems found so far."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.source = display_path(path)
        self.data = data
        self.locator = yamlsafe.Locator(data)
        self.problems: list[Problem] = []
        self.positions: tuple[int, ...] = ()

    def report(
        self,
        at: StepPath,
        message: str,
        *,
        at_key: bool = False,
        severity: Severity = Severity.ERROR,
    ) -> None:
        spot = self.locator.find(at)
        line, col = (spot.key_line, spot.key_col) if at_key else (spot.line, spot.col)
        text = f"{dotted(at)}: {message}" if at else message
        self.problems.append(Problem(self.source, line, col, text, severity))

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


def dotted(at: StepPath) -> str:
    """A path as a person reads it: `questions[3].answer`."""
    out = ""
    for step in at:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


_TYPE_WORDS: Final = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}
_MSGSPEC_AT = re.compile(r"(?s)^(?P<message>.*?)(?: - at (?P<key>`key` in )?`\$(?P<path>[^`]*)`)?$")
_STEP = re.compile(r"\.(?P<field>[^.\[]+)|\[(?P<index>\d+)\]|(?P<unknown>\[\.\.\.\])")
_KNOWN_FIELDS: Final = sorted(
    {
        name
        for model in vars(models).values()
        if isinstance(model, type) and issubclass(model, msgspec.Struct)
        for name in model.__struct_fields__
    }
    | {"type", "kind"}
)


def _types(spec: str) -> str:
    return " or ".join(_TYPE_WORDS.get(part.strip(), part.strip()) for part in spec.split("|"))


def _raw_at(raw: Any, at: StepPath) -> Any:
    for step in at:
        in_dict = isinstance(raw, dict) and isinstance(step, str) and step in raw
        in_list = isinstance(raw, list) and isinstance(step, int) and step < len(raw)
        if not (in_dict or in_list):
            return None
        raw = raw[step]
    return raw


def explain(exc: msgspec.ValidationError, raw: Any) -> tuple[StepPath, str, bool]:
    """Turn msgspec's message into (path, plain message, point at the key rather than the value)."""
    match = _MSGSPEC_AT.match(str(exc))
    assert match is not None  # the pattern matches any text
    message = match["message"]
    steps: list[str | int] = []
    for step in _STEP.finditer(match["path"] or ""):
        if step["unknown"]:
            break
        steps.append(step["field"] if step["field"] is not None else int(step["index"]))
    at: StepPath = tuple(steps)
    if found := re.fullmatch(r"Object contains unknown field `(.*)`", message):
        name = found[1]
        close = difflib.get_close_matches(name, _KNOWN_FIELDS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return (*at, name), f"unknown field{hint}", True
    if found := re.fullmatch(r"Object missing required field `(.*)`", message):
        return at, f"missing required field {found[1]!r}", False
    if found := re.fullmatch(r"Invalid value '(.*)'", message):
        if at and at[-1] == "type":
            choices = ", ".join(models.QUESTION_TYPES)
            return at, f"unknown question type {found[1]!r}; expected one of: {choices}", False
        if at and at[-1] == "kind":
            return (
                at,
                f"unknown exhibit kind {found[1]!r}; expected passage, table or document",
                False,
            )
        return at, f"invalid value {found[1]!r}", False
    if match["key"]:
        return at, f"every key must be {_types(message.split('`')[1])}", True
    value = _raw_at(raw, at)
    shown = f" (got {value!r})" if isinstance(value, (str, int, float, bool)) else ""
    if found := re.fullmatch(r"Expected `([^`]*)`, got `([^`]*)`", message):
        wanted, got = found[1], found[2]
        hint = ""
        if "str" in wanted and got in ("int", "float", "bool"):
            hint = "; put it in quotes to make it text"
        return at, f"expected {_types(wanted)}, got {_types(got)}{shown}{hint}", False
    if "matching regex '^[A-Z]$'" in message:
        return at, f"expected an option letter A-Z{shown}", False
    if "matching regex '^[a-z0-9]" in message:
        return at, f"expected an id: lower-case letters, digits, '.', '_' or '-'{shown}", False
    found = re.fullmatch(r"Expected `([^`]*)`(.*)", message)
    if found:
        return at, f"expected {_types(found[1])}{found[2]}{shown}", False
    return at, message[:1].lower() + message[1:], False


def _kind(raw: dict[Any, Any]) -> str | None:
    present = [kind for kind in models.KINDS if kind in raw]
    return present[0] if len(present) == 1 else None


def _convert_bank(file: _File, raw: dict[Any, Any]) -> Bank | None:
    questions = raw.get("questions")
    try:
        bank = msgspec.convert(raw, Bank)
        kept = list(range(len(bank.questions)))
    except msgspec.ValidationError as exc:
        at, _, _ = explain(exc, raw)
        if not (at[:1] == ("questions",) and len(at) > 1 and isinstance(questions, list)):
            _report_invalid(file, exc, raw)
            return None
        try:
            bank = msgspec.convert({**raw, "questions": []}, Bank)
        except msgspec.ValidationError as header:
            _report_invalid(file, header, raw)
            return None
        good, kept = [], []
        for i, question in enumerate(questions):
            try:
                good.append(msgspec.convert(question, models.Question))
                kept.append(i)
            except msgspec.ValidationError as invalid:
                _report_invalid(file, invalid, question, prefix=("questions", i))
        bank = msgspec.structs.replace(bank, questions=tuple(good))
    bad: set[int] = set()
    if not questions and bank.generate is None:
        file.report(("questions",), "a bank needs questions, or `generate` to make some")
        return None
    for at, message in checks.bank(bank):
        index = int(at[1])
        file.report(("questions", kept[index], *at[2:]), message)
        bad.add(index)
    if bad:
        bank = msgspec.structs.replace(
            bank, questions=tuple(q for i, q in enumerate(bank.questions) if i not in bad)
        )
        kept = [k for i, k in enumerate(kept) if i not in bad]
    if kept != list(range(len(kept))):
        file.positions = tuple(kept)
    return bank


def _convert_scenario(file: _File, raw: dict[Any, Any]) -> Scenario | None:
    try:
        scenario = msgspec.convert(raw, Scenario)
    except msgspec.ValidationError as exc:
        # msgspec names a mapping's entries `[...]`; convert them one by one to say which.
        entry_types = {"nodes": models.Node, "endings": models.Ending, "state": models.StateVar}
        precise = False
        for name, model in entry_types.items():
            entries = raw.get(name)
            if not isinstance(entries, dict):
                continue
            for key, value in entries.items():
                try:
                    msgspec.convert(value, model)
                except msgspec.ValidationError as bad:
                    _report_invalid(file, bad, value, prefix=(name, str(key)))
                    precise = True
        if not precise:
            _report_invalid(file, exc, raw)
        return None
    for at, message in checks.scenario(scenario):
        file.report(at, message)
    return None if file.failed else scenario


def _convert_blueprint(file: _File, raw: dict[Any, Any]) -> Blueprint | None:
    try:
        blueprint = msgspec.convert(raw, Blueprint)
    except msgspec.ValidationError as exc:
        _report_invalid(file, exc, raw)
        return None
    for at, message in checks.blueprint_sections(blueprint.sections):
        file.report(at, message)
    return None if file.failed else blueprint


def _report_invalid(
    file: _File, exc: msgspec.ValidationError, raw: Any, prefix: StepPath = ()
) -> None:
    at, message, at_key = explain(exc, raw)
    file.report((*prefix, *at), message, at_key=at_key)


def parse(path: Path, data: bytes) -> Parsed:
    """Parse and validate one file's bytes; never raises for anything the bytes contain."""
    file = _File(path, data)
    doc = _parse(file)
    problems = tuple(sorted(file.problems, key=lambda p: (p.line, p.col)))
    return Parsed(path, file.source, doc, problems, positions=file.positions)


def _parse(file: _File) -> Document | None:
    data = file.data
    try:
        raw = yamlsafe.load(data)
    except yamlsafe.YamlError as exc:
        file.problems.append(Problem(file.source, exc.line, exc.col, exc.message))
        return None
    if raw is None:
        file.problems.append(Problem(file.source, 1, 1, "file is empty"))
        return None
    kinds = ", ".join(f"'{k}'" for k in models.KINDS)
    if not isinstance(raw, dict):
        what = "a list" if isinstance(raw, list) else "a single value"
        file.report((), f"the file holds {what}; expected a mapping with one of the keys {kinds}")
        return None
    kind = _kind(raw)
    doc: Document | None
    if kind == "bank":
        doc = _convert_bank(file, raw)
    elif kind == "scenario":
        doc = _convert_scenario(file, raw)
    elif kind == "blueprint":
        doc = _convert_blueprint(file, raw)
    else:
        present = [k for k in models.KINDS if k in raw]
        if present:
            file.report((present[1],), f"a file holds one of {kinds}, not several", at_key=True)
        else:
            file.report((), f"not a content file: expected one of the top-level keys {kinds}")
        doc = None
    return doc


class ContentCache:
    """Valid files already loaded, one MessagePack entry per source file.

    An entry matches when the file's size and mtime are unchanged (and the entry was written well
    after that mtime), or else when the digest of its bytes is unchanged.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry_path(self, path: Path) -> Path:
        name = hashlib.blake2b(str(path).encode(), digest_size=16).hexdigest()
        return self.folder / f"{name}.msgpack"

    def entry(self, path: Path) -> tuple[CacheEntry, int] | None:
        """The entry for a file and the time it was written, if there is a readable one."""
        try:
            with self._entry_path(path).open("rb") as handle:
                written = os.fstat(handle.fileno()).st_mtime_ns
                entry = _ENTRY.decode(handle.read())
        except (OSError, msgspec.DecodeError):
            return None
        if entry.format != CACHE_FORMAT or entry.version != __version__ or entry.kind not in _DOCS:
            return None
        return entry, written

    def put(self, path: Path, entry: CacheEntry) -> None:
        """Store an entry; a data folder that cannot be written only costs speed."""
        target = self._entry_path(path)
        temp = target.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(_ENCODER.encode(entry))
            os.replace(temp, target)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)


def _kind_of(doc: Document) -> str:
    return (
        "bank"
        if isinstance(doc, Bank)
        else "blueprint"
        if isinstance(doc, Blueprint)
        else "scenario"
    )


def _from_cache(path: Path, source: str, entry: CacheEntry) -> Parsed | None:
    try:
        doc = _DOCS[entry.kind].decode(entry.doc)
    except msgspec.DecodeError:
        return None
    warnings = tuple(
        Problem(source, line, col, message, Severity.WARNING)
        for line, col, message in entry.warnings
    )
    return Parsed(path, source, doc, warnings, cached=True)


def read(path: Path, cache: ContentCache | None = None) -> Parsed:
    """Load one file, from the cache when it is unchanged."""
    source = display_path(path)
    try:
        stat = path.stat()
        found = cache.entry(path) if cache is not None else None
        if found is not None:
            entry, written = found
            unchanged = (entry.size, entry.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
            if unchanged and written - stat.st_mtime_ns > _RACY_NS:
                hit = _from_cache(path, source, entry)
                if hit is not None:
                    return hit
        data = path.read_bytes()
    except OSError as exc:
        return Parsed(path, source, None, (Problem(source, 0, 0, f"cannot read: {exc.strerror}"),))
    digest = hashlib.blake2b(data, digest_size=20).digest()
    if found is not None and found[0].digest == digest:
        hit = _from_cache(path, source, found[0])
        if hit is not None and cache is not None:
            cache.put(path, msgspec.structs.replace(found[0], mtime_ns=stat.st_mtime_ns))
            return hit
    parsed = parse(path, data)
    if (
        cache is not None
        and parsed.doc is not None
        and not any(p.is_error for p in parsed.problems)
    ):
        entry = CacheEntry(
            CACHE_FORMAT,
            __version__,
            digest,
            stat.st_size,
            stat.st_mtime_ns,
            _kind_of(parsed.doc),
            msgspec.Raw(_ENCODER.encode(parsed.doc)),
            tuple((p.line, p.col, p.message) for p in parsed.problems),
        )
        cache.put(path, entry)
    return parsed


def load(
    roots: Iterable[Path],
    cache_dir: Path | None = None,
    *,
    own: Sequence[Path] = (),
    extra: Iterable[Path] = (),
) -> LoadResult:
    """Load every content file below the roots and build the catalog; nothing here raises.

    `roots` are the shipped folders and `own` the user's: both are loaded alike, but the user's
    blueprints are listed first. `extra` are more files or folders to check (`trainer validate`).
    """
    paths, problems = find_files([*roots, *own, *extra])
    cache = ContentCache(cache_dir) if cache_dir is not None else None
    # Loading allocates many small objects and frees none: the cyclic collector only slows it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        files = tuple(read(path, cache) for path in paths)
    finally:
        if collecting:
            gc.enable()
    for parsed in files:
        problems.extend(parsed.problems)
    catalog, more = build_catalog(files, own)
    problems.extend(more)
    draws = check_draws(catalog, files)
    skipped = tuple(f.source for f in files if f.doc is None)
    return LoadResult(catalog, (*problems, *draws), files, skipped, draws)


def build_catalog(
    files: Sequence[Parsed], own: Sequence[Path] = ()
) -> tuple[Catalog, list[Problem]]:
    """Join the files into one catalog, reporting ids used twice (`check_draws` does the rest).

    Blueprints from below the user's `own` folders are listed before the others.
    """
    problems: list[Problem] = []
    items: list[Item] = []
    seen: dict[tuple[str, str], tuple[Parsed, StepPath]] = {}
    questions: dict[str, tuple[Parsed, int]] = {}
    blueprints: list[tuple[int, Blueprint]] = []
    folders = [folder.absolute() for folder in own]
    scenarios: dict[str, Scenario] = {}

    def first_use(kind: str, ident: str, parsed: Parsed, at: StepPath) -> bool:
        earlier = seen.get((kind, ident))
        if earlier is None:
            seen[kind, ident] = (parsed, at)
            return True
        first, first_at = earlier
        line = first.locate(first_at).line
        problems.append(
            parsed.problem(at, f"duplicate {kind} id {ident!r} (first in {first.source}:{line})")
        )
        return False

    for parsed in files:
        doc = parsed.doc
        if isinstance(doc, Bank):
            if not first_use("bank", doc.bank, parsed, ("bank",)):
                continue
            section, bank_topic, bank_id, source = doc.section, doc.topic, doc.bank, parsed.source
            for index, question in enumerate(doc.questions):
                # The hot loop of a warm start: a plain dict of ids; paths only for duplicates.
                earlier = questions.get(question.id)
                if earlier is not None:
                    seen["question", question.id] = (earlier[0], _question_at(*earlier))
                    first_use("question", question.id, parsed, _question_at(parsed, index))
                    continue
                questions[question.id] = (parsed, index)
                items.append(
                    Item(question, section, question.topic or bank_topic, bank_id, source, index)
                )
        elif isinstance(doc, Blueprint):
            if first_use("blueprint", doc.blueprint, parsed, ("blueprint",)):
                blueprints.append((_group(parsed.path, folders), doc))
        elif isinstance(doc, Scenario) and first_use(
            "scenario", doc.scenario, parsed, ("scenario",)
        ):
            scenarios[doc.scenario] = doc
    return Catalog(tuple(items), listing_order(blueprints), scenarios), problems


def _group(path: Path, own: Sequence[Path]) -> int:
    """Which of the user's folders holds the file, by its place in `own`; after them, any other."""
    where = path.absolute()
    return next(
        (rank for rank, folder in enumerate(own) if folder == where or folder in where.parents),
        len(own),
    )


def check_draws(catalog: Catalog, files: Sequence[Parsed]) -> tuple[Problem, ...]:
    """Every draw of the catalog's blueprints that its questions cannot meet, at its line."""
    return tuple(
        problem
        for parsed in files
        if isinstance(parsed.doc, Blueprint)
        and catalog.blueprints.get(parsed.doc.blueprint) is parsed.doc
        for problem in _check_draws(catalog, parsed, parsed.doc)
    )


def _question_at(parsed: Parsed, index: int) -> StepPath:
    return ("questions", parsed.positions[index] if parsed.positions else index, "id")


def _check_draws(catalog: Catalog, parsed: Parsed, blueprint: Blueprint) -> Iterator[Problem]:
    for i, section in enumerate(blueprint.sections):
        union: set[str] = set()
        short = False
        for j, draw in enumerate(section.draw):
            pool = catalog.drawable(draw)
            union.update(item.id for item in pool)
            if len(pool) < draw.count:
                short = True
                narrowed = f"section {draw.section!r}" + (
                    f", topic {draw.topic!r}" if draw.topic else ""
                )
                yield parsed.problem(
                    ("sections", i, "draw", j, "count"),
                    f"asks for {draw.count} questions but only {len(pool)} match {narrowed}"
                    + (
                        " and its other filters"
                        if draw.tags or draw.types or draw.difficulty
                        else ""
                    ),
                )
        wanted = sum(draw.count for draw in section.draw)
        if len(union) < wanted and not short:
            yield parsed.problem(
                ("sections", i, "draw"),
                f"its draws ask for {wanted} questions in all but only {len(union)} "
                "different questions match them",
            )
