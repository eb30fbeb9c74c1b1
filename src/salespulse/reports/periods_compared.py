"""Comparing periods for the scorecard: the latest complete period and the one before,
each KPI's value per rep (or product) in both, and the scorecard record itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from salespulse import kpis
from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.engine.sources import normalize
from salespulse.model import calendar
from salespulse.model.calendar import Grain

COLUMNS = ("kpi", "value", "previous", "change", "team_median", "gap", "n", "small_sample")
_TIME_COLUMNS = {
    "sales": ("date",),
    "deals": ("created_at", "closed_at"),
    "activities": ("at",),
    "leads": ("created_at",),
}


@dataclass(frozen=True)
class Window:
    grain: Grain
    start: date
    end: date
    previous_start: date
    data_end: date

    @property
    def previous_end(self) -> date:
        return self.start - timedelta(days=1)

    @property
    def next_end(self) -> date:
        nxt = calendar.next_period_start(self.start, self.grain)
        return calendar.next_period_start(nxt, self.grain) - timedelta(days=1)


@dataclass
class Scorecard:
    by: str  # "rep" or "product"
    window: Window
    kpis: tuple[str, ...]
    records: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    best: list[str] = field(default_factory=list)
    worst: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        lead = ["rep", "name", "team"] if self.by == "rep" else ["product"]
        return lead + list(COLUMNS)


def data_end(engine: Engine) -> date | None:
    """The last day with any sale, deal, activity or lead."""
    last: date | None = None
    for name, cols in _TIME_COLUMNS.items():
        raw = engine.source.raw(name)
        if raw is None:
            continue
        t = normalize(raw, name, engine.settings, engine.source.label)
        for col in cols:
            value = engine.source.execute(t[col].max())
            if value is None or value != value:
                continue
            day = value.date() if hasattr(value, "hour") else value
            last = day if last is None or day > last else last
    return last


def latest_complete(end: date, grain: Grain, settings: Any) -> Window:
    """The last period that ends on or before `end`, and the one before it."""
    start = calendar.period_start(end, grain, settings)
    if calendar.next_period_start(start, grain) - timedelta(days=1) > end:
        start = calendar.period_start(start - timedelta(days=1), grain, settings)
    previous = calendar.period_start(start - timedelta(days=1), grain, settings)
    end_of = calendar.next_period_start(start, grain) - timedelta(days=1)
    return Window(grain, start, end_of, previous, end)


def values(
    engine: Engine, name: str, entity: str, params: dict[str, Any]
) -> dict[Any, tuple[Any, Any]]:
    """entity -> (value, n) for one query."""
    df = engine.run(make_query(name, by=[entity], **params))
    return {r[entity]: (r["value"], r["n"]) for r in df.to_dict("records")}


def pair(
    engine: Engine, name: str, entity: str, w: Window, where: dict[str, Any]
) -> tuple[dict[Any, tuple[Any, Any]], dict[Any, tuple[Any, Any]]]:
    """(current, previous) values of a KPI per entity. Coverage looks ahead: the live
    pipeline (at the end of the data) against the quota of the period after the scored
    one, with no previous value (past expected-close dates are not kept by CRMs)."""
    kpi = kpis.get(name)
    if kpi.looks_ahead:
        nxt = calendar.next_period_start(w.start, w.grain)
        cur = values(
            engine,
            name,
            entity,
            {
                "period": w.grain,
                "start": nxt,
                "end": w.next_end,
                "as_of": w.data_end,
                "where": where,
            },
        )
        return cur, {}
    cur = values(engine, name, entity, {"start": w.start, "end": w.end, "where": where})
    prev = values(
        engine, name, entity, {"start": w.previous_start, "end": w.previous_end, "where": where}
    )
    return cur, prev


def number(value: Any) -> float | None:
    if value is None or value != value:
        return None
    return float(value)
