"""Interview scenarios: a run walks a graph of nodes, carrying hidden state and competency scores.

A run is a value: every step returns a new run. Conditions are parsed by the project's own
grammar (never `eval`); numeric effects are kept inside each variable's declared range.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType

from rapidfuzz import fuzz

from trainer.content import conditions
from trainer.content.models import Choice, FreeText, Line, Node, RubricPoint, Scenario
from trainer.engine.scoring import normalise
from trainer.errors import TrainerError

Value = int | bool
RUBRIC_MATCH = 85.0


class ScenarioError(TrainerError, ValueError):
    """A step the scenario does not allow now (a choice that is not offered, a run that ended)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One move of a run: which node, what the officer did, what it earned."""

    node: str
    choice: int | None
    said: str
    scores: Mapping[str, float]
    feedback: str | None = None
    covered: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Run:
    """Where a run stands: the node (None once ended), the hidden state, scores and the path."""

    scenario: Scenario
    node: str | None
    values: Mapping[str, Value]
    scores: Mapping[str, float]
    path: tuple[Step, ...] = ()
    ending: str | None = None
    seen: tuple[str, ...] = field(default=())

    @property
    def ended(self) -> bool:
        return self.ending is not None

    @property
    def current(self) -> Node:
        if self.node is None:
            raise ScenarioError("the run has ended")
        return self.scenario.nodes[self.node]

    @property
    def total(self) -> float:
        return sum(self.scores.values())


@lru_cache(maxsize=4096)
def _parsed(text: str) -> conditions.Expr:
    return conditions.parse(text)


def holds(when: str | None, values: Mapping[str, Value]) -> bool:
    """Whether a condition holds in a state; no condition always holds."""
    return when is None or bool(conditions.evaluate(_parsed(when), values))


def start(scenario: Scenario) -> Run:
    """A new run at the scenario's start, with every variable at its initial value."""
    values = {name: var.initial for name, var in scenario.state.items()}
    return Run(
        scenario=scenario,
        node=scenario.start,
        values=MappingProxyType(values),
        scores=MappingProxyType(dict.fromkeys(scenario.competencies, 0.0)),
        seen=(scenario.start,),
    )


def line(run: Run) -> str:
    """What is said at the current node: the first line whose condition holds."""
    say = run.current.say
    if isinstance(say, str):
        return say
    chosen: Line | None = next((ln for ln in say if holds(ln.when, run.values)), None)
    return chosen.text if chosen else say[-1].text


def describe(run: Run, name: str) -> str:
    """A variable in words, by its bands (`calm`, `agitated`), or its value if it has none."""
    var = run.scenario.state[name]
    value = run.values[name]
    if isinstance(value, bool) or not var.describe:
        return str(value).lower()
    for band in sorted(var.describe, key=lambda b: b.upto):
        if value <= band.upto:
            return band.text
    return sorted(var.describe, key=lambda b: b.upto)[-1].text


def choices(run: Run) -> list[tuple[int, Choice]]:
    """The responses offered now: those whose condition holds, with their index in the node."""
    if run.ended:
        return []
    return [(i, c) for i, c in enumerate(run.current.choices) if holds(c.when, run.values)]


def _clamped(scenario: Scenario, name: str, value: int) -> int:
    var = scenario.state[name]
    if var.min is not None:
        value = max(var.min, value)
    if var.max is not None:
        value = min(var.max, value)
    return value


def apply(scenario: Scenario, values: Mapping[str, Value], choice: Choice) -> dict[str, Value]:
    """The state after a choice's effects: `set` first, then `add`, kept inside each range."""
    out = dict(values)
    for name, value in choice.set.items():
        out[name] = value
    for name, delta in choice.add.items():
        out[name] = _clamped(scenario, name, int(out[name]) + delta)
    return out


def _arrive(run: Run, target: str, values: Mapping[str, Value], step: Step) -> Run:
    scores = dict(run.scores)
    for name, points in step.scores.items():
        scores[name] = scores.get(name, 0.0) + points
    moved = replace(
        run,
        values=MappingProxyType(dict(values)),
        scores=MappingProxyType(scores),
        path=(*run.path, step),
    )
    if target in run.scenario.endings:
        return replace(moved, node=None, ending=target)
    return replace(moved, node=target, seen=(*run.seen, target))


def choose(run: Run, index: int) -> Run:
    """Take the choice at `index` of the current node, if it is offered."""
    offered = dict(choices(run))
    if index not in offered:
        raise ScenarioError(f"choice {index + 1} is not offered here")
    choice = offered[index]
    step = Step(
        node=run.node or "",
        choice=index,
        said=choice.text,
        scores=MappingProxyType({k: float(v) for k, v in choice.scores.items()}),
        feedback=choice.feedback,
    )
    return _arrive(run, choice.goto, apply(run.scenario, run.values, choice), step)


def proceed(run: Run) -> Run:
    """Move on from a node that only speaks (no choices offered, a `goto` given)."""
    node = run.current
    if choices(run) or node.free_text is not None:
        raise ScenarioError("this turn needs a response")
    if node.goto is None:
        raise ScenarioError("this node leads nowhere")
    step = Step(node=run.node or "", choice=None, said="", scores=MappingProxyType({}))
    return _arrive(run, node.goto, run.values, step)


def _matches(point: RubricPoint, text: str) -> bool:
    for phrase in point.phrases:
        target = normalise(phrase)
        if target and (target in text or fuzz.partial_ratio(target, text) >= RUBRIC_MATCH):
            return True
    return False


