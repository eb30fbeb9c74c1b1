"""The scorecard: for the latest complete period, each rep's key KPIs, the change on the
previous period and the gap to the team median — or, when the workspace holds only sales
lines, the same by product, with the best and worst movers.

It is built from ordinary KPI queries, so every number in it can be reproduced with
`salespulse kpi`. Records are long (one per rep or product and KPI) so scripts can read
them without knowing which KPIs there are.
"""

from __future__ import annotations

import statistics
from datetime import date
from typing import Any, cast

from salespulse import kpis, stats
from salespulse.engine.core import Engine
from salespulse.engine.query import QUOTA_RELATIONS, one_of
from salespulse.engine.sources import normalize
from salespulse.errors import MissingTable, UserError
from salespulse.model.calendar import Grain
from salespulse.reports.periods_compared import (
    Scorecard,
    Window,
    data_end,
    latest_complete,
    number,
    pairs,
)
from salespulse.reports.product_scorecard import only_sales, product_scorecard

REP_KPIS = (
    "quota_attainment",
    "bookings",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
    "pipeline_coverage",
    "activities",
    "speed_to_lead_minutes",
)
#: The periods a scorecard compares, each with the one before.
SCORECARD_PERIODS: tuple[Grain, ...] = ("week", "month", "quarter", "year")
#: KPIs whose value rests on a sample of deals, leads or activities worth flagging when
#: small (quota KPIs count quotas, not a sample).
SAMPLED_KINDS = ("proportion", "ratio", "duration")


def _sampled(kpi: Any) -> bool:
    return bool(kpi.kind in SAMPLED_KINDS and kpi.spec.relation not in QUOTA_RELATIONS)


def _reps(engine: Engine, team: str | None) -> dict[str, tuple[Any, Any]]:
    raw = engine.source.raw("reps")
    if raw is None:
        return {}
    t = normalize(raw, "reps", engine.settings, engine.source.label)
    if team is not None:
        t = t.filter(t.team == team)
    df = engine.source.execute(t.select("rep", "name", "team"))
    return {r["rep"]: (r["name"], r["team"]) for r in df.to_dict("records")}


def _unlock(missing: set[str]) -> str:
    what = {
        "quotas": "quotas (attainment, coverage)",
        "deals": "deals (bookings, win rate, deal size, cycle)",
        "activities": "activities (activities, speed to lead)",
        "leads": "leads (speed to lead)",
        "reps": "reps (teams and the team median)",
        "deal_stages": "deal_stages",
        "sales": "sales",
    }
    return "Import " + "; ".join(what.get(t, t) for t in sorted(missing)) + " to see more."


def rep_scorecard(
    engine: Engine, w: Window, team: str | None = None, names: tuple[str, ...] = REP_KPIS
) -> Scorecard:
    reps = _reps(engine, team)
    where = {"team": team} if team else {}
    missing: set[str] = set()
    notes: list[str] = []
    results: dict[str, tuple[dict[Any, Any], dict[Any, Any]]] = {}
    for name, got in pairs(engine, names, "rep", w, where).items():
        if isinstance(got, MissingTable):
            missing.add(got.table)
        elif isinstance(got, UserError):
            notes.append(f"{kpis.get(name).label}: {got.message}")
        else:
            results[name] = got
    if missing:
        notes.append(_unlock(missing))
    if "pipeline_coverage" in results:
        nxt = w.next().start
        notes.append(
            f"Pipeline coverage is for the {w.grain} starting {nxt}: the pipeline open on "
            f"{w.data_end} against the quota still to reach."
        )
    people = set(reps) | {r for cur, prev in results.values() for r in (*cur, *prev)}
    people.discard(None)
    records = []
    for name, (cur, prev) in results.items():
        kpi = kpis.get(name)
        medians: dict[Any, float | None] = {}
        for t in {reps.get(r, (None, None))[1] for r in people}:
            vals = [
                number(cur[r][0]) for r in people if r in cur and reps.get(r, (None, None))[1] == t
            ]
            present = [v for v in vals if v is not None]
            medians[t] = statistics.median(present) if present else None
        # A rep without rows has sold nothing: 0 for sums and counts, empty for rates.
        none = 0.0 if kpi.kind in ("sum", "count") and not kpi.looks_ahead else None
        for rep in sorted(people, key=lambda r: (str(reps.get(r, (None, ""))[1]), str(r))):
            name_, team_ = reps.get(rep, (None, None))
            value, n = cur.get(rep, (none, 0))
            value = number(value)
            before = None if kpi.looks_ahead else number(prev.get(rep, (none, 0))[0])
            median = medians.get(team_)
            records.append(
                {
                    "rep": rep,
                    "name": name_,
                    "team": team_,
                    "kpi": name,
                    "value": value,
                    "previous": before,
                    "change": None if value is None or before is None else value - before,
                    "team_median": median,
                    "gap": None if value is None or median is None else value - median,
                    "n": int(n) if n == n and n is not None else 0,
                    "small_sample": _sampled(kpi) and stats.is_small(n),
                }
            )
    return Scorecard("rep", w, tuple(results), records, notes)


def scorecard_period(period: Any) -> Grain:
    """`period` when a scorecard can compare it with the one before, else a `UserError`."""
    if period == "all":
        raise UserError(
            "A scorecard compares periods.",
            fix="Use `period` week, month, quarter or year.",
            option="period",
        )
    return cast(Grain, one_of(period, SCORECARD_PERIODS, "scorecard period"))


def scorecard(
    engine: Engine,
    period: Grain = "month",
    team: str | None = None,
    as_of: date | None = None,
) -> Scorecard:
    period = scorecard_period(period)
    end = as_of or data_end(engine)
    if end is None:
        raise UserError(
            "The workspace holds no sales, deals or activities yet.",
            fix="Import some (salespulse import TABLE FILE) or try: salespulse demo",
        )
    w = latest_complete(end, period, engine.settings)
    if as_of is not None:
        engine = _AsOf(engine, as_of)
    if only_sales(engine):
        if team:
            raise UserError(
                "There are no teams without a reps table.", fix="Leave out `team`.", option="team"
            )
        return product_scorecard(engine, w)
    return rep_scorecard(engine, w, team)


class _AsOf(Engine):
    """An engine whose queries all default to one as-of date."""

    def __init__(self, inner: Engine, as_of: date) -> None:
        super().__init__(inner.source, inner.settings, inner.cache)
        self.as_of = as_of

    def run(self, query: Any, output: str = "pandas") -> Any:
        return super().run(self._dated(query), output)

    def outcomes(self, queries: Any) -> Any:
        return super().outcomes([self._dated(q) for q in queries])

    def _dated(self, query: Any) -> Any:
        from dataclasses import replace

        return query if query.as_of is not None else replace(query, as_of=self.as_of)
