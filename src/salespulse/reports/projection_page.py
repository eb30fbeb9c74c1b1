"""Where the period will land, as one HTML page (`reports.html_page`): a table of every
member and a chart — the actual so far, the projection with its 80% interval and the
quota — a Vega-Lite spec (`charts.landing`) rendered to inline SVG (vl-convert). Every
value and label is escaped."""

from __future__ import annotations

from typing import Any

from salespulse import charts, kpis
from salespulse.kpis.display import money_short, number
from salespulse.reports.html_page import figure, page, paragraphs, table
from salespulse.reports.projection_records import MemberProjection, ProjectionReport

MAX_BARS = 40


def short(value: float | None, measure: str, currency: str) -> str:
    if value is None:
        return "—"
    return money_short(value, currency) if kpis.get(measure).unit == "money" else number(value)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def chart(members: list[MemberProjection], currency: str) -> dict[str, Any] | None:
    """The landing chart's spec (`charts.landing`) of the first `MAX_BARS` members: dark
    the actual, light up to the projection, a line across the 80% interval and a red tick
    at the quota; None without members."""
    shown = members[:MAX_BARS]
    if not shown:
        return None
    rows = [
        {
            "member": m.label,
            "actual": m.actual,
            "projected": m.projected,
            "low": m.landing.low,
            "high": m.landing.high,
            "target": m.target or None,
            "label": None if m.projected is None else short(m.projected, m.measure, currency),
        }
        for m in shown
    ]
    what = kpis.get(shown[0].measure).label
    return charts.landing(rows, f"{what}: so far and projected, with the 80% interval and quota")


def render(report: ProjectionReport, currency: str) -> str:
    first = report.members[0] if report.members else None
    who = "the whole business" if report.by is None else f"by {report.by}"
    title = f"Where {report.period.label} will land, {who}"
    lines = [f"As of {report.as_of}"]
    if first is not None:
        lines[0] += f": {first.days_gone} of {first.selling_days} selling days gone."
    head = [report.by or "", "name", "so far", "run rate", "projected", "80% interval",
            "quota", "chance", "needed a day", "pace a day"]  # fmt: skip
    rows = []
    for m in report.members:
        x = m.landing

        def s(value: float | None, m: MemberProjection = m) -> str:
            return short(value, m.measure, currency)

        interval = f"{s(x.low)}–{s(x.high)}" if x.low is not None else None
        rows.append(
            [
                m.label,
                m.name,
                s(x.actual),
                s(x.run_rate),
                s(x.projected),
                interval,
                s(m.target),
                percent(m.chance),
                s(m.needed_per_day),
                s(m.pace_per_day),
            ]
        )
    spec = chart(report.members, currency)
    drawn = (
        ""
        if spec is None
        else figure(
            charts.svg(spec),
            "Dark: in so far. Light: the rest of the projection. Line: the 80% interval. "
            "Red tick: the quota.",
        )
    )
    return page(
        title,
        paragraphs(lines + report.notes),
        table(head, rows, numeric=(2, 3, 4, 6, 7, 8, 9)),
        drawn,
    )
