"""Bars: a ranking (one bar per member), the Pareto chart (bars largest first and the
cumulative share as a line) and the waterfall (a total, the parts floating from the
running total, the new total)."""

from __future__ import annotations

from typing import Any

from salespulse.charts.style import BAD, GOOD, INK, MAIN, MUTED, data, finish


def bars(
    records: list[dict[str, Any]],
    category: str,
    value: str,
    description: str,
    *,
    value_title: str = "",
    value_format: str = ",.0f",
    sort: bool = True,
    reference: float | None = None,
) -> dict[str, Any]:
    """Horizontal bars of `value` per `category` (largest first unless `sort` is False),
    negative ones in red; `reference` draws a rule (100% of quota, the team median)."""
    import altair as alt

    order: Any = "-x" if sort else None
    base = alt.Chart().encode(
        y=alt.Y(f"{category}:N", title=None, sort=order),
        x=alt.X(f"{value}:Q", title=value_title or None, axis=alt.Axis(format=value_format)),
    )
    bar = base.mark_bar(color=MAIN).encode(
        color=alt.ColorValue(MAIN, condition={"test": f"datum['{value}'] < 0", "value": BAD}),
        tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", format=value_format)],
    )
    layers: list[Any] = [bar]
    if reference is not None:
        layers.append(
            alt.Chart(data([{"ref": reference}]))
            .mark_rule(color=INK, strokeDash=[4, 3])
            .encode(x=alt.X("ref:Q"))
        )
    height = max(60, 22 * len(records))
    return finish(alt.layer(*layers, data=data(records)), description, height)


def pareto(
    records: list[dict[str, Any]],
    item: str,
    value: str,
    cumulative: str,
    description: str,
    *,
    value_format: str = ",.0f",
    height: int = 240,
) -> dict[str, Any]:
    """Items largest first as bars (`value`), the cumulative share down the ranking as a
    line on its own axis (0-100%), and the 80% line."""
    import altair as alt

    order = [str(r[item]) for r in records]
    x = alt.X(f"{item}:N", title=None, sort=order, axis=alt.Axis(labelAngle=-40, labelLimit=120))
    base = alt.Chart().encode(x=x)
    bar = base.mark_bar(color=MAIN).encode(
        y=alt.Y(f"{value}:Q", title=None, axis=alt.Axis(format=value_format)),
        tooltip=[
            alt.Tooltip(f"{item}:N"),
            alt.Tooltip(f"{value}:Q", format=value_format),
            alt.Tooltip(f"{cumulative}:Q", format=".0%", title="cumulative share"),
        ],
    )
    share = alt.Y(
        f"{cumulative}:Q",
        title=None,
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%", orient="right"),
    )
    line = base.mark_line(color=INK, point=True).encode(y=share)
    eighty = (
        alt.Chart(data([{"share": 0.8}]))
        .mark_rule(color=MUTED, strokeDash=[4, 3])
        .encode(y=alt.Y("share:Q"))
    )
    chart = alt.layer(bar, alt.layer(line, eighty), data=data(records)).resolve_scale(
        y="independent"
    )
    return finish(chart, description, height)


def waterfall(
    steps: list[dict[str, Any]],
    description: str,
    *,
    value_format: str = ",.0f",
    floor: float = 0.0,
    height: int = 260,
) -> dict[str, Any]:
    """Steps in order, each `{"label", "start", "end", "total"}`: a total is a bar from
    `floor` (0, or a little below the lowest total when the parts are small beside it), a
    part floats from `start` to `end` — green when it adds, red when it takes away."""
    import altair as alt

    rows = []
    for i, s in enumerate(steps):
        kind = "total" if s["total"] else ("up" if s["end"] >= s["start"] else "down")
        low = floor if s["total"] else min(s["start"], s["end"])
        high = s["end"] if s["total"] else max(s["start"], s["end"])
        amount = s["end"] if s["total"] else s["end"] - s["start"]
        rows.append({"order": i, "label": s["label"], "low": low, "high": high, "kind": kind})
        rows[-1]["amount"] = amount
    order = [r["label"] for r in rows]
    colour = alt.Color(
        "kind:N",
        legend=None,
        scale=alt.Scale(domain=["total", "up", "down"], range=[MAIN, GOOD, BAD]),
    )
    chart = (
        alt.Chart(data(rows))
        .mark_bar()
        .encode(
            x=alt.X("label:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "low:Q",
                title=None,
                scale=alt.Scale(zero=floor == 0),
                axis=alt.Axis(format=value_format),
            ),
            y2=alt.Y2("high:Q"),
            color=colour,
            tooltip=[alt.Tooltip("label:N"), alt.Tooltip("amount:Q", format=value_format)],
        )
    )
    return finish(chart, description, height)
