"""Consistency as a picture: a sparkline for the terminal (unicode blocks, 0 at the
bottom so a steady member looks steady) and the band chart of the months against their
expected band — one Vega-Lite spec (`chart`, `charts.band`) that the dashboard's rep page
draws in the browser and `svg` renders inline for the HTML page and the packet — then
the whole page (`reports.html_page`). Every value and label is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from salespulse import charts, kpis
from salespulse.kpis.display import money_short, number
from salespulse.model.json_values import json_ready
from salespulse.reports.consistency_records import ConsistencyReport, MemberConsistency
from salespulse.reports.html_page import e, figure, page, paragraphs, table
from salespulse.reports.monthly_band import BAND_PERCENT

BLOCKS = "▁▂▃▄▅▆▇█"
#: A month with nothing sold (or net returns).
EMPTY = "·"
#: Charts drawn on one page; the table lists every member.
MAX_CHARTS = 30


def sparkline(values: Sequence[float]) -> str:
    """One character per month, from 0 (▁) to the series' top (█)."""
    top = max(values, default=0.0)
    if top <= 0:
        return EMPTY * len(values)
    return "".join(
        EMPTY if v <= 0 else BLOCKS[min(len(BLOCKS) - 1, int(v / top * len(BLOCKS)))]
        for v in values
    )


def short(value: float | None, measure: str, currency: str) -> str:
    if value is None:
        return "—"
    return money_short(value, currency) if kpis.get(measure).unit == "money" else number(value)


def band_records(member: MemberConsistency) -> list[dict[str, Any]]:
    """The months as records (ISO dates; a month before the first band has no expected,
    low, high or verdict): what `chart` draws — the line over every month, the band and
    the verdicts where they exist — and what the dashboard's rep page holds (its JSON
    twin's `series`)."""
    rows: list[dict[str, Any]] = json_ready([m.as_dict() for m in member.months])
    return rows


def chart(series: list[dict[str, Any]], measure: str, who: str = "") -> dict[str, Any]:
    """The band chart's spec (`charts.band`): each month of `measure` against the band
    its own past expected, bad and great months marked — drawn by the dashboard's rep
    page in the browser and rendered to SVG (`svg`) for the HTML page and the packet."""
    kpi = kpis.get(measure)
    what = f"{kpi.label} month by month against the expected band"
    return charts.band(
        series,
        f"{who}: {what}" if who else what,
        y_format=",.0%" if kpi.unit == "ratio" else ",.0f",
    )


def svg(member: MemberConsistency) -> str:
    """The band chart of `member` as inline SVG (vl-convert escapes every text); empty
    without months."""
    series = band_records(member)
    return charts.svg(chart(series, member.measure, member.label)) if series else ""


def facts(member: MemberConsistency, currency: str) -> list[str]:
    """What a manager reads under the chart, in words."""
    lines = []
    if member.cv is not None:
        lines.append(
            f"CV {member.cv:.2f} (the month-to-month swing as a share of the average month, "
            f"{short(member.mean, member.measure, currency)}); lower is steadier."
        )
    for words, named in (("Bad months", member.bad_months), ("Great months", member.great_months)):
        if named:
            lines.append(
                f"{words} (outside the {BAND_PERCENT}% band): "
                + ", ".join(f"{d:%b %Y}" for d in named)
                + "."
            )
    if member.has_band and not (member.bad_months or member.great_months):
        lines.append("Every month within its expected band.")
    q = member.quota
    if q is not None and q.periods:
        lines.append(
            f"At or above quota in {q.met} of {len(q.periods)} {q.grain}s; {q.current_streak} in "
            f"a row now, longest run {q.longest_streak}."
        )
    return lines


def render(report: ConsistencyReport, currency: str) -> str:
    """The whole HTML page: a table of every member, then each one's chart."""
    who = "the whole business" if report.by is None else f"by {report.by}"
    title = f"Consistency month to month, {who}: {report.window.label}"
    head = [report.by or "", "name", "CV", "bad months", "great months", "at quota", "streak"]
    rows = []
    for m in report.members:
        q = m.quota
        rows.append(
            [
                m.label,
                m.name,
                None if m.cv is None else f"{m.cv:.2f}",
                len(m.bad_months),
                len(m.great_months),
                f"{q.met}/{len(q.periods)}" if q else None,
                q.current_streak if q else None,
            ]
        )
    sections = [paragraphs(report.notes), table(head, rows, numeric=(2, 3, 4, 5, 6))]
    for m in report.members[:MAX_CHARTS]:
        drawn = svg(m)
        caption = (
            f"Line: each month. Shaded: the expected band ({BAND_PERCENT}%). "
            "Dashed: the expected month. Dots: red a bad month, green a great one."
        )
        sections.append(
            f"<section><h2>{e(m.label)}{' — ' + e(m.name) if m.name else ''}</h2>"
            + (figure(drawn, caption) if drawn else "")
            + paragraphs(facts(m, currency))
            + "</section>"
        )
    if len(report.members) > MAX_CHARTS:
        sections.append(
            paragraphs([f"Charts for the first {MAX_CHARTS} only; the table lists all."], "muted")
        )
    return page(title, *sections)
