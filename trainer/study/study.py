"""Study: the engine bound to the history, for one profile; it starts and resumes sessions and
reads the history back."""

from __future__ import annotations

import random
from collections.abc import Sequence
from types import MappingProxyType

from trainer.content.catalog import Catalog, Item
from trainer.content.models import SessionMode
from trainer.engine import adaptive_section, mastery
from trainer.engine import scenario as scenario_engine
from trainer.engine.clock import Clock
from trainer.engine.drill import drill_items
from trainer.engine.plan import (
    SEED_BITS,
    Plan,
    PlanError,
    draw_exam,
    list_plan,
    practice_items,
    seed_from_code,
)
from trainer.engine.session import Given, SessionError, SessionState, Timing
from trainer.store.base import Store
from trainer.store.records import PredictionRow, ScenarioRunRow, SessionRow
from trainer.store.sqlite import day_number
from trainer.study import calibration
from trainer.study.coaching import Coach
from trainer.study.interviews import InterviewSession
from trainer.study.sessions import StudySession


class Study:
    """One candidate's study: starts and resumes sessions, and reads the history back."""

    def __init__(
        self,
        catalog: Catalog,
        store: Store,
        clock: Clock,
        rng: random.Random,
        *,
        profile: str = "default",
    ) -> None:
        self.catalog = catalog
        self.store = store
        self.clock = clock
        self.rng = rng
        self.profile_id = store.profile(profile, clock.now())
        self.coach = Coach(self)

    def _session_id(self) -> str:
        """A new id, drawn again in the rare case it is taken (a replayed seed, a shared store)."""
        while True:
            candidate = f"{self.clock.now():%Y%m%d-%H%M%S}-{self.rng.getrandbits(32):08x}"
            if self.store.session(candidate) is None:
                return candidate

    def _begin(self, plan: Plan) -> StudySession:
        state = SessionState.start(plan)
        row = SessionRow(
            id=self._session_id(),
            profile_id=self.profile_id,
            mode=plan.mode,
            started_at=self.clock.now(),
            plan=plan.encode(),
            blueprint=plan.blueprint,
            form_code=plan.form_code,
            seed=plan.seed,
            section_elapsed=state.timing.encode(),
        )
        self.store.start_session(row)
        return StudySession(self, row.id, state)

    def new_seed(self) -> int:
        return self.rng.getrandbits(SEED_BITS)

    def start_practice(
        self,
        count: int = 10,
        *,
        section: str | None = None,
        topic: str | None = None,
        tags: Sequence[str] = (),
        difficulty: Sequence[int] | None = None,
        seed: int | None = None,
    ) -> StudySession:
        """Tutor mode: feedback and the explanation right after each answer."""
        seed = self.new_seed() if seed is None else seed
        items = practice_items(
            self.catalog,
            random.Random(seed),
            count,
            section=section,
            topic=topic,
            tags=tags,
            difficulty=difficulty,
        )
        title = "Practice" + (f": {section}" if section else "") + (f" / {topic}" if topic else "")
        return self._begin(list_plan("practice", title, items, seed))

    def start_exam(self, blueprint_id: str, *, form: str | int | None = None) -> StudySession:
        """A mock exam drawn from a blueprint; `form` (a form code or seed) repeats a form. An
        adaptive section's questions carry their calibrated parameters as the exam begins."""
        blueprint = self.catalog.blueprints.get(blueprint_id)
        if blueprint is None:
            raise PlanError(f"no mock exam {blueprint_id!r}")
        if isinstance(form, str):
            seed = seed_from_code(form)
        else:
            seed = self.new_seed() if form is None else form
        adaptive = any(section.adaptive for section in blueprint.sections)
        fitted = calibration.parameters(self.catalog, self.store) if adaptive else None
        live = self._begin(draw_exam(self.catalog, blueprint, seed, fitted))
        self._predict(live.session_id, blueprint_id)
        return live

    def _predict(self, session_id: str, blueprint_id: str) -> None:
        """Keep what readiness expects of a mock as it begins, to set against its score."""
        found = self.coach.readiness(blueprint_id, project=False).today
        if found is None:
            return
        self.store.save_prediction(
            PredictionRow(
                session_id=session_id,
                profile_id=self.profile_id,
                blueprint=blueprint_id,
                made_at=self.clock.now(),
                median=round(found.score.median, 1),
                low=round(found.score.low, 1),
                high=round(found.score.high, 1),
                p_pass=round(found.p_pass or 0.0, 3),
            )
        )

    def start_drill(self, count: int = 10) -> StudySession:
        """Items from the weakest topics, missed ones preferred."""
        ranked = self.weak_areas().ranked
        candidates = [i.id for m in ranked[:3] for i in self.catalog.in_topic(*m.key.split("/", 1))]
        lowest = self.store.item_history(self.profile_id, candidates)
        seed = self.new_seed()
        items = drill_items(self.catalog, ranked, lowest, random.Random(seed), count)
        return self._begin(list_plan("drill", "Weak-area drill", items, seed))

    def start_items(self, item_ids: Sequence[str], title: str = "Practice") -> StudySession:
        """Tutor mode over chosen items, such as the ones missed in a mock exam."""
        items = [item for i in item_ids if (item := self.catalog.get(i)) is not None]
        if not items:
            raise PlanError("none of those questions is in the loaded content")
        return self._begin(list_plan("practice", title, items, self.new_seed()))

    def due(self, limit: int = 100) -> list[Item]:
        """Items due for review now, the urgent and most overdue first."""
        cards = self.store.due_cards(self.profile_id, self.clock.now(), limit=limit)
        return [item for c in cards if (item := self.catalog.get(c.item_id)) is not None]

    def start_review(self, limit: int = 20) -> StudySession:
        items = self.due(limit)
        if not items:
            raise PlanError("nothing is due for review")
        return self._begin(list_plan("review", "Spaced review", items, self.new_seed()))

    def start_today(self) -> StudySession:
        """Today's work from the plan: the mock exam on a mock day; else one tutor-mode session
        of the reviews due, the new items, then the drills' questions from their topics."""
        plan = self.coach.plan()
        day = plan.days[0]
        if day.mock is not None:
            return self.start_exam(day.mock)
        chosen = [i for i in (*day.reviews, *day.new) if i in self.catalog.by_id]
        seed = self.new_seed()
        rng = random.Random(seed)
        taken = set(chosen)
        for topic, count in day.drills:
            section, name = topic.split("/", 1)
            pool = [i for i in self.catalog.in_topic(section, name) if i.id not in taken]
            picked = rng.sample(sorted(pool, key=lambda i: i.id), min(count, len(pool)))
            taken.update(i.id for i in picked)
            chosen.extend(i.id for i in picked)
        if not chosen:
            raise PlanError("nothing is planned for today: the plan resumes tomorrow")
        items = [self.catalog.by_id[i] for i in chosen]
        return self._begin(list_plan("practice", "Today's plan", items, seed))

    def unfinished(self, mode: SessionMode | None = "exam") -> list[SessionRow]:
        return self.store.open_sessions(self.profile_id, mode)

    def resume(self, session_id: str) -> StudySession:
        """Rebuild an unfinished session exactly as it was last saved."""
        row = self.store.session(session_id)
        if row is None:
            raise SessionError(f"no session {session_id!r}")
        if row.state != "open":
            raise SessionError(f"session {session_id!r} is already {row.state}")
        plan = Plan.decode(row.plan)
        rows = self.store.answers(session_id, latest_only=False)
        answers = {
            a.item_id: Given(
                a.response,
                a.score if a.score is not None else 0.0,
                a.confidence,
                a.seconds,
            )
            for a in rows
        }
        served = {
            k: adaptive_section.replay(
                section.adaptive, plan.seed, ((a.item_id, a.score or 0.0) for a in rows)
            )
            for k, section in enumerate(plan.sections)
            if section.adaptive is not None
        }
        for k, now in served.items():
            plan = plan.with_section(k, plan.sections[k].serving(now.items))
        states = self.store.item_states(session_id)
        state = SessionState(
            plan=plan,
            timing=Timing.decode(row.section_elapsed),
            section=row.section,
            position=row.position,
            answers=MappingProxyType(answers),
            flags=frozenset(s.item_id for s in states if s.flagged),
            struck=MappingProxyType({s.item_id: s.struck for s in states}),
        )
        return StudySession(self, session_id, state, served)

    def start_scenario(self, scenario_id: str) -> InterviewSession:
        """An interview run, saved after every step."""
        found = self.catalog.scenarios.get(scenario_id)
        if found is None:
            raise PlanError(f"no interview scenario {scenario_id!r}")
        run_id = f"run-{self._session_id()}"
        live = InterviewSession(self, run_id, scenario_engine.start(found), self.clock.now())
        live.save()
        return live

    def unfinished_scenarios(self) -> list[ScenarioRunRow]:
        """Interview runs left before their end, newest first: the latest of each scenario that
        is still in the catalog (an older run of the same scenario was given up for a newer)."""
        latest: dict[str, ScenarioRunRow] = {}
        for row in self.store.scenario_runs(self.profile_id):
            if row.scenario_id not in latest:
                latest[row.scenario_id] = row
        return [
            row
            for row in latest.values()
            if row.finished_at is None and row.scenario_id in self.catalog.scenarios
        ]

    def resume_scenario(self, run_id: str) -> InterviewSession:
        """Rebuild an interview run by replaying its saved moves; it goes on saving as before."""
        row = next((r for r in self.store.scenario_runs(self.profile_id) if r.id == run_id), None)
        if row is None:
            raise PlanError(f"no interview run {run_id!r}")
        if row.finished_at is not None:
            raise PlanError("that interview is finished: its debrief is in the history")
        found = self.catalog.scenarios.get(row.scenario_id)
        if found is None:
            raise PlanError(f"the interview {row.scenario_id!r} is no longer in the content")
        live = InterviewSession(self, row.id, scenario_engine.start(found), row.started_at)
        try:
            for move in row.path:
                live.replay(move)
        except (scenario_engine.ScenarioError, ValueError, TypeError, KeyError) as error:
            raise PlanError(
                f"the interview {found.title!r} has changed since this run was saved, so it "
                f"cannot be resumed ({error}); start it again"
            ) from None
        return live

    def weak_areas(self) -> mastery.WeakAreas:
        due = self.store.count_due(self.profile_id, self.clock.now())
        return mastery.weak_areas(self.masteries(), self.catalog.topic_keys, due_reviews=due)

    def masteries(self) -> list[mastery.Mastery]:
        """Mastery of every topic, section, tag and competency, from the running summaries."""
        today = day_number(self.clock.now())
        evidence = mastery.from_key_tallies(
            self.store.key_tallies(self.profile_id, today, mastery.RECENT_DAYS)
        )
        evidence.update(mastery.from_buckets(self.store.competencies(self.profile_id), today))
        return mastery.estimate(evidence)

    def history(self, limit: int = 1000) -> list[SessionRow]:
        return self.store.sessions(self.profile_id, limit=limit)
