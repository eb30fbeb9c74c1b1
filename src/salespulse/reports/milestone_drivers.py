"""The leading indicators a week's milestone needs — the reverse funnel — from the goal
owner's own rates over the `LOOKBACK_MONTHS` months before the goal's period, each a
registry KPI on the one query path.

Deals (a bookings or deals-won goal), for a week's target T:

- deals to win = T ÷ average deal size (`avg_deal_size`; a deals-won goal: T itself);
- deals to decide = deals to win ÷ win rate (`win_rate`);
- leads to work = deals to decide ÷ deals per lead, where deals per lead = the deals
  created (`close_rate`'s denominator) ÷ the leads created (`lead_work_rate`'s) over the
  lookback — how many leads one new deal has taken;
- activities = leads to work × touches per worked lead (`touches_per_lead`).

Sale lines (a revenue, units or orders goal):

- orders = T ÷ average order value (`avg_order_value`; units: T ÷ units per order,
  `units` ÷ `orders`; an orders goal: T itself);
- customers to reach = orders ÷ orders per customer in a week: Σ weekly `orders` ÷ Σ
  weekly `active_customers` over the lookback's weeks (a ratio of sums).

**Thin history**: with fewer than `MIN_DEALS` closed deals (or `MIN_ORDERS` orders) in the
lookback, the owner's rates say little; the rates of the owner's team are used instead
(everyone's for a team), and the basis says so: "team rates (R0004 has 3 closed deals in
Dec 2024–May 2025)". A rate that cannot be had (no leads table) ends the chain there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.errors import UserError
from salespulse.kpis.display import fmt_unit
from salespulse.model.calendar import add_months
from salespulse.model.periods import Window
from salespulse.reports.goal_spec import GoalSpec
from salespulse.reports.members import rep_details

LOOKBACK_MONTHS = 6
MIN_DEALS = 10
MIN_ORDERS = 10
DEAL_GOALS = ("bookings", "deals_won")
SALES_GOALS = ("revenue", "units", "orders")


@dataclass(frozen=True)
class Driver:
    """One leading indicator: what it is, how many the week needs, and the arithmetic."""

    name: str
    value: float
    formula: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "formula": self.formula}


@dataclass(frozen=True)
class Rates:
    """The rates a goal's drivers divide by, and whose they are (`basis`)."""

    chain: str  # "deals" or "sales"
    basis: str
    values: dict[str, float]
    currency: str


def lookback(window: Window) -> Window:
    """The days from the first of the month `LOOKBACK_MONTHS` before the goal's period
    to the day before it (six whole months for a month, quarter or year)."""
    first = add_months(window.start, -LOOKBACK_MONTHS)
    return Window.days_between(first, window.start - timedelta(days=1))


def _records(
    engine: Engine, names: list[str], w: Window, where: dict[str, list[str]], period: str
) -> dict[str, list[dict[str, Any]]]:
    """Each KPI's rows over `w` (a KPI that cannot be had is left out)."""
    queries = []
    for name in names:
        try:
            queries.append(make_query(name, period=period, start=w.start, end=w.end, where=where))
        except UserError:
            continue  # a filter the KPI does not have (a product goal's leads)
    out = {}
    for q, got in zip(queries, engine.outcomes(queries), strict=True):
        if not isinstance(got, UserError):
            out[q.kpi.name] = got.records()
    return out


def _total(rows: dict[str, list[dict[str, Any]]], name: str, column: str) -> float | None:
    found = [r[column] for r in rows.get(name, []) if r[column] is not None]
    found = [float(v) for v in found if v == v]
    return sum(found) if found else None


def _deal_rates(engine: Engine, w: Window, where: dict[str, list[str]]) -> dict[str, float]:
    rows = _records(
        engine,
        ["avg_deal_size", "win_rate", "close_rate", "lead_work_rate", "touches_per_lead"],
        w,
        where,
        "all",
    )
    out: dict[str, float] = {"closed": _total(rows, "win_rate", "denominator") or 0.0}
    for name in ("avg_deal_size", "win_rate", "touches_per_lead"):
        value = _total(rows, name, "value")
        if value:
            out[name] = value
    deals, leads = (
        _total(rows, "close_rate", "denominator"),
        _total(rows, "lead_work_rate", "denominator"),
    )
    if deals and leads:
        out["deals_per_lead"] = deals / leads
    return out


