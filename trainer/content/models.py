"""Typed models of content: question banks, exam blueprints and interview scenarios.

The models are the schema: `trainer schema` writes JSON Schema from them for editors, and the
loader validates YAML against them with msgspec, which checks types as it converts.
"""

from __future__ import annotations

import string
from typing import Annotated, Literal, get_args

from msgspec import Meta, Struct

Id = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        max_length=80,
        description="Lower-case letters, digits, '.', '_' and '-'; unique across all content.",
    ),
]
Text = Annotated[str, Meta(min_length=1)]
Letter = Annotated[str, Meta(pattern=r"^[A-Z]$", description="An option's letter: A, B, C...")]
Difficulty = Annotated[int, Meta(ge=1, le=5, description="1 (easy) to 5 (hard).")]
Options = Annotated[tuple[Text, ...], Meta(min_length=2, max_length=26)]
Cell = str | int | float

LETTERS = string.ascii_uppercase

Response = str | bool | float | int | tuple[str, ...] | tuple[int | None, ...] | None
"""A candidate's response: a letter, letters, true/false, a number or text; None when skipped."""

# What the history keeps of sessions and answers, here because the store and the engine both
# name it and neither may import the other.

SessionMode = Literal["practice", "exam", "drill", "review"]
"""What a study session is: tutor-mode practice, a mock exam, a weak-area drill or spaced review."""
SessionStatus = Literal["open", "finished", "left"]
"""How a session stands in the history: under way (a mock exam is kept open to resume),
finished, or left before its end and scored on what was answered."""
MissReason = Literal[
    "did-not-know", "misread", "calculation-slip", "rule-confusion", "ran-out-of-time"
]
"""Why a candidate says a question went wrong, kept beside the answer."""
Confidence = Literal["low", "medium", "high"]
"""How sure a candidate said they were of an answer."""
MISS_REASONS: tuple[MissReason, ...] = get_args(MissReason)
CONFIDENCE: tuple[Confidence, ...] = get_args(Confidence)


def letters(count: int) -> str:
    """The option letters for `count` options, as a reader sees them ("A-D")."""
    return f"A-{LETTERS[count - 1]}" if count > 1 else "A"


class _Model(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, gc=False):
    """Shared settings: immutable, unknown fields refused, fields named when given."""


# Exhibits shown beside a prompt.


class Passage(_Model, tag_field="kind", tag="passage", frozen=True, kw_only=True):
    """A passage of text to read."""

    text: Text
    title: str | None = None


class Table(_Model, tag_field="kind", tag="table", frozen=True, kw_only=True):
    """A table of values; every row has one cell per column."""

    columns: Annotated[tuple[Text, ...], Meta(min_length=1)]
    rows: Annotated[tuple[tuple[Cell, ...], ...], Meta(min_length=1)]
    title: str | None = None


class DocumentPage(_Model, tag_field="kind", tag="document", frozen=True, kw_only=True):
    """A document's data page: labelled fields and, optionally, its machine-readable zone."""

    fields: dict[Text, Cell]
    title: str | None = None
    mrz: tuple[Text, ...] = ()


Exhibit = Passage | Table | DocumentPage


# Questions: one struct per type, told apart by `type`.


class _Question(_Model, tag_field="type", frozen=True, kw_only=True):
    id: Id
    prompt: Text
    explanation: Text
    difficulty: Difficulty
    references: tuple[Text, ...] = ()
    tags: tuple[Id, ...] = ()
    topic: Id | None = None
    exhibit: Exhibit | None = None


class Single(_Question, tag="single", frozen=True, kw_only=True):
    """One right option among several."""

    options: Options
    answer: Letter


class Multiple(_Question, tag="multiple", frozen=True, kw_only=True):
    """Every right option must be picked; scored with partial credit."""

    options: Options
    answer: Annotated[tuple[Letter, ...], Meta(min_length=1)]


class TrueFalse(_Question, tag="true_false", frozen=True, kw_only=True):
    """A statement that is true or false."""

    answer: bool


class Numeric(_Question, tag="numeric", frozen=True, kw_only=True):
    """A number, right within a tolerance."""

    answer: float
    tolerance: Annotated[float, Meta(ge=0)] = 0.0
    unit: str | None = None


