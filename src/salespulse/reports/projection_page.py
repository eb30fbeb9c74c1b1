"""Where the period will land, as one HTML page (`reports.html_page`): a table of every
member and a chart — the actual so far, the projection with its 80% interval and the
quota — as inline SVG. Every value and label is escaped."""

from __future__ import annotations

from salespulse import kpis
from salespulse.kpis.display import money_short, number
from salespulse.reports.html_page import e, figure, page, paragraphs, table
from salespulse.reports.projection_records import MemberProjection, ProjectionReport

INK, MUTED, DONE, AHEAD, QUOTA = "#1f2933", "#9aa5b1", "#3e7cb1", "#b9d3ea", "#c92a2a"
MAX_BARS = 40


def short(value: float | None, measure: str, currency: str) -> str:
    if value is None:
        return "—"
    return money_short(value, currency) if kpis.get(measure).unit == "money" else number(value)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def chart(members: list[MemberProjection], currency: str) -> str:
    """One bar per member: dark the actual, light up to the projection, a whisker for
    the 80% interval and a red tick at the quota."""
    shown = members[:MAX_BARS]
    left, right, row, top = 150, 70, 22, 8
    width, height = 640, top + row * max(1, len(shown)) + 8
    peak = max(
        [1.0, *(max(m.actual, m.landing.high or 0, m.projected or 0, m.target or 0) for m in shown)]
    )
    scale = (width - left - right) / peak
    body = []
    for i, m in enumerate(shown):
        y = top + i * row
        ahead = max(m.projected or m.actual, m.actual)
        tip = f"{m.label}: {short(m.actual, m.measure, currency)} so far, projected " + short(
            m.projected, m.measure, currency
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" fill="{INK}">{e(m.label)}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{ahead * scale:.1f}" height="12" fill="{AHEAD}">'
            f"<title>{e(tip)}</title></rect>"
            f'<rect x="{left}" y="{y + 4}" width="{max(m.actual, 0) * scale:.1f}" height="12" '
            f'fill="{DONE}"/>'
        )
        low, high = m.landing.low, m.landing.high
        if low is not None and high is not None:
            body.append(
                f'<line x1="{left + low * scale:.1f}" y1="{y + 10}" x2="{left + high * scale:.1f}" '
                f'y2="{y + 10}" stroke="{INK}"/>'
            )
        if m.target:
            tx = left + m.target * scale
            body.append(
                f'<line x1="{tx:.1f}" y1="{y + 1}" x2="{tx:.1f}" y2="{y + 19}" stroke="{QUOTA}" '
                'stroke-width="2"/>'
            )
        body.append(
            f'<text x="{left + ahead * scale + 4:.1f}" y="{y + 14}" fill="{MUTED}">'
            f"{e(short(m.projected, m.measure, currency))}</text>"
        )
    return (
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="system-ui, sans-serif" font-size="11"><title>Projection</title>'
        + "".join(body)
        + "</svg>"
    )


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
    return page(
        title,
        paragraphs(lines + report.notes),
        table(head, rows, numeric=(2, 3, 4, 6, 7, 8, 9)),
        figure(
            chart(report.members, currency),
            "Dark: in so far. Light: the rest of the projection. Line: the 80% interval. "
            "Red tick: the quota.",
        ),
    )
