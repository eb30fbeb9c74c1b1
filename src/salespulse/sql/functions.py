"""The module-level functions the KPI builders call (`coalesce`, `ifelse`, `cases`,
`literal`, `null`, `interval`, `greatest`, `least`, `window`, `dtype`), from the
builder the engine is building with: salespulse's own (`salespulse.sql`, on DuckDB) while
`building(own=True)` is in force, else Ibis's. The builders' code is the same either
way: each KPI is declared once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_OWN: ContextVar[bool] = ContextVar("salespulse_own_builder", default=False)


@contextmanager
def building(own: bool) -> Iterator[None]:
    """Build with salespulse's own builder (`own`) or Ibis while in the block."""
    token = _OWN.set(own)
    try:
        yield
    finally:
        _OWN.reset(token)


def own() -> bool:
    return _OWN.get()


def _lib() -> Any:
    if _OWN.get():
        from salespulse.sql import combining

        return combining
    import ibis

    return ibis


def coalesce(*values: Any) -> Any:
    return _lib().coalesce(*values)


def ifelse(condition: Any, yes: Any, no: Any) -> Any:
    return _lib().ifelse(condition, yes, no)


def cases(*branches: tuple[Any, Any], else_: Any = None) -> Any:
    return _lib().cases(*branches, else_=else_)


def literal(value: Any, type: Any = None) -> Any:
    return _lib().literal(value, type=type)


def null(type: Any) -> Any:
    return _lib().null(type)


def interval(**units: int) -> Any:
    return _lib().interval(**units)


def greatest(*values: Any) -> Any:
    return _lib().greatest(*values)


def least(*values: Any) -> Any:
    return _lib().least(*values)


def window(group_by: Any = None, order_by: Any = None) -> Any:
    return _lib().window(group_by=group_by, order_by=order_by)


def param(type: str) -> Any:
    """An Ibis parameter (the own builder names its parameters: `combining.param`)."""
    import ibis

    return ibis.param(type)


def dtype(name: str) -> Any:
    if _OWN.get():
        from salespulse.sql.types import dtype as own_dtype

        return own_dtype(name)
    import ibis

    return ibis.dtype(name)
