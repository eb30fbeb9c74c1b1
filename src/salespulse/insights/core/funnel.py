"""A rep's sales funnel over a window, from the KPI engine: deals decided, won, bookings,
activities, leads worked, inbound response, cycle and quota — the figures a diagnosis
compares, with the won deals' amounts and cycles for the noise tests.

Every rate here is a ratio of sums: a group's win rate is its won deals over its decided
deals (`pooled`), never an average of its reps' rates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.errors import MissingTable, QuotaDoesNotFit
from salespulse.insights.core.evidence import Evidence, Rep
from salespulse.insights.core.windows import Window
from salespulse.stats import median


@dataclass
class Figures:
    """One rep (or a pooled group) over one window."""

    rep: str
    months: float
    decided: int = 0
    won: int = 0
    bookings: float = 0.0
    won_with_amount: int = 0
    activities: int | None = None
    leads: int | None = None
    leads_worked: int | None = None
    inbound: int | None = None
    answered_5: int | None = None
    answered_60: int | None = None
    speed_median: float | None = None
    target: float | None = None
    actual: float | None = None
    amounts: list[float] = field(default_factory=list)
    cycles: list[float] = field(default_factory=list)

    @property
    def bookings_per_month(self) -> float:
        return self.bookings / self.months if self.months > 0 else 0.0

    @property
    def decided_per_month(self) -> float:
        return self.decided / self.months if self.months > 0 else 0.0

    @property
    def win_rate(self) -> float | None:
        return self.won / self.decided if self.decided else None

    @property
    def deal_size(self) -> float | None:
        return self.bookings / self.won_with_amount if self.won_with_amount else None

    @property
    def activities_per_month(self) -> float | None:
        if self.activities is None or self.months <= 0:
            return None
        return self.activities / self.months

    @property
    def lead_work_rate(self) -> float | None:
        if not self.leads or self.leads_worked is None:
            return None
        return self.leads_worked / self.leads

    @property
    def answered_60_share(self) -> float | None:
        if self.answered_60 is None or not self.inbound:
            return None
        return self.answered_60 / self.inbound

    @property
    def cycle_median(self) -> float | None:
        return median(self.cycles)

    @property
    def attainment(self) -> float | None:
        if self.target is None or self.actual is None or self.target <= 0:
            return None
        return self.actual / self.target


def exposure_months(rep: Rep, window: Window) -> float:
    """Months of the window the rep was employed (all of it when the hire date is unknown
    or earlier)."""
    if rep.hire_date is None or rep.hire_date <= window.start:
        return window.months
    if rep.hire_date > window.end:
        return 0.0
    return window.months * ((window.end - rep.hire_date).days + 1) / window.days


def deal_owners(ev: Evidence) -> set[str]:
    """The reps any deal names (empty without deals)."""
    if not ev.has("deals"):
        return set()

    def build(ctx: Any) -> Any:
        t = ctx.table("deals")
        return t.filter(t.rep.notnull()).select("rep").distinct()

    return ev.memo(
        ("deal_owners",),
        lambda: {str(r["rep"]) for r in ev.rows("deal_owners", build, kpi="win_rate")},
    )


def _int(value: Any) -> int:
    return int(value) if value is not None else 0


def collect(ev: Evidence, window: Window, reps: Iterable[Rep], as_of: date) -> dict[str, Figures]:
    """Figures for each rep over `window` (deals are required; the rest when present)."""
    ev.require("deals", "A diagnosis")
    start, end = window.start, window.end
    out = {r.rep: Figures(r.rep, exposure_months(r, window)) for r in reps}
    kw: dict[str, Any] = {"as_of": as_of}
    for rep, row in ev.by_rep("win_rate", start, end, **kw).items():
        if rep in out:
            out[rep].decided, out[rep].won = _int(row["denominator"]), _int(row["numerator"])
    for rep, row in ev.by_rep("avg_deal_size", start, end, **kw).items():
        if rep in out:
            out[rep].bookings = float(row["numerator"] or 0.0)
            out[rep].won_with_amount = _int(row["denominator"])
    if ev.has("activities"):
        counts = ev.by_rep("activities", start, end, **kw)
        for rep, f in out.items():
            f.activities = _int(counts.get(rep, {}).get("value"))
        if ev.has("leads"):
            _leads(ev, window, out, as_of)
    if ev.has("quotas"):
        try:
            rows = ev.by_rep("quota_attainment", start, end, **kw)
        except (QuotaDoesNotFit, MissingTable):
            rows = {}  # quotas per team, on several metrics, or on a table not imported
        for rep, row in rows.items():
            if rep in out:
                out[rep].target, out[rep].actual = row["denominator"], row["numerator"]
    _deals(ev, window, out)
    return out


def _leads(ev: Evidence, window: Window, out: dict[str, Figures], as_of: date) -> None:
    start, end = window.start, window.end
    work = ev.by_rep("lead_work_rate", start, end, as_of=as_of)
    speed = ev.by_rep("speed_to_lead_minutes", start, end, as_of=as_of)
    for rep, f in out.items():
        w = work.get(rep)
        f.leads, f.leads_worked = (_int(w["denominator"]), _int(w["numerator"])) if w else (0, 0)
        s = speed.get(rep)
        if s is None:
            f.inbound, f.answered_5, f.answered_60 = 0, 0, 0
            continue
        f.inbound = _int(s["n"]) + _int(s["untouched"])
        f.answered_5 = round((s["within_5_min"] or 0.0) * f.inbound)
        f.answered_60 = round((s["within_60_min"] or 0.0) * f.inbound)
        f.speed_median = s["value"]


def won_in_window(ctx: Any) -> Any:
    """The deals won in the query's window (closed from its start to its end), to build a
    read of them in (`Evidence.rows`)."""
    t = ctx.table("deals")
    return t.filter(
        (t.status == "won")
        & ctx.bound(t.closed_at, "start", ">=")
        & ctx.bound(t.closed_at, "end_next", "<")
    )


def _deals(ev: Evidence, window: Window, out: dict[str, Figures]) -> None:
    """The won deals' amounts and cycles (days), for the noise tests on deal size and cycle."""
    from salespulse.kpis.cycle import cycle_days

    ev.require("deals", "A diagnosis")

    def build(ctx: Any) -> Any:
        won = won_in_window(ctx)
        return won.select(won.rep, won.amount, cycle=cycle_days(won))

    rows = ev.rows("won_cycles", build, kpi="sales_cycle_days", start=window.start, end=window.end)
    for row in rows:
        rep, amount, cycle = row["rep"], row["amount"], row["cycle"]
        f = out.get(rep)
        if f is None:
            continue
        if amount == amount and amount is not None:
            f.amounts.append(float(amount))
        if cycle == cycle and cycle is not None:
            f.cycles.append(float(cycle))


