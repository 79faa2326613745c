"""A practice, review or mock exam sat line by line: each question said once, answers typed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from trainer.content.models import LETTERS, Confidence, Multiple, Question, Single
from trainer.engine.adaptive_section import REASONS
from trainer.engine.plan import PlannedSection
from trainer.engine.report import Report
from trainer.engine.scoring import Response, full_marks
from trainer.plain.asking import Refused, allowed, letters_of, question_lines, read_response
from trainer.plain.console import Console, EndOfInput
from trainer.shown import Options, SessionAnswers, given_text, right_answer
from trainer.study import CONFIDENCE, MISS_REASONS, Study, StudySession, Tick
from trainer.wording import adaptive_lines, length_text, plural, spoken_time

TICK_SECONDS = 1.0
POINTS = (600.0, 300.0, 60.0)
"""Time left at which a section's clock is said, beside half-time: 10, 5 and 1 minute."""

COMMANDS = {
    "next": "next", "n": "next",
    "back": "back", "previous": "back", "p": "back",
    "go": "go", "g": "go",
    "unanswered": "unanswered", "u": "unanswered",
    "list": "list", "l": "list",
    "flag": "flag", "f": "flag",
    "strike": "strike", "x": "strike",
    "sure": "sure", "k": "sure",
    "time": "time", "t": "time",
    "repeat": "repeat", "r": "repeat",
    "submit": "submit", "s": "submit",
    "leave": "leave", "q": "leave",
    "help": "help", "h": "help", "?": "help",
}  # fmt: skip
"""Every command by its word and its letter; a letter that names an option is that option."""

EXAM_HELP = """Commands (the word always works; the letter when no option has it):
next (n), back (p): the next or the previous question.
go N (g N): question N of this section. unanswered (u): the next unanswered one.
list (l): which questions are answered and flagged. repeat (r): say the question again.
flag (f): flag this question, or unflag it. strike X (x X): strike out option X, or restore it.
sure (k): how sure you are of the next answer; sure high, sure medium, sure low, or none.
time (t): the time left. submit (s): end the section, or the exam in its last one.
leave (q): leave the exam; it is kept to resume. help (h): this list.
To answer with a word that is also a command, start the line with = (such as = next)."""

PRACTICE_HELP = """Type your answer. After the feedback, Enter goes on.
Commands: repeat (r) says the question again; sure (k) says how sure you are of the answer;
time (t) the time used; leave (q) ends the practice and shows the results; help (h) this list.
After a wrong answer, why (w) says why it went wrong.
To answer with a word that is also a command, start the line with = (such as = next)."""


