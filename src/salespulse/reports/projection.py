"""Where the current period will land: for each rep, team or the whole business, the
revenue (units where the sales have no prices) so far, the run-rate and the seasonal
projection with its 80% interval (`reports.period_shape`), the quota, the chance of
reaching it and the daily pace it needs over the selling days left.

Three KPI queries whatever the number of members: the daily revenue by member over the
past periods and this one, the quota (`quota_attainment`'s target) by member, and the
reps' names."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from salespulse.engine.core import Engine
from salespulse.engine.data_end import data_end
from salespulse.engine.query import make_query, one_of
from salespulse.errors import MissingTable, QuotaDoesNotFit, UserError
from salespulse.model.calendar import Grain
from salespulse.model.periods import Window
from salespulse.reports.members import rep_details, sales_dimension, unknown_member
from salespulse.reports.period_shape import (
    LEVEL_PERIODS,
    MIN_SHAPE,
    SHAPE_PERIODS,
    Past,
    cutoff,
    land,
    landed,
    selling_days,
)
from salespulse.reports.projection_records import MemberProjection, ProjectionReport

#: The periods a projection is made for, and who it is made for.
PROJECTION_PERIODS: tuple[Grain, ...] = ("month", "quarter", "year")
PROJECTION_BY = ("rep", "team")


def projection_period(period: Any) -> Grain:
    return cast(Grain, one_of(period, PROJECTION_PERIODS, "projection period"))


def _daily(
    engine: Engine, measure: str, by: str | None, start: date, end: date, where: dict[str, Any]
) -> dict[Any, dict[date, float]]:
    query = make_query(
        measure, by=[by] if by else None, period="day", start=start, end=end, where=where
    )
    out: dict[Any, dict[date, float]] = {}
    for r in engine.result(query).records():
        if r["value"] is not None:
            out.setdefault(r[by] if by else None, {})[r["period"]] = float(r["value"])
    return out


def _targets(
    engine: Engine,
    by: str | None,
    current: Window,
    measure: str,
    as_of: date,
    where: dict[str, Any],
) -> tuple[dict[Any, float], list[str]]:
    query = make_query(
        "quota_attainment",
        by=[by] if by else None,
        period=current.grain or "month",
        start=current.start,
        end=current.end,
        where={**where, "metric": measure},
        as_of=as_of,
    )
    try:
        rows = engine.result(query).records()
    except MissingTable:
        return {}, []
    except QuotaDoesNotFit as exc:
        return {}, [f"No chance of reaching quota: {exc.message}"]
    return {
        (r[by] if by else None): float(r["denominator"])
        for r in rows
        if r["denominator"] is not None
    }, []


def projection_by(
    engine: Engine,
    by: str | None,
    period: Grain = "month",
    as_of: date | None = None,
    where: dict[str, Any] | None = None,
) -> ProjectionReport:
    """Every member of `by` (rep or team; None: the whole business) with sales in the
    current `period` or the past ones its shape is read from, as of `as_of` (default:
    the end of the data)."""
    where = dict(where or {})
    end = as_of or data_end(engine)
    if end is None:
        raise UserError(
            "The workspace holds no sales yet.",
            fix="Import them (salespulse import sales FILE) or try: salespulse demo",
        )
    current = Window.period(end, period, engine.settings)
    past = [current.previous()]
    while len(past) < SHAPE_PERIODS[period]:
        past.append(past[-1].previous())
    last = min(end, current.end)
    measure = "revenue"
    daily = _daily(engine, measure, by, past[-1].start, last, where)
    if not daily:
        measure = "units"
        daily = _daily(engine, measure, by, past[-1].start, last, where)
    notes = [] if measure == "revenue" else ["The sales have no prices: the projection is units."]
    days = selling_days(current, engine.settings)
    gone = len(selling_days(current, engine.settings, last))
    share_gone = gone / len(days) if days else 1.0
    is_selling = last in days
    cutoffs = [cutoff(p, share_gone, is_selling, engine.settings) for p in past]
    targets, quota_notes = _targets(engine, by, current, measure, end, where)
    notes += quota_notes
    names = rep_details(engine) if by == "rep" else {}
    members = []
    for key, sales in daily.items():
        first = min(sales)
        history = [
            Past(
                sum(v for d, v in sales.items() if p.start <= d <= c),
                sum(v for d, v in sales.items() if p.start <= d <= p.end),
            )
            for p, c in zip(past, cutoffs, strict=True)
            if p.end >= first
        ]
        actual = sum(v for d, v in sales.items() if current.start <= d <= last)
        if last >= current.end:
            landing = landed(actual)
        else:
            landing = land(actual, gone, len(days), history, LEVEL_PERIODS[period])
        name, team = names.get(str(key), (None, None))
        members.append(
            MemberProjection(
                by=by,
                member=key,
                name=name,
                team=team,
                measure=measure,
                period=current,
                as_of=end,
                selling_days=len(days),
                days_gone=gone,
                landing=landing,
                past_periods=sum(p.whole > 0 for p in history),
                target=targets.get(key),
            )
        )
    members.sort(key=lambda m: (-(m.projected or m.actual), str(m.member)))
    return ProjectionReport(by, current, end, measure, members, notes)


def projection(
    engine: Engine,
    by: str | None = None,
    value: Any = None,
    period: str = "month",
    as_of: date | None = None,
) -> ProjectionReport:
    """The current `period` as of `as_of` for one member (`value` of `by`; a rep when
    `by` is None), every member of `by`, or the whole business (neither)."""
    grain = projection_period(period)
    if value is not None and by is None:
        by = "rep"
    by = sales_dimension(by, PROJECTION_BY)
    where = {by: str(value)} if by is not None and value is not None else {}
    report = projection_by(engine, by, grain, as_of, where)
    if by is not None and value is None:
        return report
    if not report.members:
        if by is None:
            raise UserError(
                f"There are no sales in {report.period.label} or the {grain}s before it.",
                fix="Use `as_of` a date when there were sales, or import them.",
                option="as_of",
            )
        raise unknown_member(engine, by, str(value), "units")
    member = report.members[0]
    if member.landing.projected is None and member.days_gone < member.selling_days:
        before = report.period.start - timedelta(days=1)
        raise UserError(
            f"{member.label} has sales in {member.past_periods} of the {grain}s before "
            f"{report.period.label}; the seasonal projection needs {MIN_SHAPE} (up to "
            f"{before}).",
            fix="Import earlier sales" + (", or use `period` month." if grain != "month" else "."),
            option="period",
        )
    return report
