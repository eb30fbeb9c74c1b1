"""The sales-lines sections of a one-on-one as grids and sentences, shared by the Markdown
and the HTML packet (each escapes every value as it writes it)."""

from __future__ import annotations

from salespulse.insights.core import phrases
from salespulse.insights.packet.one_on_one import Packet
from salespulse.insights.packet.one_on_one_tables import Grid
from salespulse.insights.signals.kpi_lines import KpiLine

VERDICTS = {"bad": "bad month", "great": "great month", None: "—"}


def kpi_grid(p: Packet, lines: list[KpiLine]) -> Grid:
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
            for k in lines
        ],
        {1, 2, 3, 4},
    )


def _amount(p: Packet, measure: str, value: float | None) -> str:
    return phrases.money(value, p.currency) if measure == "revenue" else phrases.number(value, 0)


def consistency_lines(p: Packet) -> list[str]:
    """The CV, the bad and great months and the quota streak, in sentences."""
    s = p.sales.consistency if p.sales else None
    if not s:
        return ["No sales in the last twelve months."]
    out = [
        f"{s['months']} months; coefficient of variation of monthly {s['measure']} "
        + (f"{s['cv']:.2f}" if s["cv"] is not None else "—")
        + " (lower is steadier)."
    ]
    bad, great = s["bad_labels"], s["great_labels"]
    out.append(
        "Bad months (below their expected band, beyond noise): "
        + (", ".join(bad) if bad else "none")
        + "; great months (above it): "
        + (", ".join(great) if great else "none")
        + "."
    )
    if s["quota_periods"]:
        out.append(
            f"At or above quota in {s['quota_periods_met']} of {s['quota_periods']} months; "
            f"current streak {s['current_streak']}, longest {s['longest_streak']}."
        )
    return out


def consistency_grid(p: Packet) -> Grid:
    s = p.sales.consistency if p.sales else None
    rows = []
    for m in (s or {}).get("series", []):
        band = (
            f"{_amount(p, s['measure'], m['low'])}–{_amount(p, s['measure'], m['high'])}"  # type: ignore[index]
            if m["low"] is not None and m["high"] is not None
            else "—"
        )
        rows.append(
            [
                m["label"],
                _amount(p, s["measure"], m["value"]),  # type: ignore[index]
                _amount(p, s["measure"], m["expected"]),  # type: ignore[index]
                band,
                VERDICTS.get(m["verdict"], str(m["verdict"])),
            ]
        )
    return Grid(["month", "actual", "expected", "band", "verdict"], rows, {1, 2, 3})


def projection_lines(p: Packet) -> list[str]:
    x = p.sales.projection if p.sales else None
    if not x:
        return ["The current month is over or has no sales yet: nothing to project."]
    m = x["measure"]
    out = [
        f"{x['period']}: {_amount(p, m, x['actual'])} so far with {x['days_gone']} of "
        f"{x['selling_days']} selling days gone; run rate {_amount(p, m, x['run_rate'])}, "
        f"projected {_amount(p, m, x['projected'])}"
        + (
            f" (80% interval {_amount(p, m, x['low'])}–{_amount(p, m, x['high'])})."
            if x["low"] is not None
            else "."
        )
    ]
    if x["target"] is not None:
        out.append(
            f"Quota {_amount(p, m, x['target'])}: chance of reaching it "
            f"{phrases.pct(x['chance'])}; it needs {_amount(p, m, x['needed_per_day'])} a "
            "selling day from here."
        )
    return out