class TextAnswer(_Question, tag="text", frozen=True, kw_only=True):
    """A typed answer, matched against accepted answers and regular expressions."""

    answer: tuple[Text, ...] = ()
    patterns: tuple[Text, ...] = ()
    citation: bool = False
    typos: Annotated[
        bool, Meta(description="Forgive a slip of the keys in longer answers; off for spelling.")
    ] = True


class Order(_Question, tag="order", frozen=True, kw_only=True):
    """Put the options in order; `answer` lists every letter once, in the right order."""

    options: Options
    answer: Annotated[tuple[Letter, ...], Meta(min_length=2)]


class Match(_Question, tag="match", frozen=True, kw_only=True):
    """Pair each item with one option; `answer` gives one option letter per item."""

    items: Annotated[tuple[Text, ...], Meta(min_length=2)]
    options: Options
    answer: Annotated[tuple[Letter, ...], Meta(min_length=2)]


class Scale(_Model, frozen=True, kw_only=True):
    """A rating scale from `low` to `high`, with optional words for some points."""

    low: int = 1
    high: int = 5
    labels: dict[int, Text] = {}


class Rate(_Question, tag="rate", frozen=True, kw_only=True):
    """Rate each action on a scale; scored by the distance from the key."""

    options: Options
    answer: Annotated[tuple[int, ...], Meta(min_length=2)]
    scale: Scale = Scale()


QuestionType = Literal[
    "single", "multiple", "true_false", "numeric", "text", "order", "match", "rate"
]
Question = Single | Multiple | TrueFalse | Numeric | TextAnswer | Order | Match | Rate
QUESTION_TYPES: dict[str, type[_Question]] = {
    "single": Single,
    "multiple": Multiple,
    "true_false": TrueFalse,
    "numeric": Numeric,
    "text": TextAnswer,
    "order": Order,
    "match": Match,
    "rate": Rate,
}


class Generate(_Model, frozen=True, kw_only=True):
    """Ask for generated exercises instead of (or beside) written questions."""

    kind: Literal["documents"]
    count: Annotated[int, Meta(ge=1, le=500)]
    seed: Annotated[int, Meta(ge=0, le=2**31 - 1)]
    formats: tuple[Text, ...] = ()
    """MRZ formats to show (TD1, TD2, TD3, MRV-A, MRV-B); all when empty."""
    defects: tuple[Text, ...] | None = None
    """Defect tags to plant; any when absent, clean documents only when empty."""
    difficulty: Difficulty | None = None
    as_of: Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    """The arrival date the documents are judged on (YYYY-MM-DD); today when absent."""


class Bank(_Model, frozen=True, kw_only=True):
    """A question bank file: one section and default topic, its questions, generated ones too."""

    bank: Id
    title: Text
    section: Id
    topic: Id
    questions: tuple[Question, ...] = ()
    generate: Generate | None = None
    description: str | None = None
    sources: tuple[Text, ...] = ()


# Exam blueprints.


class Draw(_Model, frozen=True, kw_only=True):
    """A rule drawing `count` questions from a section, optionally narrowed."""

    section: Id
    count: Annotated[int, Meta(ge=1)]
    topic: Id | None = None
    tags: tuple[Id, ...] = ()
    types: tuple[QuestionType, ...] = ()
    difficulty: Annotated[tuple[Difficulty, ...], Meta(min_length=2, max_length=2)] | None = None


class Adaptive(_Model, frozen=True, kw_only=True):
    """How an adaptive section serves its questions: one at a time, each chosen for the
    candidate's ability so far, until one of the stopping rules holds."""

    max_items: Annotated[int, Meta(ge=1, description="The most questions it asks.")]
    se: (
        Annotated[
            float,
            Meta(gt=0, description="Stop once the ability's standard error is this or less."),
        ]
        | None
    ) = 0.30
    min_items: Annotated[
        int, Meta(ge=1, description="Questions before the precision or pass/fail rule may stop it.")
    ] = 10
    top_k: Annotated[
        int, Meta(ge=1, description="The next question is drawn from the k most informative.")
    ] = 5


