"""Why is a rep's revenue behind (or ahead)? The sales-lines view of the diagnosis: the
gap between a rep's revenue a month and the benchmark (the peers' median, as for deals),
split into customers × orders per customer × lines per order × average line value, each
tested against noise, with the product mix as a part of line value (see
`signals.sales_drivers`), in sentences a manager can act on.

    from salespulse.insights import diagnose_sales
    for d in diagnose_sales(ws):
        print(d.summary)
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import Any

from salespulse.errors import UserError
from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.coaching.sales_diagnosis_text import summarise
from salespulse.insights.core.benchmark import check_kind
from salespulse.insights.core.evidence import Evidence, Readable, Rep, evidence
from salespulse.insights.core.sales_benchmark import SalesBenchmark, sales_benchmark_for
from salespulse.insights.core.sales_figures import (
    SalesFigures,
    collect_sales,
    selling_months,
    sells_elsewhere,
)
from salespulse.insights.core.windows import Window, resolve
from salespulse.insights.signals import drivers as drv
from salespulse.insights.signals import sales_drivers

#: Default diagnosis window: the last three complete months.
DEFAULT_MONTHS = 3


def diagnose_sales(
    target: Readable | Evidence,
    *,
    rep: str | None = None,
    team: str | None = None,
    period: str | None = None,
    start: Any = None,
    end: Any = None,
    as_of: Any = None,
    benchmark: str = "median",
) -> list[Diagnosis]:
    """The sales-lines diagnosis of each rep (or of `rep`, or of `team`'s reps) over the
    window: by default the last three complete months before the end of the data."""
    check_kind(benchmark)
    with evidence(target) as ev:
        ev.require("sales", "A diagnosis on sales lines")
        day = ev.as_of(as_of)
        window = resolve(ev.settings, day, period, start, end, DEFAULT_MONTHS)
        if window.end > day:
            raise UserError(
                f"The window {window.label} ends after the as-of date {day}.",
                fix="Choose an earlier `period`, or a later `as_of`.",
                option="period",
            )
        return sales_diagnose_window(ev, window, day, rep=rep, team=team, benchmark=benchmark)


def sales_diagnose_window(
    ev: Evidence,
    window: Window,
    as_of: date,
    *,
    rep: str | None = None,
    team: str | None = None,
    benchmark: str = "median",
) -> list[Diagnosis]:
    elsewhere = sells_elsewhere(ev, "sales")
    active = [
        r
        for r in ev.roster.values()
        if r.rep not in elsewhere and selling_months(ev, r, window) > 0
    ]
    if rep is not None:
        wanted = [ev.rep(rep)]
    elif team is not None:
        wanted = [r for r in ev.team_reps(team) if r in active]
    else:
        wanted = active
    figures = collect_sales(ev, window, active + [r for r in wanted if r not in active], as_of)
    out = []
    for r in wanted:
        b = sales_benchmark_for(r, active, figures, window, benchmark)
        out.append(_one(r, figures[r.rep], b, window, ev.currency))
    return out


def _one(
    rep: Rep, f: SalesFigures, b: SalesBenchmark | None, window: Window, currency: str
) -> Diagnosis:
    notes = []
    if abs(f.months - window.months) > 1e-9:
        notes.append(
            f"Sold for {f.months:.1f} of the window's {window.months:.0f} months; compared "
            "per month selling."
        )
    base = Diagnosis(
        rep=rep.rep,
        rep_name=rep.name,
        team=rep.team,
        window=window,
        benchmark_kind="median",
        benchmark_label="nobody",
        peers=(),
        outcome=f.revenue_per_month,
        benchmark=None,
        gap=None,
        drivers=[],
        summary="There is no other rep to compare with.",
        notes=notes,
        view="sales",
    )
    if b is None:
        return base
    outcome = f.revenue_per_month
    gap = outcome / b.outcome - 1 if b.outcome > 0 else None
    log_gap = math.log(outcome / b.outcome) if outcome > 0 and b.outcome > 0 else None
    if outcome <= 0 < b.outcome:
        log_gap = -math.inf
    found = sales_drivers.factors(f, b, log_gap, currency)
    if f.orders == 0 and log_gap == -math.inf:
        found[0] = replace(found[0], share=1.0, detail="no orders in the window")
    m = sales_drivers.mix(f, b, log_gap, currency)
    if m is not None:
        found.append(m)
    d = replace(
        base,
        benchmark_kind=b.kind,
        benchmark_label=b.label,
        peers=b.peers,
        benchmark=b.outcome,
        gap=gap,
        drivers=drv.order(found),
    )
    return replace(d, summary=summarise(d, f, b, currency))
