"""The SQL of a KPI's example query (`salespulse kpis show NAME` prints it), compiled by
the engine over empty contract tables. The example itself (`kpis.docs.example_args`)
belongs to the registry's docs; compiling it needs the engine, so it lives here."""

from __future__ import annotations

from salespulse.kpis.docs import example_args
from salespulse.kpis.model import KPI
from salespulse.model.settings import Settings


def example_sql(kpi: KPI, settings: Settings | None = None) -> str:
    """The DuckDB SQL of the example query, over empty contract tables: the SQL the
    engine runs for it (built by the own query builder), and any values it binds."""
    import duckdb

    from salespulse.engine import Engine, make_query
    from salespulse.engine.sources import from_duckdb_connection
    from salespulse.model.contract import TABLES
    from salespulse.store import table_ddl

    con = duckdb.connect()
    for table in TABLES.values():
        con.execute(table_ddl(table))
    args = example_args(kpi)
    by = args[args.index("--by") + 1] if "--by" in args else None
    period = args[args.index("--period") + 1] if "--period" in args else "all"
    with Engine(from_duckdb_connection(con, "example"), settings) as engine:
        return engine.sql(make_query(kpi, by=by, period=period))
