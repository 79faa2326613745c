"""The running summaries the SQLite history keeps beside its answers, so analytics never scan them.

Three tables, brought up to date from the answers recorded since they last were (`FOLD`) by
the first read that needs them, so recording an answer writes the answer and no more:
- `tallies`: per profile, topic and set of tags, the scored answers that count (a changed answer
  is taken out), their total score, the same two weighted by age, and the last three weeks apart.
  The weights are 2^((day - REFERENCE_DAY) / HALF_LIFE_DAYS), `day` being the middle day of the
  answer's week, so the weight on any later day is one multiplication away
  (`weighted_on`); the three weeks (`week`, `week - 1`, `week - 2` for `week` the latest seen)
  give the recent trend exactly.
- `item_tallies`: per profile and item, every attempt: how many, the lowest score, the seconds.
- `day_activity`: per profile and UTC date, how many answers were given.
`tallied` holds the id of the last answer they count. An answer changed after it was counted is
taken out at once, by a trigger; one changed before is never counted. `REBUILD` computes all
three again from the answers; it and the running summaries must always agree.
"""

from __future__ import annotations

from typing import Final

HALF_LIFE_DAYS: Final = 30.0
"""An answer counts half as much after this many days (the engine's mastery half-life)."""
REFERENCE_DAY: Final = 20454
"""2026-01-01: weights are one around here, so sums stay far from overflow for a century."""
RING: Final = 3
"""Weeks kept apart in each tally: enough to cover any 14-day window ending today."""

LIMIT_DAYS: Final = 27000
"""Days from REFERENCE_DAY past which weights stop growing: 2^900 is still a finite double."""

_WEIGHT = (
    f"pow(2.0, min(max({{week}} * 7 + 3 - {REFERENCE_DAY}, -{LIMIT_DAYS}), {LIMIT_DAYS})"
    f" / {HALF_LIFE_DAYS})"
)


def ring_update(table: str = "") -> str:
    """The SET clauses that move a tally's three weeks on when a later week's answer arrives
    (`table` qualifies the row's own columns, which PostgreSQL requires)."""
    week = f"{table}week"
    shift = f"(excluded.week - {week})"
    out = []
    for name, add in (("c", "1"), ("t", "excluded.total")):
        c0, c1, c2 = (f"{table}{name}{j}" for j in range(RING))
        out.append(
            f"{name}0 = CASE WHEN {shift} > 0 THEN {add} WHEN {shift} = 0 THEN {c0} + {add}"
            f" ELSE {c0} END"
        )
        out.append(
            f"{name}1 = CASE WHEN {shift} = 1 THEN {c0} WHEN {shift} > 1 THEN 0"
            f" WHEN {shift} = -1 THEN {c1} + {add} ELSE {c1} END"
        )
        out.append(
            f"{name}2 = CASE WHEN {shift} = 2 THEN {c0} WHEN {shift} = 1 THEN {c1}"
            f" WHEN {shift} > 2 THEN 0 WHEN {shift} = -2 THEN {c2} + {add} ELSE {c2} END"
        )
    return ", ".join(out)


def ring_remove(as_number: str = "") -> str:
    """The SET clauses that take an answer of week OLD.week out of a tally's three weeks
    (`as_number` is the cast that makes a truth value a number: PostgreSQL needs `::int`)."""
    out = []
    for j in range(RING):
        hit = f"(week - OLD.week = {j}){as_number}"
        out.append(f"c{j} = c{j} - {hit}, t{j} = t{j} - {hit} * OLD.score")
    return ", ".join(out)


_NEW_WEIGHT = _WEIGHT.format(week="NEW.week")
_OLD_WEIGHT = _WEIGHT.format(week="OLD.week")

