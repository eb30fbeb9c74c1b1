"""The sales-lines sections of the HTML packet: the sales KPIs, the consistency of the
rep's months (with the band) and where this month will land. Every value is escaped."""

from __future__ import annotations

from salespulse import charts
from salespulse.insights.packet import sales_tables
from salespulse.insights.packet.html_parts import e, figure, table
from salespulse.insights.packet.one_on_one import Packet
from salespulse.insights.packet.sales_section import SALES_TEAM_NOTE

CHART_CAPTION = (
    "Monthly revenue (line) against the band its own past expected (shaded): red a bad "
    "month, green a great one, beyond noise."
)


def kpis(p: Packet) -> str:
    if p.sales is None:
        return ""
    title = f"Sales lines: {p.period.label} against {p.previous.label} and the team"
    grid = table(sales_tables.kpi_grid(p, p.sales.kpis))
    note = f'<p class="muted">{e(SALES_TEAM_NOTE)}</p>'
    return f'<section id="sales-kpis"><h2>{e(title)}</h2>{grid}{note}</section>'


def consistency_and_projection(p: Packet) -> str:
    if p.sales is None:
        return ""
    lines = "".join(f"<p>{e(x)}</p>" for x in sales_tables.consistency_lines(p))
    grid = sales_tables.consistency_grid(p)
    months = table(grid) if grid.rows else ""
    spec = p.sales.chart()  # the band chart's spec (reports.consistency_chart), drawn escaped
    if spec:
        months = figure(charts.svg(spec), CHART_CAPTION) + months
    landing = "".join(f"<p>{e(x)}</p>" for x in sales_tables.projection_lines(p))
    return (
        '<section id="consistency"><h2>Consistency month to month (last 12 months)</h2>'
        f"{lines}{months}</section>"
        f'<section id="projection"><h2>Where this month will land</h2>{landing}</section>'
    )
