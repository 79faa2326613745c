"""An interview scenario line by line: who speaks, the officer's numbered replies, the debrief."""

from __future__ import annotations

from trainer.engine import scenario as engine
from trainer.plain.console import Console, EndOfInput
from trainer.shown import model_path, rubric_lines, step_note, transcript_lines, turning_points
from trainer.study import InterviewSession
from trainer.wording import plural

TICK_SECONDS = 1.0


def speaker(name: str) -> str:
    return name.replace("-", " ").title()


class Interview:
    """One interview run to its debrief, or left (it is saved after every move)."""

    def __init__(self, console: Console, live: InterviewSession) -> None:
        self.console = console
        self.live = live
        self.demeanour: list[str] = []
        self.remaining: float | None = None

    def run(self) -> bool:
        """Go on until the run ends (True, after the debrief) or the officer leaves (False)."""
        try:
            return self._run()
        except (EndOfInput, KeyboardInterrupt):
            if not self.live.run.ended:
                self.console.say("The interview is saved: choose it again to go on.")
            raise

    def _run(self) -> bool:
        self._introduce()
        while not self.live.run.ended:
            if not self._turn():
                self.console.say("The interview is kept: choose it again from Interviews.")
                return False
        self.debrief()
        return True

    def _introduce(self) -> None:
        scenario = self.live.run.scenario
        self.console.blank()
        self.console.say(f"Interview: {scenario.title}.", f"Setting: {scenario.setting}")
        self.console.say(f"Your role: {scenario.role}")
        if scenario.known:
            self.console.say("You know:", *(f"- {fact}" for fact in scenario.known))
        earlier = transcript_lines(self.live)
        if earlier:
            self.console.say("Resumed. What was said so far:")
            for who, text in earlier:
                self._said(who, text)
        self.console.say("Answer by number; q leaves the interview, which is kept.")

    def _said(self, who: str, text: str) -> None:
        if who == "note":
            self.console.say(f"Note: {text}")
        elif who == "you":
            self.console.say(f"You: {text}")
        else:
            self.console.say(f"{speaker(who)}: {text}")

    def _say_demeanour(self) -> None:
        run = self.live.run
        lines = [
            f"{var.label or name}: {engine.describe(run, name)}"
            for name, var in run.scenario.state.items()
            if var.describe or var.shown
        ]
        if lines != self.demeanour:
            self.demeanour = lines
            if lines:
                self.console.say("Demeanour: " + "; ".join(lines) + ".")

    def _turn(self) -> bool:
        run = self.live.run
        node = run.current
        self.console.blank()
        self._said(node.speaker, engine.line(run))
        self._say_demeanour()
        moves = len(run.path)
        offered = engine.choices(run)
        self.remaining = float(node.seconds) if node.seconds and offered else None
        if offered:
            self.console.say(*(f"{n}. {c.text}" for n, (_, c) in enumerate(offered, 1)))
            if self.remaining is not None:
                self.console.say(f"You have {plural(int(self.remaining), 'second')} to answer.")
            while True:
                line = self.console.ask(
                    f"Choose 1 to {len(offered)}:",
                    every=TICK_SECONDS if self.remaining is not None else None,
                    wake=self._count_down,
                )
                if line is None:
                    self.console.say("Time is up: you hesitated.")
                    self.live.choose(offered[-1][0])
                    break
                if line.casefold() in ("q", "leave"):
                    return False
                if line.isdigit() and 1 <= int(line) <= len(offered):
                    self.live.choose(offered[int(line) - 1][0])
                    break
                self.console.say(f"{line!r} is not one of the replies: type 1 to {len(offered)}.")
        elif node.free_text is not None:
            self.console.say(node.free_text.prompt)
            while True:
                line = self.console.ask("Type what you say, or q alone to leave:")
                assert line is not None
                if line.casefold() == "q":
                    return False
                if line:
                    self.live.respond(line)
                    break
                self.console.say("Say something first.")
        else:
            line = self.console.ask("Press Enter to go on, or q to leave:")
            if line is not None and line.casefold() == "q":
                return False
            self.live.proceed()
        if len(self.live.run.path) > moves:
            step = self.live.run.path[-1]
            if step.said:
                self._said("you", step.said)
            if (note := step_note(step)) is not None:
                self._said("note", note)
        return True

    def _count_down(self) -> bool:
        if self.remaining is None:
            return False
        self.remaining -= TICK_SECONDS
        if self.remaining == 10:
            self.console.say("10 seconds left to answer.")
        return self.remaining <= 0

    def debrief(self) -> None:
        result = self.live.result
        assert result is not None
        scenario = self.live.run.scenario
        self.console.blank()
        self.console.say(f"Debrief: {result.title} (outcome: {result.outcome}).", result.text)
        self.console.say("Competencies, scored against the best reachable:")
        for name, (scored, best) in result.scores.items():
            self.console.say(f"{scenario.competencies[name]}: {scored:g} of {best:g}.")
        if result.turning_points:
            self.console.say("Turning points:", *turning_points(result))
        if result.free_text:
            self.console.say("What you said in your own words:", *rubric_lines(result))
        model = model_path(result, scenario)
        if model:
            self.console.say("The model path:", *model)
