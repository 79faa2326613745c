"""Dialogs that choose what to study: a practice filter, or a mock exam and its form.

Each starts with ctrl+s from whichever field has the focus, and Escape cancels; both are shown in
the dialog's footer. Enter keeps its meaning on each field (it opens a select).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from trainer.content.catalog import Catalog
from trainer.ui.text import literal, plural
from trainer.wording import length_text


@dataclass(frozen=True)
class PracticeChoice:
    """What the practice dialog asks for: how many questions, from where, how hard."""

    count: int
    section: str | None = None
    topic: str | None = None
    difficulty: tuple[int, int] | None = None


@dataclass(frozen=True)
class ExamChoice:
    """The mock exam chosen, and the form to repeat if one was named."""

    blueprint: str
    form: str | None = None


DIFFICULTIES: list[tuple[str, tuple[int, int] | None]] = [
    ("Any difficulty", None),
    ("Easy (1-2)", (1, 2)),
    ("Medium (2-4)", (2, 4)),
    ("Hard (4-5)", (4, 5)),
]


class PracticeSetup(ModalScreen[PracticeChoice | None]):
    """Choose a section, topic, difficulty and number of questions to practise."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("ctrl+s", "start", "Start"),
        Binding("escape", "dismiss_none", "Cancel"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        sections = [
            (f"{s} ({len(self.catalog.in_section(s))})", s) for s in self.catalog.sections()
        ]
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Practice", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Section")
                yield Select(sections, prompt="Any section", id="section", compact=True)
            with Horizontal(classes="field"):
                yield Label("Topic")
                yield Select([], prompt="Any topic", id="topic", disabled=True, compact=True)
            with Horizontal(classes="field"):
                yield Label("Difficulty")
                yield Select(
                    [(label, i) for i, (label, _) in enumerate(DIFFICULTIES) if i],
                    prompt=DIFFICULTIES[0][0],
                    id="difficulty",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Questions")
                yield Input("10", id="count", type="integer", max_length=3, compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Start", id="start", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#section", Select).focus()

    @on(Select.Changed, "#section")
    def _section_changed(self, event: Select.Changed) -> None:
        topic = self.query_one("#topic", Select)
        if isinstance(event.value, str):
            topics = self.catalog.topics(event.value)
            topic.set_options(
                [(f"{t} ({len(self.catalog.in_topic(event.value, t))})", t) for t in topics]
            )
            topic.disabled = False
        else:
            topic.set_options([])
            topic.disabled = True

    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#count")
    def action_start(self) -> None:
        count_text = self.query_one("#count", Input).value.strip() or "10"
        count = int(count_text) if count_text.isdigit() else 0
        if not 1 <= count <= 500:
            self.notify("Ask for 1 to 500 questions.", severity="warning")
            return
        section = self.query_one("#section", Select).value
        topic = self.query_one("#topic", Select).value
        level = self.query_one("#difficulty", Select).value
        self.dismiss(
            PracticeChoice(
                count,
                section=section if isinstance(section, str) else None,
                topic=topic if isinstance(topic, str) else None,
                difficulty=DIFFICULTIES[level][1] if isinstance(level, int) else None,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ExamPicker(ModalScreen[ExamChoice | None]):
    """Choose a mock exam; a form code repeats a form a class or an earlier attempt sat."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("ctrl+s", "start", "Start"),
        Binding("escape", "dismiss_none", "Cancel"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        options = []
        for bp in self.catalog.blueprints.values():
            questions = sum(s.questions for s in bp.sections)
            adaptive = any(s.adaptive for s in bp.sections)
            minutes = sum(s.minutes or 0 for s in bp.sections)
            detail = (
                f"{length_text(questions, adaptive)}, {minutes:g} min, "
                f"{plural(len(bp.sections), 'section')}, pass {bp.pass_mark:g}%"
            )
            options.append(Option(literal(f"{bp.title}\n  {detail}"), id=bp.blueprint))
        with Vertical(id="dialog", classes="dialog wide"):
            yield Label("Mock exam", classes="dialog-title")
            yield OptionList(*options, id="blueprints")
            with Horizontal(classes="field"):
                yield Label("Form code")
                yield Input(
                    placeholder="optional: repeat a form, e.g. 3KQ7ZD",
                    id="form",
                    max_length=8,
                    compact=True,
                )
            with Horizontal(classes="buttons"):
                yield Button("Start", id="start", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        blueprints = self.query_one("#blueprints", OptionList)
        if blueprints.option_count:
            blueprints.highlighted = 0
        blueprints.focus()

    @on(OptionList.OptionSelected, "#blueprints")
    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#form")
    def action_start(self) -> None:
        blueprints = self.query_one("#blueprints", OptionList)
        if blueprints.highlighted is None:
            self.notify("There is no mock exam to start.", severity="warning")
            return
        option = blueprints.get_option_at_index(blueprints.highlighted)
        form = self.query_one("#form", Input).value.strip() or None
        self.dismiss(ExamChoice(str(option.id), form))

    @on(Button.Pressed, "#cancel")
    def action_dismiss_none(self) -> None:
        self.dismiss(None)