def numbers_text(numbers: Iterable[int]) -> str:
    """Question numbers with runs shortened: 1 to 3, 5, 7 to 9."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs) or "none"


@dataclass
class Clockwatch:
    """Says how much time is left at set points of a section (half-time, 10, 5, 1 minutes),
    each once; points already passed when a section begins or resumes are not said."""

    section: int | None = None
    pending: list[float] = field(default_factory=list)

    def begin(self, live: StudySession) -> None:
        state = live.state
        self.section = state.section
        limit = state.current_section.seconds
        left = state.time_left()
        if limit is None or left is None:
            self.pending = []
            return
        points = {limit / 2, *(p for p in POINTS if p < limit)}
        self.pending = sorted((p for p in points if p < left), reverse=True)

    def due(self, live: StudySession) -> str | None:
        left = live.state.time_left()
        if left is None or live.state.on_break or live.state.section != self.section:
            return None
        crossed = [p for p in self.pending if left <= p]
        if not crossed:
            return None
        self.pending = [p for p in self.pending if left > p]
        limit = live.state.current_section.seconds
        half = limit is not None and any(abs(p - limit / 2) < 0.5 for p in crossed)
        said = f"{spoken_time(left)} left in this section."
        return f"Half-time: {said}" if half and len(crossed) == 1 else f"Time: {said}"


class Sitting:
    """One session sat to its end, or left: what it says and what it does with each line."""

    def __init__(self, console: Console, live: StudySession) -> None:
        self.console = console
        self.live = live
        self.clock = Clockwatch()
        self.events: list[Tick] = []
        self.confidence: Confidence | None = None
        self.said_section: int | None = None
        self.say_question = True
        self.break_minute_said = False

    @property
    def exam(self) -> bool:
        return not self.live.plan.feedback

    # The whole sitting.

    def run(self) -> Report | None:
        """Sit the session; its report when it was finished, None when it was left. At the end
        of input it is left as quitting the app leaves it (an exam kept to resume), then
        EndOfInput goes on up."""
        try:
            return self._run()
        except (EndOfInput, KeyboardInterrupt):
            if not self.live.state.finished:
                self.live.leave()
                if self.exam:
                    self.console.say("The exam is saved: open the trainer again to resume it.")
                else:
                    self.console.say("The practice is saved as left, with what was answered.")
            raise

    def _run(self) -> Report | None:
        self._introduce()
        while not self.live.state.finished:
            if self.live.state.on_break:
                self._break()
                continue
            if self.said_section != self.live.state.section:
                self._introduce_section()
            if self.say_question:
                self._say_question()
            line = self.console.ask(self._prompt(), every=self._every(), wake=self._wake)
            if line is None:
                self._tell_events()
                continue
            if self._handle(line) == "left":
                return None
        if self.live.report is None:
            self.live.submit()
        return self.live.report

    def _every(self) -> float | None:
        return TICK_SECONDS if self.live.plan.timed else None

    def _wake(self) -> bool:
        """Count time; say a time point; stop waiting when a section, break or exam ended."""
        event = self.live.tick()
        if (said := self.clock.due(self.live)) is not None:
            self.console.say(said)
        on_break = self.live.state.on_break and not self.break_minute_said
        if on_break and 0 < self.live.state.break_left() <= 60:
            self.break_minute_said = True
            self.console.say("1 minute left of the break.")
        if event is not None:
            self.events.append(event)
            return True
        return False

    def _tell_events(self) -> None:
        for event in self.events:
            if event is Tick.FINISHED:
                self.console.say("Time is up: the exam was submitted.")
            elif event is Tick.SECTION_ENDED:
                self.console.say("Time is up for this section.")
                self.say_question = True
            else:
                self.console.say("The break is over.")
                self.say_question = True
        self.events.clear()

    # What is said.

    def _introduce(self) -> None:
        plan = self.live.plan
        state = self.live.state
        if self.exam:
            self.console.say(f"Mock exam: {plan.title}.")
            if plan.form_code:
                self.console.say(f"Form code {plan.form_code}: give it to sit this form again.")
            sections = "; ".join(
                f"{s.title}, {self._limit(s.seconds)}{plural(len(s.items), 'question')}"
                for s in plan.sections
            )
            self.console.say(f"{plural(len(plan.sections), 'section')}: {sections}.")
            self.console.say("Type h at any question for the commands.")
        else:
            count = len(state.items)
            self.console.say(f"{plan.title}: {plural(count, 'question')}, feedback after each.")
            self.console.say("Type h for help.")
        if state.answers and not state.on_break:
            done = len(state.answers)
            self.console.say(f"Resumed with {plural(done, 'question')} answered.")

    @staticmethod
    def _limit(seconds: float | None) -> str:
        return f"{spoken_time(seconds)}, " if seconds else "untimed, "

    def _introduce_section(self) -> None:
        state = self.live.state
        plan = self.live.plan
        self.said_section = state.section
        self.say_question = True
        self.clock.begin(self.live)
        if not self.exam or (len(plan.sections) == 1 and not plan.timed):
            return
        section = state.current_section
        self.console.blank()
        head = f"Section {state.section + 1} of {len(plan.sections)}: {section.title}"
        left = state.time_left()
        timing = f"{spoken_time(left)} left" if left is not None else "untimed"
        self.console.say(f"{head}, {_length(section)}, {timing}.")
        if section.instructions:
            self.console.say(section.instructions)

    def _say_question(self) -> None:
        self.say_question = False
        state = self.live.state
        current = state.current
        if current is None:
            return
        item = self.live.item(current.id)
        head = f"Question {state.position + 1} of {len(state.items)}"
        adaptive = state.current_section.adaptive
        if adaptive is not None:
            head = f"Question {state.position + 1}, of at most {adaptive.max_items}"
        if self.exam and len(self.live.plan.sections) > 1:
            head += f", section {state.section + 1}"
        notes = []
        given = state.answers.get(current.id)
        if given is not None:
            notes.append("answered: " + given_text(item.question, current.order, given.response))
        if current.id in state.flags:
            notes.append("flagged")
        self.console.blank()
        self.console.say(head + (f" ({'; '.join(notes)})" if notes else "") + ".")
        struck = state.struck.get(current.id, frozenset())
        self.console.say(*question_lines(item.question, current.order, struck))

    def _prompt(self) -> str:
        sure = f" Sure: {self.confidence}." if self.confidence else ""
        return f"Your answer, or h for help:{sure}"

    # What each line does.

    def _handle(self, line: str) -> str | None:
        current = self.live.state.current
        if current is None:
            return None
        question = self.live.item(current.id).question
        if line.startswith("="):
            return self._answer(question, current.order, line[1:].strip())
        words = line.split()
        head = words[0].casefold() if words else ""
        if len(head) > 1 and head in COMMANDS:
            return self._command(COMMANDS[head], words[1:], question, current.order)
        if not line:
            if self.exam and current.id in self.live.state.answers:
                return self._command("next", [], question, current.order)
            self.console.say(f"Nothing was typed. {self._allowed(question)}")
            return None
        response = read_response(question, current.order, line)
        if not isinstance(response, Refused):
            return self._answer(question, current.order, line, response)
        if head in COMMANDS:
            return self._command(COMMANDS[head], words[1:], question, current.order)
        self.console.say(response.message + " Type h for the commands.")
        return None

    def _allowed(self, question: Question) -> str:
        return allowed(question) + " Type h for the commands."

    def _answer(
        self,
        question: Question,
        order: tuple[int, ...],
        text: str,
        response: Response | Refused | None = None,
    ) -> str | None:
        if response is None:
            response = read_response(question, order, text)
        if isinstance(response, Refused):
            self.console.say(response.message)
            return None
        outcome = self.live.answer(response, confidence=self.confidence)
        self.confidence = None
        if not outcome.shown:
            self.console.say(f"Answered: {given_text(question, order, response)}.")
            return self._onwards()
        return self._feedback(question, order, response, outcome.score.value, outcome.answer_id)

    def _onwards(self) -> str | None:
        """After an exam answer: the next question, or at the section's end what is left."""
        state = self.live.state
        if state.position + 1 < len(state.items) and state.can_move_to(state.position + 1):
            self.live.go(state.position + 1)
            self.say_question = True
            return None
        self._left_to_do()
        return None

    def _left_to_do(self) -> None:
        state = self.live.state
        unanswered = {i + 1 for i, p in enumerate(state.items) if p.id not in state.answers}
        flagged = {i + 1 for i, p in enumerate(state.items) if p.id in state.flags}
        end = "the exam" if state.is_last_section else "the section"
        served = self.live.served()
        if served is not None and served.stop is not None:
            self.console.say(f"The adaptive test has stopped: {REASONS[served.stop]}.")
        elif served is not None and unanswered == {len(state.items)}:
            self.console.say(f"Answer question {len(state.items)} to be given the next one.")
        if unanswered:
            self.console.say(
                f"{plural(len(unanswered), 'question')} unanswered: {numbers_text(unanswered)}."
            )
        else:
            self.console.say("Every question of this section is answered.")
        if flagged:
            self.console.say(f"Flagged: {numbers_text(flagged)}.")
        self.console.say(f"Type s to submit {end}, or go and a number to return to a question.")

    def _feedback(
        self,
        question: Question,
        order: tuple[int, ...],
        response: Response,
        value: float,
        answer_id: int,
    ) -> str | None:
        if full_marks(value):
            verdict = "Right."
        elif value > 0:
            verdict = f"Partly right ({value * 100:.0f} percent)."
        else:
            verdict = "Not right."
        lines = [
            verdict,
            f"You: {given_text(question, order, response)}",
            f"Answer: {right_answer(question, order)}",
            question.explanation,
        ]
        if question.references:
            lines.append(f"See: {'; '.join(question.references)}")
        self.console.say(*lines)
        while True:
            more = "Press Enter for the next question"
            if not full_marks(value):
                more += ", or w to say why it went wrong"
            line = self.console.ask(more + ":")
            assert line is not None
            word = line.casefold()
            if word in ("w", "why") and not full_marks(value):
                self._why(answer_id)
                continue
            if word in ("r", "repeat"):
                self.console.say(*question_lines(question, order, frozenset()), *lines)
                continue
            if word in ("q", "leave"):
                self.live.submit()
                return "finished"
            if word in ("h", "help", "?"):
                self.console.say(PRACTICE_HELP)
                continue
            if word in ("", "n", "next"):
                return self._next_in_practice()
            self.console.say(f"{line!r} does nothing here.")

    def _next_in_practice(self) -> str | None:
        state = self.live.state
        if state.position + 1 < len(state.items):
            self.live.go(state.position + 1)
            self.say_question = True
            return None
        self.live.submit()
        return "finished"

    def _why(self, answer_id: int) -> None:
        reasons = [r.replace("-", " ") for r in MISS_REASONS]
        self.console.say("Why did it go wrong?")
        self.console.say(*(f"{n}. {r}" for n, r in enumerate(reasons, 1)))
        while True:
            line = self.console.ask(f"Type a number from 1 to {len(reasons)}, or Enter for none:")
            assert line is not None
            if not line:
                return
            if line.isdigit() and 1 <= int(line) <= len(reasons):
                self.live.tag_miss(answer_id, MISS_REASONS[int(line) - 1])
                self.console.say("Noted.")
                return
            self.console.say(f"{line!r} is not one of the reasons.")

    def _command(
        self, name: str, args: list[str], question: Question, order: tuple[int, ...]
    ) -> str | None:
        state = self.live.state
        if name == "help":
            self.console.say(EXAM_HELP if self.exam else PRACTICE_HELP)
        elif name == "repeat":
            self.say_question = True
        elif name == "time":
            self._say_time()
        elif name == "sure":
            self._sure(args)
        elif name == "leave":
            return self._leave()
        elif not self.exam:
            self.console.say("In practice, answer the question: feedback follows each answer.")
        elif name == "next":
            self._move(state.position + 1)
        elif name == "back":
            self._move(state.position - 1)
        elif name == "go":
            if len(args) != 1 or not args[0].isdigit():
                self.console.say(f"Type go and a number from 1 to {len(state.items)}.")
            else:
                self._move(int(args[0]) - 1)
        elif name == "unanswered":
            target = state.next_unanswered()
            if target is None:
                self.console.say("Every question of this section is answered.")
            else:
                self._move(target)
        elif name == "list":
            self._list()
        elif name == "flag":
            flagged = self.live.flag()
            self.console.say("Flagged for review." if flagged else "Flag removed.")
        elif name == "strike":
            self._strike(args, question, order)
        elif name == "submit":
            return self._submit()
        return None

    def _move(self, position: int) -> None:
        state = self.live.state
        if not 0 <= position < len(state.items):
            if position >= len(state.items):
                self.console.say("That was the last question of the section.")
                self._left_to_do()
            else:
                self.console.say("This is the first question of the section.")
            return
        if not state.can_move_to(position):
            self.console.say("That question cannot be reached from here in this exam.")
            return
        self.live.go(position)
        self.say_question = True

    def _list(self) -> None:
        state = self.live.state
        answered = {i + 1 for i, p in enumerate(state.items) if p.id in state.answers}
        open_ = {i + 1 for i, p in enumerate(state.items) if p.id not in state.answers}
        flagged = {i + 1 for i, p in enumerate(state.items) if p.id in state.flags}
        self.console.say(
            f"Answered: {numbers_text(answered)}.",
            f"Not answered: {numbers_text(open_)}.",
            f"Flagged: {numbers_text(flagged)}.",
            f"You are at question {state.position + 1} of {len(state.items)}.",
        )

    def _say_time(self) -> None:
        state = self.live.state
        self.live.tick()
        left = state.time_left()
        if left is None:
            used = sum(self.live.state.timing.elapsed)
            self.console.say(f"Untimed; {spoken_time(used)} used so far.")
        else:
            self.console.say(
                f"{spoken_time(self.live.state.time_left() or 0)} left in this section."
            )

    def _sure(self, args: list[str]) -> None:
        if args:
            wanted = args[0].casefold()
            chosen = next((level for level in CONFIDENCE if level == wanted), None)
            if chosen is None and wanted != "none":
                self.console.say("Say sure high, sure medium, sure low or sure none.")
                return
            self.confidence = chosen
        else:
            levels: list[Confidence | None] = [None, *CONFIDENCE]
            self.confidence = levels[(levels.index(self.confidence) + 1) % len(levels)]
        self.console.say(f"How sure for the next answer: {self.confidence or 'not said'}.")

    def _strike(self, args: list[str], question: Question, order: tuple[int, ...]) -> None:
        count = letters_of(question)
        if not isinstance(question, (Single, Multiple)):
            self.console.say("Only the options of a choice question can be struck out.")
            return
        letter = args[0].upper() if len(args) == 1 else ""
        if len(letter) != 1 or letter not in LETTERS[:count]:
            self.console.say(f"Type strike and one letter, A to {LETTERS[count - 1]}.")
            return
        original = Options(question, order).order[LETTERS.index(letter)]
        struck = self.live.strike(original)
        self.console.say(f"Option {letter} struck out." if struck else f"Option {letter} restored.")

    def _submit(self) -> str | None:
        state = self.live.state
        unanswered = [i + 1 for i, p in enumerate(state.items) if p.id not in state.answers]
        flagged = [i + 1 for i, p in enumerate(state.items) if p.id in state.flags]
        if state.is_last_section:
            lines = ["Submit the exam? No answer can be changed after this."]
        else:
            lines = ["End this section? You cannot come back to it."]
        if unanswered:
            lines.append(f"Unanswered: {len(unanswered)} (questions {numbers_text(unanswered)}).")
        if flagged:
            lines.append(f"Flagged: {len(flagged)} (questions {numbers_text(flagged)}).")
        self.console.say(*lines)
        line = self.console.ask("Type yes to go ahead, or anything else to stay:")
        if line is None or line.casefold() not in ("y", "yes"):
            self.console.say("Staying in the section.")
            self.say_question = True
            return None
        self.live.end_section()
        if self.live.state.finished:
            return "finished"
        self.say_question = True
        return None

    def _leave(self) -> str | None:
        if not self.exam:
            self.live.submit()
            return "finished"
        self.console.say(
            "Leave the exam? Pausing is not allowed, but the exam is kept: resume it from home "
            "with the time you had left."
        )
        line = self.console.ask("Type yes to leave, or anything else to stay:")
        if line is None or line.casefold() not in ("y", "yes"):
            self.say_question = True
            return None
        self.live.checkpoint()
        self.console.say("The exam is kept to resume.")
        return "left"

    def _break(self) -> None:
        state = self.live.state
        following = self.live.plan.sections[state.section + 1]
        self.console.blank()
        self.console.say(
            f"Break: {spoken_time(state.break_left())}.",
            f"Next: {following.title} ({self._limit(following.seconds)}{_length(following)}).",
        )
        self.break_minute_said = state.break_left() <= 60
        while self.live.state.on_break:
            line = self.console.ask(
                "Press Enter to start the next section now, or t for the time left of the break:",
                every=TICK_SECONDS,
                wake=self._wake,
            )
            if line is None:
                self._tell_events()
                continue
            if line.casefold() in ("t", "time"):
                self.live.tick()
                self.console.say(f"{spoken_time(self.live.state.break_left())} left of the break.")
                continue
            self.live.end_break()


