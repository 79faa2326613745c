"""Home, line by line: a numbered menu, and the pickers and reports it leads to."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from trainer.engine.plan import Plan, PlanError, seed_from_code
from trainer.engine.report import Report
from trainer.engine.scoring import full_marks
from trainer.errors import TrainerError
from trainer.plain.console import Console
from trainer.plain.interviews import Interview
from trainer.plain.sessions import Sitting, report_lines, review
from trainer.shown import SessionAnswers
from trainer.study import Study, StudySession
from trainer.wording import plural, spoken_time

PRACTICE_COUNT = 10


def choose(console: Console, title: str, options: Sequence[str]) -> int | None:
    """A numbered list read out, then a number asked for until one is given; None on Enter."""
    console.blank()
    console.say(title, *(f"{n}. {text}" for n, text in enumerate(options, 1)))
    while True:
        line = console.ask(f"Type a number from 1 to {len(options)}, or Enter to go back:")
        assert line is not None
        if not line or line.casefold() in ("q", "back"):
            return None
        if line.isdigit() and 1 <= int(line) <= len(options):
            return int(line) - 1
        console.say(f"{line!r} is not on the list: type a number from 1 to {len(options)}.")


class Home:
    """The plain front end's home: what to do next, then every way to start."""

    def __init__(self, console: Console, study: Study) -> None:
        self.console = console
        self.study = study

    def run(self) -> None:
        """The menu, again after each action, until the candidate quits."""
        while True:
            actions = self._actions()
            self.console.blank()
            self.console.say("Home.", *self._summary())
            self.console.say(*(f"{n}. {label}" for n, (label, _) in enumerate(actions, 1)))
            self.console.say("q. Quit")
            line = self.console.ask(f"Type a number from 1 to {len(actions)}, or q to quit:")
            assert line is not None
            if line.casefold() in ("q", "quit"):
                self.console.say("Goodbye.")
                return
            if line.isdigit() and 1 <= int(line) <= len(actions):
                try:
                    actions[int(line) - 1][1]()
                except TrainerError as error:
                    self.console.say(f"That could not be done: {error}")
                continue
            self.console.say(f"{line!r} is not on the menu.")

    def _summary(self) -> list[str]:
        study = self.study
        catalog = study.catalog
        lines = [
            f"{plural(len(catalog), 'question')} in {plural(len(catalog.sections()), 'section')}, "
            f"{plural(len(catalog.blueprints), 'mock exam')}, "
            f"{plural(len(catalog.scenarios), 'interview scenario')}."
        ]
        goal = study.coach.goal()
        if goal is not None:
            days = goal.days_left(study.coach.today)
            lines.append(f"Goal: exam on {goal.exam_date:%A %d %B %Y}, {plural(days, 'day')} left.")
            found = study.coach.readiness()
            if found.today is None:
                lines.append(found.evidence.advice())
            else:
                for label, forecast in (("If the exam were today", found.today),
                                        ("On the exam day", found.exam_day)):  # fmt: skip
                    if forecast is None:
                        continue
                    score = forecast.score
                    chance = (
                        "" if forecast.p_pass is None else f", {forecast.p_pass * 100:.0f}% to pass"
                    )
                    lines.append(
                        f"{label}: {score.median:.0f}% likely, between {score.low:.0f} and "
                        f"{score.high:.0f}{chance}."
                    )
        areas = study.weak_areas()
        if areas.ranked and areas.ranked[0].estimate < 0.75:
            lines.append(f"Weakest topic: {areas.ranked[0].key}, {areas.ranked[0].reason}.")
        lines.append(areas.recommendation)
        return lines

    def _actions(self) -> list[tuple[str, Callable[[], None]]]:
        study = self.study
        due = study.store.count_due(study.profile_id, study.clock.now())
        actions: list[tuple[str, Callable[[], None]]] = []
        unfinished = study.unfinished()
        if unfinished:
            actions.append((f"Resume a mock exam ({len(unfinished)} unfinished)", self.resume))
        if study.coach.goal() is not None:
            work = study.coach.day_work(study.coach.plan().days[0]).text()
            actions.append((f"Today's plan: {work}", self.today))
        actions += [
            ("Practice, with feedback after each answer", self.practice),
            ("Mock exam, timed as the real one", self.exam),
            (f"Spaced review ({plural(due, 'question')} due)", self.review_due),
            ("Weak-area drill", self.drill),
            ("Interview scenario", self.interview),
            ("Weak areas", self.weak),
            ("History", self.history),
        ]
        return actions

    # Sessions.

    def sit(self, live: StudySession) -> None:
        report = Sitting(self.console, live).run()
        if report is not None:
            self.results(report, live.session_id)

    def practice(self) -> None:
        sections = self.study.catalog.sections()
        labels = [f"Every section ({len(self.study.catalog)} questions)"] + [
            f"{s} ({len(self.study.catalog.in_section(s))} questions)" for s in sections
        ]
        picked = choose(self.console, "Practise which section?", labels)
        if picked is None:
            return
        section = sections[picked - 1] if picked else None
        topic = None
        if section is not None:
            topics = self.study.catalog.topics(section)
            if len(topics) > 1:
                names = ["Every topic"] + [
                    f"{t} ({len(self.study.catalog.in_topic(section, t))} questions)"
                    for t in topics
                ]
                chosen = choose(self.console, "Which topic?", names)
                if chosen is None:
                    return
                topic = topics[chosen - 1] if chosen else None
        count = self._count()
        if count is None:
            return
        self.sit(self.study.start_practice(count, section=section, topic=topic))

    def _count(self) -> int | None:
        while True:
            line = self.console.ask(
                f"How many questions? Enter for {PRACTICE_COUNT}, q to go back:"
            )
            assert line is not None
            if not line:
                return PRACTICE_COUNT
            if line.casefold() == "q":
                return None
            if line.isdigit() and 1 <= int(line) <= 200:
                return int(line)
            self.console.say("Type a number from 1 to 200.")

    def exam(self) -> None:
        blueprints = list(self.study.catalog.blueprints.values())
        if not blueprints:
            self.console.say("No mock exam is loaded.")
            return
        labels = []
        for bp in blueprints:
            minutes = sum(s.minutes or 0 for s in bp.sections)
            timed = f"{spoken_time(minutes * 60)}" if minutes else "untimed"
            labels.append(f"{bp.title}: {plural(len(bp.sections), 'section')}, {timed}")
        picked = choose(self.console, "Which mock exam?", labels)
        if picked is None:
            return
        while True:
            line = self.console.ask("Form code to sit a form again, or Enter for a new form:")
            assert line is not None
            if not line:
                form = None
                break
            try:
                seed_from_code(line)
            except PlanError as error:
                self.console.say(f"{error}.")
                continue
            form = line
            break
        self.sit(self.study.start_exam(blueprints[picked].blueprint, form=form))

    def resume(self) -> None:
        rows = self.study.unfinished()
        labels = [
            f"{Plan.decode(r.plan).title}, started {r.started_at:%d %B %H:%M}, "
            f"{spoken_time(r.seconds)} used"
            for r in rows
        ]
        picked = choose(self.console, "Resume which exam?", labels)
        if picked is not None:
            self.sit(self.study.resume(rows[picked].id))

    def today(self) -> None:
        self.sit(self.study.start_today())

    def review_due(self) -> None:
        self.sit(self.study.start_review())

    def drill(self) -> None:
        self.sit(self.study.start_drill())

    def interview(self) -> None:
        study = self.study
        unfinished = study.unfinished_scenarios()
        scenarios = list(study.catalog.scenarios.values())
        labels = [
            f"Go on with: {study.catalog.scenarios[r.scenario_id].title} "
            f"({plural(len(r.path), 'move')} made)"
            for r in unfinished
        ] + [f"{s.title} (difficulty {s.difficulty})" for s in scenarios]
        if not labels:
            self.console.say("No interview scenario is loaded.")
            return
        picked = choose(self.console, "Which interview?", labels)
        if picked is None:
            return
        if picked < len(unfinished):
            live = study.resume_scenario(unfinished[picked].id)
        else:
            live = study.start_scenario(scenarios[picked - len(unfinished)].scenario)
        Interview(self.console, live).run()

    # Results and the history.

    def results(self, report: Report, session_id: str) -> None:
        self.console.blank()
        self.console.say(*report_lines(report))
        missed = [i.id for i in report.items if not full_marks(i.value)]
        while True:
            options = ["Review every question", "Review the wrong or partly wrong ones"]
            if any(i.flagged for i in report.items):
                options.append("Review the flagged ones")
            if missed:
                options.append(f"Practise the {plural(len(missed), 'missed one')} again")
            picked = choose(self.console, "What next?", options)
            if picked is None:
                return
            chosen = options[picked]
            if chosen.startswith("Practise"):
                self.sit(self.study.start_items(missed, "Practise the missed ones"))
                return
            only = "all" if "every" in chosen else "flagged" if "flagged" in chosen else "wrong"
            answers = SessionAnswers.load(self.study.store, session_id)
            review(self.console, self.study, answers, report, only)

    def weak(self) -> None:
        areas = self.study.weak_areas()
        self.console.blank()
        if areas.ranked:
            self.console.say("Topics, weakest first:")
            for m in areas.ranked:
                self.console.say(
                    f"{m.key}: {m.estimate * 100:.0f}%, likely between {m.low * 100:.0f} and "
                    f"{m.high * 100:.0f}, over {plural(m.answers, 'answer')}"
                    + ("" if m.trend in ("steady", "new") else f", {m.trend}")
                    + "."
                )
        if areas.unexplored:
            self.console.say(f"Not tried yet: {', '.join(areas.unexplored)}.")
        self.console.say(areas.recommendation)

    def history(self) -> None:
        rows = [r for r in self.study.history(50) if r.report is not None]
        if not rows:
            self.console.say("No finished session yet: practise or sit a mock exam first.")
            return
        labels = []
        for r in rows:
            report = Report.decode(r.report or "")
            verdict = "" if r.passed is None else (", passed" if r.passed else ", not passed")
            left = " (left before the end)" if r.state == "left" else ""
            labels.append(
                f"{r.started_at:%d %B %Y %H:%M}: {report.title}{left}, {report.percent:.1f}%"
                f"{verdict}, {spoken_time(r.seconds)}"
            )
        picked = choose(self.console, "Past sessions, newest first; pick one to review it:", labels)
        if picked is not None:
            row = rows[picked]
            self.results(Report.decode(row.report or ""), row.id)
