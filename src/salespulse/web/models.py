"""Page parts more than one page shows: a point of a series, a KPI card, the scorecard,
where a period will land."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field


class Point(BaseModel):
    period: date
    value: float | None
    n: int | None = None


class Card(BaseModel):
    """One KPI for the whole selection: the latest complete period, the one before, the
    change, and the months before (the sparkline)."""

    kpi: str
    label: str
    unit: str
    value: float | None
    previous: float | None
    change: float | None
    series: list[Point]


class Cell(BaseModel):
    value: float | None
    previous: float | None = None
    change: float | None = None
    team_median: float | None = None
    gap: float | None = None
    n: int = 0
    small_sample: bool = False


class ScoreRow(BaseModel):
    member: str | None
    name: str | None = None
    team: str | None = None
    cells: dict[str, Cell]


class Scorecard(BaseModel):
    """`Workspace.scorecard`: each member's KPIs (value, change, gap to the team median)."""

    by: str
    period: str
    start: date
    end: date
    kpis: list[str]
    rows: list[ScoreRow]
    best: list[str] = Field(default_factory=list)
    worst: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Landing(BaseModel):
    """`Workspace.projection` for one member (or the whole business): where the period in
    progress will land, with its 80% range and the chance of reaching quota."""

    member: str | None
    name: str | None = None
    period: str
    measure: str
    actual: float
    run_rate: float | None
    projected: float | None
    low: float | None
    high: float | None
    target: float | None
    chance: float | None
    needed_per_day: float | None
    days_gone: int
    selling_days: int


def text(value: Any) -> str | None:
    return None if value is None else str(value)


def landing(m: Any) -> Landing:
    """A `MemberProjection` as a `Landing`."""
    s = m.summary()
    return Landing(
        member=text(s["member"]),
        name=text(s["name"]),
        **{k: s[k] for k in Landing.model_fields if k not in ("member", "name")},
    )


def scorecard(card: Any) -> Scorecard:
    """A `reports.periods_compared.Scorecard` (long records) as rows of cells."""
    rows: dict[Any, ScoreRow] = {}
    for r in card.records:
        member = r[card.by]
        row = rows.get(member)
        if row is None:
            row = rows[member] = ScoreRow(
                member=text(member), name=text(r.get("name")), team=text(r.get("team")), cells={}
            )
        row.cells[r["kpi"]] = Cell(**{k: r[k] for k in Cell.model_fields})
    return Scorecard(
        by=card.by,
        period=card.window.label,
        start=card.window.start,
        end=card.window.end,
        kpis=list(card.kpis),
        rows=list(rows.values()),
        best=list(card.best),
        worst=list(card.worst),
        notes=list(card.notes),
    )


class RepValues(BaseModel):
    """Several KPIs of one rep: name -> value (and its sample size)."""

    rep: str
    name: str | None = None
    team: str | None = None
    values: dict[str, float | None]
    n: dict[str, int | None] = Field(default_factory=dict)
