"""What a KPI declaration is made of.

A KPI is declared once, with its meaning for people (label, unit, direction, definition,
formula text, references) and its *spec*: one of a closed set of kinds, each a small
dataclass whose callables build Ibis expressions from a relation (a canonical table, or
a table derived from several, see `RELATIONS`). The engine turns a spec into a query;
docs, CLI listing and tests read the same declaration.

Callables take an Ibis table and return an expression; they are only called by the
engine, so importing the registry does not import Ibis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from salespulse.kpis.relations import DIMENSIONS, RELATIONS, REP_DIMENSIONS, Relation
from salespulse.model.calendar import GRAINS, Grain

__all__ = ["DIMENSIONS", "KPI", "RELATIONS", "REP_DIMENSIONS", "Relation"]

Unit = Literal["money", "count", "units", "ratio", "days", "minutes", "number", "money_per_day"]
Direction = Literal["higher", "lower", "neutral"]
Kind = Literal[
    "sum",
    "count",
    "distinct",
    "largest",
    "proportion",
    "ratio",
    "duration",
    "velocity",
    "dispersion",
    "daily_rate",
]
#: An Ibis table -> an Ibis expression (row-level or aggregate, as the field says).
Expr = Callable[[Any], Any]


@dataclass(frozen=True)
class Extra:
    """An extra output column: an aggregate over the KPI's rows."""

    name: str
    meaning: str
    agg: Expr


@dataclass(frozen=True)
class Sum:
    """value = Σ measure; n = rows counted."""

    relation: str
    anchor: str | None
    measure: Expr
    where: Expr | None = None
    extras: tuple[Extra, ...] = ()
    kind: Kind = "sum"


@dataclass(frozen=True)
class Count:
    """value = n = number of rows."""

    relation: str
    anchor: str | None
    where: Expr | None = None
    extras: tuple[Extra, ...] = ()
    kind: Kind = "count"


@dataclass(frozen=True)
class Distinct:
    """value = number of distinct values of the row-level `key` (an order, a customer);
    a row without a key counts as one of its own when `each_missing` is set, else not at
    all; n = rows counted (every row when `each_missing`, else those with a key)."""

    relation: str
    anchor: str | None
    key: Expr
    where: Expr | None = None
    each_missing: bool = False
    extras: tuple[Extra, ...] = ()
    kind: Kind = "distinct"


@dataclass(frozen=True)
class Largest:
    """value = the largest total of `measure` over the rows sharing a `key` (an order's
    lines); rows without a key are left out; n = the keys (orders) counted."""

    relation: str
    anchor: str | None
    key: Expr
    measure: Expr
    where: Expr | None = None
    extras: tuple[Extra, ...] = ()
    kind: Kind = "largest"


@dataclass(frozen=True)
class Proportion:
    """value = rows where `success` ÷ rows; with a Wilson 95% interval; n = rows."""

    relation: str
    anchor: str | None
    success: Expr
    where: Expr | None = None
    extras: tuple[Extra, ...] = ()
    kind: Kind = "proportion"


@dataclass(frozen=True)
class Ratio:
    """value = numerator ÷ denominator, both aggregates over the same rows at the grain;
    empty when the denominator is 0."""

    relation: str
    anchor: str | None
    numerator: Expr
    denominator: Expr
    n: Expr
    where: Expr | None = None
    extras: tuple[Extra, ...] = ()
    kind: Kind = "ratio"


@dataclass(frozen=True)
class Duration:
    """value = median of a per-row duration; `mean` and `p90` as extras; n = rows with
    a duration."""

    relation: str
    anchor: str | None
    duration: Expr
    where: Expr | None = None
    extras: tuple[Extra, ...] = ()
    kind: Kind = "duration"


@dataclass(frozen=True)
class Velocity:
    """open deals × win rate × average deal size ÷ median sales cycle, at the as-of date."""

    relation: str = "open_deals"
    anchor: str | None = None
    extras: tuple[Extra, ...] = ()
    kind: Kind = "velocity"


@dataclass(frozen=True)
class Dispersion:
    """Coefficient of variation (sample stdev ÷ mean) of a monthly Σ measure over the
    months of each period within the window; months without rows count as 0."""

    relation: str
    anchor: str
    measure: Expr
    where: Expr | None = None
    extras: tuple[Extra, ...] = ()
    kind: Kind = "dispersion"


@dataclass(frozen=True)
class DailyRate:
    """Σ over business days of the distinct `distinct` values seen that day ÷ business
    days in the period within the window."""

    relation: str
    anchor: str
    distinct: Expr
    where: Expr | None = None
    extras: tuple[Extra, ...] = ()
    kind: Kind = "daily_rate"


Spec = (
    Sum
    | Count
    | Distinct
    | Largest
    | Proportion
    | Ratio
    | Duration
    | Velocity
    | Dispersion
    | DailyRate
)

#: The standard output columns every KPI has, after the dimensions and period.
STANDARD_COLUMNS = ("value", "numerator", "denominator", "n")
#: Extra columns each kind adds on its own.
KIND_EXTRAS: dict[Kind, tuple[str, ...]] = {
    "sum": (),
    "count": (),
    "distinct": (),
    "largest": (),
    "proportion": ("ci_low", "ci_high"),
    "ratio": (),
    "duration": ("mean", "p90"),
    "velocity": ("open_deals", "win_rate", "avg_deal_size", "sales_cycle_days"),
    "dispersion": (),
    "daily_rate": (),
}


@dataclass(frozen=True)
class KPI:
    name: str
    label: str
    unit: Unit
    direction: Direction
    area: str
    definition: str
    formula: str
    spec: Spec
    grains: tuple[Grain, ...] = GRAINS
    #: How rows are placed in periods, in words (derived from the spec when empty).
    anchor_text: str = ""
    #: Tables needed besides the relation's (in words, e.g. the quota metric's table).
    also_needs: str = ""
    #: What `numerator` and `denominator` hold, for the docs ("" = empty columns).
    numerator: str = ""
    denominator: str = ""
    references: tuple[str, ...] = ()
    #: Keep periods after the as-of date (a KPI that looks ahead, like coverage).
    looks_ahead: bool = False
    #: A heading short enough for a narrow column (a scorecard); "" = the label.
    short_label: str = ""

    @property
    def short(self) -> str:
        """The heading of a narrow column: the short label, else the label."""
        return self.short_label or self.label

    @property
    def kind(self) -> Kind:
        return self.spec.kind

    @property
    def relation(self) -> Relation:
        return RELATIONS[self.spec.relation]

    @property
    def tables(self) -> tuple[str, ...]:
        return self.relation.tables

    @property
    def dimensions(self) -> tuple[str, ...]:
        return self.relation.dims

    @property
    def anchor(self) -> str:
        if self.anchor_text:
            return self.anchor_text
        if self.spec.anchor is None:
            return "the as-of date (a snapshot)"
        return f"{self.relation.tables[0]}.{self.spec.anchor}"

    @property
    def extras(self) -> tuple[str, ...]:
        return KIND_EXTRAS[self.kind] + tuple(e.name for e in self.spec.extras)

    @property
    def columns(self) -> tuple[str, ...]:
        """Output columns after the dimensions and period."""
        return STANDARD_COLUMNS + self.extras

    @property
    def is_proportion(self) -> bool:
        return self.unit == "ratio"
