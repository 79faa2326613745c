"""Interview scenarios: a transcript, what the officer knows, and numbered responses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from trainer.content.catalog import Catalog
from trainer.engine import scenario as engine
from trainer.shown import model_path, rubric_lines, step_note, transcript_lines, turning_points
from trainer.store.records import ScenarioRunRow
from trainer.study import InterviewSession
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.text import literal, plain, plural

RESUME = "resume:"
"""The picker's option ids for runs to resume start with this; a scenario's id is its key."""


@dataclass(frozen=True)
class InterviewChoice:
    """A scenario to start, or an unfinished run of one to resume."""

    scenario_id: str | None = None
    run_id: str | None = None


"""Before a run's id, in the picker's answer: resume that run rather than start afresh."""


class ScenarioPicker(ModalScreen[InterviewChoice | None]):
    """Choose an interview scenario, or a run left unfinished to resume it."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("ctrl+s", "start", "Start"),
        Binding("escape", "dismiss_none", "Cancel"),
    ]

    def __init__(self, catalog: Catalog, unfinished: Sequence[ScenarioRunRow] = ()) -> None:
        super().__init__()
        self.catalog = catalog
        self.unfinished = unfinished

    def compose(self) -> ComposeResult:
        options = []
        for run in self.unfinished:
            scenario = self.catalog.scenarios[run.scenario_id]
            moves = len(run.path)
            options.append(
                Option(
                    literal(
                        f"Resume: {scenario.title}\n  {plural(moves, 'move')} so far, "
                        f"started {run.started_at.astimezone():%Y-%m-%d %H:%M}"
                    ),
                    id=RESUME + run.id,
                )
            )
        options += [
            Option(literal(f"{s.title}\n  difficulty {s.difficulty}, {len(s.nodes)} turns"), id=key)
            for key, s in sorted(self.catalog.scenarios.items(), key=lambda kv: kv[1].title)
        ]
        with Vertical(classes="dialog wide"):
            yield Label("Interview scenario", classes="dialog-title")
            yield OptionList(*options, id="scenarios")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(_choice(str(event.option.id)))

    def action_start(self) -> None:
        scenarios = self.query_one(OptionList)
        if scenarios.highlighted is None:
            self.notify("There is no interview to start.", severity="warning")
            return
        self.dismiss(_choice(str(scenarios.get_option_at_index(scenarios.highlighted).id)))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def _choice(option_id: str) -> InterviewChoice:
    if option_id.startswith(RESUME):
        return InterviewChoice(run_id=option_id.removeprefix(RESUME))
    return InterviewChoice(scenario_id=option_id)


def _speaker(name: str) -> str:
    return name.replace("-", " ").title()