def _length(section: PlannedSection) -> str:
    return length_text(section.length, section.adaptive is not None)


def report_lines(report: Report) -> list[str]:
    """The verdict, then each section and topic, in sentences."""
    lines = []
    verdict = f"Result: {report.percent:.1f} percent"
    if report.passed is not None:
        verdict += ", passed" if report.passed else ", not yet passed"
    if report.pass_mark is not None:
        verdict += f" (pass mark {report.pass_mark:g} percent)"
    lines.append(verdict + ".")
    form = f", form {report.form_code}" if report.form_code else ""
    lines.append(f"{report.title}: {spoken_time(report.seconds)} used{form}.")
    first = report.sections[0]
    if len(report.sections) > 1 or first.allowed or first.adaptive:
        for s in report.sections:
            allowed = f" of {spoken_time(s.allowed)}" if s.allowed else ""
            lines.append(
                f"Section {s.title}: {s.percent:.1f} percent, {s.answered} of {s.items} answered,"
                f" {spoken_time(s.seconds)} used{allowed}."
            )
            if s.adaptive is not None:
                lines.extend(adaptive_lines(s.adaptive, " percent"))
    for t in sorted(report.topics, key=lambda t: t.percent):
        lines.append(
            f"Topic {t.section}/{t.topic}: {t.percent:.1f} percent of "
            f"{plural(t.items, 'question')}."
        )
    if report.confident_wrong:
        count = len(report.confident_wrong)
        lines.append(f"{plural(count, 'question')} answered wrongly with high confidence.")
    return lines


