"""The coaching insights as page parts: a diagnosis with its drivers, a win, a flag, a
leaderboard, a stretch goal, a peer pair — each the fields a page shows, filled from the
insight's own record (`as_dict`, written as JSON values)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from salespulse.model.json_values import json_ready


class Driver(BaseModel):
    driver: str
    label: str
    rep_value: float | None
    benchmark_value: float | None
    unit: str
    share: float | None
    significant: bool
    better: bool | None
    test: str
    detail: str
    more_data: str | None = None


class Diagnosis(BaseModel):
    """`coach diagnose`: the rep's outcome against the benchmark, and the drivers of the gap."""

    view: str
    rep: str
    rep_name: str
    team: str | None
    window: str
    outcome: float | None
    outcome_unit: str
    benchmark: float | None
    benchmark_label: str
    gap: float | None
    main_cause: str | None
    summary: str
    drivers: list[Driver]
    notes: list[str] = Field(default_factory=list)


class Win(BaseModel):
    rep: str
    rep_name: str
    team: str | None
    kind: str
    text: str
    value: float | None
    when: str


class Flag(BaseModel):
    rep: str
    rep_name: str
    team: str | None
    kind: str  # struggling, watch, thriving
    flag: str
    evidence: str
    significant: bool
    window: str


class Entry(BaseModel):
    rank: int
    rep: str
    rep_name: str
    team: str | None
    value: float
    detail: str


class Board(BaseModel):
    name: str
    title: str
    window: str
    unit: str  # ratio (percent to goal) or points (improvement)
    entries: list[Entry]
    note: str = ""


def _plain(found: Any) -> dict[str, Any]:
    out: dict[str, Any] = json_ready(found.as_dict())
    return out


SET_HERE = ("window", "drivers", "main_cause")


def diagnosis(d: Any) -> Diagnosis:
    raw = _plain(d)
    cause = d.main_cause
    return Diagnosis(
        **{k: raw[k] for k in Diagnosis.model_fields if k in raw and k not in SET_HERE},
        window=d.window.label,
        main_cause=None if cause is None else cause.label,
        drivers=[Driver(**{k: x.get(k) for k in Driver.model_fields}) for x in raw["drivers"]],
    )


def win(w: Any) -> Win:
    return Win(**_plain(w))


def flag(f: Any) -> Flag:
    raw = _plain(f)
    raw["window"] = f.window.label
    return Flag(**{k: raw[k] for k in Flag.model_fields})


def board(b: Any) -> Board:
    raw = _plain(b)
    return Board(
        **{k: raw[k] for k in ("name", "title", "unit", "note")},
        window=b.window.label,
        entries=[Entry(**e) for e in raw["entries"]],
    )
