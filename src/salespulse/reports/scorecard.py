"""The scorecard: for the latest complete period, each rep's key KPIs — what they sold
(revenue, units, orders, order value, customers, price, discount, margin) and, where
the CRM tables are there, attainment, bookings, win rate, deal size, cycle, coverage and
activity — with the change on the previous period, the gap to the team median and how
steady the last twelve months were. Sale lines without reps are scored by the grouping
they have (region, channel, category) or by product, and the scorecard says so.

It is built from ordinary KPI queries (the KPIs of one table in one statement), so every
number in it can be reproduced with `salespulse kpi`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, cast

from salespulse import kpis
from salespulse.engine.core import Engine
from salespulse.engine.query import one_of
from salespulse.errors import MissingTable, QuotaDoesNotFit, UserError
from salespulse.model import calendar
from salespulse.model.calendar import Grain
from salespulse.reports import scorecard_groups as groups
from salespulse.reports.members import rep_details
from salespulse.reports.periods_compared import (
    PROJECTED,
    Scorecard,
    Window,
    data_end,
    latest_complete,
    pairs,
)
from salespulse.reports.projection import projection_by
from salespulse.reports.quota_scale import scorecard_note
from salespulse.reports.scorecard_rows import movers, records

#: What was sold, from sale lines (those a workspace cannot compute are left out).
SALES_KPIS = (
    "revenue",
    "units",
    "orders",
    "avg_order_value",
    "active_customers",
    "new_customers",
    "avg_selling_price",
    "discount_rate",
    "gross_margin",
)
#: From the CRM tables: deals, activities, leads (attainment leads the scorecard).
DEAL_KPIS = (
    "bookings",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
    "pipeline_coverage",
    "activities",
    "speed_to_lead_minutes",
)
#: What a scorecard can project the period in progress by.
PROJECTED_BY = ("rep", "team")
#: The periods a scorecard compares, each with the one before.
SCORECARD_PERIODS: tuple[Grain, ...] = ("week", "month", "quarter", "year")


def scorecard_period(period: Any) -> Grain:
    """`period` when a scorecard can compare it with the one before, else a `UserError`."""
    if period == "all":
        raise UserError(
            "A scorecard compares periods.",
            fix="Use `period` week, month, quarter or year.",
            option="period",
        )
    return cast(Grain, one_of(period, SCORECARD_PERIODS, "scorecard period"))


def _names(engine: Engine, by: str) -> tuple[str, ...]:
    """The KPIs to score, attainment first: what was sold where there are sale lines,
    the CRM's KPIs where there are CRM tables (or nothing else)."""
    crm = groups.has(engine, "deals", "activities", "leads", "quotas")
    sales = groups.has(engine, "sales")
    names: list[str] = ["quota_attainment"]
    if sales:
        names += [n for n in SALES_KPIS if n in kpis.names()]
    if crm or not sales:
        names += DEAL_KPIS
    return tuple(n for n in names if by in kpis.get(n).dimensions)


def _year(engine: Engine, by: str, w: Window, where: dict[str, Any], priced: bool) -> Any:
    """Consistency (CV of monthly revenue, or units without prices) and months at or
    above quota over the twelve months to the scored period's end."""
    names = ["consistency" if priced else "units_consistency"]
    if groups.has(engine, "quotas") and by in kpis.get("months_at_quota").dimensions:
        names.append("months_at_quota")
    start = calendar.add_months(w.end.replace(day=1), -11)
    year = Window.days_between(start, w.end)
    return pairs(engine, tuple(names), by, year, where, previous=False)


def _sold_nothing(cur: Any, prev: Any) -> bool:
    return all(v is None or v != v for v, _ in (*cur.values(), *prev.values()))


