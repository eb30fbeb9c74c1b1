"""What the page builders share when they read the workspace: the end of the data, the
tables present, what a missing table means for a page (a `Need`), the latest complete
period, and KPI series month by month (one statement per table, as the scorecard)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from salespulse import kpis
from salespulse.errors import MissingTable, UserError
from salespulse.model import calendar
from salespulse.model.calendar import Grain
from salespulse.model.periods import Window
from salespulse.web.pages import Need
from salespulse.web.served import Served
from salespulse.workspace import Workspace

#: What each table brings to the dashboard (for the "import it" notes).
BRINGS = {
    "sales": "revenue, orders, customers, products and the bridge",
    "deals": "bookings, win rate, deal size, cycle and the pipeline",
    "deal_stages": "stage conversion and time in stage",
    "leads": "speed to lead, lead work rate and touches per lead",
    "activities": "activities, connect rates and leads worked per day",
    "quotas": "attainment, percent-to-goal and pipeline coverage",
    "reps": "names and teams",
}


class Member(BaseModel):
    rep: str
    name: str
    team: str | None


class Facts(BaseModel):
    """What every page asks first, read once per data version (and kept on disk): the
    end of the data, the tables with rows, the teams and the reps."""

    data_end: date | None
    tables: list[str]
    teams: list[str]
    reps: list[Member]


def facts(where: Served) -> Facts:
    def read() -> Facts:
        from salespulse.engine.data_end import data_end as end_of
        from salespulse.insights.core.evidence import evidence

        ws = where.ws
        with ws.engine() as engine:
            end = end_of(engine)
        with evidence(ws) as ev:
            roster = list(ev.roster.values()) if end is not None else []
        return Facts(
            data_end=end,
            tables=[t.name for t in ws.tables() if t.rows],
            teams=sorted({r.team for r in roster if r.team}),
            reps=[Member(rep=r.rep, name=r.name, team=r.team) for r in roster],
        )

    return where.page(("facts",), read, kept=Facts)


def present(where: Served) -> set[str]:
    """The tables the workspace holds rows in."""
    return set(facts(where).tables)


def need(table: str, for_what: str = "") -> Need:
    what = for_what or BRINGS.get(table, table)
    return Need(
        table=table,
        message=f"No {table} yet: {what} need the {table} table.",
        fix=f"Import it with: salespulse import {table} FILE (see docs/importing.md).",
    )


def missing(exc: MissingTable) -> Need:
    return Need(table=exc.table, message=exc.message, fix=exc.fix)


def data_end(where: Served) -> date | None:
    """The last day with a sale, deal, lead or activity."""
    return facts(where).data_end


def latest(ws: Workspace, grain: Grain, end: date) -> Window:
    return Window.latest_complete(grain, end, ws.settings)


def computable(names: list[str], tables: set[str]) -> list[str]:
    """The KPIs of `names` whose tables are all present."""
    return [n for n in names if set(kpis.get(n).tables) <= tables]


def monthly(
    ws: Workspace,
    names: list[str],
    end: date,
    months: int = 12,
    where: dict[str, Any] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Each KPI's value month by month over the `months` months to `end`'s month:
    name -> [{"period": ISO date, "value", "n"}] (a KPI that cannot be computed here —
    its quota set per team, say — is left out)."""
    start = calendar.add_months(end.replace(day=1), -(months - 1))
    try:
        found = ws.results(names, period="month", start=start, end=end, where=where)
    except UserError:  # one of them cannot be: each alone, keeping those that can
        found = {}
        for name in names:
            try:
                found[name] = ws.result(name, period="month", start=start, end=end, where=where)
            except UserError:
                continue
    return {
        name: [
            {"period": r["period"].isoformat(), "value": r["value"], "n": r["n"]}
            for r in result.records()
        ]
        for name, result in found.items()
    }


def teams(where: Served) -> set[str]:
    """The teams of the reps table."""
    return set(facts(where).teams)


def check_team(where: Served, team: str | None) -> None:
    """A team the reps table names, else 404 saying which there are."""
    if team is None:
        return
    known = teams(where)
    if team not in known:
        from fastapi import HTTPException

        listed = ", ".join(sorted(known)) or "none (no reps table)"
        raise HTTPException(404, f"There is no team {team!r}. Teams: {listed}.")