def review(
    console: Console, study: Study, answers: SessionAnswers, report: Report, only: str
) -> None:
    """Go through the questions of a report one at a time: all, the wrong ones or the flagged."""
    chosen = [
        (n, r)
        for n, r in enumerate(report.items, 1)
        if only == "all"
        or (only == "wrong" and not full_marks(r.value))
        or (only == "flagged" and r.flagged)
    ]
    if not chosen:
        console.say("No question to review with that choice.")
        return
    for count, (n, result) in enumerate(chosen, 1):
        item = study.catalog.get(result.id)
        if not result.answered:
            verdict = "unanswered"
        elif full_marks(result.value):
            verdict = "right"
        elif result.value > 0:
            verdict = f"partly right, {result.value * 100:.0f} percent"
        else:
            verdict = "wrong"
        flag = ", flagged" if result.flagged else ""
        console.blank()
        console.say(f"Question {n} of {len(report.items)}: {verdict}{flag}.")
        if item is None:
            console.say(f"{result.id} is no longer in the loaded content.")
        else:
            reviewed = answers.review(item)
            console.say(item.question.prompt)
            if reviewed.edited:
                console.say(
                    "Edited since you answered it: your answer was given to an earlier version."
                )
            console.say(
                f"You: {reviewed.you}", f"Answer: {reviewed.right}", item.question.explanation
            )
            if item.question.references:
                console.say(f"See: {'; '.join(item.question.references)}")
        if count < len(chosen):
            line = console.ask("Press Enter for the next question, or q to stop:")
            if line is not None and line.casefold() in ("q", "quit", "stop"):
                return
    console.say("End of the review.")
