"""Consistency as a picture: a sparkline for the terminal (unicode blocks, 0 at the
bottom so a steady member looks steady) and, for HTML, an inline-SVG chart of the months
with their expected band, then the whole page (`reports.html_page`). Every value and
label is escaped."""

from __future__ import annotations

from collections.abc import Sequence

from salespulse import kpis
from salespulse.kpis.display import money_short, number
from salespulse.reports.consistency_records import ConsistencyReport, MemberConsistency
from salespulse.reports.html_page import e, figure, page, paragraphs, table
from salespulse.reports.monthly_band import BAD, BAND_PERCENT, GREAT

BLOCKS = "▁▂▃▄▅▆▇█"
#: A month with nothing sold (or net returns).
EMPTY = "·"
INK, MUTED, LINE, BAND = "#1f2933", "#9aa5b1", "#3e7cb1", "#dbe8f5"
COLOURS = {BAD: "#c92a2a", GREAT: "#2f9e44"}
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


def chart(member: MemberConsistency, currency: str) -> str:
    """The months as a line, the expected band shaded behind it, bad and great months
    marked; an SVG string built from escaped values."""
    width, height, left, right, top, bottom = 640, 230, 56, 12, 14, 34
    months = member.months
    # The scale follows the months and their expectations; a wide band is cut at the top.
    expected = [m.band.expected or 0.0 for m in months]
    peak = max([*(m.value for m in months), *(v * 1.3 for v in expected), 1.0])
    step = (width - left - right) / max(1, len(months) - 1)

    def x(i: int) -> float:
        return left + i * step

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - min(max(v, 0.0), peak) / peak)

    body = [
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" '
        f'stroke="{MUTED}"/>',
        _text(left - 6, y(peak) + 4, short(peak, member.measure, currency), "end"),
        _text(left - 6, y(0) + 4, short(0.0, member.measure, currency), "end"),
    ]
    banded = [i for i, m in enumerate(months) if m.band.low is not None]
    if banded:
        upper = [(x(i), y(months[i].band.high or 0.0)) for i in banded]
        lower = [(x(i), y(months[i].band.low or 0.0)) for i in reversed(banded)]
        body.append(f'<polygon points="{_points(upper + lower)}" fill="{BAND}"/>')
        dashed = [(x(i), y(months[i].band.expected or 0.0)) for i in banded]
        body.append(
            f'<polyline points="{_points(dashed)}" fill="none" stroke="{MUTED}" '
            'stroke-dasharray="4 3"/>'
        )
    line = [(x(i), y(m.value)) for i, m in enumerate(months)]
    body.append(
        f'<polyline points="{_points(line)}" fill="none" stroke="{LINE}" stroke-width="2"/>'
    )
    for i, m in enumerate(months):
        colour = COLOURS.get(m.band.verdict or "", LINE)
        words = f"{m.label}: {short(m.value, member.measure, currency)}"
        if m.band.verdict:
            words += (
                f" ({m.band.verdict}; expected {short(m.band.expected, member.measure, currency)})"
            )
        body.append(
            f'<circle cx="{x(i):.1f}" cy="{y(m.value):.1f}" r="{4 if colour != LINE else 2.5}" '
            f'fill="{colour}"><title>{e(words)}</title></circle>'
        )
        if i % max(1, len(months) // 8) == 0 or i == len(months) - 1:
            body.append(_text(x(i), height - bottom + 16, m.label))
    title = f"{member.label}: {kpis.get(member.measure).label} by month"
    return (
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="system-ui, sans-serif" font-size="11"><title>{e(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in points)


def _text(x: float, y: float, text: str, anchor: str = "middle") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{INK}">{e(text)}</text>'


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
        sections.append(
            f"<section><h2>{e(m.label)}{' — ' + e(m.name) if m.name else ''}</h2>"
            + figure(
                chart(m, currency),
                f"Line: each month. Shaded: the expected band ({BAND_PERCENT}%). "
                "Dashed: the expected month.",
            )
            + paragraphs(facts(m, currency))
            + "</section>"
        )
    if len(report.members) > MAX_CHARTS:
        sections.append(
            paragraphs([f"Charts for the first {MAX_CHARTS} only; the table lists all."], "muted")
        )
    return page(title, *sections)
