"""GIFT, Moodle's plain-text quiz format: a hand-written reader that says where each fault is.

Questions are separated by blank lines; lines starting with `//` are comments, from which Moodle's
`[id:...]` and `[tag:...]` are read (and our own `[difficulty:N]` and `[reference:...]`, which the
writer below adds so that a bank survives the trip out and back). Inside a question:

    // [id:q1] [tag:visas]
    ::Title:: [html] Question text { =right #feedback ~wrong ~%50%half ####general feedback } more

`~ = # { } :` and new lines are escaped as `\\~ \\= \\# \\{ \\} \\: \\n`, a backslash as `\\\\`.
Following Moodle, `=`, `~` and `#` mean something only inside the braces; `::` only at the start.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from trainer.content.models import (
    LETTERS,
    Bank,
    Match,
    Multiple,
    Numeric,
    Question,
    Single,
    TextAnswer,
    TrueFalse,
)
from trainer.importers.base import Imported, Report, position, where_in
from trainer.importers.quiz import Choice, Number, Pair, QuizItem, Rich, to_drafts

LABEL: Final = "GIFT"
FORMATS: Final = ("html", "markdown", "plain", "moodle")
_ESCAPES: Final = frozenset("\\:#={}~n")
_ESCAPED = re.compile(r"\\([\\:#={}~n])")
_FORMAT = re.compile(r"\s*\[(html|markdown|plain|moodle)\]")
_NUMBER: Final = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMERIC = re.compile(
    rf"\s*(?P<a>{_NUMBER})\s*(?:(?P<colon>:)\s*(?P<b>{_NUMBER})|\.\.\s*(?P<c>{_NUMBER}))?\s*"
)
_TRUE_FALSE = re.compile(r"(TRUE|FALSE|T|F)(?=\s|#|$)")
_WEIGHT = re.compile(r"\s*%([^%\n]*)%")
_BRACKETS = re.compile(r"\[(id|tag|difficulty|reference):((?:\\.|[^\]\\\x00-\x1f\x7f])+?)\]")
_BACKSLASHED = re.compile(r"\\(.)")
_BACKSLASH = re.compile(r"\\(.?)", re.S)
_SPACES = re.compile(r"\s\s+")


class _Bad(Exception):
    """A fault in one question, at an offset of its text."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass
class _Chunk:
    """One question's lines (comments taken out) and where each line starts in the file."""

    text: str
    lines: list[int]
    starts: list[int]
    comments: list[str]

    def where(self, offset: int) -> tuple[int, int]:
        index, col = position(self.starts, offset)
        return self.lines[index - 1], col


def _chunks(text: str) -> Iterator[_Chunk]:
    lines: list[str] = []
    numbers: list[int] = []
    comments: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            if lines:
                yield _chunk(lines, numbers, comments)
            lines, numbers, comments = [], [], []
        elif stripped.startswith("//"):
            comments.append(stripped[2:])
        else:
            lines.append(line)
            numbers.append(number)
    if lines:
        yield _chunk(lines, numbers, comments)


def _chunk(lines: list[str], numbers: list[int], comments: list[str]) -> _Chunk:
    body = "\n".join(lines)
    return _Chunk(body, numbers, where_in(body), comments)


@cache
def _scanner(chars: str) -> re.Pattern[str]:
    return re.compile(r"\\.|[" + re.escape(chars) + "]", re.S)


@cache
def _first(chars: str) -> re.Pattern[str]:
    """Text up to the first of `chars` that no backslash escapes; that character is group 1."""
    other = r"[^\\" + re.escape(chars) + "]*"
    return re.compile(rf"{other}(?:\\.{other})*([{re.escape(chars)}])", re.S)


def _unescaped(text: str, chars: str, start: int, end: int) -> list[int]:
    """Offsets in text[start:end] of any of `chars` that no backslash escapes."""
    found = _scanner(chars).finditer(text, start, end)
    return [f.start() for f in found if f.end() - f.start() == 1]


def _find(text: str, chars: str, start: int, end: int) -> int:
    """The offset of the first of `chars` in text[start:end] that no backslash escapes, or -1."""
    found = _first(chars).match(text, start, end)
    return -1 if found is None else found.start(1)