TABLES: Final = f"""
CREATE TABLE tallies (
    profile_id INTEGER NOT NULL,
    topic TEXT NOT NULL,
    tags TEXT NOT NULL,
    count INTEGER NOT NULL,
    total REAL NOT NULL,
    weighted_count REAL NOT NULL,
    weighted_total REAL NOT NULL,
    week INTEGER NOT NULL,
    c0 INTEGER NOT NULL DEFAULT 0, t0 REAL NOT NULL DEFAULT 0,
    c1 INTEGER NOT NULL DEFAULT 0, t1 REAL NOT NULL DEFAULT 0,
    c2 INTEGER NOT NULL DEFAULT 0, t2 REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (profile_id, topic, tags)
) WITHOUT ROWID;
CREATE TABLE item_tallies (
    profile_id INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    lowest REAL,
    seconds REAL NOT NULL,
    last_at TEXT NOT NULL,
    PRIMARY KEY (profile_id, item_id)
) WITHOUT ROWID;
CREATE TABLE day_activity (
    profile_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    answers INTEGER NOT NULL,
    PRIMARY KEY (profile_id, date)
) WITHOUT ROWID;
CREATE TRIGGER answers_supersede BEFORE INSERT ON answers BEGIN
    UPDATE answers SET superseded = 1
        WHERE session_id = NEW.session_id AND item_id = NEW.item_id AND superseded = 0;
END;
CREATE TRIGGER answers_tally AFTER INSERT ON answers BEGIN
    INSERT INTO tallies(profile_id, topic, tags, count, total, weighted_count, weighted_total,
                        week, c0, t0)
        SELECT NEW.profile_id, NEW.section || '/' || NEW.topic, NEW.tags, 1, NEW.score,
               {_NEW_WEIGHT}, {_NEW_WEIGHT} * NEW.score, NEW.week, 1, NEW.score
        WHERE NEW.score IS NOT NULL AND NEW.superseded = 0
        ON CONFLICT DO UPDATE SET count = count + 1, total = total + excluded.total,
            weighted_count = weighted_count + excluded.weighted_count,
            weighted_total = weighted_total + excluded.weighted_total,
            week = max(week, excluded.week), {ring_update()};
    INSERT INTO item_tallies(profile_id, item_id, attempts, lowest, seconds, last_at)
        VALUES (NEW.profile_id, NEW.item_id, 1, NEW.score, NEW.seconds, NEW.answered_at)
        ON CONFLICT DO UPDATE SET attempts = attempts + 1,
            lowest = min(coalesce(lowest, excluded.lowest), coalesce(excluded.lowest, lowest)),
            seconds = seconds + excluded.seconds, last_at = max(last_at, excluded.last_at);
    INSERT INTO day_activity(profile_id, date, answers)
        VALUES (NEW.profile_id, substr(NEW.answered_at, 1, 10), 1)
        ON CONFLICT DO UPDATE SET answers = answers + 1;
END;
CREATE TRIGGER answers_untally AFTER UPDATE OF superseded ON answers
    WHEN OLD.superseded = 0 AND NEW.superseded = 1 AND OLD.score IS NOT NULL BEGIN
    UPDATE tallies SET count = count - 1, total = total - OLD.score,
            weighted_count = weighted_count - {_OLD_WEIGHT},
            weighted_total = weighted_total - {_OLD_WEIGHT} * OLD.score, {ring_remove()}
        WHERE profile_id = OLD.profile_id AND topic = OLD.section || '/' || OLD.topic
          AND tags = OLD.tags;
END;
"""

_RING_SUMS = ", ".join(
    f"sum(week = latest - {j}), coalesce(sum((week = latest - {j}) * score), 0)"
    for j in range(RING)
)

REBUILD: Final = f"""
DELETE FROM tallies;
DELETE FROM item_tallies;
DELETE FROM day_activity;
INSERT INTO tallies(profile_id, topic, tags, count, total, weighted_count, weighted_total, week,
                    c0, t0, c1, t1, c2, t2)
    SELECT profile_id, topic, tags, count(*), sum(score), sum(weight), sum(weight * score),
           latest, {_RING_SUMS}
    FROM (SELECT profile_id, section || '/' || topic AS topic, tags, score, week,
                 {_WEIGHT.format(week="week")} AS weight,
                 max(week) OVER (PARTITION BY profile_id, section, topic, tags) AS latest
          FROM answers WHERE superseded = 0 AND score IS NOT NULL)
    GROUP BY profile_id, topic, tags;
INSERT INTO item_tallies(profile_id, item_id, attempts, lowest, seconds, last_at)
    SELECT profile_id, item_id, count(*), min(score), sum(seconds), max(answered_at)
    FROM answers GROUP BY profile_id, item_id;
INSERT INTO day_activity(profile_id, date, answers)
    SELECT profile_id, substr(answered_at, 1, 10), count(*) FROM answers
    GROUP BY profile_id, substr(answered_at, 1, 10);
"""


def _recent(column: str) -> str:
    """A tally's answers (or total) in the weeks of its ring from week `:since` on."""
    return " + ".join(
        f"CASE WHEN week - {j} >= :since THEN {column}{j} ELSE 0 END" for j in range(RING)
    )


_GROUPED = (
    "sum(count), sum(total), sum(weighted_count), sum(weighted_total),"
    f" sum({_recent('c')}), sum({_recent('t')})"
    " FROM tallies WHERE profile_id = :profile AND count > 0"
)
KEY_TALLIES: Final = f"""
SELECT 'topic', topic, {_GROUPED} GROUP BY topic
UNION ALL
SELECT 'tags', tags, {_GROUPED} AND tags != '' GROUP BY tags
"""
"""The tallies summed per topic and per set of tags, in the database: a few dozen rows where the
tallies are a row for every topic and set of tags. Weighted sums are as stored (multiply by
`weighted_on(day)`); `:since` is the first week whose answers are recent."""

TOPIC_TALLIES: Final = """
SELECT profile_id, topic, sum(count), sum(total), sum(weighted_count), sum(weighted_total)
FROM tallies WHERE count > 0 GROUP BY profile_id, topic
"""
"""Every profile's tallies summed per topic, in the primary key's order (no sort): the cohort
report's evidence, weighted as `KEY_TALLIES` gives it (multiply by `weighted_on(day)`), without
the recent weeks (half the query's time) since the report shows no trend."""


