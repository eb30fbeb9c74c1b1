"""The heatmap: a value per hour of day and weekday (when a rep reaches out, and how
often a call connects)."""

from __future__ import annotations

from typing import Any

from salespulse.charts.style import data, finish

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def heatmap(
    records: list[dict[str, Any]],
    description: str,
    *,
    hour: str = "hour",
    weekday: str = "weekday",
    value: str = "value",
    value_title: str = "",
    value_format: str = ",.0f",
    height: int = 200,
) -> dict[str, Any]:
    """One cell per (weekday, hour): darker is more. Weekdays in calendar order (Monday
    first), hours 0-23 as numbers."""
    import altair as alt

    days = [d for d in WEEKDAYS if any(str(r[weekday]).lower() == d for r in records)]
    chart = (
        alt.Chart(data(records))
        .mark_rect()
        .encode(
            x=alt.X(f"{hour}:O", title="hour of day"),
            y=alt.Y(f"{weekday}:N", title=None, sort=days or list(WEEKDAYS)),
            color=alt.Color(
                f"{value}:Q",
                title=value_title or None,
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(format=value_format),
            ),
            tooltip=[
                alt.Tooltip(f"{weekday}:N"),
                alt.Tooltip(f"{hour}:O"),
                alt.Tooltip(f"{value}:Q", format=value_format, title=value_title or value),
            ],
        )
    )
    return finish(chart, description, height)
