"""Both kinds of stretch goal, each where it belongs: on quotas and the deal funnel
(`stretch`: reps consistently at quota, where there are deals and quotas) and from the
rep's own trend on the sales lines (`sales_stretch`: where the sales lines name their
reps)."""

from __future__ import annotations

from typing import Any

from salespulse.insights.coaching.sales_stretch import SalesStretch, sales_stretch
from salespulse.insights.coaching.stretch import Stretch, stretch
from salespulse.insights.core.evidence import Evidence, Readable, evidence
from salespulse.insights.core.sales_figures import sells_by_rep


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
        with_sales = sells_by_rep(ev)
        quota_view = ev.has("deals") and ev.has("quotas")
        kw: dict[str, Any] = {"rep": rep, "team": team, "as_of": as_of}
        deals = stretch(ev, **kw) if quota_view or not with_sales else []
        return deals, sales_stretch(ev, **kw) if with_sales else []
