"""Checks a schema cannot express: answers against options, scenario graphs, blueprint draws.

Each check yields `(path, message)` pairs, the path naming the offending value inside its file; the
loader turns them into located problems.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Iterator, Mapping

from trainer.content import conditions
from trainer.content.models import (
    LETTERS,
    Bank,
    BlueprintSection,
    Choice,
    DocumentPage,
    Line,
    Match,
    Multiple,
    Numeric,
    Order,
    Question,
    Rate,
    Scenario,
    Single,
    Table,
    TextAnswer,
    letters,
)

Path = tuple[str | int, ...]
Finding = tuple[Path, str]


def _letter_range(letter: str, count: int) -> bool:
    return LETTERS.index(letter) < count


def question(q: Question, at: Path) -> Iterator[Finding]:
    """Faults in one question that its types alone do not catch."""
    options: tuple[str, ...] = getattr(q, "options", ())
    seen: dict[str, int] = {}
    for i, option in enumerate(options):
        key = " ".join(option.split()).casefold()
        if key in seen:
            yield (
                (*at, "options", i),
                f"option {LETTERS[i]} repeats option {LETTERS[seen[key]]}",
            )
        seen.setdefault(key, i)
    n = len(options)
    match q:
        case Single(answer=answer) if not _letter_range(answer, n):
            yield (*at, "answer"), f"{answer!r} is not one of the options {letters(n)}"
        case Multiple(answer=answer):
            yield from _letters_in_range(answer, n, (*at, "answer"))
            yield from _no_repeats(answer, (*at, "answer"))
        case Order(answer=answer):
            if sorted(answer) != list(LETTERS[:n]):
                yield (
                    (*at, "answer"),
                    f"must list every option letter {letters(n)} exactly once, "
                    f"in the right order (got {', '.join(answer)})",
                )
        case Match(answer=answer, items=items):
            if len(answer) != len(items):
                yield (
                    (*at, "answer"),
                    f"gives {len(answer)} letters for {len(items)} items; give one per item",
                )
            yield from _letters_in_range(answer, n, (*at, "answer"))
        case Rate(answer=answer, scale=scale):
            if scale.low >= scale.high:
                yield (*at, "scale"), f"low ({scale.low}) must be below high ({scale.high})"
            if len(answer) != n:
                yield (
                    (*at, "answer"),
                    f"gives {len(answer)} ratings for {n} options; give one per option",
                )
            for i, rating in enumerate(answer):
                if not scale.low <= rating <= scale.high:
                    yield (
                        (*at, "answer", i),
                        f"rating {rating} is outside the scale {scale.low}-{scale.high}",
                    )
            for point in scale.labels:
                if not scale.low <= point <= scale.high:
                    yield (
                        (*at, "scale", "labels"),
                        f"label for {point} is outside the scale {scale.low}-{scale.high}",
                    )
        case Numeric(answer=answer, tolerance=tolerance):
            if not math.isfinite(answer):
                yield (*at, "answer"), "must be a finite number"
            if not math.isfinite(tolerance):
                yield (*at, "tolerance"), "must be a finite number"
        case TextAnswer(answer=answer, patterns=patterns):
            if not answer and not patterns:
                yield (*at, "answer"), "a text question needs accepted answers or patterns"
            for i, pattern in enumerate(patterns):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    yield (*at, "patterns", i), f"is not a valid regular expression: {exc}"
    match q.exhibit:
        case Table(columns=columns, rows=rows):
            for i, row in enumerate(rows):
                if len(row) != len(columns):
                    yield (
                        (*at, "exhibit", "rows", i),
                        f"has {len(row)} cells for {len(columns)} columns",
                    )
        case DocumentPage(fields=fields) if not fields:
            yield (*at, "exhibit", "fields"), "a document needs at least one field"


def _letters_in_range(answer: tuple[str, ...], n: int, at: Path) -> Iterator[Finding]:
    for i, letter in enumerate(answer):
        if not _letter_range(letter, n):
            yield (*at, i), f"{letter!r} is not one of the options {letters(n)}"


def _no_repeats(answer: tuple[str, ...], at: Path) -> Iterator[Finding]:
    for i, letter in enumerate(answer):
        if letter in answer[:i]:
            yield (*at, i), f"lists {letter!r} twice"


def bank(b: Bank) -> Iterator[Finding]:
    """Faults in a whole bank: its questions and ids repeated inside it."""
    first: dict[str, int] = {}
    for i, q in enumerate(b.questions):
        if q.id in first:
            yield ("questions", i, "id"), f"duplicate id {q.id!r} (also questions[{first[q.id]}])"
        first.setdefault(q.id, i)
        yield from question(q, ("questions", i))


def blueprint_sections(sections: tuple[BlueprintSection, ...]) -> Iterator[Finding]:
    """Faults inside a blueprint that need no catalog."""
    seen: set[str] = set()
    for i, section in enumerate(sections):
        if section.id in seen:
            yield ("sections", i, "id"), f"duplicate section id {section.id!r}"
        seen.add(section.id)
        adaptive = section.adaptive
        if adaptive is not None and adaptive.min_items > adaptive.max_items:
            yield (
                ("sections", i, "adaptive", "min_items"),
                f"min_items {adaptive.min_items} is more than max_items {adaptive.max_items}",
            )
        for j, draw in enumerate(section.draw):
            if draw.difficulty and draw.difficulty[0] > draw.difficulty[1]:
                yield (
                    ("sections", i, "draw", j, "difficulty"),
                    f"range [{draw.difficulty[0]}, {draw.difficulty[1]}] runs backwards",
                )


def scenario(s: Scenario) -> Iterator[Finding]:
    """Faults in a scenario: dangling steps, unreachable parts, bad conditions and effects."""
    for name in set(s.nodes) & set(s.endings):
        yield ("endings", name), f"{name!r} names both a node and an ending"
    yield from _state(s)
    if s.start not in s.nodes:
        yield ("start",), f"{s.start!r} is not a node (nodes: {', '.join(sorted(s.nodes))})"
    steps = set(s.nodes) | set(s.endings)
    for node_id, node in s.nodes.items():
        at: Path = ("nodes", node_id)
        if not node.choices and node.free_text is None and node.goto is None:
            yield at, "has no choices, free_text or goto: the interview would stop here"
        if node.goto is not None and node.goto not in steps:
            yield (*at, "goto"), f"{node.goto!r} is neither a node nor an ending"
        if isinstance(node.say, tuple):
            for i, line in enumerate(node.say):
                yield from _condition(s, line, (*at, "say", i))
            if node.say[-1].when is not None:
                yield (*at, "say"), "the last line needs no 'when', so something is always said"
        for i, choice in enumerate(node.choices):
            yield from _choice(s, choice, (*at, "choices", i), steps)
        if node.free_text is not None:
            free = node.free_text
            if free.goto not in steps:
                yield (*at, "free_text", "goto"), f"{free.goto!r} is neither a node nor an ending"
            yield from _scores(s, free.scores, (*at, "free_text", "scores"))
    if s.start in s.nodes:
        yield from _graph(s)


def _state(s: Scenario) -> Iterator[Finding]:
    for name, var in s.state.items():
        at: Path = ("state", name)
        if isinstance(var.initial, bool):
            if var.min is not None or var.max is not None:
                yield at, "a true/false variable takes no min or max"
            continue
        low = var.min if var.min is not None else var.initial
        high = var.max if var.max is not None else var.initial
        if low > high:
            yield at, f"min ({var.min}) is above max ({var.max})"
        elif not low <= var.initial <= high:
            yield (*at, "initial"), f"{var.initial} is outside {low}-{high}"


def _condition(s: Scenario, holder: Line | Choice, at: Path) -> Iterator[Finding]:
    if holder.when is None:
        return
    try:
        expr = conditions.parse(holder.when)
    except conditions.ConditionError as exc:
        yield (*at, "when"), f"condition {holder.when!r}: {exc} (at character {exc.offset + 1})"
        return
    for name in sorted(conditions.names(expr) - set(s.state)):
        yield (*at, "when"), f"condition names {name!r}, which is not a declared state variable"


def _choice(s: Scenario, choice: Choice, at: Path, steps: set[str]) -> Iterator[Finding]:
    if choice.goto not in steps:
        yield (*at, "goto"), f"{choice.goto!r} is neither a node nor an ending"
    yield from _condition(s, choice, at)
    for name in choice.add:
        var = s.state.get(name)
        if var is None:
            yield (*at, "add", name), f"{name!r} is not a declared state variable"
        elif isinstance(var.initial, bool):
            yield (*at, "add", name), f"{name!r} is true/false; use 'set', not 'add'"
    for name, value in choice.set.items():
        var = s.state.get(name)
        if var is None:
            yield (*at, "set", name), f"{name!r} is not a declared state variable"
        elif isinstance(var.initial, bool) != isinstance(value, bool):
            kind = "true or false" if isinstance(var.initial, bool) else "a whole number"
            yield (*at, "set", name), f"{name!r} takes {kind}"
        elif not isinstance(value, bool) and (
            (var.min is not None and value < var.min) or (var.max is not None and value > var.max)
        ):
            yield (
                (*at, "set", name),
                f"sets {name!r} to {value}, outside its range {var.min}-{var.max}",
            )
    yield from _scores(s, choice.scores, (*at, "scores"))


def _scores(s: Scenario, scores: Mapping[str, int], at: Path) -> Iterator[Finding]:
    for name in scores:
        if name not in s.competencies:
            yield (*at, name), f"{name!r} is not a declared competency"


def _edges(s: Scenario, node_id: str) -> list[str]:
    node = s.nodes[node_id]
    out = [c.goto for c in node.choices]
    if node.free_text is not None:
        out.append(node.free_text.goto)
    if node.goto is not None:
        out.append(node.goto)
    return out


def _graph(s: Scenario) -> Iterator[Finding]:
    reached = {s.start}
    queue = deque([s.start])
    while queue:
        for step in _edges(s, queue.popleft()):
            if step in s.nodes and step not in reached:
                reached.add(step)
                queue.append(step)
            elif step in s.endings:
                reached.add(step)
    for node_id in s.nodes:
        if node_id not in reached:
            yield ("nodes", node_id), "cannot be reached from the start"
    for ending_id in s.endings:
        if ending_id not in reached:
            yield ("endings", ending_id), "cannot be reached from the start"
    if not reached & set(s.endings):
        yield ("start",), "no ending can be reached from the start"
        return
    # Nodes from which no ending can be reached trap the candidate in a loop.
    ends = set(s.endings)
    changed = True
    while changed:
        changed = False
        for node_id in s.nodes:
            if node_id not in ends and any(step in ends for step in _edges(s, node_id)):
                ends.add(node_id)
                changed = True
    for node_id in s.nodes:
        if node_id in reached and node_id not in ends:
            yield ("nodes", node_id), "no ending can be reached from here: every path loops"