def pooled(group: Iterable[Figures], label: str = "peers") -> Figures:
    """The figures of a group as one: every count and amount summed (ratios of sums)."""
    members = list(group)
    out = Figures(label, sum(f.months for f in members))

    def total(name: str) -> int | None:
        values = [getattr(f, name) for f in members]
        return None if any(v is None for v in values) or not values else sum(values)

    out.decided = sum(f.decided for f in members)
    out.won = sum(f.won for f in members)
    out.bookings = sum(f.bookings for f in members)
    out.won_with_amount = sum(f.won_with_amount for f in members)
    for name in ("activities", "leads", "leads_worked", "inbound", "answered_5", "answered_60"):
        setattr(out, name, total(name))
    targets = [f.target for f in members if f.target is not None]
    actuals = [f.actual for f in members if f.target is not None]
    out.target = sum(targets) if targets else None
    out.actual = sum(a or 0.0 for a in actuals) if targets else None
    out.amounts = [a for f in members for a in f.amounts]
    out.cycles = [c for f in members for c in f.cycles]
    return out


def response_minutes(ev: Evidence, window: Window, as_of: date) -> dict[str, list[float]]:
    """Per rep, the minutes to the first touch of each inbound lead created in the window
    that got one: the values behind `speed_to_lead_minutes`, read through the engine's
    own leads relation so that a group's pooled median uses the KPI's definition."""

    def build(ctx: Any) -> Any:
        from salespulse.kpis.expressions import minutes_between

        leads = ctx.relation("leads")
        leads = leads.filter(
            ctx.in_range(leads.created_at) & leads.inbound & leads.first_response_at.notnull()
        )
        return leads.select(
            leads.rep, minutes=minutes_between(leads.created_at, leads.first_response_at)
        )

    def compute() -> dict[str, list[float]]:
        rows = ev.rows(
            "response_minutes",
            build,
            kpi="speed_to_lead_minutes",
            start=window.start,
            end=window.end,
            as_of=as_of,
        )
        out: dict[str, list[float]] = {}
        for row in rows:
            rep, value = row["rep"], row["minutes"]
            if isinstance(rep, str) and value == value:
                out.setdefault(rep, []).append(float(value))
        return out

    if not (ev.has("leads") and ev.has("activities")):
        return {}
    return ev.memo(("response_minutes", window, as_of), compute)
