"""The KPI engine: a query (KPI, dimensions, period, dates, filters, as-of) becomes one
Ibis expression that runs on DuckDB, PostgreSQL or PySpark.

    from salespulse.engine import Engine, sources
    with Engine(sources.from_postgres("postgresql://user@host/db")) as engine:
        engine.kpi("win_rate", by=["team"], period="quarter")
"""

from __future__ import annotations

from salespulse.engine.core import Engine
from salespulse.engine.query import Query, make_query

__all__ = ["Engine", "Query", "make_query"]
