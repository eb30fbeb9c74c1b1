"""Lines over time: a sparkline (a KPI card's last months), a trend (one line per
member), and the consistency band (each month against the band the past expected)."""

from __future__ import annotations

from typing import Any

from salespulse.charts.style import BAD, BAND, GOOD, INK, LIGHT, MAIN, MUTED, data, finish


def sparkline(
    records: list[dict[str, Any]], x: str, y: str, description: str, height: int = 36
) -> dict[str, Any]:
    """A small line without axes: the last periods of one number, the last one marked."""
    import altair as alt

    base = alt.Chart().encode(
        x=alt.X(f"{x}:T", axis=None), y=alt.Y(f"{y}:Q", axis=None, scale=alt.Scale(zero=False))
    )
    line = base.mark_line(color=MAIN, strokeWidth=1.5, interpolate="monotone")
    last = base.transform_window(
        rank="rank()", sort=[alt.SortField(x, order="descending")]
    ).transform_filter("datum.rank == 1")
    dot = last.mark_point(color=MAIN, filled=True, size=18)
    spec = finish(alt.layer(line, dot, data=data(records)), description, height)
    spec["padding"] = 2
    return spec


def trend(
    records: list[dict[str, Any]],
    x: str,
    y: str,
    description: str,
    *,
    color: str | None = None,
    y_title: str = "",
    y_format: str = ",.0f",
    height: int = 220,
) -> dict[str, Any]:
    """A line per `color` member (or one line) of `y` over `x` (ISO dates), with points
    and a tooltip naming each value."""
    import altair as alt

    tooltip = [alt.Tooltip(f"{x}:T", title="period"), alt.Tooltip(f"{y}:Q", format=y_format)]
    enc: dict[str, Any] = {
        "x": alt.X(f"{x}:T", title=None),
        "y": alt.Y(f"{y}:Q", title=y_title or None, axis=alt.Axis(format=y_format)),
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=None)
        tooltip.insert(0, alt.Tooltip(f"{color}:N"))
    chart = (
        alt.Chart(data(records))
        .mark_line(point=True, color=MAIN if not color else alt.Undefined)
        .encode(**enc, tooltip=tooltip)
    )
    return finish(chart, description, height)


def band(
    records: list[dict[str, Any]],
    description: str,
    *,
    x: str = "month",
    value: str = "value",
    low: str = "low",
    high: str = "high",
    expected: str = "expected",
    verdict: str = "verdict",
    y_format: str = ",.0f",
    height: int = 220,
) -> dict[str, Any]:
    """Each month's value against the band its own past expected (`low`..`high` around
    `expected`): a point outside is a bad (red) or great (green) month, inside is noise."""
    import altair as alt

    base = alt.Chart().encode(x=alt.X(f"{x}:T", title=None))
    area = base.mark_area(color=BAND).encode(
        y=alt.Y(f"{low}:Q", title=None, axis=alt.Axis(format=y_format)), y2=alt.Y2(f"{high}:Q")
    )
    mid = base.mark_line(color=LIGHT, strokeDash=[4, 3]).encode(y=alt.Y(f"{expected}:Q"))
    line = base.mark_line(color=INK, strokeWidth=1.2).encode(y=alt.Y(f"{value}:Q"))
    colour = alt.Color(
        f"{verdict}:N",
        title=None,
        scale=alt.Scale(
            domain=["bad month", "in the band", "great month"], range=[BAD, MUTED, GOOD]
        ),
    )
    dots = base.mark_point(filled=True, size=40).encode(
        y=alt.Y(f"{value}:Q"),
        color=colour,
        tooltip=[
            alt.Tooltip(f"{x}:T", title="month"),
            alt.Tooltip(f"{value}:Q", format=y_format),
            alt.Tooltip(f"{expected}:Q", format=y_format),
            alt.Tooltip(f"{verdict}:N"),
        ],
    )
    return finish(alt.layer(area, mid, line, dots, data=data(records)), description, height)
