"""The scenario condition grammar: parsing, the names it reads, evaluation, and its errors."""

from __future__ import annotations

import pytest

from trainer.content import conditions

STATE = {"agitation": 6, "trust": 2, "searched": False, "declared": True}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("agitation > 5", True),
        ("agitation >= 7", False),
        ("trust == 2 and not searched", True),
        ("searched or declared", True),
        ("not (agitation < 3 or trust > 4)", True),
        ("agitation != 6", False),
        ("trust <= -1", False),
        ("true", True),
        ("false or searched", False),
        ("agitation > 5 and trust > 5 or declared", True),
        ("agitation > 5 and (trust > 5 or searched)", False),
    ],
)
def test_evaluates(text: str, value: bool) -> None:
    assert conditions.evaluate(conditions.parse(text), STATE) == value


def test_names_lists_every_variable_read() -> None:
    expr = conditions.parse("(agitation > trust) and not searched or bag-checked")
    assert conditions.names(expr) == {"agitation", "trust", "searched", "bag-checked"}


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("", "condition is empty", 0),
        ("   ", "condition is empty", 0),
        ("agitation >", "condition ends too early", 11),
        ("agitation > > 3", "unexpected '>'", 12),
        ("(trust > 1", "missing ')'", 10),
        ("trust > 1)", "unexpected ')'", 9),
        ("trust = 1", "unexpected character '='", 6),
        ("__import__('os')", 'unexpected character "\'"', 11),
        ("and trust", "unexpected 'and'", 0),
        ("trust > 1 2", "unexpected '2'", 10),
    ],
)
def test_errors_say_what_and_where(text: str, message: str, offset: int) -> None:
    with pytest.raises(conditions.ConditionError) as error:
        conditions.parse(text)
    assert str(error.value) == message
    assert error.value.offset == offset
