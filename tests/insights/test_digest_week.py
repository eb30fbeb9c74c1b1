"""The digest's week (`insights.digest.week.digest_week`): an ISO week, the week's first
day, or by default the last complete week; refused with the fix otherwise."""

from __future__ import annotations

from datetime import date

import pytest

from salespulse.errors import UserError
from salespulse.insights.digest.week import digest_week
from salespulse.model.settings import Settings

MONDAYS = Settings()
SUNDAYS = Settings(week_start="sunday")


def test_the_digest_week() -> None:
    as_of = date(2025, 6, 13)  # a Friday: the week of June 9 is not over
    default = digest_week(None, MONDAYS, as_of)
    assert (default.start, default.end) == (date(2025, 6, 2), date(2025, 6, 8))
    for label in ("2025-W23", "2025-06-02", "week of 2025-06-02"):
        week = digest_week(label, MONDAYS, as_of)
        assert (week.start, week.end, week.label) == (
            date(2025, 6, 2),
            date(2025, 6, 8),
            default.label,
        )
    assert digest_week("2025-W24", MONDAYS, as_of).end == date(2025, 6, 15)  # not over yet
    with pytest.raises(UserError, match="is a Wednesday, and weeks start on Monday") as caught:
        digest_week("2025-06-04", MONDAYS, as_of)
    assert "2025-06-02" in caught.value.fix and "2025-W23" in caught.value.fix
    with pytest.raises(UserError, match="starts after 2025-06-13"):
        digest_week("2025-W25", MONDAYS, as_of)
    with pytest.raises(UserError, match="is not a week"):
        digest_week("next week", MONDAYS, as_of)


def test_an_iso_week_in_a_workspace_whose_weeks_start_on_sunday() -> None:
    """ISO weeks run Monday to Sunday whatever the settings; the week's first day follows
    the settings (Sunday June 8 starts the week to Saturday June 14)."""
    iso = digest_week("2025-W24", SUNDAYS, date(2025, 6, 20))
    assert (iso.start, iso.end, iso.label) == (
        date(2025, 6, 9),
        date(2025, 6, 15),
        "ISO week 2025-W24",
    )
    assert (iso.previous().start, iso.previous().end) == (date(2025, 6, 2), date(2025, 6, 8))
    sunday = digest_week("2025-06-08", SUNDAYS, date(2025, 6, 20))
    assert (sunday.start, sunday.end) == (date(2025, 6, 8), date(2025, 6, 14))
