"""Period truncation gives the Python calendar's periods on every backend."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import ibis
import pytest

from salespulse.engine import periods
from salespulse.model import calendar
from salespulse.model.settings import Settings
from tests.golden.conftest import BACKENDS, MARKS

DAYS = [date(2023, 12, 25) + timedelta(days=9 * i) for i in range(90)]
SETTINGS = [Settings(), Settings(week_start="sunday", fiscal_year_start_month=4)]


@pytest.mark.parametrize("backend", [pytest.param(b, marks=MARKS[b]) for b in BACKENDS])
def test_periods_agree_with_the_calendar(backend: str, golden_sources: Any) -> None:
    source = golden_sources.get(backend)
    t = ibis.memtable(
        {"ts": [datetime.combine(d, datetime.min.time()) + timedelta(hours=22) for d in DAYS]}
    )
    exprs = {
        f"{g}_{i}": periods.period_start(t.ts, g, s)
        for i, s in enumerate(SETTINGS)
        for g in ("day", "week", "month", "quarter", "year")
    }
    got = source.execute(t.select(**exprs))
    for i, s in enumerate(SETTINGS):
        for g in ("day", "week", "month", "quarter", "year"):
            have = [v.date() if hasattr(v, "date") else v for v in got[f"{g}_{i}"]]
            assert have == [calendar.period_start(d, g, s) for d in DAYS], (g, i)