def _find_pair(text: str, pair: str, start: int, end: int) -> int:
    """The offset of the first unescaped two-character `pair` (`::`, `->`, `####`...)."""
    found = text.find(pair, start, end)
    if found < 0 or text.find("\\", start, found) < 0:
        return found
    for i in _unescaped(text, pair[0], start, end):
        if text.startswith(pair, i) and i + len(pair) <= end:
            return i
    return -1


def _check_escapes(text: str, start: int, end: int) -> None:
    if text.find("\\", start, end) < 0:
        return
    for match in _BACKSLASH.finditer(text[start:end]):
        ch = match[1]
        if ch in _ESCAPES and ch:
            continue
        if not ch or ch.isspace():
            continue  # a lone backslash is itself, as in Moodle
        raise _Bad(
            start + match.start(),
            f"unknown escape '\\{ch}': GIFT escapes ~ = # {{ }} : as \\~ \\= \\# \\{{ \\}} \\:, "
            "a new line as \\n and a backslash as \\\\",
        )


def _decode(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPED.sub(lambda m: "\n" if m[1] == "n" else m[1], text)


def _rich(text: str, start: int, end: int, default: str) -> Rich:
    """The text between two offsets, its `[format]` read, trimmed, spaces folded, escapes decoded.

    As in Moodle and gift-pegjs, html and markdown keep their new lines and spaces; moodle and
    plain text have each run of spaces and new lines folded into one space.
    """
    _check_escapes(text, start, end)
    found = _FORMAT.match(text, start, end)
    fmt = default
    if found:
        fmt = found[1]
        start = found.end()
    raw = text[start:end].strip()
    if fmt not in ("html", "markdown"):
        raw = _SPACES.sub(" ", raw.replace("\n", " "))
    return Rich(_decode(raw), fmt)


def _plain(text: str, start: int, end: int) -> str:
    _check_escapes(text, start, end)
    return _decode(_SPACES.sub(" ", text[start:end].replace("\n", " ").strip()))


def read(text: str, report: Report) -> list[QuizItem]:
    """Every question in GIFT text as the file states it; faults go to the report."""
    items: list[QuizItem] = []
    for chunk in _chunks(text):
        start = len(chunk.text) - len(chunk.text.lstrip())
        line, col = chunk.where(start)
        try:
            items.extend(_items(chunk, start))
        except _Bad as bad:
            where = chunk.where(min(bad.offset, len(chunk.text)))
            report.error(*where, bad.message, at=(line, col))
    return items


def _marks(comments: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"id": [], "tag": [], "difficulty": [], "reference": []}
    for comment in comments:
        for match in _BRACKETS.finditer(comment):
            value = match[2]
            found[match[1]].append(
                (_BACKSLASHED.sub(r"\1", value) if "\\" in value else value).strip()
            )
    return found


def _items(chunk: _Chunk, start: int) -> Iterator[QuizItem]:
    s = chunk.text
    end = len(s)
    if s.startswith("$CATEGORY:", start):
        stop = s.find("\n", start)
        stop = end if stop < 0 else stop
        line, col = chunk.where(start)
        yield QuizItem("Category", line, col, category=s[start + 10 : stop].strip())
        rest = len(s) - len(s[stop:].lstrip())
        if rest >= end:
            return
        start = rest
    line, col = chunk.where(start)
    marks = _marks(chunk.comments)
    difficulty = marks["difficulty"][-1] if marks["difficulty"] else ""
    base: dict[str, Any] = {
        "line": line,
        "col": col,
        "id": marks["id"][-1] if marks["id"] else None,
        "tags": tuple(marks["tag"]),
        "difficulty": int(difficulty) if difficulty.isdigit() else None,
        "references": tuple(marks["reference"]),
    }
    title = None
    if s.startswith("::", start):
        close = _find_pair(s, "::", start + 2, end)
        if close < 0:
            raise _Bad(start, "the title has no closing '::' (escape a colon as \\:)")
        title = _plain(s, start + 2, close)
        start = close + 2
    base["title"] = title
    opened = _find(s, "{}", start, end)
    if opened >= 0 and s[opened] == "}":
        raise _Bad(opened, "'}' with no '{' before it (escape a brace as \\})")
    _no_title_marks(s, start, opened if opened >= 0 else end)
    if opened < 0:
        yield QuizItem("Description", **base, stem=_rich(s, start, end, "moodle"))
        return
    close = _find(s, "{}", opened + 1, end)
    if close < 0:
        raise _Bad(opened, "'{' is never closed: the answers need a '}' before the blank line")
    if s[close] == "{":
        raise _Bad(close, "'{' inside the answers (escape a brace as \\{)")
    after = _find(s, "{}", close + 1, end)
    if after >= 0:
        raise _Bad(after, f"a second '{s[after]}': a question has one set of answers in braces")
    _no_title_marks(s, close + 1, end)
    head = _rich(s, start, opened, "moodle")
    tail = _rich(s, close + 1, end, head.format) if s[close + 1 :].strip() else None
    fmt = head.format if head.text or not tail else tail.format
    if tail is not None:
        text = (head.text + " " if head.text else "") + "_____ " + tail.text
    else:
        text = head.text
    answers = _answers(s, opened + 1, close, fmt)
    yield QuizItem(**base, **answers, stem=Rich(text, fmt), embedded=tail is not None)


def _no_title_marks(s: str, start: int, end: int) -> None:
    found = _find_pair(s, "::", start, end)
    if found >= 0:
        raise _Bad(
            found,
            "'::' in the question text: a title comes first, as ::Title::; "
            "escape a colon in the text as \\:",
        )


def _answers(s: str, start: int, end: int, fmt: str) -> dict[str, Any]:
    """The fields of a question that its answers (between the braces) give."""
    overall = _find_pair(s, "####", start, end)
    general = None
    if overall >= 0:
        general = _rich(s, overall + 4, end, fmt)
        end = overall
    question: dict[str, Any] = {"global_feedback": general}
    first = start + len(s[start:end]) - len(s[start:end].lstrip())
    if first >= end:
        return question | {"kind": "Essay"}
    if s[first] == "#":
        return question | _numerical(s, first + 1, end, fmt)
    found = _TRUE_FALSE.match(s, first, end)
    if found:
        return question | _true_false(s, found, end, fmt)
    marks = list(_unescaped(s, "=~", first, end))
    if not marks:
        text, feedback = _text_and_feedback(s, first, end, fmt)
        return question | {"kind": "Short", "choices": (Choice(True, None, text, feedback),)}
    if marks[0] != first:
        raise _Bad(
            first,
            "text before the first answer: start each answer with '=' (right) or '~' (wrong)",
        )
    bounds = [*marks, end]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(len(marks))]
    if all(s[a] == "=" and _find_pair(s, "->", a + 1, b) >= 0 for a, b in pieces):
        pairs = tuple(_pair(s, a + 1, b, fmt) for a, b in pieces)
        return question | {"kind": "Matching", "pairs": pairs}
    choices = tuple(_choice(s, a, b, fmt) for a, b in pieces)
    kind = "Short" if all(c.correct for c in choices) else "MC"
    # Moodle's way of writing a multiple-answer question: no '=', credit given by weights.
    several = not any(c.correct for c in choices) and any(c.credit > 0 for c in choices)
    return question | {"kind": kind, "choices": choices, "single": False if several else None}


