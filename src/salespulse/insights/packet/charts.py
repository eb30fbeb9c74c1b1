"""The packet's charts: each a Vega-Lite spec from `salespulse.charts` (the kinds the
dashboard draws in the browser) rendered to SVG offline by vl-convert — no scripts, no
fonts or files to fetch, so a packet opens the same offline, in a mail client or
printed. vl-convert escapes every text it draws."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from salespulse import charts
from salespulse.charts.columns import FOLDS
from salespulse.model.wording import plural


def revenue_bars(
    labels: Sequence[str], revenue: Sequence[float], targets: Sequence[float | None], title: str
) -> str:
    """Monthly revenue as columns (green at or above quota), the quota as a tick on each."""
    rows = [
        {"month": label, "revenue": value, "quota": target or None}
        for label, value, target in zip(labels, revenue, targets, strict=True)
    ]
    return charts.svg(charts.columns(rows, "month", "revenue", title, against="quota", met=True))


def heatmap(counts: dict[tuple[str, int], int], title: str) -> str:
    """Activities by weekday (rows) and hour of day (columns), darker = more: the rep
    page's chart (`charts.heatmap`)."""
    rows = [{"weekday": d, "hour": h, "value": n} for (d, h), n in sorted(counts.items())]
    return charts.svg(charts.heatmap(rows, title, value_title="activities"))


def connect_bars(
    rep: dict[int, tuple[int, int]], team: dict[int, tuple[int, int]], title: str
) -> str:
    """Connect rate of outbound calls by hour: columns for the rep, dots for the team."""
    rows = []
    for h in sorted(set(rep) | set(team)):
        c, n = rep.get(h, (0, 0))
        tc, tn = team.get(h, (0, 0))
        rows.append(
            {
                "hour": f"{h:02d}",
                "rep": c / n if n else None,
                "team": tc / tn if tn else None,
                "calls": f"{c} of {plural(n, 'call')} connected" if n else "no calls",
                "team calls": f"{tc} of {plural(tn, 'call')}" if tn else "no calls",
            }
        )
    spec = charts.columns(
        rows,
        "hour",
        "rep",
        title,
        against="team",
        against_mark="point",
        value_format=".0%",
        x_title="hour of day",
        tooltip=("calls", "team calls"),
        height=200,
    )
    return charts.svg(spec)


def driver_bars(rows: Sequence[tuple[str, float | None, bool, bool | None]], title: str) -> str:
    """Each driver against the benchmark on a log scale, turned so that right is better
    (for cycle and speed to lead, where lower is better, the ratio is inverted): green
    better, red worse, faded when the difference is not larger than noise.
    rows: (label, rep ÷ benchmark, significant, better)."""
    records: list[dict[str, Any]] = []
    for label, ratio, significant, better in rows:
        if ratio is None or ratio <= 0:
            records.append({"label": label, "fold": None, "significant": False})
            records[-1]["words"] = "not measurable"
            continue
        step = abs(math.log2(ratio))
        words = f"{2**step:.2f}× {'better' if better else 'worse'} than the benchmark"
        records.append(
            {
                "label": label,
                "fold": min(step, FOLDS) * (1 if better else -1),
                "significant": significant,
                "words": words + ("" if significant else " (within noise)"),
            }
        )
    return charts.svg(charts.drivers(records, title))
