"""Runs of periods at or above quota: per member, each quota period's attainment (the
`quota_attainment` KPI, Σ actual ÷ Σ target), how many were met, the current streak and
the longest. Monthly where the quotas are monthly; else by quarter or year, the shortest
period the quotas fit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse import kpis
from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.errors import MissingTable, QuotaDoesNotFit
from salespulse.model import calendar
from salespulse.model.calendar import Grain
from salespulse.model.periods import Window

QUOTA_GRAINS: tuple[Grain, ...] = ("month", "quarter", "year")
#: Quota metrics measured on the sales table.
SALES_METRICS = ("revenue", "units")


@dataclass(frozen=True)
class QuotaPeriod:
    start: date
    attainment: float

    @property
    def met(self) -> bool:
        return self.attainment >= 1


@dataclass(frozen=True)
class QuotaRun:
    metric: str
    grain: Grain
    periods: list[QuotaPeriod] = field(default_factory=list)

    @property
    def met(self) -> int:
        return sum(p.met for p in self.periods)

    @property
    def streaks(self) -> list[int]:
        """Lengths of the runs of consecutive periods met, oldest first (a period missed,
        or without a quota, ends a run)."""
        runs: list[int] = []
        run = 0
        previous: date | None = None
        for p in self.periods:
            follows = (
                previous is not None and calendar.next_period_start(previous, self.grain) == p.start
            )
            run = (run + 1 if follows and run else 1) if p.met else 0
            if run == 1:
                runs.append(1)
            elif run > 1:
                runs[-1] = run
            previous = p.start
        return runs

    @property
    def current_streak(self) -> int:
        """Periods met in a row up to the last quota period (0 when it was missed)."""
        return self.streaks[-1] if self.periods and self.periods[-1].met else 0

    @property
    def longest_streak(self) -> int:
        return max(self.streaks, default=0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "period": self.grain,
            "met": self.met,
            "of": len(self.periods),
            "current_streak": self.current_streak,
            "longest_streak": self.longest_streak,
            "periods": [
                {"start": p.start, "attainment": p.attainment, "met": p.met} for p in self.periods
            ],
        }


def quota_runs(
    engine: Engine,
    by: str | None,
    window: Window,
    measure: str,
    as_of: date | None,
    where: dict[str, Any],
) -> tuple[dict[Any, QuotaRun], list[str]]:
    """member → its run of quota periods in `window` (the key is None for the whole
    business) on quotas of `measure`, else of the other sales metric; and notes on
    quotas that could not be read this way."""
    if by is not None and by not in kpis.get("quota_attainment").dimensions:
        return {}, []
    notes = []
    for metric in (measure, *(m for m in SALES_METRICS if m != measure)):
        try:
            runs = _runs(engine, by, window, metric, as_of, where)
        except MissingTable:
            return {}, []
        except QuotaDoesNotFit as exc:
            notes.append(f"Quota streaks: {exc.message}")
            continue
        if runs:
            return runs, []
    return {}, notes


def _runs(
    engine: Engine,
    by: str | None,
    window: Window,
    metric: str,
    as_of: date | None,
    where: dict[str, Any],
) -> dict[Any, QuotaRun]:
    """The runs at the shortest grain the `metric` quotas fit (`QuotaDoesNotFit` when
    none does, or when they are set per team and asked per rep)."""
    for grain in QUOTA_GRAINS:
        query = make_query(
            "quota_attainment",
            by=[by] if by else None,
            period=grain,
            start=window.start,
            end=window.end,
            where={**where, "metric": metric},
            as_of=as_of,
        )
        try:
            rows = engine.result(query).records()
        except QuotaDoesNotFit as exc:
            if exc.option == "period" and grain != QUOTA_GRAINS[-1]:
                continue  # quotas longer than this grain: try the next one
            raise
        runs: dict[Any, QuotaRun] = {}
        for r in rows:
            if r["value"] is not None:
                key = r[by] if by else None
                runs.setdefault(key, QuotaRun(metric, grain)).periods.append(
                    QuotaPeriod(r["period"], float(r["value"]))
                )
        for run in runs.values():
            run.periods.sort(key=lambda p: p.start)
        return runs
    return {}
