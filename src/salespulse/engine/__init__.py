"""The KPI engine: a query (KPI, dimensions, period, dates, filters, as-of) becomes SQL,
compiled once per shape from Ibis expressions, that runs on DuckDB, PostgreSQL or
PySpark with the query's values bound.

    from salespulse.engine import Engine, sources
    with Engine(sources.from_postgres("postgresql://user@host/db")) as engine:
        engine.kpi("win_rate", by=["team"], period="quarter")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salespulse.engine.core import Engine
    from salespulse.engine.query import Query, make_query

__all__ = ["Engine", "Query", "make_query"]


def __getattr__(name: str) -> Any:  # imported on first use: Ibis only when it is needed
    if name == "Engine":
        from salespulse.engine.core import Engine

        return Engine
    if name in ("Query", "make_query"):
        from salespulse.engine import query

        return getattr(query, name)
    raise AttributeError(name)
