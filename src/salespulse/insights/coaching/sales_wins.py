"""Wins read from the sales lines beyond the best month (`wins._personal_best`) and the
quota wins: new customers won — customers whose first purchase ever fell in the period
(the `new_customers` KPI) — for each rep who won any, with the most of the team named;
and the biggest order of each team in the period (the `largest_order` KPI), said to be
the rep's biggest ever when it tops every order before. `wins.find` turns each into a
`Win`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from salespulse.errors import UserError
from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Evidence, records
from salespulse.insights.core.sales_figures import sells_by_rep
from salespulse.insights.core.windows import Window
from salespulse.model.wording import plural


@dataclass(frozen=True)
class Found:
    rep: str
    kind: str
    text: str
    value: float | None
    when: str


def new_customers(ev: Evidence, window: Window, as_of: date, ids: set[str]) -> list[Found]:
    if not sells_by_rep(ev):
        return []
    try:
        rows = ev.by_rep("new_customers", window.start, window.end, as_of=as_of)
    except UserError:
        return []  # the sales lines name no customers
    won = {rep: int(r["value"] or 0) for rep, r in rows.items() if (r["value"] or 0) > 0}
    if not won:
        return []
    top = max(won.values())
    out = []
    for rep, n in sorted(won.items()):
        if rep not in ids:
            continue
        most = " — the most of anyone" if n == top and list(won.values()).count(top) == 1 else ""
        text = (
            f"Won {plural(n, 'new customer')} in {window.label} (their first purchase ever){most}."
        )
        out.append(Found(rep, "new_customers", text, float(n), window.label))
    return out


def biggest_orders(ev: Evidence, window: Window, as_of: date, ids: set[str]) -> list[Found]:
    """Each team's biggest order of the window (the whole roster's without teams)."""
    if not sells_by_rep(ev):
        return []
    now = ev.by_rep("largest_order", window.start, window.end, as_of=as_of)
    before_end = window.start - timedelta(days=1)
    before = {
        str(r["rep"]): r["value"]
        for r in records(ev.kpi("largest_order", by=("rep",), end=before_end, as_of=as_of))
    }
    best: dict[str | None, tuple[float, str]] = {}
    for rep, row in now.items():
        if row["value"] is None:
            continue
        r = ev.roster.get(rep)
        team = r.team if r else None
        if team not in best or row["value"] > best[team][0]:
            best[team] = (float(row["value"]), rep)
    out = []
    for team, (value, rep) in sorted(best.items(), key=lambda kv: str(kv[0])):
        if rep not in ids:
            continue
        where = f" in {team}" if team else ""
        earlier = before.get(rep)
        ever = (
            f" — their biggest ever (before: {phrases.money(earlier, ev.currency)})"
            if earlier is not None and value > earlier
            else ""
        )
        text = f"Biggest order of {window.label}{where}: {phrases.money(value, ev.currency)}{ever}."
        out.append(Found(rep, "biggest_order", text, value, window.label))
    return out
