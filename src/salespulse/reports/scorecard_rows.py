"""The scorecard's records: for each member (rep, region, product, ...) and KPI, the
value in the scored period, the previous one, the change, the median of the member's
group (the rep's team; else every member) and the gap to it, n and whether the sample
is small. Records are long — one per member and KPI — so scripts read them without
knowing which KPIs there are."""

from __future__ import annotations

import statistics
from typing import Any

from salespulse import kpis, stats
from salespulse.engine.query import QUOTA_RELATIONS
from salespulse.kpis.display import money_short
from salespulse.reports.members import reading_order
from salespulse.reports.periods_compared import PROJECTED, Values, number

#: KPIs whose value rests on a sample of deals, leads, activities or orders worth flagging
#: when small (quota KPIs count quotas, not a sample).
SAMPLED_KINDS = ("proportion", "ratio", "duration")

#: KPIs scored over the twelve months to the scored period's end, with no previous value.
OVER_THE_YEAR = ("consistency", "units_consistency", "months_at_quota")

#: member -> (name, team); a member missing here has neither.
People = dict[Any, tuple[Any, Any]]


def sampled(kpi: Any) -> bool:
    return bool(kpi.kind in SAMPLED_KINDS and kpi.spec.relation not in QUOTA_RELATIONS)


def _medians(
    cur: Values, members: set[Any], people: People, none: float | None
) -> dict[Any, float | None]:
    """The median of the values shown (a member without rows counts as `none`) in each
    team (every member is in team None without teams)."""
    out: dict[Any, float | None] = {}
    for team in {people.get(m, (None, None))[1] for m in members}:
        found = [
            number(cur.get(m, (none, 0))[0])
            for m in members
            if people.get(m, (None, None))[1] == team
        ]
        present = [v for v in found if v is not None]
        out[team] = statistics.median(present) if present else None
    return out


def records(
    by: str, results: dict[str, tuple[Values, Values]], people: People, members: set[Any]
) -> list[dict[str, Any]]:
    """The long records of every KPI in `results` for `members` (sorted by team, then
    member). A member without rows has sold nothing: 0 for sums, counts and distinct
    counts (orders, customers), empty for rates."""
    out = []
    order = sorted(members, key=lambda m: (str(people.get(m, (None, ""))[1]), reading_order(m)))
    for name, (cur, prev) in results.items():
        kpi = kpis.get(name.removeprefix(PROJECTED))
        none = 0.0 if kpi.kind in ("sum", "count", "distinct") and not kpi.looks_ahead else None
        medians = _medians(cur, members, people, none)
        has_previous = not kpi.looks_ahead and name not in OVER_THE_YEAR and name == kpi.name
        for member in order:
            name_, team = people.get(member, (None, None))
            value, n = cur.get(member, (none, 0))
            value = number(value)
            before = number(prev.get(member, (none, 0))[0]) if has_previous else None
            median = medians.get(team)
            record = {by: member}
            if by == "rep":
                record.update(name=name_, team=team)
            record.update(
                kpi=name,
                value=value,
                previous=before,
                change=None if value is None or before is None else value - before,
                team_median=median,
                gap=None if value is None or median is None else value - median,
                n=int(n) if n == n and n is not None else 0,
                small_sample=sampled(kpi) and stats.is_small(n) and name == kpi.name,
            )
            out.append(record)
    return out


def movers(
    rows: list[dict[str, Any]], by: str, kpi: str, unit: str, currency: str
) -> tuple[list[str], list[str]]:
    """The three largest rises and falls of `kpi` (the scorecard's caption): "Ann
    (+$12.3k revenue)", "Bo (-40 units)"."""
    moves = sorted(
        (
            (r["change"], str(r.get("name") or r[by]))
            for r in rows
            if r["kpi"] == kpi and r["change"] is not None
        ),
        key=lambda m: m[0],
    )

    def amount(change: float) -> str:
        if unit != "revenue":
            return f"{change:+,.0f} {unit}"
        return (
            f"{'+' if change > 0 else '-'}{money_short(abs(change), currency, cents=False)} {unit}"
        )

    best = [f"{m} ({amount(c)})" for c, m in reversed(moves[-3:]) if c > 0]
    worst = [f"{m} ({amount(c)})" for c, m in moves[:3] if c < 0]
    return best, worst