def rubric(free: FreeText, answer: str) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """The share of the rubric's weight an answer covers, and the points covered and missed."""
    text = normalise(answer)
    covered = [p for p in free.rubric if text and _matches(p, text)]
    total = sum(p.weight for p in free.rubric)
    share = sum(p.weight for p in covered) / total
    missed = [p.point for p in free.rubric if p not in covered]
    return share, tuple(p.point for p in covered), tuple(missed)


def respond(run: Run, answer: str) -> Run:
    """Answer the current node's free-text turn; its scores are earned in proportion."""
    free = run.current.free_text
    if free is None:
        raise ScenarioError("this turn takes a choice, not typed words")
    share, covered, missed = rubric(free, answer)
    step = Step(
        node=run.node or "",
        choice=None,
        said=answer,
        scores=MappingProxyType({k: round(v * share, 2) for k, v in free.scores.items()}),
        covered=covered,
        missed=missed,
    )
    return _arrive(run, free.goto, run.values, step)


# Exploring every path: validation, `trainer scenario ID --walk`, and the debrief's best path.

MAX_PATHS = 20_000
MAX_DEPTH = 60


@dataclass(frozen=True, slots=True)
class Walked:
    """A complete path: the ending it reaches, the final scores, and the steps taken."""

    ending: str
    scores: Mapping[str, float]
    moves: tuple[str, ...]

    @property
    def total(self) -> float:
        return sum(self.scores.values())


def _branches(run: Run) -> Iterator[tuple[str, Run]]:
    offered = choices(run)
    for index, _ in offered:
        yield f"{index + 1}", choose(run, index)
    free = run.current.free_text
    if free is not None:
        full = " ".join(phrase for point in free.rubric for phrase in point.phrases[:1])
        yield "typed: every rubric point", respond(run, full)
        yield "typed: nothing relevant", respond(run, "")
    if not offered and free is None and run.current.goto is not None:
        yield "continue", proceed(run)


@dataclass(frozen=True, slots=True)
class Walk:
    """Every path from a scenario's start, walked once: those that end and those stuck."""

    scenario: Scenario
    done: tuple[Walked, ...]
    stuck: tuple[tuple[str, ...], ...]
    """The moves of each path that stops short of an ending (no move, a loop, or too long)."""

    @property
    def best(self) -> Walked | None:
        """The path with the highest total: the model answer the debrief shows."""
        return max(self.done, key=lambda w: (w.total, -len(w.moves)), default=None)

    @property
    def extremes(self) -> dict[str, tuple[float, float]]:
        """The worst and best reachable final score of each competency."""
        out: dict[str, tuple[float, float]] = {}
        for name in self.scenario.competencies:
            values = [w.scores.get(name, 0.0) for w in self.done] or [0.0]
            out[name] = (min(values), max(values))
        return out

    @property
    def unreached(self) -> tuple[str, ...]:
        """The endings no path reaches, in the scenario's order."""
        reached = {w.ending for w in self.done}
        return tuple(e for e in self.scenario.endings if e not in reached)


def walk(scenario: Scenario) -> Walk:
    """Every path from the start: those that end, and those stuck (no move, or too long).

    Free-text turns are walked twice, covering the whole rubric and none of it. A state seen
    twice on one path ends that path (it loops), and is reported as stuck.
    """
    done: list[Walked] = []
    stuck: list[tuple[str, ...]] = []

    def key(run: Run) -> tuple[str | None, tuple[tuple[str, Value], ...]]:
        return run.node, tuple(sorted(run.values.items()))

    def visit(run: Run, moves: tuple[str, ...], on_path: frozenset[object]) -> None:
        if len(done) + len(stuck) >= MAX_PATHS:
            return
        if run.ended:
            done.append(Walked(run.ending or "", run.scores, moves))
            return
        here = key(run)
        if here in on_path or len(moves) >= MAX_DEPTH:
            stuck.append(moves)
            return
        branches = list(_branches(run))
        if not branches:
            stuck.append(moves)
            return
        for label, following in branches:
            visit(following, (*moves, f"{run.node}:{label}"), on_path | {here})

    visit(start(scenario), (), frozenset())
    return Walk(scenario, tuple(done), tuple(stuck))


@dataclass(frozen=True, slots=True)
class Debrief:
    """After a run: the outcome, each competency against its best, turning points, model path."""

    ending: str
    outcome: str
    title: str
    text: str
    scores: Mapping[str, tuple[float, float]]
    """Each competency: (scored, best reachable)."""
    turning_points: tuple[Step, ...]
    model: tuple[str, ...]
    free_text: tuple[Step, ...]


def debrief(run: Run) -> Debrief:
    """What a finished run teaches: scores against the best, the moves that cost or won most."""
    if not run.ended or run.ending is None:
        raise ScenarioError("the run has not ended")
    scenario = run.scenario
    ending = scenario.endings[run.ending]
    walked = walk(scenario)
    best = walked.extremes
    weighted = sorted(
        (s for s in run.path if s.scores),
        key=lambda s: abs(sum(s.scores.values())),
        reverse=True,
    )
    model = walked.best
    return Debrief(
        ending=run.ending,
        outcome=ending.outcome,
        title=ending.title,
        text=ending.debrief,
        scores=MappingProxyType(
            {c: (run.scores.get(c, 0.0), best[c][1]) for c in scenario.competencies}
        ),
        turning_points=tuple(weighted[:3]),
        model=model.moves if model else (),
        free_text=tuple(s for s in run.path if s.covered or s.missed),
    )
