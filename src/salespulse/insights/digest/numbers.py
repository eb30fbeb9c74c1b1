"""The digest's numbers, each from the one query path: the week's KPIs against the week
before (`Engine.outcomes`, as the scorecard's `periods_compared.pairs`: the KPIs of one
table in one statement), the open pipeline at the end of each week, the weekly series behind the
sparklines, and where the month is heading (`reports.projection.projection_by`; on a
workspace without sale lines, the quota pace of `signals.pace`).

Everything is computed for every member of a breakdown at once — `rep` for the reps'
digests, `manager` for the managers' (the manager's reps pooled: ratios of sums; without
a reps table, everyone together)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from salespulse import kpis
from salespulse.engine.query import make_query
from salespulse.errors import UserError
from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Evidence, records
from salespulse.insights.core.windows import Window
from salespulse.insights.digest.recipients import UNNAMED
from salespulse.kpis.model import Count, Distinct, Sum
from salespulse.reports.periods_compared import number

#: What changed since last week, where the workspace has the table behind it.
SALES_KPIS = ("revenue", "units", "orders", "avg_order_value")
DEAL_KPIS = ("bookings", "deals_won", "win_rate")
#: Read at the end of each week, not over it.
AT_WEEK_END = ("pipeline_open",)
#: Weeks in a sparkline, the digest week last.
SERIES_WEEKS = 12


@dataclass(frozen=True)
class KpiChange:
    kpi: str
    label: str
    unit: str
    direction: str
    value: float | None
    previous: float | None
    n: int | None
    #: "week": over each week; "week end": at the end of each week (the open pipeline)
    over: str = "week"

    def change(self) -> str:
        return phrases.delta(self.unit, self.value, self.previous)

    def shown(self, value: float | None, currency: str) -> str:
        return phrases.value(self.unit, value, currency)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "label": self.label,
            "unit": self.unit,
            "direction": self.direction,
            "value": self.value,
            "previous": self.previous,
            "change": self.change(),
            "n": self.n,
            "over": self.over,
        }


def member_key(value: Any) -> str:
    """A breakdown's member as the digest keys it (the reps without a manager: `*`)."""
    return UNNAMED if value is None else str(value)


def changes(
    ev: Evidence, by: str | None, week: Window, as_of: date, members: list[str]
) -> dict[str, list[KpiChange]]:
    """member of `by` (None: everyone together, keyed `*`) → the week's KPIs against the
    week before, and the open pipeline at the end of each week — every query in one
    `Engine.outcomes` call (the KPIs of one table in one statement). Each of `members`
    gets every KPI the workspace has: a sum or a count it has no rows for is 0, a ratio
    is empty."""
    names = (SALES_KPIS if ev.has("sales") else ()) + (DEAL_KPIS if ev.has("deals") else ())
    before = week.previous()
    dims = [by] if by else None
    asked: list[tuple[str, str, Any, Any]] = []
    for name in names:
        for when, start, end in (("now", week.start, week.end), ("then", before.start, before.end)):
            asked.append((name, when, make_query(name, by=dims, start=start, end=end), "week"))
    if ev.has("deals"):
        for name in AT_WEEK_END:
            for when, day in (("now", min(week.end, as_of)), ("then", before.end)):
                asked.append((name, when, make_query(name, by=dims, as_of=day), "week end"))
    found = ev.engine.outcomes([q for _, _, q, _ in asked])
    values: dict[tuple[str, str], dict[str, tuple[Any, Any]]] = {}
    over: dict[str, str] = {}
    for (name, when, _, kind), got in zip(asked, found, strict=True):
        if isinstance(got, UserError):
            continue  # a table the workspace lacks
        over[name] = kind
        values[(name, when)] = {
            member_key(r[by] if by else None): (r["value"], r["n"]) for r in got.records()
        }
    out: dict[str, list[KpiChange]] = {}
    for name in (*names, *AT_WEEK_END):
        now, then = values.get((name, "now")), values.get((name, "then"))
        if now is None or then is None:
            continue
        rows = [*now.values(), *then.values()]
        if rows and all(number(v) is None for v, _ in rows):
            continue  # lines without prices (revenue): the KPI says nothing here
        nothing = (0.0, 0) if isinstance(kpis.get(name).spec, Sum | Count | Distinct) else (None, 0)
        for member in sorted({*now, *then, *members}):
            value, n = now.get(member, nothing)
            previous = then.get(member, nothing)[0]
            out.setdefault(member, []).append(_change(name, value, previous, n, over[name]))
    return out


def _change(name: str, value: Any, previous: Any, n: Any, over: str = "week") -> KpiChange:
    kpi = kpis.get(name)
    count = int(n) if n is not None and n == n else None
    return KpiChange(
        name, kpi.label, kpi.unit, kpi.direction, number(value), number(previous), count, over
    )


def series_measure(ev: Evidence) -> str:
    return "revenue" if ev.has("sales") else "bookings"


def weekly(ev: Evidence, by: str | None, week: Window) -> dict[str, list[float]]:
    """member → the measure over each of the SERIES_WEEKS weeks of seven days ending with
    the digest week (oldest first)."""
    measure = series_measure(ev)
    if measure == "bookings" and not ev.has("deals"):
        return {}
    first = week.end - timedelta(days=7 * SERIES_WEEKS - 1)
    df = ev.kpi(measure, by=(by,) if by else (), period="day", start=first, end=week.end)
    out: dict[str, list[float]] = {}
    for r in records(df):
        values = out.setdefault(member_key(r[by] if by else None), [0.0] * SERIES_WEEKS)
        values[(r["period"] - first).days // 7] += float(r["value"] or 0.0)
    return out


def series_starts(week: Window) -> list[date]:
    """The first day of each week of a sparkline."""
    return [week.end - timedelta(days=7 * (SERIES_WEEKS - i) - 1) for i in range(SERIES_WEEKS)]
