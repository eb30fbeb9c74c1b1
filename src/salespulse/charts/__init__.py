"""Charts as Vega-Lite specs: one function per kind of chart, each returning the spec as a
plain dict (built with Altair), drawn in the browser by vega-embed (the web dashboard
serves its JavaScript itself) and rendered to SVG offline by `svg` (vl-convert) for
reports and packets — one definition for both.

Every function takes records (dicts of JSON values: numbers, text, ISO dates) and names
the fields to draw; nothing here reads a workspace. Each spec carries a `description`,
which vega-embed writes as the chart's accessible name."""

from __future__ import annotations

from salespulse.charts.bars import bars, pareto, waterfall
from salespulse.charts.columns import columns, drivers
from salespulse.charts.grid import heatmap
from salespulse.charts.landing import landing
from salespulse.charts.lines import band, sparkline, trend
from salespulse.charts.render import svg

__all__ = [
    "band",
    "bars",
    "columns",
    "drivers",
    "heatmap",
    "landing",
    "pareto",
    "sparkline",
    "svg",
    "trend",
    "waterfall",
]
