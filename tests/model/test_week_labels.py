"""ISO 8601 week labels (`model.periods.iso_week`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salespulse.errors import UserError
from salespulse.model.periods import iso_week, iso_week_label


def test_iso_weeks_by_hand() -> None:
    """2026-W45: 2026 starts on a Thursday, so week 1 is Dec 29 2025 - Jan 4 2026 and
    week 45 starts 44 weeks later, on Nov 2. 2026 has 53 weeks (it starts on a
    Thursday); 2025 has 52 (it starts on a Wednesday)."""
    assert iso_week("2026-W45") == (date(2026, 11, 2), date(2026, 11, 8))
    assert iso_week("2026-W01") == (date(2025, 12, 29), date(2026, 1, 4))
    assert iso_week(" 2026w53 ") == (date(2026, 12, 28), date(2027, 1, 3))
    for bad in ("2025-W53", "2026-W00", "2026-W45-1", "W45", "2026-45", "2026-W5"):
        with pytest.raises(UserError, match="is not an ISO week"):
            iso_week(bad)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_a_days_iso_week_holds_it(day: date) -> None:
    start, end = iso_week(iso_week_label(day))
    assert start <= day <= end and start.weekday() == 0 and end - start == timedelta(days=6)