def _true_false(s: str, found: re.Match[str], end: int, fmt: str) -> dict[str, Any]:
    at = found.end()
    rest = s[at:end]
    if rest.strip() and not rest.lstrip().startswith("#"):
        raise _Bad(at, f"text after {found[1]}: a true/false answer is T, F, TRUE or FALSE")
    marks = list(_unescaped(s, "#", at, end))
    if len(marks) > 2:
        raise _Bad(marks[2], "a third '#': true/false takes two feedbacks (escape it as \\#)")
    bounds = [*marks, end]
    feedback: list[Rich | None] = [None, None]
    for i in range(len(marks)):
        said = _rich(s, bounds[i] + 1, bounds[i + 1], fmt)
        feedback[i] = said if said.text else None
    wrong, right = feedback
    return {
        "kind": "TF",
        "is_true": found[1].startswith("T"),
        "wrong_feedback": wrong,
        "right_feedback": right,
    }


def _text_and_feedback(s: str, start: int, end: int, fmt: str) -> tuple[Rich, Rich | None]:
    marks = list(_unescaped(s, "#", start, end))
    if not marks:
        return _rich(s, start, end, fmt), None
    if len(marks) > 1:
        raise _Bad(marks[1], "a second '#' in one answer's feedback (escape it as \\#)")
    feedback = _rich(s, marks[0] + 1, end, fmt)
    return _rich(s, start, marks[0], fmt), feedback if feedback.text else None


