"""The report on a finished session: pass or fail, and scores per section, topic and item."""

from __future__ import annotations

from collections import defaultdict

import msgspec

from trainer.content.catalog import Catalog
from trainer.content.models import Confidence, SessionMode
from trainer.engine import adaptive_section
from trainer.engine.plan import PlannedSection
from trainer.engine.scoring import all_or_nothing
from trainer.engine.session import SessionState


class ItemResult(msgspec.Struct, frozen=True, kw_only=True):
    """How one item went."""

    id: str
    section: str
    topic: str
    value: float
    answered: bool
    flagged: bool
    seconds: float
    confidence: Confidence | None = None

    @property
    def confident_wrong(self) -> bool:
        return self.confidence == "high" and self.value < 0.5


class SectionResult(msgspec.Struct, frozen=True, kw_only=True):
    """How one section went, with the time used against its pace."""

    id: str
    title: str
    percent: float
    answered: int
    items: int
    seconds: float
    allowed: float | None
    pace: float | None
    """Seconds per item an even pace through the timed section allows."""
    passed: bool | None
    adaptive: adaptive_section.Result | None = None
    """An adaptive section's ability estimate; its `percent` is then the estimate's on the
    score scale, not the share of served questions answered right."""


class TopicResult(msgspec.Struct, frozen=True, kw_only=True):
    section: str
    topic: str
    percent: float
    items: int


class Report(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the results screen and the history show about a session."""

    title: str
    mode: SessionMode
    percent: float
    passed: bool | None
    pass_mark: float | None
    form_code: str | None
    seconds: float
    sections: tuple[SectionResult, ...]
    topics: tuple[TopicResult, ...]
    items: tuple[ItemResult, ...]

    @property
    def confident_wrong(self) -> list[str]:
        return [i.id for i in self.items if i.confident_wrong]

    def encode(self) -> str:
        return msgspec.json.encode(self).decode()

    @staticmethod
    def decode(text: str) -> Report:
        return msgspec.json.decode(text, type=Report)


def _percent(values: list[float]) -> float:
    return round(100.0 * sum(values) / len(values), 1) if values else 0.0


def _pace(section: PlannedSection) -> float | None:
    """Seconds per question at an even pace (an adaptive section's longest test)."""
    if not section.seconds:
        return None
    return section.seconds / max(section.length, 1)


def build_report(state: SessionState, catalog: Catalog) -> Report:
    """Score a session as its plan says (partial or all-or-nothing); judge it by the pass mark."""
    plan = state.plan
    strict = plan.scoring == "all_or_nothing"
    items: list[ItemResult] = []
    sections: list[SectionResult] = []
    weighted: list[tuple[float, float]] = []
    by_topic: dict[tuple[str, str], list[float]] = defaultdict(list)
    for index, section in enumerate(plan.sections):
        values = []
        for planned in section.items:
            given = state.answers.get(planned.id)
            value = 0.0 if given is None else given.value
            value = all_or_nothing(value) if strict else value
            catalog_item = catalog.get(planned.id)
            topic = catalog_item.topic if catalog_item else "?"
            subject = catalog_item.section if catalog_item else "?"
            by_topic[subject, topic].append(value)
            values.append(value)
            items.append(
                ItemResult(
                    id=planned.id,
                    section=section.id,
                    topic=f"{subject}/{topic}",
                    value=value,
                    answered=given is not None,
                    flagged=planned.id in state.flags,
                    seconds=given.seconds if given else 0.0,
                    confidence=given.confidence if given else None,
                )
            )
        percent = _percent(values)
        judged = None if plan.pass_mark is None else percent >= plan.pass_mark
        weight = float(len(section.items))
        estimate = None
        if section.adaptive is not None:
            timed_out = section.seconds is not None and (
                state.timing.elapsed[index] >= section.seconds
            )
            latest = {item: given.value for item, given in state.answers.items()}
            served = [p.id for p in section.items]
            estimate = adaptive_section.result(
                section.adaptive, plan.seed, served, latest, timed_out=timed_out
            )
            percent, judged = estimate.percent, estimate.passed
            weight = float(section.adaptive.form_items or section.adaptive.max_items)
        weighted.append((percent, weight))
        sections.append(
            SectionResult(
                id=section.id,
                title=section.title,
                percent=percent,
                answered=sum(1 for p in section.items if p.id in state.answers),
                items=len(section.items),
                seconds=round(state.timing.elapsed[index], 1),
                allowed=section.seconds,
                pace=_pace(section),
                passed=judged,
                adaptive=estimate,
            )
        )
    if any(s.adaptive for s in sections):
        total = sum(w for _, w in weighted)
        overall = round(sum(p * w for p, w in weighted) / total, 1) if total else 0.0
    else:
        overall = _percent([i.value for i in items])
    passed: bool | None = None
    if plan.pass_mark is not None:
        if plan.pass_rule == "every_section":
            passed = all(bool(s.passed) for s in sections)
        else:
            passed = overall >= plan.pass_mark
    topics = tuple(
        TopicResult(section=s, topic=t, percent=_percent(v), items=len(v))
        for (s, t), v in sorted(by_topic.items())
    )
    return Report(
        title=plan.title,
        mode=plan.mode,
        percent=overall,
        passed=passed,
        pass_mark=plan.pass_mark,
        form_code=plan.form_code,
        seconds=round(sum(state.timing.elapsed), 1),
        sections=tuple(sections),
        topics=topics,
        items=tuple(items),
    )
