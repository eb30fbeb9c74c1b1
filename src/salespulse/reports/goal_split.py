"""A team goal cascaded to its reps, and rolled back up (issue 10 §5).

**Split** (`split_targets`), for a team goal (or everyone's):

- **quota** — in proportion to each rep's quota for the goal's period: the target of the
  `quota_attainment` KPI by rep (its denominator) over the period, of the quotas whose
  metric is the goal's KPI (revenue, units, bookings, deals won, activities). Reps
  without such a quota get no share.
- **equal** — the same share for every rep of the team (the reps table).
- **manual** — `{rep: target}` as given: each a rep of the team, adding up to the team's
  target (to the cent) or refused with the difference named.

The shares are rounded to the cent by the largest remainder (`reports.allocation`): the
children add up to the parent's target exactly. A ratio goal (a win rate) is not divided:
every rep's child aims at the team's rate (manual: each its own, nothing to add up).

**Roll-up** (`rollup`): the team's actual is Σ of its children's actuals, its target Σ of
their targets, and achieved = Σ actual ÷ Σ target — a ratio of sums, never a mean of the
children's percentages (a rep with a big target weighs more). Expected and projection
add up too. A ratio goal does not roll up from its children's rates (their numerators
and denominators are the team's own KPI): it is refused.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.errors import MissingTable, QuotaDoesNotFit, UserError
from salespulse.model.contract import QUOTA_METRICS
from salespulse.reports.allocation import allocate
from salespulse.reports.goal_progress import GoalProgress
from salespulse.reports.goal_spec import GoalSpec
from salespulse.reports.goal_status import status_of
from salespulse.reports.members import rep_details

SPLITS = ("quota", "equal", "manual")


def team_reps(engine: Engine, spec: GoalSpec) -> list[str]:
    """The reps a team goal (or everyone's) is split across, from the reps table."""
    if spec.owner_kind == "rep":
        raise UserError(
            f"{spec.owner}'s goal is a rep's: only a team's goal is split across reps.",
            fix="Split a goal whose owner is a team (or all).",
            option="owner",
        )
    reps = rep_details(engine, spec.owner if spec.owner_kind == "team" else None)
    if not reps:
        raise UserError(
            f"There are no reps in {spec.owner!r} to split the goal across.",
            fix="Import the reps table with each rep's team (salespulse import reps FILE).",
            option="owner",
        )
    return sorted(reps)


def _quotas(engine: Engine, spec: GoalSpec, reps: list[str]) -> dict[str, float]:
    if spec.kpi not in QUOTA_METRICS:
        raise UserError(
            f"Quotas are set on {', '.join(QUOTA_METRICS)}, not on {spec.kpi}: a {spec.kpi} "
            "goal cannot be split by quota.",
            fix="Use `how` equal or manual.",
            option="how",
        )
    w = spec.window(engine.settings)
    where: dict[str, Any] = {**spec.filters(), "metric": spec.kpi}
    try:
        query = make_query("quota_attainment", by="rep", start=w.start, end=w.end, where=where)
        rows = engine.result(query).records()
    except (MissingTable, QuotaDoesNotFit) as exc:
        raise UserError(
            f"The goal cannot be split by quota: {exc.message}",
            fix="Use `how` equal or manual, or import the quotas.",
            option="how",
        ) from None
    found = {str(r["rep"]): float(r["denominator"] or 0) for r in rows if r["rep"] in reps}
    found = {rep: q for rep, q in found.items() if q > 0}
    if not found:
        raise UserError(
            f"No rep of {spec.owner} has a {spec.kpi} quota in {w.label}.",
            fix="Use `how` equal or manual, or import the quotas.",
            option="how",
        )
    return dict(sorted(found.items()))


def _manual(spec: GoalSpec, reps: list[str], manual: dict[str, float] | None) -> dict[str, float]:
    if not manual:
        raise UserError(
            "A manual split needs each rep's target.",
            fix="Give each rep's part with `manual` (REP=TARGET, adding up to the target).",
            option="manual",
        )
    strangers = sorted(set(manual) - set(reps))
    if strangers:
        raise UserError(
            f"{', '.join(strangers)} {'is' if len(strangers) == 1 else 'are'} not in {spec.owner}.",
            fix="Use the team's reps: " + ", ".join(reps) + ".",
            option="manual",
        )
    if any(not math.isfinite(v) or v < 0 for v in manual.values()):
        raise UserError("Each rep's target is a number of 0 or more.", option="manual")
    if spec.pace == "ratio":
        return dict(sorted(manual.items()))
    total = sum(manual.values())
    if round(total * 100) != round(spec.target * 100):
        gap = spec.target - total
        raise UserError(
            f"The reps' targets add up to {total:,.2f}, not the team's {spec.target:,.2f}: "
            f"{abs(gap):,.2f} {'short' if gap > 0 else 'too much'}.",
            fix="Change the reps' targets so that they add up to the team's.",
            option="manual",
        )
    return dict(sorted(manual.items()))


def split_targets(
    engine: Engine, spec: GoalSpec, how: str, manual: dict[str, float] | None = None
) -> dict[str, float]:
    """rep → the rep's share of a team goal's target (see the module's docstring)."""
    if how not in SPLITS:
        raise UserError(f"A goal is split by quota, equal or manual, not {how!r}.", option="how")
    reps = team_reps(engine, spec)
    if how == "manual":
        return _manual(spec, reps, manual)
    weights = _quotas(engine, spec, reps) if how == "quota" else dict.fromkeys(reps, 1.0)
    if spec.pace == "ratio":
        return dict.fromkeys(weights, spec.target)
    return dict(zip(weights, allocate(spec.target, list(weights.values())), strict=True))


@dataclass(frozen=True)
class Rollup:
    """A team goal's numbers from its children: sums, and achieved as a ratio of sums."""

    actual: float
    target: float
    expected: float | None
    projection: float | None
    status: str
    children: tuple[GoalProgress, ...]

    @property
    def achieved(self) -> float | None:
        return self.actual / self.target if self.target else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "actual": self.actual,
            "target": self.target,
            "achieved": self.achieved,
            "expected": self.expected,
            "projection": self.projection,
            "status": self.status,
            "children": [c.as_dict() for c in self.children],
        }


def _sum(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else math.fsum(v or 0.0 for v in values)


def rollup(children: Sequence[GoalProgress]) -> Rollup:
    """The team's progress from its reps' goals (one KPI, one period)."""
    if not children:
        raise UserError("A roll-up needs the team's child goals.")
    first = children[0]
    if any((c.spec.kpi, c.window) != (first.spec.kpi, first.window) for c in children):
        raise UserError("A roll-up adds up goals of one KPI over one period.")
    if first.pace == "ratio":
        raise UserError(
            f"{first.spec.kpi} is a rate: a team's rate is its own KPI (its reps' numbers "
            "pooled), not a sum of its reps' rates.",
            fix="Measure the team's goal itself (goal_progress with the team as owner).",
        )
    actual = math.fsum(c.actual or 0.0 for c in children)
    target = math.fsum(c.target for c in children)
    expected = _sum([c.expected for c in children])
    projection = _sum([c.projection for c in children])
    started = first.status != "upcoming"
    over = first.as_of >= first.window.end
    status = status_of(
        first.pace,
        first.spec.measure.direction,
        actual,
        target,
        expected,
        projection,
        started,
        over,
    )
    return Rollup(actual, target, expected, projection, status, tuple(children))
