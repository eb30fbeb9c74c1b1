"""Runs of quota periods met (reports/quota_streaks.py)."""

from __future__ import annotations

from datetime import date

from salespulse.reports.quota_streaks import QuotaPeriod, QuotaRun


def run(*months: tuple[int, float]) -> QuotaRun:
    return QuotaRun("revenue", "month", [QuotaPeriod(date(2025, m, 1), a) for m, a in months])


def test_streaks() -> None:
    """Jan-Apr met, May missed, Jun-Jul met, (no quota in Aug), Sep-Oct met: runs of 4,
    2 and 2 (the month without a quota ends a run); met now 2 in a row."""
    r = run((1, 1.0), (2, 1.2), (3, 1.5), (4, 1.0), (5, 0.99), (6, 1.1), (7, 1.0), (9, 2.0),
            (10, 1.0))  # fmt: skip
    assert r.met == 8 and r.streaks == [4, 2, 2]
    assert r.longest_streak == 4 and r.current_streak == 2
    assert run((1, 1.0), (2, 0.5)).current_streak == 0
    assert run().longest_streak == 0 and run().current_streak == 0
    assert run((3, 1.0)).as_dict()["periods"] == [
        {"start": date(2025, 3, 1), "attainment": 1.0, "met": True}
    ]
