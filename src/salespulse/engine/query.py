"""A KPI query — (KPI, dimensions, period grain, date range, filters, as-of) — checked
against the KPI's declaration before anything is computed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from salespulse import kpis
from salespulse.errors import UserError
from salespulse.kpis.model import KPI
from salespulse.model.calendar import GRAINS, Grain

#: Filters that are not dimensions: the quota metric, for the KPIs computed from quotas.
QUOTA_FILTERS = ("metric",)
QUOTA_RELATIONS = ("quota_rows", "rep_attainment", "coverage_rows")

Where = tuple[tuple[str, tuple[str, ...]], ...]

#: Where a KPI can be computed, and the forms its result can be returned in.
BACKENDS = ("duckdb", "pyspark")
OUTPUTS = ("pandas", "arrow", "polars")


def one_of(value: Any, allowed: tuple[str, ...], what: str) -> str:
    """`value` when it is one of `allowed`, else a `UserError` naming it and them."""
    if not isinstance(value, str) or value not in allowed:
        raise UserError(f"There is no {what} {value!r}.", fix="Use one of: " + ", ".join(allowed))
    return value


@dataclass(frozen=True)
class Query:
    kpi: KPI
    by: tuple[str, ...] = ()
    period: Grain = "all"
    start: date | None = None
    end: date | None = None
    where: Where = ()
    as_of: date | None = None

    @property
    def dims(self) -> tuple[str, ...]:
        """Every dimension the query needs: those it breaks down by, then those it filters."""
        extra = tuple(k for k, _ in self.where if k not in self.by and k not in QUOTA_FILTERS)
        return self.by + extra

    def filter_values(self, key: str) -> tuple[str, ...] | None:
        for k, values in self.where:
            if k == key:
                return values
        return None

    @property
    def keys(self) -> tuple[str, ...]:
        """The output's grouping columns: the dimensions, then `period` unless all."""
        return self.by + (() if self.period == "all" else ("period",))


def to_date(value: Any, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()  # type: ignore[no-any-return]
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(
            f"`{what}` {value!r} is not a date.",
            fix="Write dates as YYYY-MM-DD, e.g. 2025-03-31.",
            option=what,
        ) from None


def _where(kpi: KPI, where: Mapping[str, Any] | Iterable[tuple[str, Any]] | None) -> Where:
    if where is None:
        return ()
    items = list(where.items()) if isinstance(where, Mapping) else list(where)
    allowed = set(kpi.dimensions)
    if kpi.spec.relation in QUOTA_RELATIONS:
        allowed |= set(QUOTA_FILTERS)
    merged: dict[str, list[str]] = {}
    for key, value in items:
        if key not in allowed:
            raise UserError(
                f"{kpi.name} cannot be filtered by {key!r}.",
                fix="Filter by one of: " + ", ".join(sorted(allowed)) + ".",
            )
        values = [value] if isinstance(value, str | int) else list(value)
        merged.setdefault(key, []).extend(str(v) for v in values)
    return tuple((k, tuple(v)) for k, v in merged.items())


def make_query(
    name: str | KPI,
    by: Iterable[str] | str | None = None,
    period: str = "all",
    start: Any = None,
    end: Any = None,
    where: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
    as_of: Any = None,
) -> Query:
    """A checked query; every problem is a `UserError` saying what to change."""
    kpi = name if isinstance(name, KPI) else kpis.get(name)
    dims = (by,) if isinstance(by, str) else tuple(by or ())
    dims = tuple(d.strip() for part in dims for d in part.split(",") if d.strip())
    for dim in dims:
        if dim not in kpi.dimensions:
            raise UserError(
                f"{kpi.name} cannot be broken down by {dim!r}.",
                fix="Use one of: " + ", ".join(kpi.dimensions) + ".",
            )
    if len(set(dims)) != len(dims):
        raise UserError(f"A dimension is repeated in `by` {','.join(dims)}.", option="by")
    one_of(period, GRAINS, "period")
    if period not in kpi.grains:
        raise UserError(
            f"{kpi.name} cannot be computed by {period}.",
            fix="Use `period` " + " or ".join(kpi.grains) + ".",
            option="period",
        )
    first, last = to_date(start, "start"), to_date(end, "end")
    if first and last and first > last:
        raise UserError(f"`start` {first} is after `end` {last}.", option="start")
    if kpi.spec.anchor is None and (first or last):
        raise UserError(
            f"{kpi.name} is a snapshot at the as-of date; `start`/`end` do not apply.",
            fix="Use `as_of` DATE to see it at another date.",
            option="start" if first else "end",
        )
    grain: Grain = period
    return Query(
        kpi=kpi,
        by=dims,
        period=grain,
        start=first,
        end=last,
        where=_where(kpi, where),
        as_of=to_date(as_of, "as_of"),
    )