def build(engine: Engine, w: Window, by: str, team: str | None, why: str | None) -> Scorecard:
    people = rep_details(engine, team) if by == "rep" else {}
    where = {"team": team} if team else {}
    missing: set[str] = set()
    notes: list[str] = [why] if why else []
    results: dict[str, Any] = {}
    found = pairs(engine, _names(engine, by), by, w, where)
    revenue = found.get("revenue")
    priced = isinstance(revenue, tuple) and not _sold_nothing(*revenue)
    if groups.has(engine, "sales"):
        found.update(_year(engine, by, w, where, priced))
    for name, got in found.items():
        if isinstance(got, MissingTable):
            missing.add(got.table)
        elif isinstance(got, QuotaDoesNotFit):
            notes.append(f"{kpis.get(name).label}: {got.message}")
        elif isinstance(got, UserError):
            raise got  # a bad column or value: the whole scorecard would be wrong
        elif name in SALES_KPIS and _sold_nothing(*got):
            continue  # no prices, no discounts, no costs: the KPI says nothing here
        else:
            results[name] = got
    if by == "rep" and not people and groups.has(engine, "sales"):
        missing.add("reps")
    if groups.has(engine, "sales") and not groups.has(engine, "deals"):
        missing.add("deals")
    if missing:
        notes.append(groups.unlock(missing))
    if "pipeline_coverage" in results:
        notes.append(
            f"Pipeline coverage is for the {w.grain} starting {w.next().start}: the pipeline "
            f"open on {w.data_end} against the quota still to reach."
        )
    ahead = _projected(engine, by, w, where, "revenue" if priced else "units")
    if ahead is not None:
        results[ahead[0]] = (ahead[1], {})
        notes.append(ahead[2])
    members = set(people) | {m for cur, prev in results.values() for m in (*cur, *prev)}
    members.discard(None)
    rows = records(by, results, people, members)
    off_scale = scorecard_note(rows, by, w.label)
    if off_scale:
        notes.append(off_scale)
    lead = "revenue" if "revenue" in results else "units"
    unit = "revenue" if lead == "revenue" else "units"
    best, worst = movers(rows, by, lead, unit, engine.settings.currency)
    if not rows:
        notes.append(_empty(engine, w))
    return Scorecard(by, w, tuple(results), rows, notes, best, worst)


def _projected(
    engine: Engine, by: str, w: Window, where: dict[str, Any], measure: str
) -> tuple[str, dict[Any, tuple[Any, Any]], str] | None:
    """Where the period in progress (the one after the scored one) will land for each
    member (`reports/projection.py`): the column's name, its values and its note; None
    when no period is in progress or the scorecard is not by rep or team."""
    if by not in PROJECTED_BY or w.data_end is None or not groups.has(engine, "sales"):
        return None
    current = w.next()
    if w.data_end < current.start or w.data_end >= current.end:
        return None
    report = projection_by(engine, by, cast(Grain, w.grain), w.data_end, where)
    if report.measure != measure:
        return None
    values = {
        m.member: (m.projected if m.projected is not None else m.run_rate, m.days_gone)
        for m in report.members
        if m.member is not None
    }
    note = (
        f"Projected: where {current.label} will land for each {by} at their own pace "
        "(their usual shape of a period where they have the history, else the run rate; "
        f"{report.members[0].days_gone if report.members else 0} of "
        f"{report.members[0].selling_days if report.members else 0} selling days gone; "
        "salespulse forecast shows the range and the chance of reaching quota)."
    )
    return PROJECTED + measure, values, note


def _empty(engine: Engine, w: Window) -> str:
    if groups.has(engine, "sales"):
        return f"No sale lines fall in {w.label} for this selection."
    return "Nothing to score in " + w.label + ": " + groups.unlock({"sales", "deals"})


def scorecard(
    engine: Engine,
    period: Grain = "month",
    team: str | None = None,
    as_of: date | None = None,
    by: str | None = None,
) -> Scorecard:
    period = scorecard_period(period)
    end = as_of or data_end(engine)
    if end is None:
        raise UserError(
            "The workspace holds no sales, deals or activities yet.",
            fix="Import some (salespulse import TABLE FILE) or try: salespulse demo",
        )
    w = latest_complete(end, period, engine.settings)
    if as_of is not None:
        engine = _AsOf(engine, as_of)
    chosen, why = groups.choose(engine, w, by)
    if team and not groups.has(engine, "reps"):
        raise UserError(
            "There are no teams without a reps table.", fix="Leave out `team`.", option="team"
        )
    return build(engine, w, chosen, team, why)


class _AsOf(Engine):
    """An engine whose queries all default to one as-of date."""

    def __init__(self, inner: Engine, as_of: date) -> None:
        super().__init__(inner.source, inner.settings, inner.cache)
        self.as_of = as_of

    def result(self, query: Any) -> Any:
        return super().result(self._dated(query))

    def outcomes(self, queries: Any) -> Any:
        return super().outcomes([self._dated(q) for q in queries])

    def _dated(self, query: Any) -> Any:
        return query if query.as_of is not None else replace(query, as_of=self.as_of)
