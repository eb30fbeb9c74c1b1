"""Comparing periods for the scorecard: the latest complete period and the one before,
each KPI's value per rep (or product) in both, and the scorecard record itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse import kpis
from salespulse.engine.core import Engine
from salespulse.engine.data_end import data_end
from salespulse.engine.query import Query, make_query
from salespulse.engine.result import Result
from salespulse.errors import UserError
from salespulse.model.calendar import Grain
from salespulse.model.periods import Window
from salespulse.model.settings import Settings

__all__ = [
    "COLUMNS",
    "Scorecard",
    "Window",
    "data_end",
    "latest_complete",
    "number",
    "pair",
    "pairs",
]

#: A scorecard column projecting a KPI to the end of the period in progress.
PROJECTED = "projected_"

COLUMNS = ("kpi", "value", "previous", "change", "team_median", "gap", "n", "small_sample")


@dataclass
class Scorecard:
    by: str  # what each member is: "rep", "region", "category", "product", ...
    window: Window
    kpis: tuple[str, ...]
    records: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    best: list[str] = field(default_factory=list)
    worst: list[str] = field(default_factory=list)

    def heading(self, name: str) -> tuple[str, str, str]:
        """A column's short heading, unit and direction: a KPI's from the registry, a
        projection's (`projected_revenue`) from the KPI it projects."""
        if name.startswith(PROJECTED):
            kpi = kpis.get(name[len(PROJECTED) :])
            return f"Projected {kpi.short.lower()}", kpi.unit, kpi.direction
        kpi = kpis.get(name)
        return kpi.short, kpi.unit, kpi.direction

    @property
    def columns(self) -> list[str]:
        lead = ["rep", "name", "team"] if self.by == "rep" else [self.by]
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


Values = dict[Any, tuple[Any, Any]]


def _queries(
    name: str, entity: str, w: Window, where: dict[str, Any], previous: bool = True
) -> list[Query]:
    """The current (and, unless it looks ahead, the previous) period's query of a KPI.
    Coverage looks ahead: the live pipeline (at the end of the data) against the quota
    of the period after the scored one, with no previous value (past expected-close
    dates are not kept by CRMs)."""
    if kpis.get(name).looks_ahead:
        nxt = w.next()
        return [make_query(name, [entity], w.grain or "all", nxt.start, nxt.end, where, w.data_end)]
    now = make_query(name, by=[entity], start=w.start, end=w.end, where=where)
    if not previous:
        return [now]
    before = w.previous()
    return [
        now,
        make_query(name, by=[entity], start=before.start, end=before.end, where=where),
    ]


def _values(result: Result, entity: str) -> Values:
    return {r[entity]: (r["value"], r["n"]) for r in result.records()}


def pairs(
    engine: Engine,
    names: tuple[str, ...],
    entity: str,
    w: Window,
    where: dict[str, Any],
    previous: bool = True,
) -> dict[str, tuple[Values, Values] | UserError]:
    """Each KPI's (current, previous) values per entity — or the `UserError` it raises
    (a missing table) — computed together: the KPIs of one table in one statement.
    Without `previous`, only `w` (the previous values are empty)."""
    out: dict[str, tuple[Values, Values] | UserError] = {}
    asked: list[tuple[str, list[Query]]] = []
    for name in names:
        try:
            asked.append((name, _queries(name, entity, w, where, previous)))
        except UserError as exc:
            out[name] = exc
    found = iter(engine.outcomes([q for _, queries in asked for q in queries]))
    for name, queries in asked:
        got = [next(found) for _ in queries]
        error = next((g for g in got if isinstance(g, UserError)), None)
        if error is not None:
            out[name] = error
            continue
        done = [_values(g, entity) for g in got if isinstance(g, Result)]
        out[name] = (done[0], done[1] if len(done) > 1 else {})
    return {name: out[name] for name in names if name in out}


def pair(
    engine: Engine, name: str, entity: str, w: Window, where: dict[str, Any]
) -> tuple[Values, Values]:
    """(current, previous) values of a KPI per entity (see `pairs`)."""
    got = pairs(engine, (name,), entity, w, where)[name]
    if isinstance(got, UserError):
        raise got
    return got


def number(value: Any) -> float | None:
    if value is None or value != value:
        return None
    return float(value)
