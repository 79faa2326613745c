"""The question screen, shared by practice, drills, reviews and mock exams."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header

from trainer.content.models import Confidence, MissReason, Question, Single, TrueFalse
from trainer.engine import adaptive_section
from trainer.engine.scoring import Response
from trainer.study import CONFIDENCE, Outcome, StudySession, Tick
from trainer.ui.messages import ShowReport, TimeCounted
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.screens.breaks import BreakScreen
from trainer.ui.screens.dialogs import Confirm, JumpTo, PickMissReason
from trainer.ui.widgets.exhibit import ExhibitView
from trainer.ui.widgets.feedback import FeedbackPanel, Verdict
from trainer.ui.widgets.navigator import ANSWERED, FLAGGED, OPEN, Navigator
from trainer.ui.widgets.progress import Countdown, Place, QuestionBar
from trainer.ui.widgets.prompt import Prompt
from trainer.ui.widgets.responses import ChoiceList, Chosen, pending, response_widget

WIDE = 120


class QuestionScreen(TrainerScreen):
    """One question at a time; the engine holds the state, this screen only draws it."""

    CSS_PATH = "question.tcss"

    # Side by side on a wide terminal, the exhibit above the question on a narrow one.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 - Textual's table

    # The footer shows these in this order and cuts what does not fit at 80 columns: what a
    # candidate needs most comes first, and `?` lists every key.
    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("n,right", "next", "Next"),
        Binding("enter", "next", "Next", show=False),
        Binding("p,left", "previous", "Back"),
        # While an answer is being typed, letters and arrows go to it: the page keys still move.
        Binding("pagedown", "next", "Next", show=False, priority=True),
        Binding("pageup", "previous", "Back", show=False, priority=True),
        Binding("f", "flag", "Flag"),
        Binding("s", "submit", "Submit"),
        Binding("escape", "leave", "Leave"),
        Binding("w", "why", "Why missed"),
        Binding("u", "unanswered", "Unanswered"),
        Binding("g", "jump", "Go to"),
        Binding("x", "strike", "Strike"),
        Binding("k", "confidence", "Sure?"),
        Binding("ctrl+down", "scroll_body(4)", "Scroll", show=False),
        Binding("ctrl+up", "scroll_body(-4)", "Scroll", show=False),
    ]

    def __init__(self, live: StudySession) -> None:
        super().__init__()
        self.live = live
        self.confidence: Confidence | None = None
        self.outcome: Outcome | None = None
        self._save_timer: Timer | None = None

    @property
    def exam(self) -> bool:
        return not self.live.plan.feedback

    def compose(self) -> ComposeResult:
        yield Header()
        yield QuestionBar(id="question-bar")
        navigator = Navigator(id="navigator")
        navigator.display = self.exam
        yield navigator
        with VerticalScroll(id="question-body"), Horizontal(id="qa"):
            yield ExhibitView(id="exhibit-slot")
            with Vertical(id="asked"):
                yield Prompt(id="prompt")
                yield FeedbackPanel(id="feedback")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = self.live.plan.title
        if self.live.plan.form_code:
            self.notify(f"Form code {self.live.plan.form_code}", timeout=6)
        await self.render_item()
        if self.live.plan.timed and self.trainer.tick_seconds:
            self.set_interval(self.trainer.tick_seconds, self._clock, name="clock")
        if self.live.state.on_break:
            # An exam left during a break resumes on the break screen.
            await self._after_section()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        exam_only = {"flag", "strike", "unanswered", "jump"}
        if action in exam_only and not self.exam:
            return False
        if action == "why":
            return not (self.exam or self.outcome is None or self.outcome.score.correct)
        return True

    # Drawing.

    async def render_item(self) -> None:
        """Draw the current item from the session state; the widgets redraw what differs.

        One batch, so the candidate sees the new question in one repaint rather than the bar
        first and the question a frame or two later.
        """
        with self.app.batch_update():
            await self._render_item()

    async def _render_item(self) -> None:
        body = self.query_one("#question-body", VerticalScroll)
        qa = self.query_one("#qa", Horizontal)
        state = self.live.state
        current = state.current
        self._draw_bar()
        qa.display = current is not None
        if current is None:
            return
        question = self.live.item(current.id).question
        given = state.answers.get(current.id)
        response = given.response if given else None
        struck = state.struck.get(current.id, frozenset())
        self.outcome = None
        self.query_one("#exhibit-slot", ExhibitView).show(question.exhibit)
        self.query_one("#prompt", Prompt).text = question.prompt
        feedback = self.query_one("#feedback", FeedbackPanel)
        feedback.verdict = None
        asked = self.query_one("#asked", Vertical)
        old = asked.query("#response").first() if asked.query("#response") else None
        if isinstance(old, ChoiceList) and isinstance(question, (Single, TrueFalse)):
            old.show(question, current.order, struck, response)
            widget: Widget = old
        else:
            if old is not None:
                await old.remove()
            widget = response_widget(question, current.order, struck, response)
            await asked.mount(widget, before=feedback)
        body.scroll_home(animate=False)
        widget.focus(scroll_visible=False)
        if given is not None and not self.exam:
            self._show_feedback(given.value, question, current.order, given.response)
            self._lock(widget)

    def _lock(self, widget: Widget) -> None:
        """An answered question in tutor mode keeps its response on show but takes no more keys."""
        widget.disabled = True
        self.set_focus(None)

    def _draw_bar(self) -> None:
        state = self.live.state
        plan = self.live.plan
        section = state.current_section
        bar = self.query_one("#question-bar", QuestionBar)
        bar.place = Place(
            state.position,
            len(state.items),
            at_most=section.adaptive.max_items if section.adaptive is not None else None,
            section_title=section.title,
            section=state.section,
            sections=len(plan.sections),
            answered=len(state.items) - len(state.unanswered()) if self.exam else None,
            sure=self.confidence,
        )
        self._draw_clock()
        if self.exam:
            navigator = self.query_one("#navigator", Navigator)
            navigator.marks = tuple(
                FLAGGED if p.id in state.flags else ANSWERED if p.id in state.answers else OPEN
                for p in state.items
            )
            navigator.position = state.position

    def _draw_clock(self) -> None:
        state = self.live.state
        bar = self.query_one("#question-bar", QuestionBar)
        left = state.time_left()
        limit = state.current_section.seconds
        if left is None or limit is None:
            bar.countdown = None
            bar.behind = None
        else:
            bar.countdown = Countdown(left, limit)
            bar.behind = state.behind_by()

    def _show_feedback(
        self, value: float, question: Question, order: tuple[int, ...], response: Response
    ) -> None:
        verdict = Verdict.of(value, question, order, response)
        self.query_one("#feedback", FeedbackPanel).verdict = verdict
        self.refresh_bindings()

    def action_scroll_body(self, lines: int) -> None:
        """Scroll the question (exhibit and all) without moving the focus."""
        body = self.query_one("#question-body", VerticalScroll)
        body.scroll_relative(y=lines, animate=False)

    # Answering.

    @on(Chosen)
    async def _chosen(self, message: Chosen) -> None:
        message.stop()
        current = self.live.state.current
        if current is None:
            return
        if not self.exam and current.id in self.live.state.answers:
            await self.action_next()
            return
        before = self.live.served()
        outcome = await self.trainer.in_worker(
            lambda: self.live.answer(message.response, confidence=self.confidence)
        )
        if outcome is None:
            return
        self.outcome = outcome
        self.confidence = None
        served = self.live.served()
        if served is not None and served.stop is not None and before != served:
            self.notify(
                f"The adaptive test has stopped: {adaptive_section.REASONS[served.stop]}. "
                "s to end the section.",
                timeout=8,
            )
        if outcome.shown:
            item = self.live.item(current.id)
            self._show_feedback(outcome.score.value, item.question, current.order, message.response)
            self._lock(self.query_one("#response"))
            self.query_one("#feedback", FeedbackPanel).scroll_visible(animate=False)
        self._draw_bar()

    async def _keep_pending(self) -> None:
        """In an exam, options ticked, an answer typed or an order set but not yet answered
        with Enter count as the answer once the candidate moves on, submits or leaves, as
        they would on paper; practice waits for Enter, since it answers with feedback."""
        widgets = self.query("#response")
        if not self.exam or self.live.state.current is None or not widgets:
            return
        response = pending(widgets.first())
        if response is not None:
            confidence, self.confidence = self.confidence, None
            if await self.trainer.in_worker(
                lambda: self.live.answer(response, confidence=confidence)
            ):
                self._draw_bar()

    async def _step(self, position: int) -> None:
        await self._keep_pending()
        self.live.go(position, save=False)
        await self.render_item()
        # Save where the candidate is once the keys stop, not on every key.
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(0.5, self._save_position)

    async def _save_position(self) -> None:
        self._save_timer = None
        if self.is_attached and self.app.screen is self:
            await self.trainer.in_worker(self.live.checkpoint)

    def _cancel_save(self) -> None:
        """Leaving saves at once, so a save still waiting to happen is dropped."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None

    def on_unmount(self) -> None:
        self._cancel_save()

    async def action_next(self) -> None:
        state = self.live.state
        if state.current is None:
            return
        if state.position + 1 < len(state.items):
            if state.can_move_to(state.position + 1):
                await self._step(state.position + 1)
        elif not self.exam:
            await self._finish()
        elif (served := self.live.served()) is not None and served.stop is None:
            self.notify("Answer this question to be given the next one.", timeout=4)
        elif served is not None:
            self.notify("The adaptive test has stopped: s to end the section.", timeout=4)
        else:
            self.notify("Last question of the section: s to submit it.", timeout=4)

    async def action_previous(self) -> None:
        state = self.live.state
        if state.position > 0 and state.can_move_to(state.position - 1):
            await self._step(state.position - 1)
        elif state.position > 0:
            self.notify("This section does not allow going back.", severity="warning")

    async def action_unanswered(self) -> None:
        target = self.live.state.next_unanswered()
        if target is None:
            self.notify("Every question of the section is answered.")
        else:
            await self._step(target)

    def action_jump(self) -> None:
        async def go(position: int | None) -> None:
            if position is None:
                return
            if self.live.state.can_move_to(position):
                await self._step(position)
            else:
                self.notify("That question cannot be reached from here.", severity="warning")

        self.app.push_screen(JumpTo(len(self.live.state.items)), go)

    async def action_flag(self) -> None:
        flagged = await self.trainer.in_worker(self.live.flag)
        if flagged is not None:
            self.notify("Flagged for review." if flagged else "Flag removed.", timeout=2)
            self._draw_bar()

    async def action_strike(self) -> None:
        choices = self.query("#response").first()
        if not isinstance(choices, ChoiceList):
            return
        option = choices.highlighted_original()
        if option is None:
            return
        await self.trainer.in_worker(self.live.strike, option)
        current = self.live.state.current
        if current is not None:
            choices.restrike(self.live.state.struck.get(current.id, frozenset()))

    def action_confidence(self) -> None:
        levels: list[Confidence | None] = [None, *CONFIDENCE]
        self.confidence = levels[(levels.index(self.confidence) + 1) % len(levels)]
        self.notify(f"How sure: {self.confidence or 'not said'}", timeout=2)
        self._draw_bar()

    def action_why(self) -> None:
        outcome = self.outcome
        if outcome is None or outcome.score.correct:
            return

        async def keep(reason: MissReason | None) -> None:
            if reason is not None:
                await self.trainer.in_worker(self.live.tag_miss, outcome.answer_id, reason)
                self.notify("Noted.", timeout=2)

        self.app.push_screen(PickMissReason(), keep)

    # Time.

    def _clock(self) -> None:
        # The clock only asks: time is counted on this screen's own queue, in turn with the
        # candidate's keys. Done in the clock's task, a step could race a key press, and closing
        # this screen (which stops the clock) would cancel a change of screen half-way.
        self.call_later(self.tick)

    async def tick(self) -> None:
        """Count time; the engine ends a section, a break or the exam when its time is up."""
        if self.live.state.finished:
            return
        event = await self.trainer.in_worker(self.live.tick)
        if event is None:
            self._draw_clock()
            if self.app.screen is not self:
                self.app.screen.post_message(TimeCounted())
            return
        await self._close_above()
        if event is Tick.FINISHED:
            self.notify("Time is up: the exam was submitted.", severity="warning")
            await self._show_results()
        elif event is Tick.SECTION_ENDED:
            self.notify("Time is up for this section.", severity="warning")
            await self._after_section()
        else:
            await self.render_item()

    async def _close_above(self) -> None:
        """Close any dialog or break screen above this one."""
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            await self.app.pop_screen()

    async def _after_section(self) -> None:
        if self.live.state.on_break:
            self.app.push_screen(BreakScreen(self.live), self._after_break)
        else:
            await self.render_item()

    def _after_break(self, _: None) -> None:
        # The next section is drawn on this screen's queue, in turn with the candidate's keys.
        self.call_later(self.render_item)

    # Leaving.

    async def action_submit(self) -> None:
        if not self.exam:
            await self._finish()
            return
        await self._keep_pending()
        state = self.live.state
        unanswered = state.unanswered()
        flagged = state.flagged()
        lines = []
        if unanswered:
            numbers = [str(i + 1) for i, p in enumerate(state.items) if p.id in unanswered]
            lines.append(f"Unanswered: {len(unanswered)} (questions {', '.join(numbers)}).")
        if flagged:
            lines.append(f"Flagged: {len(flagged)}.")
        served = self.live.served()
        if served is not None and served.stop is None:
            lines.append("The adaptive test has not decided yet: it will judge the answers so far.")
        if state.is_last_section:
            title, yes = "Submit the exam?", "Submit"
            lines.append("No answer can be changed after this.")
        else:
            title, yes = "End this section?", "End section"
            lines.append("You cannot come back to it.")

        async def decided(yes_: bool | None) -> None:
            if not yes_:
                return
            await self.trainer.in_worker(self.live.end_section)
            if self.live.state.finished:
                await self._show_results()
            else:
                await self._after_section()

        self.app.push_screen(Confirm(title, "\n".join(lines), yes), decided)

    async def _finish(self) -> None:
        await self._show_results()

    async def _show_results(self) -> None:
        self._cancel_save()
        report = await self.trainer.in_worker(self.live.submit)
        if report is None:
            return
        await self._close_above()
        self.app.post_message(ShowReport(report, self.live.session_id, replace=True))

    async def before_quit(self) -> None:
        """An unfinished exam keeps its place and time to resume; a practice closes as left."""
        if not self.live.state.finished:
            await self._keep_pending()
            await self.trainer.in_worker(self.live.leave)

    async def action_leave(self) -> None:
        if not self.exam:
            await self._finish()
            return

        async def decided(yes: bool | None) -> None:
            if yes:
                self._cancel_save()
                await self._keep_pending()
                await self.trainer.in_worker(self.live.checkpoint)
                self.app.pop_screen()

        self.app.push_screen(
            Confirm(
                "Leave the exam?",
                "Pausing is not allowed, but the exam is kept: resume it from home (r) with the "
                "time you had left.",
                "Leave",
            ),
            decided,
        )
