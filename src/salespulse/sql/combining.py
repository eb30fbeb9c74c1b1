"""The functions of salespulse's own query builder that make a value from several
(`coalesce`, `greatest`, `least`, `cases`, `ifelse`) or from none (`interval`, `param`,
`window`), beside the constants of `values.py`: the module `functions.py` hands the KPI
builders while they build for DuckDB, named as Ibis names them."""

from __future__ import annotations

from typing import Any

from salespulse.sql.types import DataType, Unsupported, common, dtype
from salespulse.sql.values import Value, Window, lift, literal, null

__all__ = ["literal", "null"]  # (the constants too: `functions.py` takes all from here)


def param(name: str, type: str | DataType) -> Value:
    return Value("param", (), dtype(type), name=name)


def interval(**units: int) -> Value:
    if len(units) != 1:
        raise Unsupported("an interval of several units")
    ((unit, amount),) = units.items()
    names = {"days": "DAY", "months": "MONTH", "years": "YEAR"}
    if unit not in names or not isinstance(amount, int):
        raise Unsupported(f"an interval of {unit}")
    return Value("interval", (), DataType("interval"), unit=names[unit], amount=amount)


def coalesce(*values: Any) -> Value:
    args = tuple(lift(v) for v in values)
    return Value("call", args, common([a.dtype for a in args]), fn="COALESCE")


def greatest(*values: Any) -> Value:
    args = tuple(lift(v) for v in values)
    return Value("call", args, common([a.dtype for a in args]), fn="GREATEST")


def least(*values: Any) -> Value:
    args = tuple(lift(v) for v in values)
    return Value("call", args, common([a.dtype for a in args]), fn="LEAST")


def cases(*branches: tuple[Any, Any], else_: Any = None) -> Value:
    pairs = tuple((lift(c), lift(v)) for c, v in branches)
    other = lift(else_) if else_ is not None else null()
    return Value("cases", (pairs, other), common([v.dtype for _, v in pairs] + [other.dtype]))


def ifelse(condition: Any, yes: Any, no: Any) -> Value:
    return cases((condition, yes), else_=no if no is not None else null())


def window(group_by: Any = (), order_by: Any = ()) -> Window:
    return Window(group_by, order_by)
