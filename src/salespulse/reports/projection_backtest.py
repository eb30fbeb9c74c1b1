"""How well the projection would have done: replay past months as of a day in the month
(the 15th by default), project each with only the sales known by then, and compare the
seasonal projection and the naive run rate with where each month really landed.

Figures per method: the mean absolute percentage error (MAPE, over the cases whose month
had sales), its median, the weighted error Σ |projected − final| ÷ Σ final (WAPE: big
members weigh more), and how often the final fell inside the 80% interval."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.model.periods import Window
from salespulse.reports.projection import projection_by

METHODS = ("seasonal", "run_rate")


@dataclass(frozen=True)
class Case:
    member: Any
    month: date
    final: float
    seasonal: float
    run_rate: float
    low: float | None
    high: float | None


@dataclass
class Backtest:
    by: str | None
    day: int
    cases: list[Case] = field(default_factory=list)

    def _projected(self, case: Case, method: str) -> float:
        return case.seasonal if method == "seasonal" else case.run_rate

    def _errors(self, method: str) -> list[float]:
        return [abs(self._projected(c, method) - c.final) / c.final for c in self.cases]

    def mape(self, method: str) -> float | None:
        errors = self._errors(method)
        return statistics.fmean(errors) if errors else None

    def median_ape(self, method: str) -> float | None:
        errors = self._errors(method)
        return statistics.median(errors) if errors else None

    def wape(self, method: str) -> float | None:
        total = sum(c.final for c in self.cases)
        if total <= 0:
            return None
        return sum(abs(self._projected(c, method) - c.final) for c in self.cases) / total

    @property
    def coverage(self) -> float | None:
        """Share of the cases with an interval whose final fell inside it."""
        inside = [
            c.low <= c.final <= c.high
            for c in self.cases
            if c.low is not None and c.high is not None
        ]
        return sum(inside) / len(inside) if inside else None

    @property
    def beats_run_rate(self) -> bool:
        seasonal, naive = self.mape("seasonal"), self.mape("run_rate")
        return seasonal is not None and naive is not None and seasonal < naive

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "day": self.day,
            "cases": len(self.cases),
            **{
                f"{name}_{method}": getattr(self, name)(method)
                for name in ("mape", "median_ape", "wape")
                for method in METHODS
            },
            "interval_coverage": self.coverage,
            "beats_run_rate": self.beats_run_rate,
        }


def _finals(engine: Engine, measure: str, by: str | None, month: Window) -> dict[Any, float]:
    query = make_query(measure, by=[by] if by else None, start=month.start, end=month.end)
    return {
        (r[by] if by else None): float(r["value"])
        for r in engine.result(query).records()
        if r["value"] is not None
    }


def backtest(engine: Engine, by: str | None, months: list[Window], day: int = 15) -> Backtest:
    """Each of `months` (calendar months) replayed as of its `day`-th."""
    out = Backtest(by, day)
    for month in months:
        as_of = month.start.replace(day=min(day, month.days))
        report = projection_by(engine, by, "month", as_of)
        finals = _finals(engine, report.measure, by, month)
        for m in report.members:
            x = m.landing
            final = finals.get(m.member, 0.0)
            if final <= 0 or x.projected is None or x.run_rate is None:
                continue
            out.cases.append(
                Case(m.member, month.start, final, x.projected, x.run_rate, x.low, x.high)
            )
    return out
