"""Strict, safe YAML for content files.

Plain `safe_load` reads YAML 1.1, where `no` is false, `010` is eight and `1:30` is ninety, and it
keeps the last of two equal keys; banks get YAML 1.2 scalars, refused duplicates and a bounded size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from trainer.errors import TrainerError

try:
    from yaml import CSafeLoader as _Base

    LIBYAML: Final = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

    LIBYAML = False  # type: ignore[misc]

MAX_BYTES: Final = 4 * 1024 * 1024
MAX_DEPTH: Final = 64
MAX_EXPANDED_NODES: Final = 1_000_000
# Both composers recurse (libyaml's in C, PyYAML's in Python); past this bound on how deep a file
# could nest, its depth is checked with events first.
_SAFE_NESTING_BOUND: Final = 3000 if LIBYAML else 200
FALLBACK_WARNING: Final = (
    "PyYAML has no libyaml here; content loads with the slower pure-Python parser "
    "(reinstall PyYAML with libyaml to speed it up)"
)
_ANCHOR = re.compile(rb"&[^\s\[\]{},]")
_BEFORE_ANCHOR = frozenset(b" \t\r\n[]{},")


class YamlError(TrainerError):
    """A file that is not acceptable YAML, with a 1-based line and column (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


_STR: Final = "tag:yaml.org,2002:str"
_SEQ: Final = "tag:yaml.org,2002:seq"
_MAP: Final = "tag:yaml.org,2002:map"


class ContentLoader(_Base):
    """The loader for banks: YAML 1.2 core scalars, plain tags only, no duplicate keys."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        # PyYAML's resolver, cut to what banks use: no path resolvers, one table look-up.
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # Most nodes are plain strings: hand them over without PyYAML's bookkeeping.
        if node.tag == _STR and type(node) is ScalarNode:
            return node.value
        return super().construct_object(node, deep)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Path resolvers are not used; the composer calls this for every node."""

    def ascend_resolver(self) -> None:
        """Path resolvers are not used; the composer calls this for every node."""


def _construct_str(loader: ContentLoader, node: Node) -> str:
    if not isinstance(node, ScalarNode):
        raise ConstructorError(None, None, "expected a plain value", node.start_mark)
    return str(node.value)


def _construct_int(loader: ContentLoader, node: ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


def _construct_map(loader: ContentLoader, node: MappingNode) -> Iterator[dict[Any, Any]]:
    data: dict[Any, Any] = {}
    yield data
    construct = loader.construct_object
    for key_node, value_node in node.value:
        key = construct(key_node, deep=False)
        if isinstance(key, (dict, list)):
            raise ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        if key in data:
            first = next(k for k, _ in node.value if loader.construct_object(k) == key)
            raise ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {first.start_mark.line + 1})",
                key_node.start_mark,
            )
        data[key] = construct(value_node, deep=False)


def _refuse_tag(loader: ContentLoader, node: Node) -> None:
    raise ConstructorError(
        None,
        None,
        f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed: "
        "content uses plain text, numbers, lists and mappings",
        node.start_mark,
    )


def _install() -> None:
    # Start from empty tables so nothing of PyYAML's YAML 1.1 defaults is inherited.
    ContentLoader.yaml_implicit_resolvers = {}
    ContentLoader.yaml_constructors = {}
    resolvers = [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        (
            "tag:yaml.org,2002:float",
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+.0123456789",
        ),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ]
    for tag, pattern, first in resolvers:
        ContentLoader.add_implicit_resolver(tag, re.compile(pattern), list(first))
    safe = yaml.SafeLoader.yaml_constructors
    for tag in ("bool", "float", "null", "seq"):
        full = f"tag:yaml.org,2002:{tag}"
        ContentLoader.add_constructor(full, safe[full])
    ContentLoader.add_constructor(_STR, _construct_str)
    ContentLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    ContentLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    ContentLoader.add_constructor(None, _refuse_tag)


_install()


def _mark(error: yaml.YAMLError) -> tuple[int, int]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return mark.line + 1, mark.column + 1
    return 0, 0


