"""The scorecard: for the latest complete period, each rep's key KPIs, the change on the
previous period and the gap to the team median — or, when the workspace holds only sales
lines, the same by product, with the best and worst movers.

It is built from ordinary KPI queries, so every number in it can be reproduced with
`salespulse kpi`. Records are long (one per rep or product and KPI) so scripts can read
them without knowing which KPIs there are.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from salespulse import kpis, stats
from salespulse.engine.core import Engine
from salespulse.engine.query import QUOTA_RELATIONS, make_query
from salespulse.engine.sources import normalize
from salespulse.errors import MissingTable, UserError
from salespulse.model import calendar
from salespulse.model.calendar import Grain

REP_KPIS = (
    "quota_attainment",
    "bookings",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
    "pipeline_coverage",
    "activities",
    "speed_to_lead_minutes",
)
PRODUCT_KPIS = ("units", "revenue")
#: KPIs whose value rests on a sample of deals, leads or activities worth flagging when
#: small (quota KPIs count quotas, not a sample).
SAMPLED_KINDS = ("proportion", "ratio", "duration")
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


def _values(
    engine: Engine, name: str, entity: str, params: dict[str, Any]
) -> dict[Any, tuple[Any, Any]]:
    """entity -> (value, n) for one query."""
    df = engine.run(make_query(name, by=[entity], **params))
    return {r[entity]: (r["value"], r["n"]) for r in df.to_dict("records")}


def _pair(
    engine: Engine, name: str, entity: str, w: Window, where: dict[str, Any]
) -> tuple[dict[Any, tuple[Any, Any]], dict[Any, tuple[Any, Any]]]:
    """(current, previous) values of a KPI per entity. Coverage looks ahead: the live
    pipeline (at the end of the data) against the quota of the period after the scored
    one, with no previous value (past expected-close dates are not kept by CRMs)."""
    kpi = kpis.get(name)
    if kpi.looks_ahead:
        nxt = calendar.next_period_start(w.start, w.grain)
        cur = _values(
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
    cur = _values(engine, name, entity, {"start": w.start, "end": w.end, "where": where})
    prev = _values(
        engine, name, entity, {"start": w.previous_start, "end": w.previous_end, "where": where}
    )
    return cur, prev


def _number(value: Any) -> float | None:
    if value is None or value != value:
        return None
    return float(value)


def _sampled(kpi: Any) -> bool:
    return bool(kpi.kind in SAMPLED_KINDS and kpi.spec.relation not in QUOTA_RELATIONS)


def _reps(engine: Engine, team: str | None) -> dict[str, tuple[Any, Any]]:
    raw = engine.source.raw("reps")
    if raw is None:
        return {}
    t = normalize(raw, "reps", engine.settings, engine.source.label)
    if team is not None:
        t = t.filter(t.team == team)
    df = engine.source.execute(t.select("rep", "name", "team"))
    return {r["rep"]: (r["name"], r["team"]) for r in df.to_dict("records")}


def _unlock(missing: set[str]) -> str:
    what = {
        "quotas": "quotas (attainment, coverage)",
        "deals": "deals (bookings, win rate, deal size, cycle)",
        "activities": "activities (activities, speed to lead)",
        "leads": "leads (speed to lead)",
        "reps": "reps (teams and the team median)",
        "deal_stages": "deal_stages",
        "sales": "sales",
    }
    return "Import " + "; ".join(what.get(t, t) for t in sorted(missing)) + " to see more."


def rep_scorecard(
    engine: Engine, w: Window, team: str | None = None, names: tuple[str, ...] = REP_KPIS
) -> Scorecard:
    reps = _reps(engine, team)
    where = {"team": team} if team else {}
    missing: set[str] = set()
    notes: list[str] = []
    results: dict[str, tuple[dict[Any, Any], dict[Any, Any]]] = {}
    for name in names:
        try:
            results[name] = _pair(engine, name, "rep", w, where)
        except MissingTable as exc:
            missing.add(exc.table)
        except UserError as exc:
            notes.append(f"{kpis.get(name).label}: {exc.message}")
    if missing:
        notes.append(_unlock(missing))
    if "pipeline_coverage" in results:
        nxt = calendar.next_period_start(w.start, w.grain)
        notes.append(
            f"Pipeline coverage is for the {w.grain} starting {nxt}: the pipeline open on "
            f"{w.data_end} against the quota still to reach."
        )
    people = set(reps) | {r for cur, prev in results.values() for r in (*cur, *prev)}
    people.discard(None)
    records = []
    for name, (cur, prev) in results.items():
        kpi = kpis.get(name)
        medians: dict[Any, float | None] = {}
        for t in {reps.get(r, (None, None))[1] for r in people}:
            vals = [
                _number(cur[r][0]) for r in people if r in cur and reps.get(r, (None, None))[1] == t
            ]
            present = [v for v in vals if v is not None]
            medians[t] = statistics.median(present) if present else None
        # A rep without rows has sold nothing: 0 for sums and counts, empty for rates.
        none = 0.0 if kpi.kind in ("sum", "count") and not kpi.looks_ahead else None
        for rep in sorted(people, key=lambda r: (str(reps.get(r, (None, ""))[1]), str(r))):
            name_, team_ = reps.get(rep, (None, None))
            value, n = cur.get(rep, (none, 0))
            value = _number(value)
            before = None if kpi.looks_ahead else _number(prev.get(rep, (none, 0))[0])
            median = medians.get(team_)
            records.append(
                {
                    "rep": rep,
                    "name": name_,
                    "team": team_,
                    "kpi": name,
                    "value": value,
                    "previous": before,
                    "change": None if value is None or before is None else value - before,
                    "team_median": median,
                    "gap": None if value is None or median is None else value - median,
                    "n": int(n) if n == n and n is not None else 0,
                    "small_sample": _sampled(kpi) and stats.is_small(n),
                }
            )
    return Scorecard("rep", w, tuple(results), records, notes)


def only_sales(engine: Engine) -> bool:
    return all(
        engine.source.raw(t) is None for t in ("reps", "deals", "activities", "quotas", "leads")
    )


def product_scorecard(engine: Engine, w: Window) -> Scorecard:
    """Units (and revenue where prices exist) by product, with trend and consistency."""
    records = []
    month = w.end.replace(day=1)
    year_ago = calendar.next_period_start(date(month.year - 1, month.month, 1), "month")
    sales = normalize(engine.source.raw("sales"), "sales", engine.settings, engine.source.label)
    first = engine.source.execute(sales.date.min())
    first = first.date() if hasattr(first, "hour") else first
    start = max(year_ago, first) if first is not None and first == first else year_ago
    steadiness = _values(engine, "units_consistency", "product", {"start": start, "end": w.end})
    for name in PRODUCT_KPIS:
        cur, prev = _pair(engine, name, "product", w, {})
        if name == "revenue" and all(
            _number(v) is None for v, _ in (*cur.values(), *prev.values())
        ):
            continue
        for product in sorted(set(cur) | set(prev), key=str):
            value, n = cur.get(product, (None, 0))
            value, before = _number(value), _number(prev.get(product, (None, 0))[0])
            records.append(
                {
                    "product": product,
                    "kpi": name,
                    "value": value,
                    "previous": before,
                    "change": None if value is None or before is None else value - before,
                    "team_median": None,
                    "gap": None,
                    "n": int(n or 0),
                    "small_sample": False,
                }
            )
    for product, (value, n) in sorted(steadiness.items(), key=lambda kv: str(kv[0])):
        records.append(
            {
                "product": product,
                "kpi": "units_consistency",
                "value": _number(value),
                "previous": None,
                "change": None,
                "team_median": None,
                "gap": None,
                "n": int(n or 0),
                "small_sample": False,
            }
        )
    moves = sorted(
        (
            (r["change"], r["product"])
            for r in records
            if r["kpi"] == "units" and r["change"] is not None
        ),
        key=lambda m: m[0],
    )
    best = [f"{p} ({c:+,.0f} units)" for c, p in reversed(moves[-3:]) if c > 0]
    worst = [f"{p} ({c:+,.0f} units)" for c, p in moves[:3] if c < 0]
    notes = [
        "Only sales lines are here, so the scorecard is by product. Import reps (rep, team, "
        "manager) and deals (deal_id, rep, status, closed_at, amount) — and quotas, "
        "activities, leads — to see attainment, bookings, win rate and more per rep: "
        "salespulse import reps FILE, salespulse import deals FILE."
    ]
    kpi_names = tuple(dict.fromkeys(r["kpi"] for r in records))
    return Scorecard("product", w, kpi_names, records, notes, best, worst)


def scorecard(
    engine: Engine,
    period: Grain = "month",
    team: str | None = None,
    as_of: date | None = None,
) -> Scorecard:
    if period == "all":
        raise UserError(
            "A scorecard compares periods.", fix="Use --period week, month, quarter or year."
        )
    end = as_of or data_end(engine)
    if end is None:
        raise UserError(
            "The workspace holds no sales, deals or activities yet.",
            fix="Import some (salespulse import TABLE FILE) or try: salespulse demo",
        )
    w = latest_complete(end, period, engine.settings)
    if as_of is not None:
        engine = _AsOf(engine, as_of)
    if only_sales(engine):
        if team:
            raise UserError("There are no teams without a reps table.", fix="Leave out --team.")
        return product_scorecard(engine, w)
    return rep_scorecard(engine, w, team)


class _AsOf(Engine):
    """An engine whose queries all default to one as-of date."""

    def __init__(self, inner: Engine, as_of: date) -> None:
        super().__init__(inner.source, inner.settings)
        self.as_of = as_of

    def run(self, query: Any, output: str = "pandas") -> Any:
        if query.as_of is None:
            from dataclasses import replace

            query = replace(query, as_of=self.as_of)
        return super().run(query, output)
