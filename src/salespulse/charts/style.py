"""What every chart shares: its colours (readable on white, told apart without colour
too: lines and bars carry labels or tooltips), its size and its base spec."""

from __future__ import annotations

from typing import Any

INK = "#1f2933"
MUTED = "#616e7c"
LIGHT = "#cbd2d9"
MAIN = "#2f6ea3"
GOOD = "#2b8a3e"
BAD = "#c92a2a"
BAND = "#dbe7f3"
#: Width in the browser: the chart's element (`container`); offline, `svg` fixes it.
WIDTH: Any = "container"
#: The config every spec carries: no outer border, the page's font, quiet axes.
CONFIG: dict[str, Any] = {
    "view": {"stroke": None},
    "font": "system-ui, sans-serif",
    "axis": {"labelColor": MUTED, "titleColor": MUTED, "gridColor": "#eef1f4"},
    "legend": {"labelColor": INK, "titleColor": MUTED, "orient": "bottom"},
}


def finish(chart: Any, description: str, height: int) -> dict[str, Any]:
    """The spec of an Altair chart: its description (the accessible name), the shared
    config and size; not validated against the schema again (the builders here are
    fixed and tested; validation costs ~0.1 s a chart), the size set on the spec itself
    (Altair's `properties` copies and checks the whole chart once more)."""
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec.update(description=description, width=WIDTH, height=height)
    spec["config"] = {**CONFIG, **{k: v for k, v in spec.get("config", {}).items() if k != "view"}}
    spec["config"]["view"] = CONFIG["view"]
    return spec


def data(records: list[dict[str, Any]]) -> Any:
    """Inline data for a chart (the spec carries its values: nothing is fetched)."""
    return {"values": records}
