"""A products report as one self-contained HTML page (`html_page`): the summary and the
Pareto sentence, the Pareto chart (inline SVG), the ranked table with "all others", and
the movers. Every value is escaped."""

from __future__ import annotations

from typing import Any

from salespulse import kpis
from salespulse.reports import products_text as words
from salespulse.reports.html_page import e, figure, page, paragraphs, table
from salespulse.reports.products import ProductReport
from salespulse.reports.products_chart import MAX_BARS, pareto_svg


def render(report: ProductReport, currency: str) -> str:
    """The whole page."""
    what = kpis.get(report.measure).label.lower()
    sections = ["<section>" + paragraphs(words.summary(report, currency)) + "</section>"]
    svg = pareto_svg(
        report.records, report.by, report.measure, report.pareto or words.title(report)
    )
    if svg:
        shown = min(len(report.records), MAX_BARS)
        caption = (
            f"The {what} of the first {shown:,}, best first (bars, left scale), and the "
            "cumulative share (line, right scale); the dashed line marks 80%."
        )
        sections.append(figure(svg, caption))
    ranking = table(*_table(report, currency), numeric=range(2, 9))
    sections.append(f"<section><h2>Ranking</h2>{ranking}</section>")
    moved = "".join(
        f"<h3>{e(heading)}</h3><ul>{''.join(f'<li>{e(x)}</li>' for x in items)}</ul>"
        if items
        else f"<p>{e(heading)}.</p>"
        for heading, items in words.movers(report, currency)
    )
    if moved:
        sections.append(f"<section><h2>Movers</h2>{moved}</section>")
    return page(words.title(report), *sections)


def _table(report: ProductReport, currency: str) -> tuple[list[str], list[list[Any]]]:
    m, priced = report.measure, report.revenue is not None
    head = ["#", report.by] + ([kpis.get("revenue").short] if priced else [])
    head += [kpis.get("units").short, "share", "cumulative", *words.headings(report)]
    twice = words.one_year(report)
    rows = []
    for r in [*report.records, *([report.others] if report.others else [])]:
        row = [r.get("rank", ""), words.item(r, report.by)]
        row += [words.figure(r["revenue"], "revenue", currency)] if priced else []
        row += [
            words.figure(r["units"], "units", currency),
            words.share(r["share"]),
            words.share(r["cumulative_share"]),
            words.change(r["change"], r["previous"], m, currency),
        ]
        row += [] if twice else [words.change(r["change_year"], r["year_ago"], m, currency)]
        rows.append(row)
    return head, rows