def _sales_rates(engine: Engine, w: Window, where: dict[str, list[str]]) -> dict[str, float]:
    rows = _records(engine, ["avg_order_value", "units", "orders"], w, where, "all")
    weekly = _records(engine, ["orders", "active_customers"], w, where, "week")
    out: dict[str, float] = {"orders": _total(rows, "orders", "value") or 0.0}
    aov, units = _total(rows, "avg_order_value", "value"), _total(rows, "units", "value")
    if aov:
        out["avg_order_value"] = aov
    if units and out["orders"]:
        out["units_per_order"] = units / out["orders"]
    orders, customers = (
        _total(weekly, "orders", "value"),
        _total(weekly, "active_customers", "value"),
    )
    if orders and customers:
        out["orders_per_customer"] = orders / customers
    return out


def _thin(chain: str, found: dict[str, float]) -> str | None:
    """Why the owner's own rates are too thin to use (None when they are not)."""
    if chain == "deals" and found["closed"] < MIN_DEALS:
        return f"{found['closed']:.0f} closed deals"
    if chain == "sales" and found["orders"] < MIN_ORDERS:
        return f"{found['orders']:.0f} orders"
    return None


def _wider(engine: Engine, spec: GoalSpec) -> tuple[str, dict[str, list[str]]] | None:
    """The group whose rates stand in for a thin owner's: a rep's team, else everyone."""
    rest = {k: v for k, v in spec.filters().items() if k not in ("rep", "team")}
    if spec.owner_kind == "rep":
        team = rep_details(engine).get(spec.owner, (None, None))[1]
        if team is not None:
            return f"team rates: {team}", {**rest, "team": [str(team)]}
    if spec.owner_kind != "all":
        return "everyone's rates", rest
    return None


def rates(engine: Engine, spec: GoalSpec, window: Window) -> Rates | None:
    """The rates behind a goal's drivers (None when its KPI has no driver chain)."""
    chain = "deals" if spec.kpi in DEAL_GOALS else "sales" if spec.kpi in SALES_GOALS else None
    if chain is None:
        return None
    read = _deal_rates if chain == "deals" else _sales_rates
    w = lookback(window)
    found = read(engine, w, spec.filters())
    basis = f"{spec.owner}'s own rates over {w.label}"
    thin = _thin(chain, found)
    if thin is not None:
        wider = _wider(engine, spec)
        if wider is not None:
            words, where = wider
            found = read(engine, w, where)
            basis = f"{words} ({spec.owner} has {thin} in {w.label})"
        else:
            basis += f" (only {thin}: read them with care)"
    return Rates(chain, basis, found, engine.settings.currency)


def drivers(spec: GoalSpec, found: Rates, target: float) -> tuple[Driver, ...]:
    """What a week with `target` needs, step by step down the funnel (see the module)."""
    v, cur = found.values, found.currency
    out: list[Driver] = []

    def step(name: str, value: float, formula: str) -> float:
        out.append(Driver(name, value, formula))
        return value

    def rate(key: str, unit: Any = "number") -> str:
        return fmt_unit(v[key], unit, cur)

    goal = fmt_unit(target, spec.measure.unit, cur)
    if found.chain == "deals":
        if spec.kpi == "bookings":
            if "avg_deal_size" not in v:
                return ()
            wins = step(
                "deals to win",
                target / v["avg_deal_size"],
                f"{goal} ÷ average deal size {rate('avg_deal_size', 'money')}",
            )
        else:
            wins = target
        if "win_rate" not in v:
            return tuple(out)
        decide = step(
            "deals to decide",
            wins / v["win_rate"],
            f"{wins:.1f} deals to win ÷ win rate {rate('win_rate', 'ratio')}",
        )
        if "deals_per_lead" not in v:
            return tuple(out)
        leads = step(
            "leads to work",
            decide / v["deals_per_lead"],
            f"{decide:.1f} deals to decide ÷ deals per lead {v['deals_per_lead']:.2f}",
        )
        if "touches_per_lead" in v:
            step(
                "activities",
                leads * v["touches_per_lead"],
                f"{leads:.1f} leads × touches per lead {v['touches_per_lead']:.2f}",
            )
        return tuple(out)
    if spec.kpi == "orders":
        orders = target
    else:
        key, what = (
            ("avg_order_value", "average order value")
            if spec.kpi == "revenue"
            else ("units_per_order", "units per order")
        )
        if key not in v:
            return ()
        unit = "money" if spec.kpi == "revenue" else "number"
        orders = step("orders", target / v[key], f"{goal} ÷ {what} {rate(key, unit)}")
    if "orders_per_customer" in v:
        step(
            "customers to reach",
            orders / v["orders_per_customer"],
            f"{orders:.1f} orders ÷ orders per customer in a week {v['orders_per_customer']:.2f}",
        )
    return tuple(out)
