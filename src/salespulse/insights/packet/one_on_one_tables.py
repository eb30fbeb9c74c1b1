"""The tables of the one-on-one packet, as text cells, for every renderer (Markdown,
HTML): what each section shows is decided once, here."""

from __future__ import annotations

from dataclasses import dataclass, field

from salespulse import kpis as kpis_registry
from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.core import phrases
from salespulse.insights.packet.one_on_one import Packet

#: The KPI each diagnosis driver is measured by (its unit shows the driver's values).
DRIVER_KPIS = {
    "win_rate": "win_rate",
    "deal_size": "avg_deal_size",
    "cycle": "sales_cycle_days",
    "speed_to_lead": "speed_to_lead_minutes",
    "line_value": "avg_order_value",
}


@dataclass(frozen=True)
class Grid:
    head: list[str]
    rows: list[list[str]]
    #: columns holding numbers (right-aligned where the format can)
    numeric: set[int] = field(default_factory=set)


def driver_value(driver: str, value: float | None, currency: str) -> str:
    if driver == "mix":  # the price of the rep's mix as a share of the peers' average
        return phrases.pct(value)
    kpi = DRIVER_KPIS.get(driver)
    text = phrases.value(kpis_registry.get(kpi).unit if kpi else "count", value, currency)
    monthly = (
        driver in ("pipeline", "activity", "customers", "orders_per_month") and value is not None
    )
    return text + (" a month" if monthly else "")


def kpis(p: Packet) -> Grid:
    c = p.currency
    return Grid(
        ["KPI", p.period.label, p.previous.label, "change", "team (per rep)"],
        [
            [
                k.label,
                phrases.value(k.unit, k.rep, c),
                phrases.value(k.unit, k.previous, c),
                phrases.delta(k.unit, k.rep, k.previous),
                phrases.value(k.unit, k.team, c),
            ]
            for k in p.kpis
        ],
        {1, 2, 3, 4},
    )


def drivers(d: Diagnosis, currency: str) -> Grid:
    return Grid(
        ["driver", "rep", "benchmark", "share of the gap", "larger than noise?", "test"],
        [
            [
                x.label,
                driver_value(x.driver, x.rep_value, currency),
                driver_value(x.driver, x.benchmark_value, currency),
                "—" if x.share is None else phrases.pct(x.share),
                ("yes" if x.significant else "no")
                + ("" if x.enough_data else " (not enough data)"),
                x.test,
            ]
            for x in d.drivers
        ],
        {1, 2, 3},
    )


def deals_at_risk(p: Packet) -> Grid:
    return Grid(
        ["deal", "customer", "amount", "stage", "why", "last touch"],
        [
            [
                x.deal_id,
                x.customer or "—",
                phrases.money(x.amount, p.currency),
                x.stage or "—",
                "; ".join(x.reasons),
                str(x.last_touch or "—"),
            ]
            for x in p.deals_at_risk
        ],
        {2},
    )


def months(p: Packet) -> Grid:
    return Grid(
        ["month", "revenue", "quota", "attainment"],
        [
            [
                f"{m.start:%b %Y}",
                phrases.money(m.revenue, p.currency),
                phrases.money(m.target, p.currency),
                phrases.pct(m.attainment),
            ]
            for m in p.months
        ],
        {1, 2, 3},
    )
