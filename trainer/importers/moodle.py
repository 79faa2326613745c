"""Moodle XML: read through defusedxml (no DTDs, no entities), written with the standard library.

Moodle XML has no difficulty and no references; they travel as the tags `difficulty:N` and
`ref:<reference>`, read in any case. A reference Moodle would change as a tag (see `mangled`) is
not written, and the export says so.

The reader builds a small tree that keeps each element's line, so that a fault inside one
`<question>` is reported at its line and the other questions still import. A DTD is refused
outright: that is where entity bombs and external entities live, and Moodle never writes one.
"""

from __future__ import annotations

import math
import re
import xml.sax
import xml.sax.handler
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final
from xml.etree import ElementTree as ET

import defusedxml
import defusedxml.sax

from trainer.content.models import (
    LETTERS,
    Bank,
    Match,
    Multiple,
    Numeric,
    Order,
    Question,
    Single,
    TextAnswer,
    TrueFalse,
)
from trainer.importers.base import Imported, Refused, Report
from trainer.importers.quiz import Choice, Number, Pair, QuizItem, Rich, to_drafts

LABEL: Final = "Moodle XML"
TAG_LENGTH: Final = 50
"""The longest tag Moodle keeps; it cuts a longer one."""
REFERENCE_TAG: Final = "ref:"
_DIFFICULTY_TAG = re.compile(r"difficulty:\s*([0-9]+)", re.IGNORECASE)
_STRIPPED = re.compile(r"[<>`\x00-\x1f\x7f]")
_FOLDED = re.compile(r"\s\s|[^\S ]")
_FORMATS: Final = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
_KINDS: Final = {
    "multichoice": "MC",
    "truefalse": "TF",
    "shortanswer": "Short",
    "numerical": "Numerical",
    "matching": "Matching",
    "ordering": "Order",
    "essay": "Essay",
    "description": "Description",
}


@dataclass
class Node:
    """An element: its tag, attributes, text, children, and the line and column it starts at."""

    tag: str
    attrs: dict[str, str]
    line: int
    col: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> Iterator[Node]:
        return (c for c in self.children if c.tag == tag)

    def value(self, tag: str) -> str | None:
        """The text of a child, or of its `<text>` child (Moodle wraps most values so)."""
        child = self.find(tag)
        if child is None:
            return None
        inner = child.find("text")
        return (inner.text if inner is not None else child.text).strip()


