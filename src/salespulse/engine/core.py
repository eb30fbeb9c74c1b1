"""The engine: a checked query → one Ibis expression → the source's backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salespulse.engine import kinds, labels, over_time, pipeline
from salespulse.engine.context import Context
from salespulse.engine.query import OUTPUTS, Query, make_query, one_of
from salespulse.engine.result import shape, to_pandas
from salespulse.engine.sources import Source
from salespulse.model.settings import Settings

BUILDERS: dict[str, Callable[[Context, Any], Any]] = {
    "sum": kinds.build_sum,
    "count": kinds.build_count,
    "proportion": kinds.build_proportion,
    "ratio": kinds.build_ratio,
    "duration": kinds.build_duration,
    "velocity": pipeline.build_velocity,
    "dispersion": over_time.build_dispersion,
    "daily_rate": over_time.build_daily_rate,
}


class Engine:
    """Computes KPIs over a `Source` with the workspace's settings."""

    def __init__(self, source: Source, settings: Settings | None = None) -> None:
        self.source = source
        self.settings = settings or Settings()

    def query(self, name: str, **params: Any) -> Query:
        return make_query(name, **params)

    def expression(self, query: Query) -> Any:
        """The Ibis expression computing `query` (a table in the output contract)."""
        ctx = Context(self.source, query, self.settings)
        spec = query.kpi.spec
        return labels.with_product_names(ctx, shape(query, BUILDERS[spec.kind](ctx, spec)))

    def run(self, query: Query, output: str = "pandas") -> Any:
        """`query`'s result as a pandas DataFrame (or a pyarrow table, or polars)."""
        expr = self.expression(query)
        if output == "arrow":
            return expr.to_pyarrow()
        if output == "polars":
            return expr.to_polars()
        if output != "pandas":
            one_of(output, OUTPUTS, "output")
        return to_pandas(query, self.source.execute(expr))

    def kpi(self, name: str, output: str = "pandas", **params: Any) -> Any:
        return self.run(make_query(name, **params), output)

    def explain(self, name: str, **params: Any) -> str:
        """The SQL the backend runs for the query."""
        return self.sql(make_query(name, **params))

    def sql(self, query: Query) -> str:
        """The SQL the backend runs for a checked query."""
        return self.source.compile(self.expression(query))

    def close(self) -> None:
        self.source.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
