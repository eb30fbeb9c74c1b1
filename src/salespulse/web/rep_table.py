"""Several KPIs side by side, one row per rep (the pipeline and prospecting pages): each
KPI computed on its own so that one the data cannot give (a missing table, quotas set per
team) leaves its column out and says why, and the others still show."""

from __future__ import annotations

from typing import Any

from salespulse.errors import MissingTable, UserError
from salespulse.insights.core.evidence import evidence
from salespulse.web import numbers
from salespulse.web.models import RepValues
from salespulse.web.pages import Need
from salespulse.web.users import User, can_see
from salespulse.workspace import Workspace


def by_rep(
    ws: Workspace, names: list[str], user: User, **params: Any
) -> tuple[list[str], list[RepValues], list[Need], list[str]]:
    """(the KPIs computed, a row per rep the user may see, what is missing, notes)."""
    done: list[str] = []
    needs: dict[str, Need] = {}
    notes: list[str] = []
    rows: dict[str, RepValues] = {}
    with evidence(ws) as ev:
        roster = ev.roster
    for name in names:
        try:
            found = ws.result(name, by=["rep"], **params)
        except MissingTable as exc:
            needs.setdefault(exc.table, numbers.missing(exc))
            continue
        except UserError as exc:
            notes.append(exc.message)
            continue
        done.append(name)
        for r in found.records():
            rep = r["rep"]
            if rep is None:
                continue
            key = str(rep)
            if key not in rows:
                who = roster.get(key)
                rows[key] = RepValues(
                    rep=key,
                    name=who.name if who else None,
                    team=who.team if who else None,
                    values={},
                )
            rows[key].values[name] = r["value"]
            rows[key].n[name] = r["n"]
    shown = [r for r in rows.values() if can_see(user, r.rep, r.team)]
    shown.sort(key=lambda r: (r.team or "", r.rep))
    return done, shown, list(needs.values()), notes
