"""Wins read from the sales lines beyond the best month (`wins._personal_best`) and the
quota wins: new customers won — customers whose first purchase ever fell in the period
(the `new_customers` KPI) — for each rep who won any, with the most of the team named.
`wins.find` turns each into a `Win`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salespulse.errors import UserError
from salespulse.insights.core.evidence import Evidence
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
