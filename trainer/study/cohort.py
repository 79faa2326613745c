"""The cohort report read from the history: every profile, in a handful of queries over the
running summaries, put through the engine's cohort module."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from trainer.content.catalog import Catalog
from trainer.engine import cohort
from trainer.engine.readiness import Layout, layout
from trainer.store.base import Store
from trainer.store.records import ProfileActivity, SessionRow
from trainer.store.sqlite import day_number

DEFAULT_DAYS = 30
"""The report's window of days unless asked for another."""


def report(
    catalog: Catalog,
    store: Store,
    now: datetime,
    *,
    days: int = DEFAULT_DAYS,
    min_candidates: int = cohort.MIN_CANDIDATES,
    layouts: dict[str, Layout] | None = None,
) -> cohort.Report:
    """The cohort report as of `now`: days are UTC dates, the window the `days` ending today.
    `layouts` keeps what each mock draws from one report to the next (the catalog never
    changes), as the coach keeps them."""
    if days < 1:
        raise ValueError(f"the window takes 1 or more days, not {days}")
    today = now.astimezone(UTC).date()
    day = day_number(now)
    per_profile = cohort.evidence(store.topic_tallies(day))
    goals = {g.profile_id: g.blueprint for g in store.goals()}
    mocks = {m.profile_id: m for m in store.last_mocks()}
    activity = store.profiles_activity(today, days)
    with ThreadPoolExecutor(1, thread_name_prefix="cohort") as reader:
        # The class's misses are read (the store's own work, out of the interpreter's lock)
        # while the readiness of each candidate is worked out.
        misses = reader.submit(store.item_misses, min_candidates, cohort.MOST_MISSED)
        candidates = _candidates(catalog, activity, per_profile, goals, mocks, layouts)
        missed = cohort.most_missed(misses.result(), min_candidates=min_candidates)
    all_topics = {f"{i.section}/{i.topic}" for i in catalog.items}
    topics, untried = cohort.class_topics(per_profile.values(), all_topics)
    return cohort.Report(today, days, tuple(candidates), topics, untried, missed, min_candidates)


def _candidates(
    catalog: Catalog,
    activity: Iterable[ProfileActivity],
    per_profile: Mapping[int, cohort.Evidence],
    goals: Mapping[int, str],
    mocks: Mapping[int, SessionRow],
    layouts: dict[str, Layout] | None,
) -> list[cohort.Candidate]:
    """Each profile's line: activity, last mock and readiness for its goal's mock."""
    layouts = {} if layouts is None else layouts
    candidates = []
    for row in activity:
        goal = goals.get(row.profile_id)
        found = None
        blueprint = catalog.blueprints.get(goal) if goal is not None else None
        if blueprint is not None:
            drawn = layouts.get(blueprint.blueprint)
            if drawn is None:
                drawn = layouts[blueprint.blueprint] = layout(blueprint, catalog)
            found = cohort.candidate_readiness(drawn, per_profile.get(row.profile_id, {}))
        mock = mocks.get(row.profile_id)
        last = None
        if mock is not None and mock.blueprint is not None and mock.finished_at is not None:
            finished = mock.finished_at.astimezone(UTC).date()
            last = cohort.Mock(mock.blueprint, mock.score, mock.passed, finished)
        candidates.append(
            cohort.Candidate(
                name=row.name,
                answers=row.answers,
                week=row.week,
                window=row.window,
                days_studied=row.days,
                last_active=row.last_day,
                last_mock=last,
                goal=goal,
                readiness=found,
            )
        )
    return candidates
