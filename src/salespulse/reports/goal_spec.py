"""What a goal is, for the numbers: an owner (a rep, a team or everyone), a KPI of the
registry, a target and a period label, optionally narrowed (`where`: a product or
category goal on sales lines). Checked when it is made; every problem is a `UserError`
naming the value and the fix.

How a goal is paced depends on its KPI (`pace_kind`):

- **sum** — KPIs that accumulate over the period and whose weeks add up to it (sums and
  counts: revenue, units, bookings, deals won, activities; and the orders and new
  customers counts). The pace, the projection and the weekly milestones split the target.
- **ratio** — rates, averages and medians (win rate, average deal size, sales cycle,
  speed to lead, ...): they do not accumulate. Their expected value at any day is the
  target itself and every week aims at it.
- **level** — counts of distinct things that grow through the period but whose weeks do
  not add up (active customers: one who buys in two weeks counts once in the month) and
  the largest order: paced linearly by days, and their weeks carry no share of the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from salespulse import kpis
from salespulse.errors import UserError
from salespulse.kpis.model import KPI
from salespulse.model.periods import Window
from salespulse.model.settings import Settings

OwnerKind = Literal["rep", "team", "all"]
PaceKind = Literal["sum", "ratio", "level"]
OWNER_KINDS: tuple[str, ...] = ("rep", "team", "all")
#: Distinct counts whose weeks add up to the period (each order or new customer is
#: counted in the period it happens in).
ADDITIVE_DISTINCT = ("orders", "new_customers")
LABELS = "a label like 2026-11, 2026-Q4, 2026 or 2026-W45"


def pace_kind(kpi: KPI) -> PaceKind:
    """How a goal on `kpi` is paced (see the module's docstring)."""
    if kpi.kind in ("sum", "count") or kpi.name in ADDITIVE_DISTINCT:
        return "sum"
    if kpi.kind in ("distinct", "largest"):
        return "level"
    return "ratio"


@dataclass(frozen=True)
class GoalSpec:
    """A goal's numbers: `owner` a rep id, a team name, or "all" (`owner_kind` "rep",
    "team" or "all"); `kpi` a registry name; `target`; `period` a label (`2026-11`,
    `2026-Q4`, `2026`, `2026-W45`); `where` (dimension, value) pairs narrowing it."""

    owner: str
    owner_kind: OwnerKind
    kpi: str
    target: float
    period: str
    where: tuple[tuple[str, str], ...] = ()
    id: int | None = None

    def __post_init__(self) -> None:
        if self.owner_kind not in OWNER_KINDS:
            raise UserError(
                f"A goal's `owner_kind` is rep, team or all, not {self.owner_kind!r}.",
                fix="Use `owner_kind` rep (a rep id), team (a team name) or all (everyone).",
                option="owner_kind",
            )
        if not isinstance(self.owner, str) or not self.owner.strip():
            raise UserError(
                f"A goal needs an `owner`, not {self.owner!r}.",
                fix="Give a rep id, a team name, or all.",
                option="owner",
            )
        if self.owner_kind == "all" and self.owner != "all":
            raise UserError(
                f"A goal for everyone has `owner` all, not {self.owner!r}.",
                fix="Use `owner` all, or `owner_kind` rep or team.",
                option="owner",
            )
        metric = self.measure  # a KPI that exists
        if metric.spec.anchor is None:
            raise UserError(
                f"{metric.name} is a snapshot at a day, not a number over a period: it "
                "cannot be a goal for a period.",
                fix="Choose a KPI measured over a period (salespulse kpis lists them), e.g. "
                "bookings, revenue or win_rate.",
                option="kpi",
            )
        if isinstance(self.target, bool) or not isinstance(self.target, int | float):
            raise UserError(f"A goal's `target` is a number, not {self.target!r}.", option="target")
        if not math.isfinite(self.target) or self.target < 0:
            raise UserError(
                f"A goal's `target` is a number of 0 or more, not {self.target!r}.",
                fix="Give the target in the KPI's unit, e.g. 120000 for revenue or 0.3 "
                "for a win rate of 30%.",
                option="target",
            )
        if metric.kind == "proportion" and self.target > 1:
            raise UserError(
                f"{metric.name} is a share between 0 and 1; a `target` of {self.target} "
                "cannot be reached.",
                fix=f"Write {self.target:g}% as {self.target / 100:g}.",
                option="target",
            )
        self._check_where(metric)
        if not isinstance(self.period, str) or not self.period.strip():
            raise UserError(
                f"A goal needs a `period`, not {self.period!r}.",
                fix=f"Give {LABELS}.",
                option="period",
            )

    def _check_where(self, metric: KPI) -> None:
        for pair in self.where:
            if len(pair) != 2:
                raise UserError(
                    f"`where` holds (dimension, value) pairs, not {pair!r}.", option="where"
                )
            dim, _ = pair
            if dim in ("rep", "team"):
                raise UserError(
                    f"A goal's `where` cannot name {dim!r}: the owner sets it.",
                    fix=f"Use `owner_kind` {dim} and `owner` the {dim}.",
                    option="where",
                )
            if dim not in metric.dimensions:
                raise UserError(
                    f"{metric.name} cannot be narrowed by {dim!r}.",
                    fix="Narrow it by one of: " + ", ".join(metric.dimensions) + ".",
                    option="where",
                )
        if self.owner_kind != "all" and self.owner_kind not in metric.dimensions:
            raise UserError(
                f"{metric.name} cannot be followed per {self.owner_kind}.",
                fix="Choose a KPI with a rep (salespulse kpis lists them).",
                option="kpi",
            )

    # -- reading a goal ------------------------------------------------------------------
    @property
    def measure(self) -> KPI:
        """The goal's KPI from the registry."""
        if not isinstance(self.kpi, str):
            raise UserError(f"A goal's `kpi` is a KPI name, not {self.kpi!r}.", option="kpi")
        try:
            return kpis.get(self.kpi)
        except UserError as exc:
            raise UserError(exc.message, fix=exc.fix, option="kpi") from None

    @property
    def pace(self) -> PaceKind:
        return pace_kind(self.measure)

    def window(self, settings: Settings) -> Window:
        """The days of the goal's period."""
        try:
            return Window.from_label(self.period, settings)
        except UserError:
            raise UserError(
                f"A goal's `period` {self.period!r} is not a period.",
                fix=f"Give {LABELS}.",
                option="period",
            ) from None

    def filters(self) -> dict[str, list[str]]:
        """The KPI query's `where`: the owner (none for everyone) and the goal's own."""
        out: dict[str, list[str]] = {}
        if self.owner_kind != "all":
            out[self.owner_kind] = [self.owner]
        for dim, value in self.where:
            out.setdefault(dim, []).append(str(value))
        return out

    def for_owner(self, owner: str, owner_kind: OwnerKind, target: float) -> GoalSpec:
        """The same goal for another owner and target (a team goal's child)."""
        return GoalSpec(owner, owner_kind, self.kpi, target, self.period, self.where)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner": self.owner,
            "owner_kind": self.owner_kind,
            "kpi": self.kpi,
            "target": self.target,
            "period": self.period,
            "where": [list(p) for p in self.where],
        }