MIGRATION: Final = f"""
CREATE INDEX cards_urgent ON cards(profile_id, priority DESC, due);
DROP INDEX answers_by_item;
DROP INDEX answers_mastery;
DROP INDEX answers_tags;
{TABLES}
{REBUILD}
"""
"""Schema 2: the summaries replace the indexes the analytics used to scan answers by, and due
cards are read in the order they are wanted (most urgent first) so the first hundred end it."""


def ring_merge(table: str = "") -> str:
    """The SET clauses that add the three weeks of the tally about to be written (`excluded`)
    to the stored one's, each anchored at the later of their two latest weeks."""
    week = f"{table}week"
    moved = {
        table: f"(CASE WHEN excluded.week > {week} THEN excluded.week - {week} ELSE 0 END)",
        "excluded.": f"(CASE WHEN {week} > excluded.week THEN {week} - excluded.week ELSE 0 END)",
    }
    out = []
    for name in ("c", "t"):
        for j in range(RING):
            parts = []
            for source, shift in moved.items():
                slots = " ".join(f"WHEN {k} THEN {source}{name}{k}" for k in range(RING))
                parts.append(f"CASE {j} - {shift} {slots} ELSE 0 END")
            out.append(f"{name}{j} = {' + '.join(parts)}")
    return ", ".join(out)


PENDING: Final = "SELECT through, (SELECT max(id) FROM answers) FROM tallied"
"""The last answer the summaries count, and the last answer recorded."""

_RANGE = "id > :after AND id <= :through"

FOLD: Final = (
    f"""
INSERT INTO tallies(profile_id, topic, tags, count, total, weighted_count, weighted_total, week,
                    c0, t0, c1, t1, c2, t2)
    SELECT profile_id, topic, tags, count(*), sum(score), sum(weight), sum(weight * score),
           latest, {_RING_SUMS}
    FROM (SELECT profile_id, section || '/' || topic AS topic, tags, score, week,
                 {_WEIGHT.format(week="week")} AS weight,
                 max(week) OVER (PARTITION BY profile_id, section, topic, tags) AS latest
          FROM answers WHERE {_RANGE} AND superseded = 0 AND score IS NOT NULL)
    WHERE true GROUP BY profile_id, topic, tags
    ON CONFLICT DO UPDATE SET count = count + excluded.count, total = total + excluded.total,
        weighted_count = weighted_count + excluded.weighted_count,
        weighted_total = weighted_total + excluded.weighted_total,
        week = max(week, excluded.week), {ring_merge()}
""",
    f"""
INSERT INTO item_tallies(profile_id, item_id, attempts, lowest, seconds, last_at)
    SELECT profile_id, item_id, count(*), min(score), sum(seconds), max(answered_at)
    FROM answers WHERE {_RANGE} GROUP BY profile_id, item_id
    ON CONFLICT DO UPDATE SET attempts = attempts + excluded.attempts,
        lowest = min(coalesce(lowest, excluded.lowest), coalesce(excluded.lowest, lowest)),
        seconds = seconds + excluded.seconds, last_at = max(last_at, excluded.last_at)
""",
    f"""
INSERT INTO day_activity(profile_id, date, answers)
    SELECT profile_id, substr(answered_at, 1, 10), count(*) FROM answers WHERE {_RANGE}
    GROUP BY profile_id, substr(answered_at, 1, 10)
    ON CONFLICT DO UPDATE SET answers = answers + excluded.answers
""",
    "UPDATE tallied SET through = :through",
)
"""The answers after `:after` up to `:through` added to the summaries in a few statements, and
`:through` marked as counted; a tally's weeks merge as `ring_merge` says, so the summaries
come out as one answer at a time would have left them."""

TALLIED_ALL: Final = "UPDATE tallied SET through = (SELECT coalesce(max(id), 0) FROM answers)"
"""After a rebuild: every answer is counted."""

_UNTALLY = f"""
    UPDATE tallies SET count = count - 1, total = total - OLD.score,
            weighted_count = weighted_count - {_OLD_WEIGHT},
            weighted_total = weighted_total - {_OLD_WEIGHT} * OLD.score, {ring_remove()}
        WHERE profile_id = OLD.profile_id AND topic = OLD.section || '/' || OLD.topic
          AND tags = OLD.tags;
"""

FOLDING: Final = f"""
CREATE TABLE tallied (through INTEGER NOT NULL);
INSERT INTO tallied SELECT coalesce(max(id), 0) FROM answers;
DROP TRIGGER answers_tally;
DROP TRIGGER answers_untally;
CREATE TRIGGER answers_untally AFTER UPDATE OF superseded ON answers
    WHEN OLD.superseded = 0 AND NEW.superseded = 1 AND OLD.score IS NOT NULL
         AND OLD.id <= (SELECT through FROM tallied) BEGIN{_UNTALLY}END;
"""
"""Schema 8: the summaries are brought up to date when they are read, not with each answer
(every answer so far was counted by the triggers this drops)."""


def weighted_on(day: int) -> float:
    """The factor that turns a stored weighted sum into the weights as they stand on `day`."""
    exponent = min(max(REFERENCE_DAY - day, -LIMIT_DAYS), LIMIT_DAYS) / HALF_LIFE_DAYS
    return float(2.0**exponent)
