"""The dashboard's parts, one router pair (pages, JSON twins) per resource."""

from __future__ import annotations

from salespulse.web.routes import (
    bridge,
    coaching,
    data,
    kpi_pages,
    leaderboard,
    pipeline,
    products,
    prospecting,
    reps,
    team,
    wins,
)

PARTS = (
    team.pages,
    leaderboard.pages,
    reps.pages,
    products.pages,
    bridge.pages,
    pipeline.pages,
    prospecting.pages,
    coaching.pages,
    wins.pages,
    kpi_pages.pages,
    data.pages,
)