def _weight(s: str, start: int, end: int) -> tuple[float | None, int]:
    found = _WEIGHT.match(s, start, end)
    if not found:
        return None, start
    try:
        weight = float(found[1])
    except ValueError:
        raise _Bad(start, f"the weight %{found[1]}% is not a percentage") from None
    if not -100 <= weight <= 100 or not math.isfinite(weight):
        raise _Bad(start, f"the weight %{found[1]}% is outside -100 to 100")
    return weight, found.end()


def _choice(s: str, start: int, end: int, fmt: str) -> Choice:
    weight, at = _weight(s, start + 1, end)
    text, feedback = _text_and_feedback(s, at, end, fmt)
    if not text.text:
        raise _Bad(start, "an answer with no text")
    return Choice(s[start] == "=", weight, text, feedback)


def _pair(s: str, start: int, end: int, fmt: str) -> Pair:
    arrow = _find_pair(s, "->", start, end)
    item = _rich(s, start, arrow, fmt)
    option = _plain(s, arrow + 2, end)
    if not option:
        raise _Bad(arrow, "nothing after '->': each pair is =item -> answer")
    return Pair(item, option)


def _number(s: str, start: int, end: int) -> Number:
    found = _NUMERIC.fullmatch(s, start, end)
    if not found:
        shown = s[start:end].strip()
        raise _Bad(start, f"{shown!r} is not a number: write 5, 5:0.5 (give or take) or 4..6")
    a = float(found["a"])
    if found["colon"]:
        return Number("range", a, abs(float(found["b"])))
    if found["c"] is not None:
        return Number("high-low", a, float(found["c"]))
    return Number("simple", a)


def _numerical(s: str, start: int, end: int, fmt: str) -> dict[str, Any]:
    marks = list(_unescaped(s, "=~", start, end))
    if not marks:
        sharp = _find(s, "#", start, end)
        stop = end if sharp < 0 else sharp
        feedback = _rich(s, sharp + 1, end, fmt) if sharp >= 0 else None
        number = _number(s, start, stop)
        said = feedback if feedback and feedback.text else None
        return {"kind": "Numerical", "choices": (Choice(True, None, Rich(""), said, number),)}
    if s[start : marks[0]].strip():
        raise _Bad(start, "text before the first answer: start each answer with '=' or '~'")
    bounds = [*marks, end]
    choices = []
    for a, b in itertools.pairwise(bounds):
        weight, at = _weight(s, a + 1, b)
        sharp = _find(s, "#", at, b)
        stop = b if sharp < 0 else sharp
        said = _rich(s, sharp + 1, b, fmt) if sharp >= 0 else None
        feedback = said if said and said.text else None
        value = _number(s, at, stop) if s[at:stop].strip() else None
        text = Rich("" if value else "*", fmt)
        choices.append(Choice(s[a] == "=", weight, text, feedback, value))
    return {"kind": "Numerical", "choices": tuple(choices)}


def load(text: str, source: str) -> Imported:
    """Read GIFT text into drafts of our questions, with every problem at its line."""
    report = Report(source)
    drafts = to_drafts(read(text, report), report, LABEL)
    return Imported(source, LABEL, tuple(drafts), tuple(report.problems), report.refused)


# Writing.

_SPECIAL = re.compile(r"([\\~=#{}:])")


def escape(text: str) -> str:
    """Text written so that GIFT reads it back unchanged: specials escaped, new lines as \\n."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def _piece(text: str) -> str:
    """An answer's text; a leading `[format]` or `%` would be read as markup, so it is guarded."""
    written = escape(text)
    return f"[plain]{written}" if _FORMAT.match(text) or text.startswith("%") else written


def _mark(name: str, value: str) -> str:
    return f"[{name}:{value.replace(chr(92), chr(92) * 2).replace(']', chr(92) + ']')}]"


def _fits(text: str) -> bool:
    """Whether a text survives GIFT's folding of spaces (runs of blanks become one)."""
    return text == text.strip() and not re.search(r"[ \t]{2}|[ \t]\n|\n[ \t]|\t", text)