class _Builder(xml.sax.handler.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:
        line = (self.locator.getLineNumber() or 0) if self.locator else 0
        col = (self.locator.getColumnNumber() or 0) + 1 if self.locator else 0
        node = Node(name, dict(attrs.items()), line, col)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(content)


def parse(data: bytes) -> Node:
    """The document's tree; raises Refused for XML that is not well formed or declares a DTD."""
    builder = _Builder()
    try:
        defusedxml.sax.parseString(data, builder, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        raise Refused(
            "refused: the XML declares a DTD, where entity expansion bombs and external "
            "entities live; Moodle XML needs none",
            1,
            1,
        ) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise Refused("refused: the XML declares entities; Moodle XML needs none", 1, 1) from None
    except xml.sax.SAXParseException as exc:
        message = exc.getMessage()
        if "invalid token" in message and _not_utf8(data):
            message = "not UTF-8 (or not the encoding the XML declares)"
        line, col = exc.getLineNumber() or 0, (exc.getColumnNumber() or 0) + 1
        raise Refused(f"malformed XML: {message}", line, col) from None
    if builder.root is None:  # pragma: no cover - expat refuses a document with no element
        raise Refused("the file holds no XML element")
    return builder.root


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


class _Bad(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def _rich(node: Node | None, default: str = "html") -> Rich | None:
    if node is None:
        return None
    inner = node.find("text")
    text = (inner.text if inner is not None else "").strip()
    fmt = _FORMATS.get(node.attrs.get("format", ""), default)
    return Rich(text, fmt) if text else None


def _fraction(node: Node) -> float:
    raw = node.attrs.get("fraction", "0")
    try:
        value = float(raw)
    except ValueError:
        raise _Bad(node, f"fraction={raw!r} is not a number") from None
    if not math.isfinite(value) or not -100 <= value <= 100:
        raise _Bad(node, f"fraction={raw!r} is outside -100 to 100")
    return value


def read(root: Node, report: Report) -> list[QuizItem]:
    """Every `<question>` under `<quiz>`; a faulty one is refused at its line."""
    if root.tag != "quiz":
        report.error(root.line, root.col, f"expected a <quiz> element, found <{root.tag}>")
        return []
    items: list[QuizItem] = []
    for node in root.children:
        if node.tag != "question":
            report.warn(node.line, node.col, f"<{node.tag}> is not a question; skipped")
            continue
        try:
            items.append(_question(node, report))
        except _Bad as bad:
            report.error(bad.node.line, bad.node.col, bad.message, at=(node.line, node.col))
    return items


def _question(node: Node, report: Report) -> QuizItem:
    kind = node.attrs.get("type", "")
    if kind == "category":
        return QuizItem("Category", node.line, node.col, category=node.value("category") or "")
    if "type" not in node.attrs:
        raise _Bad(node, "a <question> needs a type attribute")
    stem = _rich(node.find("questiontext"))
    if kind in _KINDS and kind not in ("description",) and stem is None:
        raise _Bad(node, "a question needs a <questiontext> with text")
    for files in (node.find("questiontext"), node.find("generalfeedback")):
        for embedded in files.all("file") if files is not None else ():
            named = embedded.attrs.get("name", "")
            report.warn(embedded.line, embedded.col, f"the file {named!r} is not imported")
    given = node.value("idnumber") or None
    name = node.value("name") or None
    difficulty, references, tags = _marks(
        node, [t.value("text") or "" for t in _tags(node)], report
    )
    base = QuizItem(
        _KINDS.get(kind, "Other"),
        node.line,
        node.col,
        stem=stem or Rich(""),
        title=name if name != given else None,
        id=given,
        tags=tags,
        global_feedback=_rich(node.find("generalfeedback")),
        difficulty=difficulty,
        references=references,
        what=kind,
    )
    if kind == "multichoice":
        single = (node.value("single") or "true").lower() not in ("false", "0")
        return _with(base, choices=tuple(_answers(node)), single=single)
    if kind == "shortanswer":
        return _with(base, choices=tuple(_answers(node)))
    if kind == "truefalse":
        return _true_false(node, base)
    if kind == "numerical":
        return _numerical(node, base)
    if kind == "matching":
        pairs = []
        for sub in node.all("subquestion"):
            option = sub.value("answer")
            if not option:
                raise _Bad(sub, "a <subquestion> needs an <answer>")
            pairs.append(Pair(_rich(sub) or Rich("", "plain"), option))
        return _with(base, pairs=tuple(pairs))
    if kind == "ordering":
        return _with(base, choices=tuple(_answers(node)))
    return base


def _tags(node: Node) -> Iterator[Node]:
    tags = node.find("tags")
    return tags.all("tag") if tags is not None else iter(())


def _marks(
    node: Node, tags: Sequence[str], report: Report
) -> tuple[int | None, tuple[str, ...], tuple[str, ...]]:
    """The difficulty and references a question's tags give, and its other tags.

    An out-of-range `difficulty:N` or an empty `ref:` stays an ordinary tag.
    """
    difficulties: list[int] = []
    references: list[str] = []
    others: list[str] = []
    for tag in tags:
        level = _DIFFICULTY_TAG.fullmatch(tag)
        reference = tag[len(REFERENCE_TAG) :].strip()
        if level is not None and 1 <= int(level[1]) <= 5:
            difficulties.append(int(level[1]))
        elif tag[: len(REFERENCE_TAG)].casefold() == REFERENCE_TAG and reference:
            references.append(reference)
        else:
            others.append(tag)
    if len(set(difficulties)) > 1:
        shown = ", ".join(f"difficulty:{d}" for d in difficulties)
        report.warn(
            node.line, node.col, f"the tags {shown} disagree; the last, {difficulties[-1]}, is kept"
        )
    difficulty = difficulties[-1] if difficulties else None
    return difficulty, tuple(references), tuple(others)


def mangled(reference: str) -> str | None:
    """Why Moodle would change a reference written as a `ref:` tag, or None if it would not.

    Moodle cuts a tag to TAG_LENGTH characters, strips `<`, `>`, backquotes and control
    characters, and folds blanks into single spaces.
    """
    room = TAG_LENGTH - len(REFERENCE_TAG)
    if len(reference) > room:
        return f"it is longer than the {room} characters a Moodle tag leaves it"
    if _STRIPPED.search(reference):
        return "Moodle strips '<', '>', backquotes and control characters from tags"
    if reference != reference.strip() or _FOLDED.search(reference):
        return "Moodle folds runs of spaces, and blanks at the ends, in tags"
    return None


def _reference_tags(references: Sequence[str]) -> list[tuple[str, str | None]]:
    """Each reference with why it cannot be sent as a tag, or None when it is sent."""
    seen: set[str] = set()
    sent: list[tuple[str, str | None]] = []
    for reference in references:
        why = mangled(reference)
        if why is None and reference.casefold() in seen:
            why = "Moodle keeps one of tags that differ only in case"
        seen.add(reference.casefold())
        sent.append((reference, why))
    return sent


def _with(item: QuizItem, **changes: object) -> QuizItem:
    from dataclasses import replace

    return replace(item, **changes)  # type: ignore[arg-type]


def _answers(node: Node) -> Iterator[Choice]:
    for answer in node.all("answer"):
        text = _rich(answer, "moodle")
        if text is None:
            raise _Bad(answer, "an <answer> with no text")
        fraction = _fraction(answer)
        yield Choice(fraction > 0, fraction, text, _rich(answer.find("feedback"), "moodle"))


def _true_false(node: Node, base: QuizItem) -> QuizItem:
    truth: bool | None = None
    feedback: dict[bool, Rich | None] = {True: None, False: None}
    for answer in node.all("answer"):
        said = (answer.value("text") or "").lower()
        if said not in ("true", "false"):
            raise _Bad(answer, f"a true/false answer is 'true' or 'false', not {said!r}")
        feedback[said == "true"] = _rich(answer.find("feedback"), "moodle")
        if _fraction(answer) >= 100 - 1e-6:
            truth = said == "true"
    if truth is None:
        raise _Bad(node, "neither 'true' nor 'false' has fraction=100")
    return _with(
        base,
        is_true=truth,
        wrong_feedback=feedback[not truth],
        right_feedback=feedback[truth],
    )


def _numerical(node: Node, base: QuizItem) -> QuizItem:
    choices = []
    for answer in node.all("answer"):
        said = answer.value("text") or ""
        fraction = _fraction(answer)
        feedback = _rich(answer.find("feedback"), "moodle")
        if said == "*":
            choices.append(Choice(fraction > 0, fraction, Rich("*"), feedback))
            continue
        try:
            value = float(said)
            tolerance = abs(float(answer.value("tolerance") or 0))
        except ValueError:
            raise _Bad(answer, f"{said!r} is not a number") from None
        number = Number("range", value, tolerance)
        choices.append(Choice(fraction > 0, fraction, Rich(""), feedback, number))
    units = [
        (unit.value("unit_name") or "", unit.value("multiplier") or "1")
        for holder in node.all("units")
        for unit in holder.all("unit")
    ]
    unit = next((name for name, times in units if _is_one(times) and name), None)
    return _with(base, choices=tuple(choices), unit=unit)


def _is_one(text: str) -> bool:
    try:
        return float(text) == 1.0
    except ValueError:
        return False


def load(data: bytes, source: str) -> Imported:
    """Read Moodle XML into drafts of our questions, with every problem at its line."""
    report = Report(source)
    from trainer.importers.text import check_size

    check_size(len(data))
    items = read(parse(data), report)
    drafts = to_drafts(items, report, LABEL)
    return Imported(source, LABEL, tuple(drafts), tuple(report.problems), report.refused)


# Writing.


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "plain_text") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _answer(parent: ET.Element, fraction: float, text: str) -> ET.Element:
    return _answer_element(parent, f"{fraction:.5f}".rstrip("0").rstrip("."), text)


def _answer_element(parent: ET.Element, fraction: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, "answer", {"fraction": fraction, "format": "plain_text"})
    ET.SubElement(element, "text").text = text
    return element


def _element(question: Question) -> ET.Element | str:
    if question.exhibit is not None:
        return "it has an exhibit, which Moodle XML cannot hold"
    match question:
        case Single() | Multiple():
            node = ET.Element("question", {"type": "multichoice"})
        case TrueFalse():
            node = ET.Element("question", {"type": "truefalse"})
        case Numeric():
            node = ET.Element("question", {"type": "numerical"})
        case TextAnswer(answer=answers):
            if not answers:
                return "it accepts only patterns, which Moodle XML cannot hold"
            if any("*" in a for a in answers):
                return "an answer has '*', which Moodle reads as a wildcard"
            node = ET.Element("question", {"type": "shortanswer"})
        case Match():
            node = ET.Element("question", {"type": "matching"})
        case Order():
            node = ET.Element("question", {"type": "ordering"})
        case _:
            kind = type(question).__struct_config__.tag
            return f"it is a {kind} question, which Moodle XML cannot hold"
    name = ET.SubElement(node, "name")
    ET.SubElement(name, "text").text = question.id
    _text(node, "questiontext", question.prompt)
    _text(node, "generalfeedback", question.explanation)
    ET.SubElement(node, "idnumber").text = question.id
    match question:
        case Single(options=options, answer=answer):
            ET.SubElement(node, "single").text = "true"
            for i, option in enumerate(options):
                _answer(node, 100 if LETTERS[i] == answer else 0, option)
        case Multiple(options=options, answer=answer):
            ET.SubElement(node, "single").text = "false"
            share = 100 / len(answer)
            for i, option in enumerate(options):
                _answer(node, share if LETTERS[i] in answer else -share, option)
        case TrueFalse(answer=answer):
            _answer(node, 100 if answer else 0, "true")
            _answer(node, 0 if answer else 100, "false")
        case Numeric(answer=answer, tolerance=tolerance, unit=unit):
            element = _answer(node, 100, repr(answer))
            ET.SubElement(element, "tolerance").text = repr(tolerance)
            if unit:
                unit_node = ET.SubElement(ET.SubElement(node, "units"), "unit")
                ET.SubElement(unit_node, "multiplier").text = "1"
                ET.SubElement(unit_node, "unit_name").text = unit
        case TextAnswer(answer=answers):
            ET.SubElement(node, "usecase").text = "0"
            for accepted in answers:
                _answer(node, 100, accepted)
        case Match(items=items, options=options, answer=answer):
            used = set(answer)
            for item, letter in zip(items, answer, strict=False):
                sub = _text(node, "subquestion", item)
                ET.SubElement(ET.SubElement(sub, "answer"), "text").text = options[
                    LETTERS.index(letter)
                ]
            for i, option in enumerate(options):
                if LETTERS[i] not in used:
                    sub = _text(node, "subquestion", "")
                    ET.SubElement(ET.SubElement(sub, "answer"), "text").text = option
        case Order(options=options, answer=answer):
            for position, letter in enumerate(answer, 1):
                _answer_element(node, str(position), options[LETTERS.index(letter)])
    tags = ET.SubElement(node, "tags")
    written = [*question.tags, f"difficulty:{question.difficulty}"]
    written += [REFERENCE_TAG + r for r, why in _reference_tags(question.references) if not why]
    for tag in written:
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return node


def dump(bank: Bank) -> tuple[str, list[tuple[str, str]]]:
    """The bank as Moodle XML, and what was lost or left out."""
    quiz = ET.Element("quiz")
    notes: list[tuple[str, str]] = []
    category = None
    for question in bank.questions:
        made = _element(question)
        if isinstance(made, str):
            notes.append((question.id, f"left out: {made}"))
            continue
        topic = question.topic or bank.topic
        if topic != category:
            holder = ET.SubElement(quiz, "question", {"type": "category"})
            ET.SubElement(ET.SubElement(holder, "category"), "text").text = f"$course$/top/{topic}"
            category = topic
        if isinstance(question, TextAnswer):
            lost = [what for what, on in (("patterns", question.patterns),
                    ("citation matching", question.citation), ("typos: false", not question.typos))
                    if on]  # fmt: skip
            if lost:
                notes.append((question.id, f"not kept: {', '.join(lost)}"))
        for reference, why in _reference_tags(question.references):
            if why is not None:
                notes.append((question.id, f"not kept: the reference {reference!r}, since {why}"))
        quiz.append(made)
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="unicode", xml_declaration=True) + "\n", notes