class BlueprintSection(_Model, frozen=True, kw_only=True):
    """A timed part of an exam. An adaptive one draws no fixed form: its draws' questions are
    its pool and their counts its topics' shares (see `Adaptive`)."""

    id: Id
    title: Text
    draw: Annotated[tuple[Draw, ...], Meta(min_length=1)]
    minutes: Annotated[float, Meta(gt=0)] | None = None
    break_after: Annotated[float, Meta(ge=0, description="Minutes of break after it.")] = 0.0
    revisit: bool | None = None
    instructions: str | None = None
    adaptive: Adaptive | None = None

    @property
    def questions(self) -> int:
        """How many questions it asks: its draws' counts, or at most, an adaptive one's."""
        if self.adaptive is not None:
            return self.adaptive.max_items
        return sum(draw.count for draw in self.draw)


class Blueprint(_Model, frozen=True, kw_only=True):
    """A mock exam: which exam it imitates, its sections, timing, revisiting and pass mark."""

    blueprint: Id
    title: Text
    modelled_on: Text
    pass_mark: Annotated[float, Meta(ge=0, le=100, description="Percent needed to pass.")]
    sections: Annotated[tuple[BlueprintSection, ...], Meta(min_length=1)]
    notes: str | None = None
    pass_rule: Literal["overall", "every_section"] = "overall"
    scoring: Literal["partial", "all_or_nothing"] = "partial"
    revisit: Literal["anywhere", "within_section", "never"] = "within_section"
    on_timeout: Literal["submit", "grace"] = "submit"
    grace_seconds: Annotated[int, Meta(ge=0)] = 0
    shuffle_options: bool = False


# Interview scenarios.


class Band(_Model, frozen=True, kw_only=True):
    """Words for a state variable's value: used while the value is at most `upto`."""

    upto: int
    text: Text


class StateVar(_Model, frozen=True, kw_only=True):
    """A hidden variable: an integer in a range, or a flag."""

    initial: int | bool
    min: int | None = None
    max: int | None = None
    label: str | None = None
    shown: bool = False
    describe: tuple[Band, ...] = ()


class Line(_Model, frozen=True, kw_only=True):
    """What a speaker says, when the condition holds (the first matching line is used)."""

    text: Text
    when: str | None = None


class Choice(_Model, frozen=True, kw_only=True):
    """A response the officer may give, its conditions, effects, scores and next step."""

    text: Text
    goto: Id
    when: str | None = None
    add: dict[Id, int] = {}
    set: dict[Id, int | bool] = {}
    scores: dict[Id, int] = {}
    feedback: str | None = None


class RubricPoint(_Model, frozen=True, kw_only=True):
    """A key point a free-text answer should make, recognised by any of its phrases."""

    point: Text
    phrases: Annotated[tuple[Text, ...], Meta(min_length=1)]
    weight: Annotated[float, Meta(gt=0)] = 1.0


class FreeText(_Model, frozen=True, kw_only=True):
    """A typed response scored against a rubric; `scores` are earned in proportion to it."""

    prompt: Text
    rubric: Annotated[tuple[RubricPoint, ...], Meta(min_length=1)]
    goto: Id
    scores: dict[Id, int] = {}
    model_answer: str | None = None


class Node(_Model, frozen=True, kw_only=True):
    """A turn: someone speaks, then the officer chooses, types, or the story moves on."""

    say: Text | tuple[Line, ...]
    speaker: Id = "traveler"
    choices: tuple[Choice, ...] = ()
    free_text: FreeText | None = None
    goto: Id | None = None
    seconds: Annotated[int, Meta(gt=0, description="Time to answer, if pressed.")] | None = None


class Ending(_Model, frozen=True, kw_only=True):
    """How a run ends: the outcome and what the debrief teaches."""

    outcome: Id
    title: Text
    debrief: Text


class Scenario(_Model, frozen=True, kw_only=True):
    """A branching interview with hidden state, scored on declared competencies."""

    scenario: Id
    title: Text
    setting: Text
    role: Text
    sources: Annotated[tuple[Text, ...], Meta(min_length=1)]
    competencies: Annotated[dict[Id, Text], Meta(min_length=1)]
    start: Id
    nodes: Annotated[dict[Id, Node], Meta(min_length=1)]
    endings: Annotated[dict[Id, Ending], Meta(min_length=1)]
    state: dict[Id, StateVar] = {}
    known: tuple[Text, ...] = ()
    difficulty: Difficulty = 3
    tags: tuple[Id, ...] = ()


Document = Bank | Blueprint | Scenario
KINDS: dict[str, type[Bank] | type[Blueprint] | type[Scenario]] = {
    "bank": Bank,
    "blueprint": Blueprint,
    "scenario": Scenario,
}
