"""One Window (`model/periods.py`): the previous period ends the day before, the latest
complete period is over by the end of the data and the next one is not, and a window's
label reads back as the same window — for every grain, week start and fiscal year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salespulse.errors import UserError
from salespulse.model import calendar
from salespulse.model.periods import WINDOW_GRAINS, Window
from salespulse.model.settings import WEEKDAYS, Settings

days = st.dates(date(1990, 1, 1), date(2090, 12, 31))
grains = st.sampled_from(WINDOW_GRAINS)


@st.composite
def workspace_settings(draw: st.DrawFn) -> Settings:
    return Settings(
        week_start=draw(st.sampled_from(WEEKDAYS)),
        fiscal_year_start_month=draw(st.integers(1, 12)),
        fiscal_year_named_by=draw(st.sampled_from(("end", "start"))),
    )


@settings(max_examples=300, deadline=None)
@given(days, grains, workspace_settings())
def test_the_previous_period_ends_the_day_before(day: date, grain: str, s: Settings) -> None:
    w = Window.period(day, grain, s)  # type: ignore[arg-type]
    before = w.previous()
    assert before.end + timedelta(days=1) == w.start
    assert before.grain == w.grain and before.next() == w
    assert w.contains(day) and not w.contains(before.end) and before.contains(before.start)
    assert w.start == calendar.period_start(day, grain, s)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(days, grains, workspace_settings())
def test_the_latest_complete_period(end_of_data: date, grain: str, s: Settings) -> None:
    w = Window.latest_complete(grain, end_of_data, s)  # type: ignore[arg-type]
    assert w.end <= end_of_data < w.next().end
    assert w.data_end == end_of_data and w.grain == grain
    assert w.previous_start == w.previous().start


@settings(max_examples=400, deadline=None)
@given(days, grains, workspace_settings())
def test_a_label_reads_back_as_its_window(day: date, grain: str, s: Settings) -> None:
    w = Window.period(day, grain, s)  # type: ignore[arg-type]
    assert Window.from_label(w.label, s) == w
    assert Window.from_label(w.previous().label, s) == w.previous()


@settings(max_examples=200, deadline=None)
@given(days, st.integers(0, 400))
def test_a_range_of_days_reads_back(first: date, length: int) -> None:
    w = Window.days_between(first, first + timedelta(days=length))
    back = Window.from_label(w.label, Settings(fiscal_year_start_month=2))
    assert (back.start, back.end) == (w.start, w.end)
    assert w.previous().end + timedelta(days=1) == w.start


def test_labels_a_manager_reads() -> None:
    s = Settings(fiscal_year_start_month=4)
    q3 = Window.from_label("2025-Q3", s)
    assert (q3.grain, q3.start, q3.end, q3.label) == (
        "quarter",
        date(2024, 10, 1),
        date(2024, 12, 31),
        "2025-Q3",
    )
    assert q3.previous().label == "2025-Q2"
    assert Window.from_label("FY2025", s).label == "Apr 2024–Mar 2025"
    assert Window.from_label("2025-03", s).label == "Mar 2025"
    week = Window.latest_complete("week", date(2025, 6, 15), Settings(week_start="sunday"))
    assert week.label == "week of 2025-06-08" and week.days == 7
    assert Window.from_label("Mar–May 2025", s).grain is None
    assert Window.from_label("Mar–May 2025", s).months == 3


@pytest.mark.parametrize(
    "label", ["soon", "week of 2025-06-10", "May–Mar 2025", "Apr 2025–Mar 2025", "2025-13"]
)
def test_a_label_that_names_no_window_is_refused(label: str) -> None:
    with pytest.raises(UserError, match="is not a period") as info:
        Window.from_label(label, Settings())
    assert info.value.option == "period"


@pytest.mark.parametrize(
    ("label", "monday"),
    [("2026-W45", date(2026, 11, 2)), ("2025-W01", date(2024, 12, 30)),
     ("2020-W53", date(2020, 12, 28)), ("2026w1", date(2025, 12, 29))],
)  # fmt: skip
def test_an_iso_week_label(label: str, monday: date) -> None:
    """ISO weeks run Monday to Sunday; week 1 holds the year's first Thursday (so
    2025-W01 starts on 30 December 2024). With weeks from Monday it is the workspace's
    week; with another week start, the same seven days as a range."""
    w = Window.from_label(label, Settings())
    assert (w.start, w.end, w.grain) == (monday, monday + timedelta(days=6), "week")
    sunday = Window.from_label(label, Settings(week_start="sunday"))
    assert (sunday.start, sunday.end, sunday.grain) == (w.start, w.end, None)


def test_a_week_the_year_does_not_have() -> None:
    with pytest.raises(UserError, match="2025-W53"):
        Window.from_label("2025-W53", Settings())
