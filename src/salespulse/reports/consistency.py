"""Consistency month to month: for each member of a dimension (a rep, team, product,
category, ...) or the whole business, the monthly revenue (units where the sales have no
prices) over a window of complete months, each month against the band its own past
expected (`reports.monthly_band`), the months at or above quota in a row
(`reports.quota_streaks`) and the coefficient of variation — the `consistency` KPI's own
number (`units_consistency` for units).

Every number comes from KPI queries, a handful per report whatever the number of
members: the monthly series by member, the CV by member, the quota attainment by member
and period, and the reps' names."""

from __future__ import annotations

from datetime import date
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.data_end import data_end
from salespulse.engine.query import make_query
from salespulse.errors import UserError
from salespulse.model.calendar import add_months
from salespulse.model.periods import Window, month_end
from salespulse.model.wording import plural
from salespulse.reports.consistency_records import (
    CV_KPIS,
    ConsistencyReport,
    MemberConsistency,
    Month,
)
from salespulse.reports.members import rep_details, sales_dimension, unknown_member
from salespulse.reports.monthly_band import (
    GROWTH_MONTHS,
    MIN_MONTHS,
    MIN_RESIDUALS,
    MIN_TRAILING,
    SEASON,
    bands,
    is_counts,
)
from salespulse.reports.quota_streaks import quota_runs

MAX_MONTHS = 120
HISTORY = SEASON + GROWTH_MONTHS  # months read before the window to set expectations


def last_months(end: date, months: int, engine: Engine) -> Window:
    """The `months` complete months up to `end`."""
    last = Window.latest_complete("month", end, engine.settings)
    return Window.days_between(add_months(last.start, -(months - 1)), last.end)


def _monthly(
    engine: Engine, measure: str, by: str | None, start: date, end: date, where: dict[str, Any]
) -> dict[Any, dict[date, float | None]]:
    dims = [by] if by else None
    query = make_query(measure, by=dims, period="month", start=start, end=end, where=where)
    out: dict[Any, dict[date, float | None]] = {}
    for r in engine.result(query).records():
        value = r["value"]
        out.setdefault(r[by] if by else None, {})[r["period"]] = (
            None if value is None else float(value)
        )
    return out


def _months(first: date, last: date) -> list[date]:
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [add_months(first, i) for i in range(count)]


def consistency_by(
    engine: Engine,
    by: str | None,
    window: Window,
    as_of: date | None = None,
    where: dict[str, Any] | None = None,
) -> ConsistencyReport:
    """Every member of `by` that sold in `window` (whole months: it starts on the 1st of
    its first month), or the whole business (`by` None), as `MemberConsistency`, biggest
    first."""
    where = dict(where or {})
    if window.start.day != 1:
        window = Window.days_between(window.start.replace(day=1), window.end)
    start, end = add_months(window.start, -HISTORY), window.end
    measure = "revenue"
    total = _monthly(engine, "revenue", None, start, end, {}).get(None, {})
    if all(v is None for v in total.values()):
        measure = "units"
        total = _monthly(engine, "units", None, start, end, {}).get(None, {})
    notes = [] if measure == "revenue" else ["The sales have no prices: the series is units."]
    if not total:
        return ConsistencyReport(by, window, measure, [], notes)
    first = min(total)
    if first > window.start:
        window = Window.days_between(first, window.end)
    history = _months(max(first, start), end)
    series = (
        {None: total}
        if by is None and not where
        else _monthly(engine, measure, by, start, end, where)
    )
    kpi = make_query(
        CV_KPIS[measure],
        by=[by] if by else None,
        start=window.start,
        end=window.end,
        where=where,
        as_of=as_of,
    )
    cvs = {(r[by] if by else None): r for r in engine.result(kpi).records()}
    runs, quota_notes = quota_runs(engine, by, window, measure, as_of, where)
    notes += quota_notes
    names = rep_details(engine) if by == "rep" else {}
    members = []
    shown = len(_months(window.start, end))
    for key, months in series.items():
        values = [months.get(m) or 0.0 for m in history]
        if not any(values[-shown:]):
            continue
        band = bands(values, counts=measure == "units" and is_counts(values))
        first_sale = next(i for i, v in enumerate(values) if v != 0)
        cv = cvs.get(key, {})
        name, team = names.get(str(key), (None, None))
        members.append(
            MemberConsistency(
                by=by,
                member=key,
                name=name,
                team=team,
                measure=measure,
                window=window,
                months=[
                    Month(m, v, b)
                    for m, v, b in list(zip(history, values, band, strict=True))[-shown:]
                ],
                history_months=len(values) - first_sale,
                cv=cv.get("value"),
                mean=cv.get("denominator"),
                stdev=cv.get("numerator"),
                quota=runs.get(key),
            )
        )
    members.sort(key=lambda m: (-sum(x.value for x in m.months), str(m.member)))
    return ConsistencyReport(by, window, measure, members, notes)


def check_months(months: Any) -> int:
    if isinstance(months, bool) or not isinstance(months, int) or not 2 <= months <= MAX_MONTHS:
        raise UserError(
            f"`months` {months!r} is not a number of months this report can show.",
            fix=f"Use `months` a whole number from 2 to {MAX_MONTHS} (default 24).",
            option="months",
        )
    return months


def consistency(
    engine: Engine,
    by: str | None = None,
    value: Any = None,
    months: int = 24,
    as_of: date | None = None,
) -> ConsistencyReport:
    """The last `months` complete months to `as_of` (default: the end of the data) for
    one member (`value` of `by`; a rep when `by` is None), every member of `by`, or the
    whole business (neither)."""
    months = check_months(months)
    if value is not None and by is None:
        by = "rep"
    by = sales_dimension(by)
    end = as_of or data_end(engine)
    if end is None:
        raise UserError(
            "The workspace holds no sales yet.",
            fix="Import them (salespulse import sales FILE) or try: salespulse demo",
        )
    window = last_months(end, months, engine)
    where = {by: str(value)} if by is not None and value is not None else {}
    report = consistency_by(engine, by, window, as_of, where)
    if by is not None and value is None:
        if not report.members:
            raise UserError(
                f"No {by} has sales in {window.label}.",
                fix="Use `as_of` a date when there were sales, or import them.",
                option="as_of",
            )
        return report
    if not report.members:
        if by is None:
            raise UserError(
                f"There are no sales in {window.label}.",
                fix="Use `as_of` a date when there were sales, or import them.",
                option="as_of",
            )
        raise unknown_member(engine, by, str(value), "units")
    member = report.members[0]
    if not member.has_band:
        raise UserError(
            f"{member.label} has {plural(member.history_months, 'month')} of sales up to "
            f"{month_end(window.end):%Y-%m}; the expected band needs at least {MIN_MONTHS} "
            f"({MIN_TRAILING} to set the first expected month, {MIN_RESIDUALS} more to "
            "measure its spread).",
            fix="Import earlier sales, or use `as_of` a later date.",
            option="as_of",
        )
    return report
