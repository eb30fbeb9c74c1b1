"""Why is a rep behind (or ahead)? The gap between a rep's bookings and the benchmark,
split into the drivers along the funnel, each tested against noise, in one or two
sentences a manager can act on.

    from salespulse.insights import diagnose
    for d in diagnose(ws, team="Atlas"):
        print(d.summary)
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import Any

from salespulse.errors import UserError
from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.coaching.diagnosis_text import summarise
from salespulse.insights.core.benchmark import Benchmark, benchmark_for, check_kind
from salespulse.insights.core.evidence import Evidence, Readable, Rep, evidence
from salespulse.insights.core.funnel import (
    Figures,
    collect,
    exposure_months,
    response_minutes,
)
from salespulse.insights.core.sales_figures import sells_elsewhere
from salespulse.insights.core.windows import Window, resolve
from salespulse.insights.signals import drivers as drv
from salespulse.stats import median

#: Default diagnosis window: the last three complete months.
DEFAULT_MONTHS = 3


def diagnose(
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
    """The diagnosis of each rep (or of `rep`, or of `team`'s reps) over the window: by
    default the last three complete months before the end of the data.

    With deals, each is the deals view (bookings along the funnel) and carries the
    sales-lines view (revenue by customers, orders and lines) in `sales` when the sales
    lines name their reps; without deals, each is the sales-lines view."""
    from salespulse.insights.coaching.sales_diagnosis import sales_diagnose_window
    from salespulse.insights.core.sales_figures import require_sellers, sells_by_rep

    check_kind(benchmark)
    with evidence(target) as ev:
        require_sellers(ev, "A diagnosis")
        day = ev.as_of(as_of)
        window = resolve(ev.settings, day, period, start, end, DEFAULT_MONTHS)
        if window.end > day:
            raise UserError(
                f"The window {window.label} ends after the as-of date {day}.",
                fix="Choose an earlier `period`, or a later `as_of`.",
                option="period",
            )
        kw: dict[str, Any] = {"rep": rep, "team": team, "benchmark": benchmark}
        with_sales = sells_by_rep(ev)
        if not ev.has("deals") and with_sales:
            return sales_diagnose_window(ev, window, day, **kw)
        found = diagnose_window(ev, window, day, **kw)
        if not with_sales:
            return found
        sales = {d.rep: d for d in sales_diagnose_window(ev, window, day, **kw)}
        return [replace(d, sales=sales.get(d.rep)) for d in found]


def diagnose_window(
    ev: Evidence,
    window: Window,
    as_of: date,
    *,
    rep: str | None = None,
    team: str | None = None,
    benchmark: str = "median",
) -> list[Diagnosis]:
    roster = list(ev.roster.values())
    elsewhere = sells_elsewhere(ev, "deals")
    active = [r for r in roster if r.rep not in elsewhere and exposure_months(r, window) > 0]
    if rep is not None:
        wanted = [ev.rep(rep)]
    elif team is not None:
        wanted = [r for r in ev.team_reps(team) if r in active]
    else:
        wanted = active
    figures = collect(ev, window, active + [r for r in wanted if r not in active], as_of)
    before = _previous(ev, window, wanted, as_of)
    out = []
    for r in wanted:
        b = benchmark_for(r, active, figures, window, benchmark)
        out.append(_diagnose_one(ev, r, figures[r.rep], before.get(r.rep), b, window, as_of))
    return out


def _previous(ev: Evidence, window: Window, reps: list[Rep], as_of: date) -> dict[str, Figures]:
    """Activities over the window just before (for "activity is down 35%")."""
    if not ev.has("activities"):
        return {}
    prev = window.previous()
    counts = ev.by_rep("activities", prev.start, prev.end, as_of=as_of)
    out = {}
    for r in reps:
        months = exposure_months(r, prev)
        if months > 0:
            f = Figures(r.rep, months)
            f.activities = int(counts.get(r.rep, {}).get("value") or 0)
            out[r.rep] = f
    return out


def _speed_benchmark(ev: Evidence, window: Window, b: Benchmark, as_of: date) -> float | None:
    """The benchmark group's pooled median minutes to the first touch of inbound leads."""
    minutes = response_minutes(ev, window, as_of)
    return median([m for rep in b.group for m in minutes.get(rep, [])])


def _diagnose_one(
    ev: Evidence,
    rep: Rep,
    f: Figures,
    before: Figures | None,
    b: Benchmark | None,
    window: Window,
    as_of: date,
) -> Diagnosis:
    notes = []
    tenure = rep.tenure_months(window.end)
    if tenure is not None and not rep.ramped_by(window.start):
        notes.append(
            f"Hired {rep.hire_date}: month {tenure} of tenure at the end of the window, "
            "still ramping; compared per month employed."
        )
    if b is None:
        return Diagnosis(
            rep=rep.rep,
            rep_name=rep.name,
            team=rep.team,
            window=window,
            benchmark_kind="median",
            benchmark_label="nobody",
            peers=(),
            outcome=f.bookings_per_month,
            benchmark=None,
            gap=None,
            drivers=[],
            summary="There is no other rep to compare with.",
            attainment=f.attainment,
            notes=notes,
        )
    outcome = f.bookings_per_month
    gap = outcome / b.outcome - 1 if b.outcome > 0 else None
    log_gap = math.log(outcome / b.outcome) if outcome > 0 and b.outcome > 0 else None
    if outcome == 0 and b.outcome > 0:
        log_gap = -math.inf
    found = drv.funnel(f, b, log_gap, ev.currency)
    if f.decided == 0 and log_gap == -math.inf:
        found[0] = _whole(found[0], "no deals decided in the window")
    elif f.won == 0 and log_gap == -math.inf:
        found[1] = _whole(found[1], f"no deals won of {f.decided} decided")
    act = drv.activity(f, before, b, log_gap)
    cyc = drv.cycle(f, b)
    spd = drv.speed(f, b, _speed_benchmark(ev, window, b, as_of))
    found += [d for d in (act, cyc, spd) if d is not None]
    found = drv.order(found)
    bench_att = b.pooled.attainment
    d = Diagnosis(
        rep=rep.rep,
        rep_name=rep.name,
        team=rep.team,
        window=window,
        benchmark_kind=b.kind,
        benchmark_label=b.label,
        peers=b.peers,
        outcome=outcome,
        benchmark=b.outcome,
        gap=gap,
        drivers=found,
        summary="",
        attainment=f.attainment,
        benchmark_attainment=bench_att,
        notes=notes,
    )
    return _with_summary(d, f, b, ev.currency)


def _whole(d: drv.Driver, detail: str) -> drv.Driver:
    """No deal decided (or none won) at all: the whole gap is that driver's — bookings are
    zero whatever the other drivers are — though the logarithms cannot say it."""

    return replace(d, share=1.0, detail=detail)


def _with_summary(d: Diagnosis, f: Figures, b: Benchmark, currency: str) -> Diagnosis:

    return replace(d, summary=summarise(d, f, b, currency))
