"""The dashboard's parts, one router pair (pages, JSON twins) per resource."""

from __future__ import annotations

from salespulse.web.routes import (
    bridge,
    check_ins,
    coaching,
    data,
    goal_forms,
    goals,
    kpi_pages,
    leaderboard,
    one_on_ones,
    pipeline,
    plan_forms,
    plans,
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
    goals.pages,
    goal_forms.pages,
    plan_forms.pages,
    plans.pages,
    one_on_ones.pages,
    check_ins.pages,
    wins.pages,
    kpi_pages.pages,
    data.pages,
)
