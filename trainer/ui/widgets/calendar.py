"""Days of study as a calendar: a row per weekday, a column per week, each day graded by answers."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta

from textual.content import Content
from textual.widget import Widget

from trainer.ui.widgets.styles import part_style

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
GRADE_FLOORS = (1, 10, 25, 50)
"""The fewest answers in a day for grades 1 to 4; a day without answers is grade 0."""
GLYPHS = "·░▒▓█"
CELL = 2
"""Characters a day takes; one space follows it."""


def grade(count: int) -> int:
    """The grade of a day with `count` answers: 0 for none, then 1-9, 10-24, 25-49, 50 and more."""
    return bisect_right(GRADE_FLOORS, count)


def grade_label(level: int) -> str:
    """The answers a grade stands for, as the legend prints it: `0`, `1-9`, ..., `50+`."""
    if level == 0:
        return "0"
    if level == len(GRADE_FLOORS):
        return f"{GRADE_FLOORS[-1]}+"
    return f"{GRADE_FLOORS[level - 1]}-{GRADE_FLOORS[level] - 1}"


def first_monday(today: date, weeks: int) -> date:
    """The Monday that starts a calendar of `weeks` weeks ending with the week of `today`."""
    return today - timedelta(days=today.weekday() + 7 * (weeks - 1))


def grid(activity: Mapping[str, int], today: date, weeks: int) -> list[list[int | None]]:
    """Grades as seven rows (Monday first) of `weeks` columns; None for days after `today`."""
    start = first_monday(today, weeks)
    rows: list[list[int | None]] = []
    for weekday in range(7):
        row: list[int | None] = []
        for week in range(weeks):
            day = start + timedelta(days=7 * week + weekday)
            row.append(None if day > today else grade(activity.get(day.isoformat(), 0)))
        rows.append(row)
    return rows


def month_labels(today: date, weeks: int) -> str:
    """Month names over the columns: each above the week its month begins in, and the first
    column's month when there is room for it."""
    start = first_monday(today, weeks)
    step = CELL + 1
    line = [" "] * (weeks * step + 3)
    labels: list[tuple[int, date]] = []
    for week in range(weeks):
        days = [start + timedelta(days=7 * week + d) for d in range(7)]
        labels += [(week, day) for day in days if day.day == 1]
    labels.append((0, start))
    for week, day in labels:
        at = week * step
        if all(c == " " for c in line[max(0, at - 1) : at + 4]):
            line[at : at + 3] = f"{day:%b}"
    return "".join(line).rstrip()


def summary(activity: Mapping[str, int], today: date) -> str:
    """Days studied, answers given and the current run of days with answers."""
    days = sum(1 for n in activity.values() if n > 0)
    answers = sum(activity.values())
    streak = 0
    day = today if activity.get(today.isoformat(), 0) else today - timedelta(days=1)
    while activity.get(day.isoformat(), 0) > 0:
        streak += 1
        day -= timedelta(days=1)
    if not answers:
        return "No answers yet: practise (p on home)"
    days_text = "1 day" if days == 1 else f"{days} days"
    answers_text = "1 answer" if answers == 1 else f"{answers:,} answers"
    run = f", a run of {streak} to date" if streak > 1 else ""
    return f"{days_text} studied, {answers_text}{run}"


class StudyCalendar(Widget):
    """The last weeks of study, a coloured and shaded cell a day, with a legend beneath."""

    COMPONENT_CLASSES = {  # noqa: RUF012 - Textual's class-level table
        "study-calendar--label",
        "study-calendar--today",
        *(f"study-calendar--grade-{n}" for n in range(len(GLYPHS))),
    }

    def __init__(self, weeks: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks = weeks
        self.activity: Mapping[str, int] = {}
        self.today: date | None = None

    def show(self, activity: Mapping[str, int], today: date) -> None:
        """Draw the weeks up to `today` from answers per day (`YYYY-MM-DD` to a count)."""
        self.activity = activity
        self.today = today
        self.refresh(layout=True)

    def _cell(self, level: int) -> Content:
        style = part_style(self, f"study-calendar--grade-{level}")
        return Content.styled(GLYPHS[level] * CELL, style)

    def render(self) -> Content:
        if self.today is None:
            return Content("")
        label = part_style(self, "study-calendar--label")
        lines = [Content.styled("    " + month_labels(self.today, self.weeks), label)]
        cells = grid(self.activity, self.today, self.weeks)
        today_row, today_column = self.today.weekday(), self.weeks - 1
        for weekday, row in enumerate(cells):
            parts = [Content.styled(f"{WEEKDAYS[weekday]} ", label)]
            for week, level in enumerate(row):
                cell = Content(" " * CELL) if level is None else self._cell(level)
                if (weekday, week) == (today_row, today_column):
                    # Today keeps its grade's colour; the mark adds only its own emphasis.
                    mark = replace(part_style(self, "study-calendar--today"), foreground=None)
                    cell = cell.stylize(mark)
                parts += [cell, Content(" ")]
            lines.append(Content.assemble(*parts).rstrip())
        legend = [Content("    ")]
        for level in range(len(GLYPHS)):
            glyph = part_style(self, f"study-calendar--grade-{level}")
            legend += [
                Content.styled(GLYPHS[level], glyph),
                Content.styled(grade_label(level) + " ", label),
            ]
        lines += [Content(""), Content.assemble(*legend).rstrip()]
        lines.append(Content.styled("    " + summary(self.activity, self.today), label))
        return Content("\n").join(lines)
