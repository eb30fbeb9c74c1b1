"""Columns in a given order (months, hours of day) against a mark of their own — a
rep's monthly revenue against quota, their connect rate against the team's — and the
drivers against a benchmark (right is better, on a log scale)."""

from __future__ import annotations

from typing import Any, Literal

from salespulse.charts.style import BAD, GOOD, INK, MAIN, MUTED, data, finish


def columns(
    records: list[dict[str, Any]],
    x: str,
    value: str,
    description: str,
    *,
    against: str | None = None,
    against_mark: Literal["tick", "point"] = "tick",
    met: bool = False,
    value_format: str = ",.0f",
    x_title: str = "",
    tooltip: tuple[str, ...] = (),
    height: int = 220,
) -> dict[str, Any]:
    """A column of `value` per `x` (in the records' order), `against` drawn on each as a
    tick (a quota) or a point (the team); with `met`, a column at or above its `against`
    is green. `tooltip` names more fields to show (text as it is)."""
    import altair as alt

    order = [str(r[x]) for r in records]
    tips = [
        alt.Tooltip(f"{x}:N", title=x_title or x),
        alt.Tooltip(f"{value}:Q", format=value_format),
        *([alt.Tooltip(f"{against}:Q", format=value_format)] if against else []),
        *(alt.Tooltip(f"{t}:N") for t in tooltip),
    ]
    base = alt.Chart().encode(
        x=alt.X(f"{x}:N", title=x_title or None, sort=order, axis=alt.Axis(labelAngle=0))
    )
    y = alt.Y(f"{value}:Q", title=None, axis=alt.Axis(format=value_format))
    colour = alt.ColorValue(MAIN)
    if met and against:
        test = f"isValid(datum['{against}']) && datum['{value}'] >= datum['{against}']"
        colour = alt.ColorValue(MAIN, condition={"test": test, "value": GOOD})
    layers: list[Any] = [base.mark_bar(width={"band": 0.7}).encode(y=y, color=colour, tooltip=tips)]
    if against:
        mark = (
            base.mark_tick(color=INK, thickness=2, width={"band": 0.9})
            if against_mark == "tick"
            else base.mark_point(color=INK, filled=True, size=40)
        )
        layers.append(mark.encode(y=alt.Y(f"{against}:Q"), tooltip=tips))
    return finish(alt.layer(*layers, data=data(records)), description, height)


#: How far the drivers' scale reaches each way: 2**2, four times better or worse.
FOLDS = 2


def drivers(records: list[dict[str, Any]], description: str, *, row: int = 24) -> dict[str, Any]:
    """Each driver (`label`) against the benchmark: `fold` is log2 of how many times
    better (> 0) or worse (< 0) it is, cut at four times; `significant` False fades a
    difference within noise; `fold` None (`words` says why) writes "not measurable"."""
    import altair as alt

    order = [str(r["label"]) for r in records]
    y = alt.Y("label:N", title=None, sort=order)
    x = alt.X(
        "fold:Q",
        title=None,
        scale=alt.Scale(domain=[-FOLDS, FOLDS]),
        axis=alt.Axis(
            values=list(range(-FOLDS, FOLDS + 1)),
            labelExpr="datum.value == 0 ? 'same' : pow(2, abs(datum.value)) + '× '"
            " + (datum.value > 0 ? 'better' : 'worse')",
        ),
    )
    base = alt.Chart().encode(y=y)
    bars = base.mark_bar().encode(
        x=x,
        color=alt.ColorValue(BAD, condition={"test": "datum.fold > 0", "value": GOOD}),
        opacity=alt.OpacityValue(0.3, condition={"test": "datum.significant", "value": 1.0}),
        tooltip=[alt.Tooltip("label:N", title="driver"), alt.Tooltip("words:N", title="")],
    )
    unknown = (
        base.transform_filter("!isValid(datum.fold)")
        .mark_text(align="left", dx=6, color=MUTED)
        .encode(x=alt.XDatum(0), text=alt.Text("words:N"))
    )
    middle = alt.Chart(data([{"zero": 0}])).mark_rule(color=INK).encode(x=alt.X("zero:Q"))
    height = max(60, row * len(records))
    chart = alt.layer(bars, unknown, middle, data=data(records))
    return finish(chart, description, height)
