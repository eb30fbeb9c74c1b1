"""The Pareto chart of a products report, as inline SVG: a bar per item (its share, best
first), the cumulative share as a line over them and the 80% mark. Every text in it —
names, labels — passes through `html_page.e`; the rest are numbers it computes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from salespulse.reports.html_page import e
from salespulse.reports.product_ranking import PARETO

#: At most this many bars (the table lists every item shown).
MAX_BARS = 30
WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 48, 16, 36


def pareto_svg(records: Sequence[dict[str, Any]], by: str, what: str) -> str:
    """Bars of each item's share of `what` (e.g. "revenue"), with the cumulative share;
    empty when no item has a share."""
    items = [r for r in records[:MAX_BARS] if r.get("share") is not None]
    if not items:
        return ""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    tallest = max(max(r["share"] for r in items), 1e-9)
    step = plot_w / len(items)

    def y(share: float, scale: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(share / scale, 1.0)))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{e(f"Share of {what} by {by}")}">',
        _axes(plot_w, plot_h, tallest),
    ]
    points = []
    for i, r in enumerate(items):
        x = LEFT + i * step
        top = y(r["share"], tallest)
        label = r.get("name") or r.get(by) or "(none)"
        tip = (
            f"{r['rank']}. {label}: {r['share']:.1%} of {what}, "
            f"{r['cumulative_share']:.1%} cumulative"
        )
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{top:.1f}" width="{step * 0.7:.1f}" '
            f'height="{TOP + plot_h - top:.1f}" fill="#4c6ef5"><title>{e(tip)}</title></rect>'
        )
        if len(items) <= 20 or i % 2 == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="10" '
                f'text-anchor="middle" fill="#52606d">{e(r["rank"])}</text>'
            )
        points.append(f"{x + step / 2:.1f},{y(r['cumulative_share'], 1.0):.1f}")
    parts.append(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#e8590c" stroke-width="2"/>'
    )
    parts.extend(
        f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" fill="#e8590c"/>'
        for p in points
    )
    parts.append("</svg>")
    return "".join(parts)


def _axes(plot_w: float, plot_h: float, tallest: float) -> str:
    """The baseline, the left scale (share of one item), the right one (cumulative share)
    and the dashed 80% line."""
    base = TOP + plot_h
    mark = TOP + plot_h * (1 - PARETO)
    right = LEFT + plot_w
    return (
        f'<line x1="{LEFT}" y1="{base}" x2="{right}" y2="{base}" stroke="#9aa5b1"/>'
        f'<line x1="{LEFT}" y1="{mark:.1f}" x2="{right}" y2="{mark:.1f}" stroke="#e8590c" '
        'stroke-dasharray="4 3" stroke-width="1"/>'
        f'<text x="{right + 4}" y="{mark + 4:.1f}" font-size="10" fill="#e8590c">'
        f"{PARETO:.0%}</text>"
        f'<text x="{right + 4}" y="{TOP + 4}" font-size="10" fill="#52606d">100%</text>'
        f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="10" text-anchor="end" '
        f'fill="#52606d">{tallest:.1%}</text>'
        f'<text x="{LEFT - 4}" y="{base}" font-size="10" text-anchor="end" fill="#52606d">0%</text>'
    )