class ScenarioScreen(TrainerScreen):
    """A run: what is said appears in the transcript; the officer answers by number or in words."""

    CSS_PATH = "scenario.tcss"

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("escape", "leave", "Leave"),
        *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, live: InterviewSession) -> None:
        super().__init__()
        self.live = live
        self.remaining: float | None = None

    def compose(self) -> ComposeResult:
        scenario = self.live.run.scenario
        yield Header()
        with Horizontal(id="scenario-body"):
            with Vertical(id="scenario-main"):
                yield VerticalScroll(id="transcript")
                yield Static("", id="turn-timer")
                yield OptionList(id="responses")
                yield Static("", id="typed-prompt")
                yield Input(placeholder="type what you say, then Enter", id="typed")
            with VerticalScroll(id="scenario-side"):
                yield Static(Content.assemble(("Setting\n", "bold"), literal(scenario.setting)))
                yield Static(Content.assemble(("Your role\n", "bold"), literal(scenario.role)))
                if scenario.known:
                    known = "\n".join(f"- {fact}" for fact in scenario.known)
                    yield Static(Content.assemble(("You know\n", "bold"), literal(known)))
                yield Static("", id="demeanour")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = self.live.run.scenario.title
        if self.trainer.tick_seconds:
            # Counted on this screen's queue, in turn with the candidate's keys.
            self.set_interval(self.trainer.tick_seconds, lambda: self.call_later(self._tick))
        # A resumed run shows what was said before it stopped.
        earlier = [self._line(who, text) for who, text in transcript_lines(self.live)]
        if earlier:
            await self.query_one("#transcript", VerticalScroll).mount_all(earlier)
        await self._turn()

    def _line(self, who: str, text: str) -> Static:
        if who == "note":
            return Static(literal(text), classes="feedback-note")
        if who == "you":
            return self._say("You", text, "bold $accent")
        return self._say(_speaker(who), text)

    def _say(self, who: str, text: str, style: str = "bold") -> Static:
        return Static(Content.assemble((f"{who}: ", style), literal(text)), classes="said")

    async def _turn(self) -> None:
        """Show what is said now and the ways to answer."""
        run = self.live.run
        transcript = self.query_one("#transcript", VerticalScroll)
        responses = self.query_one("#responses", OptionList)
        typed = self.query_one("#typed", Input)
        if run.ended:
            await self._finish()
            return
        node = run.current
        await transcript.mount(self._say(_speaker(node.speaker), engine.line(run)))
        transcript.scroll_end(animate=False)
        offered = engine.choices(run)
        responses.clear_options()
        if offered:
            responses.add_options(
                [
                    Option(literal(f"{n}. {c.text}"), id=str(i))
                    for n, (i, c) in enumerate(offered, 1)
                ]
            )
            responses.highlighted = 0
        elif node.free_text is None:
            responses.add_option(Option("Continue (Enter)", id="continue"))
            responses.highlighted = 0
        responses.display = bool(responses.option_count)
        typing = node.free_text is not None and not offered
        typed.display = typing
        prompt = self.query_one("#typed-prompt", Static)
        prompt.display = typing
        if node.free_text is not None and typing:
            prompt.update(literal(node.free_text.prompt))
            typed.value = ""
            typed.focus()
        else:
            responses.focus()
        self.remaining = float(node.seconds) if node.seconds else None
        self._draw_side()

    def _draw_side(self) -> None:
        run = self.live.run
        lines = [Content.assemble(("Demeanour\n", "bold"))]
        for name, var in run.scenario.state.items():
            if var.describe or var.shown:
                label = var.label or name
                lines.append(literal(f"{label}: {engine.describe(run, name)}"))
        self.query_one("#demeanour", Static).update(Content("\n").join(lines))
        timer = self.query_one("#turn-timer", Static)
        timer.display = self.remaining is not None
        if self.remaining is not None:
            timer.update(f"{max(0, int(self.remaining))} s to answer")

    async def _after(self, moves_before: int) -> None:
        """Add the officer's move, if it was made, to the transcript; then show the next turn."""
        transcript = self.query_one("#transcript", VerticalScroll)
        if len(self.live.run.path) == moves_before:
            return  # the move failed, and the candidate was told why
        step = self.live.run.path[-1]
        if step.said:
            await transcript.mount(self._line("you", step.said))
        if (note := step_note(step)) is not None:
            await transcript.mount(self._line("note", note))
        await self._turn()

    async def action_pick(self, index: int) -> None:
        offered = engine.choices(self.live.run)
        if index < len(offered):
            await self._choose(offered[index][0])

    @on(OptionList.OptionSelected, "#responses")
    async def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "continue":
            await self.trainer.in_worker(self.live.proceed)
            await self._turn()
        elif event.option.id is not None:
            await self._choose(int(event.option.id))

    async def _choose(self, index: int) -> None:
        moves = len(self.live.run.path)
        await self.trainer.in_worker(self.live.choose, index)
        await self._after(moves)

    @on(Input.Submitted, "#typed")
    async def _typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.notify("Say something first.", severity="warning")
            return
        moves = len(self.live.run.path)
        await self.trainer.in_worker(self.live.respond, text)
        await self._after(moves)

    async def _tick(self) -> None:
        if self.remaining is None or self.live.run.ended:
            return
        self.remaining -= 1
        self._draw_side()
        if self.remaining <= 0:
            self.remaining = None
            offered = engine.choices(self.live.run)
            if offered:
                self.notify("Time is up: you hesitated.", severity="warning")
                await self._choose(offered[-1][0])

    async def _finish(self) -> None:
        if self.live.result is not None:
            self.app.switch_screen(DebriefScreen(self.live))

    def action_leave(self) -> None:
        if not self.live.run.ended:
            self.notify("The interview is kept: choose it again (i) to go on.", timeout=5)
        self.app.pop_screen()


class DebriefScreen(Screen[None]):
    """After a run: outcome, competencies against the best reachable, turning points, model path."""

    CSS_PATH = "scenario.tcss"

    BINDINGS = [Binding("escape", "close", "Home")]  # noqa: RUF012

    def __init__(self, live: InterviewSession) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        result = self.live.result
        assert result is not None
        yield Header()
        with VerticalScroll(id="debrief-body"):
            yield Static(
                Content.assemble((f"{result.title}", "bold"), f"  (outcome: {result.outcome})"),
                id="outcome",
            )
            yield Static(literal(result.text), classes="debrief-text")
            yield DataTable(id="competencies", cursor_type="none")
            yield Static(self._turning_points(), id="turning-points")
            yield Static(self._free_text(), id="rubric")
            yield Static(self._model_path(), id="model")
        yield Footer()

    def on_mount(self) -> None:
        result = self.live.result
        assert result is not None
        self.sub_title = "Debrief"
        table = self.query_one("#competencies", DataTable)
        table.add_columns("Competency", "Scored", "Best reachable")
        for name, (scored, best) in result.scores.items():
            table.add_row(
                plain(self.live.run.scenario.competencies[name]), f"{scored:g}", f"{best:g}"
            )

    def _model_path(self) -> Content:
        result = self.live.result
        assert result is not None
        lines = model_path(result, self.live.run.scenario)
        return Content("\n").join(
            [Content.assemble(("The model path\n", "bold")), *map(literal, lines)]
        )

    def _turning_points(self) -> Content:
        result = self.live.result
        assert result is not None
        lines = turning_points(result)
        return Content("\n").join(
            [Content.assemble(("Turning points\n", "bold")), *map(literal, lines)]
        )

    def _free_text(self) -> Content:
        result = self.live.result
        assert result is not None
        if not result.free_text:
            return Content("")
        heading = Content.assemble(("What you said in your own words\n", "bold"))
        return Content("\n").join([heading, *map(literal, rubric_lines(result))])

    def action_close(self) -> None:
        self.app.pop_screen()
