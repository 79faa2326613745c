"""History and weak areas as a dashboard: calendar grades, topic bars, the score plot's axis."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.style import Style
from textual.widgets import Static
from textual_plotext import PlotextPlot

from tests.conftest import Write
from tests.factory import fill_history
from tests.pilot import EXAM, content_app, press, settle
from tests.samples import BANK
from trainer.engine.mastery import Mastery
from trainer.ui.app import TrainerApp
from trainer.ui.screens.history import HistoryScreen
from trainer.ui.screens.question import QuestionScreen
from trainer.ui.screens.weak import WeakScreen
from trainer.ui.widgets.calendar import (
    StudyCalendar,
    grade,
    grade_label,
    grid,
    month_labels,
    summary,
)
from trainer.ui.widgets.scores import attempt_ticks, percent_ticks
from trainer.ui.widgets.topic_bars import BAR_MIN, TopicBars, bar, topic_line

VWP = Mastery("topic", "law/vwp", 0.64, 0.55, 0.73, 126, "rising")


def no_styles(part: str) -> Style:
    return Style()


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, 0), (1, 1), (9, 1), (10, 2), (24, 2), (25, 3), (49, 3), (50, 4), (900, 4)],
)
def test_a_days_grade_follows_its_answer_count(count: int, expected: int) -> None:
    assert grade(count) == expected


def test_the_legend_names_the_answers_each_grade_stands_for() -> None:
    assert [grade_label(n) for n in range(5)] == ["0", "1-9", "10-24", "25-49", "50+"]


def test_the_grid_has_a_row_per_weekday_and_nothing_after_today() -> None:
    today = date(2026, 3, 4)  # a Wednesday
    cells = grid({"2026-03-02": 12, "2026-02-24": 1, "2026-03-03": 60}, today, weeks=2)
    assert len(cells) == 7
    assert all(len(row) == 2 for row in cells)
    assert cells[0] == [0, 2]  # Mondays: 23 Feb, 2 Mar
    assert cells[1] == [1, 4]  # Tuesdays: 24 Feb, 3 Mar
    assert cells[2] == [0, 0]  # today, without answers yet
    assert cells[3] == [0, None]  # Thursday 5 March is still to come


def test_months_are_named_over_the_week_they_begin_in() -> None:
    labels = month_labels(date(2026, 3, 4), weeks=12)  # the first column is the week of 15 Dec
    assert labels.index("Dec") == 0
    assert labels.index("Jan") == 3 * 2  # 1 January falls in the third week
    assert labels.index("Feb") == 3 * 6
    assert labels.index("Mar") == 3 * 10


def test_the_summary_counts_days_answers_and_the_run_to_date() -> None:
    today = date(2026, 3, 4)
    activity = {"2026-03-01": 5, "2026-03-02": 30, "2026-03-03": 25, "2026-02-20": 1}
    assert summary(activity, today) == "4 days studied, 61 answers, a run of 3 to date"
    assert summary({}, today) == "No answers yet: practise (p on home)"


def test_a_bar_is_solid_to_the_low_end_shaded_across_the_interval_then_a_track() -> None:
    assert bar(0.5, 0.3, 0.7, 10) == "███▓▓░░···"
    assert bar(1.0, 1.0, 1.0, 4) == "████"
    assert bar(0.0, 0.0, 0.0, 4) == "····"


def test_a_topic_line_shows_its_bar_estimate_interval_answers_and_trend() -> None:
    line = topic_line(VWP, 80, 12, no_styles).plain
    assert line.startswith("law/vwp       ")
    assert bar(0.64, 0.55, 0.73, 29) in line
    assert line.endswith("  64%  55-73%   126 answers  rising")
    assert len(line) <= 80


def test_a_narrow_topic_line_drops_the_trend_before_the_bar_gets_too_short() -> None:
    line = topic_line(VWP, 50, 27, no_styles).plain
    assert "rising" not in line
    assert bar(0.64, 0.55, 0.73, BAR_MIN) in line
    assert "64%  55-73%   126 answers" in line
    assert len(line) <= 50


def test_the_score_axis_is_labelled_in_quarters_with_the_pass_mark_among_them() -> None:
    assert percent_ticks(None) == [0, 25, 50, 75, 100]
    assert percent_ticks(70) == [0, 25, 50, 70, 100]
    assert percent_ticks(60) == [0, 25, 60, 75, 100]


def test_attempts_are_labelled_as_many_as_the_axis_has_room_for() -> None:
    assert attempt_ticks(0, 70) == []
    assert attempt_ticks(7, 70) == [1, 2, 3, 4, 5, 6, 7]
    assert attempt_ticks(30, 45) == [1, 7, 13, 19, 25]


@pytest.fixture
def app(write: Write, sealed: Path) -> TrainerApp:
    write("content/law.yaml", BANK)
    write("content/exam.yaml", EXAM)
    return content_app(sealed)


def _plain(widget: Static) -> str:
    return str(widget.render())


async def test_with_no_mock_exams_history_says_how_to_get_scores(app: TrainerApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert not screen.query_one(".score-plot", PlotextPlot).display
        empty = screen.query_one(".score-empty", Static)
        assert empty.display
        assert "Sit a mock exam (m on home) to see your scores here" in _plain(empty)
        assert "No answers yet" in _plain(screen.query_one("#topics-note", Static))


async def test_mock_scores_are_plotted_from_0_to_100_percent_with_the_pass_mark(
    app: TrainerApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.study is not None
        fill_history(app.study, "two-part", weeks=3)
        await press(pilot, "h")
        plot = app.screen.query_one(".score-plot", PlotextPlot)
        assert plot.display
        rows = plot.render().plain.splitlines()  # type: ignore[union-attr]
        labels = [row[:5].strip() for row in rows]
        assert labels.index("100%┤") < labels.index("60%├") < labels.index("0%┤")
        pass_mark = rows[labels.index("60%├")]
        assert pass_mark.count("─") > len(pass_mark) // 2
        caption = _plain(app.screen.query_one(".score-caption", Static))
        assert caption.startswith("── pass mark 60%")
        assert "2 mocks" in caption


async def test_the_calendar_grades_days_and_keeps_a_legend(app: TrainerApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.study is not None
        fill_history(app.study, "two-part", weeks=3)
        await press(pilot, "h")
        calendar = app.screen.query_one(StudyCalendar)
        drawn = str(calendar.render())
        rows = drawn.splitlines()
        assert [row[:3] for row in rows[1:8]] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        assert "·0 ░1-9 ▒10-24 ▓25-49 █50+" in drawn
        assert calendar.today == app.study.clock.now().date()
        assert any(glyph in "".join(rows[1:8]) for glyph in "░▒▓█")


async def test_weak_areas_draw_topic_bars_and_enter_drills_the_highlighted_one(
    app: TrainerApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.study is not None
        fill_history(app.study, "two-part", weeks=3)
        await press(pilot, "w")
        screen = app.screen
        assert isinstance(screen, WeakScreen)
        ranking = screen.query_one("#ranking", TopicBars)
        ranked = app.study.weak_areas().ranked
        assert [o.id for o in ranking.options] == [m.key for m in ranked]
        assert ranking.has_focus
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, QuestionScreen)
        section, topic = ranked[1].key.split("/")
        assert app.screen.live.plan.title == f"Practice: {section} / {topic}"