def _lines(question: Question) -> list[str] | str:
    """A question's lines of GIFT, or why it cannot be written."""
    if question.exhibit is not None:
        return "has an exhibit, which GIFT cannot hold"
    texts = [question.prompt, question.explanation, *getattr(question, "options", ())]
    texts += getattr(question, "items", ())
    if isinstance(question, TextAnswer):
        texts += question.answer
    if not all(_fits(t) for t in texts):
        return "has runs of spaces or tabs, which GIFT folds into one space"
    marks = [_mark("id", question.id), *(_mark("tag", t) for t in question.tags)]
    marks.append(_mark("difficulty", str(question.difficulty)))
    marks += [_mark("reference", r) for r in question.references]
    body = _body(question)
    if isinstance(body, str) and body.startswith("!"):
        return body[1:]
    head = [f"// {' '.join(marks)}", f"[plain]{escape(question.prompt)} {{"]
    return [*head, *body, f"  ####{escape(question.explanation)}", "}"]


def _body(question: Question) -> list[str] | str:
    match question:
        case Single(options=options, answer=answer):
            return [f"  {'=' if LETTERS[i] == answer else '~'}{_piece(o)}"
                    for i, o in enumerate(options)]  # fmt: skip
        case Multiple(options=options, answer=answer):
            right = f"{100 / len(answer):.5f}".rstrip("0").rstrip(".")
            return [
                f"  ~%{right if LETTERS[i] in answer else '-' + right}%{_piece(o)}"
                for i, o in enumerate(options)
            ]
        case TrueFalse(answer=answer):
            return ["  TRUE" if answer else "  FALSE"]
        case Numeric(answer=answer, tolerance=tolerance):
            if not math.isfinite(answer):
                return "!has an answer that is not a finite number"
            return [f"  #{answer!r}:{tolerance!r}"]
        case TextAnswer(answer=answers, patterns=patterns):
            if patterns and not answers:
                return "!accepts only patterns, which GIFT cannot hold"
            if any("*" in a for a in answers):
                return "!has an answer with '*', which Moodle reads as a wildcard"
            if any("->" in a for a in answers):
                return "!has an answer with '->', which GIFT would read as matching"
            return [f"  ={_piece(a)}" for a in answers]
        case Match(items=items, options=options, answer=answer):
            if any("->" in i for i in items):
                return "!has an item with '->', which GIFT cannot escape"
            used = set(answer)
            lines = [f"  ={_piece(item)} -> {escape(options[LETTERS.index(letter)])}"
                     for item, letter in zip(items, answer, strict=False)]  # fmt: skip
            lines += [f"  = -> {escape(o)}" for i, o in enumerate(options)
                      if LETTERS[i] not in used]  # fmt: skip
            return lines
    kind = type(question).__struct_config__.tag
    return f"!is a {kind} question, which GIFT cannot hold"


def losses(question: Question) -> list[str]:
    """What of a question that can be written GIFT does not keep."""
    lost = []
    if isinstance(question, Numeric) and question.unit:
        lost.append(f"the unit {question.unit!r}")
    if isinstance(question, TextAnswer):
        if question.patterns:
            lost.append("the patterns")
        if question.citation:
            lost.append("citation matching")
        if not question.typos:
            lost.append("typos: false")
    if question.topic:
        lost.append(f"the topic {question.topic!r} (written as a category)")
    return lost


def dump(bank: Bank) -> tuple[str, list[tuple[str, str]]]:
    """The bank as GIFT, and (question id, what was lost or why it was left out) for each loss."""
    out = [f"// {bank.title}: exported from the trainer bank {bank.bank!r}", ""]
    notes: list[tuple[str, str]] = []
    category = None
    for question in bank.questions:
        lines = _lines(question)
        if isinstance(lines, str):
            notes.append((question.id, f"left out: it {lines}"))
            continue
        topic = question.topic or bank.topic
        if topic != category:
            out += [f"$CATEGORY: {topic}", ""]
            category = topic
        for lost in losses(question):
            if not lost.startswith("the topic"):
                notes.append((question.id, f"not kept: {lost}"))
        out += [*lines, ""]
    return "\n".join(out), notes
