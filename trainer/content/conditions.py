"""The condition grammar of scenarios, parsed by hand and never passed to `eval`.

expr    := or
or      := and ("or" and)*
and     := not ("and" not)*
not     := "not" not | compare
compare := atom (("==" | "!=" | "<" | "<=" | ">" | ">=") atom)?
atom    := NUMBER | "true" | "false" | NAME | "(" expr ")"
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from trainer.errors import TrainerError

Value = int | bool

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+)|(?P<op>==|!=|<=|>=|<|>|\(|\))|(?P<name>[A-Za-z_][A-Za-z0-9_.-]*))"
)
_COMPARE: Final[dict[str, Callable[[Value, Value], bool]]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_KEYWORDS: Final = frozenset({"and", "or", "not", "true", "false"})


class ConditionError(TrainerError, ValueError):
    """A condition that does not parse; `offset` is the 0-based character where it failed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Const:
    value: Value


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str
    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    left: Expr
    right: Expr


Expr = Const | Name | Not | BoolOp | Compare


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            start = len(text) - len(text[pos:].lstrip())
            raise ConditionError(f"unexpected character {text[start]!r}", start)
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind), match.start(kind)))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def offset(self) -> int:
        return self.tokens[self.i][2] if self.i < len(self.tokens) else len(self.text)

    def take(self) -> tuple[str, str, int]:
        if self.i >= len(self.tokens):
            raise ConditionError("condition ends too early", len(self.text))
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Expr:
        if not self.tokens:
            raise ConditionError("condition is empty", 0)
        expr = self.or_()
        if self.i < len(self.tokens):
            raise ConditionError(f"unexpected {self.peek()!r}", self.offset())
        return expr

    def or_(self) -> Expr:
        operands = [self.and_()]
        while self.peek() == "or":
            self.take()
            operands.append(self.and_())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def and_(self) -> Expr:
        operands = [self.not_()]
        while self.peek() == "and":
            self.take()
            operands.append(self.not_())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def not_(self) -> Expr:
        if self.peek() == "not":
            self.take()
            return Not(self.not_())
        return self.compare()

    def compare(self) -> Expr:
        left = self.atom()
        op = self.peek()
        if op in _COMPARE:
            self.take()
            return Compare(op, left, self.atom())
        return left

    def atom(self) -> Expr:
        kind, text, offset = self.take()
        if kind == "num":
            return Const(int(text))
        if text == "(":
            expr = self.or_()
            if self.peek() != ")":
                raise ConditionError("missing ')'", self.offset())
            self.take()
            return expr
        if text in ("true", "false"):
            return Const(text == "true")
        if kind == "name" and text not in _KEYWORDS:
            return Name(text)
        raise ConditionError(f"unexpected {text!r}", offset)


def parse(text: str) -> Expr:
    """Parse a condition, or raise ConditionError saying where it went wrong."""
    return _Parser(text).parse()


def names(expr: Expr) -> frozenset[str]:
    """Every variable a condition reads."""
    match expr:
        case Name(name):
            return frozenset({name})
        case Not(operand):
            return names(operand)
        case BoolOp(_, operands):
            return frozenset().union(*(names(o) for o in operands))
        case Compare(_, left, right):
            return names(left) | names(right)
    return frozenset()


def evaluate(expr: Expr, state: Mapping[str, Value]) -> Value:
    """The value of a condition in a state; every name must be in the state."""
    match expr:
        case Const(value):
            return value
        case Name(name):
            return state[name]
        case Not(operand):
            return not evaluate(operand, state)
        case BoolOp("and", operands):
            return all(evaluate(o, state) for o in operands)
        case BoolOp(_, operands):
            return any(evaluate(o, state) for o in operands)
        case Compare(op, left, right):
            return _COMPARE[op](evaluate(left, state), evaluate(right, state))
    raise TypeError(f"not a condition: {expr!r}")  # pragma: no cover - Expr is closed
