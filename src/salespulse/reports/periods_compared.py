"""Comparing periods for the scorecard: the latest complete period and the one before,
each KPI's value per rep (or product) in both, and the scorecard record itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse import kpis
from salespulse.engine.core import Engine
from salespulse.engine.data_end import data_end
from salespulse.engine.query import make_query
from salespulse.model.calendar import Grain
from salespulse.model.periods import Window
from salespulse.model.settings import Settings

__all__ = ["COLUMNS", "Scorecard", "Window", "data_end", "latest_complete", "number", "pair"]

COLUMNS = ("kpi", "value", "previous", "change", "team_median", "gap", "n", "small_sample")


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


def latest_complete(end: date, grain: Grain, settings: Settings) -> Window:
    """The last period that ends on or before `end` (the one before is `.previous()`)."""
    return Window.latest_complete(grain, end, settings)


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
        nxt = w.next()
        cur = values(
            engine,
            name,
            entity,
            {
                "period": w.grain,
                "start": nxt.start,
                "end": nxt.end,
                "as_of": w.data_end,
                "where": where,
            },
        )
        return cur, {}
    before = w.previous()
    cur = values(engine, name, entity, {"start": w.start, "end": w.end, "where": where})
    prev = values(engine, name, entity, {"start": before.start, "end": before.end, "where": where})
    return cur, prev


def number(value: Any) -> float | None:
    if value is None or value != value:
        return None
    return float(value)
