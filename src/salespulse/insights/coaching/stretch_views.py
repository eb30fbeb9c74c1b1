"""Both kinds of stretch goal, each where it belongs: on quotas and the deal funnel
(`stretch`: reps consistently at quota, where there are deals and quotas) and from the
rep's own trend on the sales lines (`sales_stretch`: where the sales lines name their
reps); and the goal one of them proposes for a rep (`proposed_goal`, which
`ws.app().accept_stretch` keeps)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from salespulse.errors import UserError
from salespulse.insights.coaching.sales_stretch import SalesStretch, sales_stretch
from salespulse.insights.coaching.stretch import Stretch, stretch
from salespulse.insights.core.evidence import Evidence, Readable, evidence
from salespulse.insights.core.sales_figures import require_sellers, sells_by_rep


def stretch_goals(
    target: Readable | Evidence,
    *,
    rep: str | None = None,
    team: str | None = None,
    as_of: Any = None,
) -> tuple[list[Stretch], list[SalesStretch]]:
    """(the quota stretch goals, the sales-lines ones); the quota view raises what it
    needs when neither can be made."""
    with evidence(target) as ev:
        require_sellers(ev, "A stretch goal")
        with_sales = sells_by_rep(ev)
        quota_view = ev.has("deals") and ev.has("quotas")
        kw: dict[str, Any] = {"rep": rep, "team": team, "as_of": as_of}
        deals = stretch(ev, **kw) if quota_view or not with_sales else []
        return deals, sales_stretch(ev, **kw) if with_sales else []


@dataclass(frozen=True)
class ProposedGoal:
    """A stretch goal as a goal to keep: the rep, a KPI of the registry, its target over
    the month `period` (a label such as "Jan 2027"), and the proposal in words."""

    rep: str
    kpi: str
    target: float
    period: str
    level: float
    what: str
    why: str

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def proposed_goal(
    rep: str, found: list[Stretch], trend: list[SalesStretch], tier: Any = None
) -> ProposedGoal | None:
    """The goal `rep`'s stretch proposes (None: there is none for them): on the quotas'
    metric where the rep has a quota stretch, else revenue from their trend on the sales
    lines; the tier at level `tier` (1.2 or "120%"; default the first tier, the nearer
    one)."""
    views: list[Stretch | SalesStretch] = [s for s in found if s.rep == rep]
    views += [s for s in trend if s.rep == rep]
    if not views:
        return None
    level = None if tier is None else _level(tier)
    for s in views:
        for t in s.tiers:
            if level is None or math.isclose(t.level, level):
                return _goal(s, t.level, t.target, t.label)
    levels = ", ".join(f"{t.level:.0%}" for s in views for t in s.tiers)
    raise UserError(
        f"{rep}'s stretch has no {tier} tier.",
        fix=f"Give `tier` one of its tiers: {levels}.",
        option="tier",
    )


def _level(tier: Any) -> float:
    raw = str(tier).strip()
    try:
        return float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
    except ValueError:
        raise UserError(
            f"`tier` {tier!r} is not a level.", fix="Give it as 1.2 or 120%.", option="tier"
        ) from None


def _goal(s: Stretch | SalesStretch, level: float, target: float, label: str) -> ProposedGoal:
    if isinstance(s, Stretch):
        kpi, base, why = s.metric, "quota", " ".join([s.reasoning, *s.notes])
    else:
        kpi, why = "revenue", s.reasoning
        heading = s.heading is not None and s.heading >= s.usual
        base = "where the trend is heading" if heading else "the usual month"
    what = f"Stretch: {level:.0%} of {base} ({label})"
    return ProposedGoal(s.rep, kpi, round(target, 2), s.period, level, what, why)
