"""Where a period will land, member by member: in so far, the rest of the projection,
its interval and the quota (a bullet chart)."""

from __future__ import annotations

from typing import Any

from salespulse.charts.style import BAD, BAND, INK, MAIN, MUTED, data, finish


def landing(
    records: list[dict[str, Any]],
    description: str,
    *,
    member: str = "member",
    actual: str = "actual",
    projected: str = "projected",
    low: str = "low",
    high: str = "high",
    target: str = "target",
    label: str = "label",
    value_format: str = ",.0f",
) -> dict[str, Any]:
    """A row per `member` (in the records' order): dark the `actual` so far, light up to
    the `projected` landing, a line across the interval (`low`..`high`), a red tick at the
    `target`, and `label` (the projection in words) written at the end of the bar. A
    missing value draws nothing."""
    import altair as alt

    order = [str(r[member]) for r in records]
    base = alt.Chart().encode(y=alt.Y(f"{member}:N", title=None, sort=order))
    fmt = value_format
    tips = [
        alt.Tooltip(f"{member}:N"),
        *(alt.Tooltip(f"{f}:Q", format=fmt) for f in (actual, projected, low, high, target)),
    ]
    x = alt.X(f"{projected}:Q", title=None, axis=alt.Axis(format=fmt))
    layers = [
        base.mark_bar(color=BAND, height={"band": 0.6}).encode(x=x, tooltip=tips),
        base.mark_bar(color=MAIN, height={"band": 0.6}).encode(
            x=alt.X(f"{actual}:Q"), tooltip=tips
        ),
        base.mark_rule(color=INK).encode(x=alt.X(f"{low}:Q"), x2=alt.X2(f"{high}:Q")),
        base.mark_tick(color=BAD, thickness=2).encode(x=alt.X(f"{target}:Q")),
        base.transform_filter(f"isValid(datum['{label}'])")
        .transform_calculate(
            end=f"max(datum['{projected}'] || 0, datum['{high}'] || 0, datum['{actual}'] || 0)"
        )
        .mark_text(align="left", dx=4, color=MUTED)
        .encode(x=alt.X("end:Q"), text=alt.Text(f"{label}:N")),
    ]
    height = max(60, 22 * len(records))
    return finish(alt.layer(*layers, data=data(records)), description, height)