def _message(error: yaml.YAMLError) -> str:
    if "maximum nesting depth" in str(error):
        # libyaml from PyYAML 6.0.4 on has a nesting limit of its own (1,000 levels), and its
        # scanner, reading ahead, can reach it before our check at MAX_DEPTH sees the events.
        return f"nested deeper than {MAX_DEPTH} levels"
    if isinstance(error, yaml.MarkedYAMLError):
        parts = [p for p in (error.context, error.problem) if p]
        return "YAML: " + ", ".join(parts) if parts else "YAML: " + str(error)
    return "YAML: " + str(error).splitlines()[0]


def decode(data: bytes) -> str:
    """Return the text of a content file, or raise YamlError naming the first bad byte."""
    if len(data) > MAX_BYTES:
        raise YamlError(
            f"file is {len(data) / 1048576:.1f} MiB; content files are limited to "
            f"{MAX_BYTES // 1048576} MiB (split it into several banks)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot start a character "
            "(save the file as UTF-8)",
            line,
            col,
        ) from None


def _needs_event_scan(data: bytes) -> bool:
    if b"&" in data:
        for found in _ANCHOR.finditer(data):
            at = found.start()
            if at == 0 or data[at - 1] in _BEFORE_ANCHOR:
                return True
    longest = max(map(len, data.split(b"\n")), default=0)
    return data.count(b"[") + data.count(b"{") + 2 * longest > _SAFE_NESTING_BOUND


def _position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _scan_events(data: bytes) -> None:
    """Walk the event stream (iterative in libyaml) to bound nesting and alias expansion."""
    loader = ContentLoader(data)
    try:
        open_: list[tuple[str | None, int]] = []
        sizes: dict[str, int] = {}
        total = 0
        while loader.check_event():
            event = loader.get_event()
            if event is None:
                break
            line, col = _position(event)
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_) >= MAX_DEPTH:
                    raise YamlError(f"nested deeper than {MAX_DEPTH} levels", line, col)
                open_.append((event.anchor, total))
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, start = open_.pop()
                total += 1
                if anchor:
                    sizes[anchor] = total - start
            elif isinstance(event, yaml.ScalarEvent):
                total += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                total += sizes.get(event.anchor or "", 1)
                if total > MAX_EXPANDED_NODES:
                    raise YamlError(
                        f"aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                        "(an alias bomb?); write the repeated parts out",
                        line,
                        col,
                    )
    except yaml.YAMLError as exc:
        raise YamlError(_message(exc), *_mark(exc)) from None
    finally:
        loader.dispose()


def load(data: bytes) -> Any:
    """Parse one content file's bytes into plain Python values, or raise YamlError."""
    decode(data)
    if _needs_event_scan(data):
        _scan_events(data)
    loader = ContentLoader(data)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise YamlError(_message(exc), *_mark(exc)) from None
    finally:
        loader.dispose()


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a value, and the key that names it, stand in a file (1-based)."""

    line: int
    col: int
    key_line: int
    key_col: int


class Locator:
    """Finds the line of a value by its path (`questions`, 3, `answer`); parses on first use."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._root: Node | None = None
        self._parsed = False

    def _tree(self) -> Node | None:
        if not self._parsed:
            self._parsed = True
            loader = ContentLoader(self._data)
            try:
                self._root = loader.get_single_node()
            except yaml.YAMLError:
                self._root = None
            finally:
                loader.dispose()
        return self._root

    def find(self, path: Sequence[str | int]) -> Spot:
        """The deepest node the path reaches; a path that runs out stops at its last good step."""
        node = self._tree()
        if node is None:
            return Spot(1, 1, 1, 1)
        key: Node = node
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            key, node = child
        start, key_start = node.start_mark, key.start_mark
        return Spot(start.line + 1, start.column + 1, key_start.line + 1, key_start.column + 1)


def _child(node: Node, step: str | int) -> tuple[Node, Node] | None:
    if isinstance(node, MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == step:
                return key_node, value_node
    if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        item = node.value[step]
        return item, item
    return None
