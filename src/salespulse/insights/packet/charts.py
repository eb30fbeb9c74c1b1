"""Charts as inline SVG drawn in Python: no scripts, no fonts or files to fetch, so a
packet opens the same offline, in a mail client or printed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from salespulse.model.settings import WEEKDAYS
from salespulse.model.wording import plural

INK = "#1f2933"
MUTED = "#9aa5b1"
BAR = "#3e7cb1"
GOOD = "#2f9e44"
BAD = "#c92a2a"
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {FONT}><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "middle", fill: str = INK) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'
    )


def revenue_bars(
    labels: Sequence[str], revenue: Sequence[float], targets: Sequence[float | None], title: str
) -> str:
    """Monthly revenue as bars (green at or above quota), the quota as a tick on each."""
    width, height, left, bottom, top = 640, 220, 48, 28, 16
    n = max(1, len(labels))
    top_value = max([*revenue, *(t for t in targets if t is not None), 1.0])
    step = (width - left - 8) / n
    scale = (height - bottom - top) / top_value
    body = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" '
        f'stroke="{MUTED}"/>'
    ]
    body.append(_text(left - 4, top + 4, _short(top_value), "end", MUTED))
    for i, (label, value, target) in enumerate(zip(labels, revenue, targets, strict=True)):
        x = left + i * step + step * 0.15
        w = step * 0.7
        h = max(0.0, value) * scale
        color = GOOD if target and value >= target else BAR
        body.append(
            f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{color}"><title>{escape(label)}: {escape(_short(value))}'
            f"{escape(' of ' + _short(target)) if target else ''}</title></rect>"
        )
        if target:
            y = height - bottom - target * scale
            body.append(
                f'<line x1="{x - 2:.1f}" y1="{y:.1f}" x2="{x + w + 2:.1f}" y2="{y:.1f}" '
                f'stroke="{INK}" stroke-width="2"/>'
            )
        body.append(_text(x + w / 2, height - bottom + 14, label))
    return _svg(width, height, title, body)


def heatmap(counts: dict[tuple[str, int], int], title: str) -> str:
    """Activities by weekday (rows) and hour of day (columns), darker = more."""
    hours = sorted({h for _, h in counts}) or list(range(8, 18))
    days = [d for d in WEEKDAYS if any(k[0] == d for k in counts)] or list(WEEKDAYS[:5])
    cell, left, top = 26, 84, 22
    width, height = left + cell * len(hours) + 8, top + cell * len(days) + 8
    peak = max(counts.values(), default=1) or 1
    body = [_text(left + cell * i + cell / 2, top - 8, f"{h:02d}") for i, h in enumerate(hours)]
    for j, d in enumerate(days):
        body.append(_text(left - 6, top + cell * j + cell * 0.65, d.capitalize(), "end"))
        for i, h in enumerate(hours):
            n = counts.get((d, h), 0)
            alpha = 0.08 + 0.92 * n / peak if n else 0.03
            body.append(
                f'<rect x="{left + cell * i + 1}" y="{top + cell * j + 1}" width="{cell - 2}" '
                f'height="{cell - 2}" fill="{BAR}" fill-opacity="{alpha:.2f}">'
                f"<title>{escape(d.capitalize())} {h:02d}:00: "
                f"{plural(n, 'activity', 'activities')}</title></rect>"
            )
    return _svg(width, height, title, body)


def connect_bars(
    rep: dict[int, tuple[int, int]], team: dict[int, tuple[int, int]], title: str
) -> str:
    """Connect rate of outbound calls by hour: bars for the rep, dots for the team."""
    hours = sorted(set(rep) | set(team)) or list(range(8, 18))
    width, height, left, bottom, top = 640, 200, 40, 28, 12
    step = (width - left - 8) / len(hours)
    rates = [c / n for c, n in (*rep.values(), *team.values()) if n]
    ceiling = max(0.25, math.ceil(max(rates, default=0.25) / 0.25) * 0.25)
    scale = (height - bottom - top) / ceiling
    body = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" '
        f'stroke="{MUTED}"/>'
    ]
    frac = 0.25
    while frac <= ceiling + 1e-9:
        y = height - bottom - frac * scale
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 4}" y2="{y:.1f}" stroke="{MUTED}" '
            'stroke-dasharray="2,3"/>'
        )
        body.append(_text(left - 4, y + 4, f"{frac:.0%}", "end", MUTED))
        frac += 0.25
    for i, h in enumerate(hours):
        x = left + i * step + step * 0.2
        w = step * 0.6
        c, n = rep.get(h, (0, 0))
        if n:
            rate = c / n
            body.append(
                f'<rect x="{x:.1f}" y="{height - bottom - rate * scale:.1f}" width="{w:.1f}" '
                f'height="{rate * scale:.1f}" fill="{BAR}"><title>{h:02d}:00: {c} of '
                f"{plural(n, 'call')} connected ({rate:.0%})</title></rect>"
            )
        tc, tn = team.get(h, (0, 0))
        if tn:
            y = height - bottom - tc / tn * scale
            body.append(
                f'<circle cx="{x + w / 2:.1f}" cy="{y:.1f}" r="3.5" fill="{INK}"><title>team '
                f"{h:02d}:00: {tc / tn:.0%} of {plural(tn, 'call')}</title></circle>"
            )
        body.append(_text(x + w / 2, height - bottom + 14, f"{h:02d}"))
    return _svg(width, height, title, body)


def driver_bars(rows: Sequence[tuple[str, float | None, bool, bool | None]], title: str) -> str:
    """Each driver against the benchmark on a log scale, turned so that right is better
    (for cycle and speed to lead, where lower is better, the ratio is inverted): green
    better, red worse, faded when the difference is not larger than noise.
    rows: (label, rep ÷ benchmark, significant, better)."""
    width, left, row = 640, 130, 24
    height = 16 + row * len(rows) + 20
    mid = left + (width - left - 16) / 2
    half = (width - left - 16) / 2
    span = math.log(4)  # 4 times better or worse fills the half-width
    body = [f'<line x1="{mid:.1f}" y1="8" x2="{mid:.1f}" y2="{height - 20}" stroke="{INK}"/>']
    for label, x_frac in (("4× worse", -1.0), ("2×", -0.5), ("2×", 0.5), ("4× better", 1.0)):
        anchor = "end" if x_frac == 1.0 else "start" if x_frac == -1.0 else "middle"
        body.append(_text(mid + x_frac * half, height - 6, label, anchor, MUTED))
    for i, (label, ratio, significant, better) in enumerate(rows):
        y = 12 + i * row
        body.append(_text(left - 8, y + 12, label, "end"))
        if ratio is None or ratio <= 0:
            body.append(_text(mid + 6, y + 12, "not measurable", "start", MUTED))
            continue
        step = abs(math.log(ratio))
        x = min(1.0, step / span) * half * (1 if better else -1)
        color = GOOD if better else BAD
        opacity = 1.0 if significant else 0.3
        times = math.exp(step)
        body.append(
            f'<rect x="{min(mid, mid + x):.1f}" y="{y + 2}" width="{abs(x):.1f}" '
            f'height="{row - 8}" '
            f'fill="{color}" fill-opacity="{opacity}"><title>{escape(label)}: {times:.2f}× '
            f"{'better' if better else 'worse'} than the benchmark"
            f"{'' if significant else ' (within noise)'}</title></rect>"
        )
    return _svg(width, height, title, body)


def sparkline(values: Sequence[float], title: str, width: int = 132, height: int = 28) -> str:
    """A small line of `values` (oldest first) from 0 at the bottom to their top, the last
    value marked with a dot; each point's value in its tooltip."""
    n = len(values)
    top = max([*values, 0.0]) or 1.0
    step = (width - 8) / max(1, n - 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return 4 + i * step, height - 4 - max(0.0, v) / top * (height - 8)

    points = [point(i, v) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    body = [f'<line x1="4" y1="{height - 4}" x2="{width - 4}" y2="{height - 4}" stroke="{MUTED}"/>']
    if points:
        body.append(f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="1.5"/>')
        x, y = points[-1]
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{INK}">'
            f"<title>{escape(_short(values[-1]))}</title></circle>"
        )
    return _svg(width, height, title, body)


def _short(value: float | None) -> str:
    if value is None:
        return ""
    v = abs(value)
    if v >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if v >= 1000:
        return f"{value / 1000:.0f}k"
    return f"{value:.0f}"
