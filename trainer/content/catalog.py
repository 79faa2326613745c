"""The catalog: every loaded question, blueprint and scenario, with look-ups."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

import msgspec

from trainer.content.models import Blueprint, Draw, Question, Scenario

_K = TypeVar("_K")


class Item(msgspec.Struct, frozen=True, gc=False):
    """A question with what its bank says about it, and where it came from."""

    question: Question
    section: str
    topic: str
    bank: str
    source: str
    index: int

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def type(self) -> str:
        return str(type(self.question).__struct_config__.tag)


@dataclass(frozen=True, slots=True)
class _Index:
    by_id: dict[str, Item]
    by_section: dict[str, tuple[Item, ...]]
    by_topic: dict[tuple[str, str], tuple[Item, ...]]


def _index(items: tuple[Item, ...]) -> _Index:
    by_section: dict[str, list[Item]] = defaultdict(list)
    by_topic: dict[tuple[str, str], list[Item]] = defaultdict(list)
    by_id: dict[str, Item] = {}
    for item in items:
        by_id.setdefault(item.question.id, item)
        by_section[item.section].append(item)
        by_topic[item.section, item.topic].append(item)
    return _Index(by_id, _freeze(by_section), _freeze(by_topic))


class Catalog:
    """Every loaded item, looked up by id, section and topic, and selected by any filter.

    The look-up tables are built on first use, so a catalog costs nothing until it is asked.
    """

    def __init__(
        self,
        items: tuple[Item, ...] = (),
        blueprints: Mapping[str, Blueprint] | None = None,
        scenarios: Mapping[str, Scenario] | None = None,
    ) -> None:
        self.items = items
        self.blueprints: Mapping[str, Blueprint] = blueprints or {}
        """By id, in the order lists show them; the loader gives them in `listing_order`."""
        self.scenarios: Mapping[str, Scenario] = scenarios or {}

    @cached_property
    def _ix(self) -> _Index:
        return _index(self.items)

    @property
    def by_id(self) -> Mapping[str, Item]:
        return self._ix.by_id

    @cached_property
    def topic_keys(self) -> frozenset[str]:
        """Every topic that has an item, as `section/topic`: the key mastery is kept by."""
        return frozenset(f"{section}/{topic}" for section, topic in self._ix.by_topic)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, item_id: str) -> Item | None:
        return self.by_id.get(item_id)

    def sections(self) -> list[str]:
        return sorted(self._ix.by_section)

    def topics(self, section: str) -> list[str]:
        return sorted(topic for s, topic in self._ix.by_topic if s == section)

    def in_section(self, section: str) -> tuple[Item, ...]:
        return self._ix.by_section.get(section, ())

    def in_topic(self, section: str, topic: str) -> tuple[Item, ...]:
        return self._ix.by_topic.get((section, topic), ())

    def select(
        self,
        *,
        section: str | None = None,
        topic: str | None = None,
        tags: Iterable[str] = (),
        types: Iterable[str] = (),
        difficulty: Sequence[int] | None = None,
    ) -> list[Item]:
        """Items matching every filter given; `difficulty` is an inclusive [low, high] range."""
        if section is not None and topic is not None:
            pool: Iterable[Item] = self.in_topic(section, topic)
        elif section is not None:
            pool = self.in_section(section)
        else:
            pool = self.items
        wanted_tags, wanted_types = set(tags), set(types)
        return [
            item
            for item in pool
            if (topic is None or item.topic == topic)
            and wanted_tags <= set(item.question.tags)
            and (not wanted_types or item.type in wanted_types)
            and (difficulty is None or difficulty[0] <= item.question.difficulty <= difficulty[1])
        ]

    def drawable(self, draw: Draw) -> list[Item]:
        """The items a blueprint's draw rule may pick from."""
        return self.select(
            section=draw.section,
            topic=draw.topic,
            tags=draw.tags,
            types=draw.types,
            difficulty=draw.difficulty,
        )

    def summary(self) -> dict[str, Any]:
        """Counts of what is loaded, as plain values ready for JSON."""
        sections: dict[str, Any] = {}
        for section in self.sections():
            items = self.in_section(section)
            sections[section] = {
                "questions": len(items),
                "topics": {t: len(self.in_topic(section, t)) for t in self.topics(section)},
                "types": dict(sorted(Counter(i.type for i in items).items())),
                "difficulty": {
                    str(d): n
                    for d, n in sorted(Counter(i.question.difficulty for i in items).items())
                },
            }
        return {
            "questions": len(self.items),
            "sections": sections,
            "blueprints": [
                {
                    "id": b.blueprint,
                    "title": b.title,
                    "modelled_on": b.modelled_on,
                    "questions": sum(d.count for s in b.sections for d in s.draw),
                    "minutes": sum(s.minutes or 0 for s in b.sections),
                    "pass_mark": b.pass_mark,
                    "sections": [s.id for s in b.sections],
                }
                for b in self.blueprints.values()
            ],
            "scenarios": [
                {
                    "id": s.scenario,
                    "title": s.title,
                    "nodes": len(s.nodes),
                    "endings": len(s.endings),
                    "competencies": list(s.competencies),
                }
                for s in self.scenarios.values()
            ],
        }


def listing_order(blueprints: Iterable[tuple[int, Blueprint]]) -> dict[str, Blueprint]:
    """Blueprints by id in the order a person looks for them: by group, then by title.

    Each comes with its group's rank: the user's own folders first, in the order given, then the
    shipped ones. Where the files lie on disk plays no part, so the order is the same from any
    folder.
    """
    ranked = sorted(
        blueprints, key=lambda pair: (pair[0], pair[1].title.casefold(), pair[1].blueprint)
    )
    return {blueprint.blueprint: blueprint for _, blueprint in ranked}


def _freeze(groups: dict[_K, list[Item]]) -> dict[_K, tuple[Item, ...]]:
    return {key: tuple(items) for key, items in groups.items()}
