"""The engine's Ibis periods agree with the Python calendar (`model/calendar.py`) for
every grain, week start and fiscal-year start."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import ibis
from hypothesis import given, settings
from hypothesis import strategies as st

from salespulse.engine import periods
from salespulse.model import calendar
from salespulse.model.settings import WEEKDAYS, Settings

GRAINS = ("day", "week", "month", "quarter", "year")


def ibis_periods(days: list[date], s: Settings) -> dict[str, list[date]]:
    t = ibis.memtable(
        {
            "d": days,
            "ts": [
                datetime.combine(d, datetime.min.time()) + timedelta(hours=23, minutes=59)
                for d in days
            ],
        }
    )
    exprs = {g: periods.period_start(t.d, g, s) for g in GRAINS}
    exprs |= {f"ts_{g}": periods.period_start(t.ts, g, s) for g in GRAINS}
    exprs |= {f"next_{g}": periods.next_start(periods.period_start(t.d, g, s), g) for g in GRAINS}
    df = ibis.duckdb.connect().execute(t.select(**exprs))
    return {c: [v.date() if hasattr(v, "date") else v for v in df[c]] for c in df.columns}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.dates(date(1999, 1, 1), date(2040, 12, 31)), min_size=1, max_size=40),
    st.sampled_from(WEEKDAYS),
    st.integers(1, 12),
)
def test_ibis_periods_match_the_python_calendar(days: list[date], week_start: str, fy: int) -> None:
    s = Settings(week_start=week_start, fiscal_year_start_month=fy)
    got = ibis_periods(days, s)
    for grain in GRAINS:
        want = [calendar.period_start(d, grain, s) for d in days]
        assert got[grain] == want, grain
        assert got[f"ts_{grain}"] == want, f"timestamp {grain}"
        assert got[f"next_{grain}"] == [calendar.next_period_start(w, grain) for w in want]


def test_a_week_crossing_a_month_and_a_fiscal_quarter() -> None:
    s = Settings(fiscal_year_start_month=2, week_start="sunday")
    got = ibis_periods([date(2025, 4, 2), date(2025, 1, 31)], s)
    assert got["week"] == [date(2025, 3, 30), date(2025, 1, 26)]
    assert got["quarter"] == [date(2025, 2, 1), date(2024, 11, 1)]
    assert got["year"] == [date(2025, 2, 1), date(2024, 2, 1)]


def test_month_index_counts_consecutive_months() -> None:
    t = ibis.memtable({"d": [date(2024, 12, 1), date(2025, 1, 1)]})
    got = ibis.duckdb.connect().execute(t.select(i=periods.month_index(t.d)))["i"].tolist()
    assert got[1] - got[0] == 1
