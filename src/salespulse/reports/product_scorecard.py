"""The scorecard by product, for a workspace holding only sales lines: units (and
revenue where prices exist), the change on the previous period, how steady monthly units
are, the best and worst movers, and which tables would unlock the rep scorecard."""

from __future__ import annotations

from salespulse.engine.core import Engine
from salespulse.engine.sources import normalize
from salespulse.model import calendar
from salespulse.reports.periods_compared import Scorecard, Window, number, pair, values

PRODUCT_KPIS = ("units", "revenue")


def only_sales(engine: Engine) -> bool:
    return all(
        engine.source.raw(t) is None for t in ("reps", "deals", "activities", "quotas", "leads")
    )


def product_scorecard(engine: Engine, w: Window) -> Scorecard:
    """Units (and revenue where prices exist) by product, with trend and consistency."""
    records = []
    month = w.end.replace(day=1)
    year_ago = calendar.add_months(month, -11)
    sales = normalize(engine.source.raw("sales"), "sales", engine.settings, engine.source.label)
    first = engine.source.execute(sales.date.min())
    first = first.date() if hasattr(first, "hour") else first
    start = max(year_ago, first) if first is not None and first == first else year_ago
    steadiness = values(engine, "units_consistency", "product", {"start": start, "end": w.end})
    for name in PRODUCT_KPIS:
        cur, prev = pair(engine, name, "product", w, {})
        if name == "revenue" and all(number(v) is None for v, _ in (*cur.values(), *prev.values())):
            continue
        for product in sorted(set(cur) | set(prev), key=str):
            value, n = cur.get(product, (None, 0))
            value, before = number(value), number(prev.get(product, (None, 0))[0])
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
                "value": number(value),
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
