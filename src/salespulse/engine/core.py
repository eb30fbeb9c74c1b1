"""The engine: a checked query → SQL compiled once per shape → rows → a `Result`.

    query ──shape──▶ compiled SQL (source memory → .cache/sql → build + compile Ibis)
          ──values──▶ bound parameters ──▶ the source runs the SQL ──▶ Result
A result is kept per data version when the caller knows it (.cache/results)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salespulse.engine import bound
from salespulse.engine.cache import QueryCache, digest, versions
from salespulse.engine.compiled import Compiled
from salespulse.engine.query import OUTPUTS, Query, make_query, one_of
from salespulse.engine.result import Result
from salespulse.engine.sources import Source
from salespulse.model.settings import Settings


def _builders() -> dict[str, Callable[[Any, Any], Any]]:
    from salespulse.engine import kinds, over_time, pipeline

    return {
        "sum": kinds.build_sum,
        "count": kinds.build_count,
        "distinct": kinds.build_distinct,
        "proportion": kinds.build_proportion,
        "ratio": kinds.build_ratio,
        "duration": kinds.build_duration,
        "velocity": pipeline.build_velocity,
        "dispersion": over_time.build_dispersion,
        "daily_rate": over_time.build_daily_rate,
    }


#: Results up to this many rows are kept in the result cache (larger ones are cheaper to
#: compute again than to read back from JSON).
MAX_CACHED_ROWS = 50_000


class Engine:
    """Computes KPIs over a `Source` with the workspace's settings; `cache` keeps the
    compiled SQL (and, with a data version, the results) in a folder."""

    def __init__(
        self, source: Source, settings: Settings | None = None, cache: QueryCache | None = None
    ) -> None:
        self.source = source
        self.settings = settings or Settings()
        self.cache = cache or QueryCache(None)
        self._settings_key = digest(repr(self.settings))

    def query(self, name: str, **params: Any) -> Query:
        return make_query(name, **params)

    # -- building -------------------------------------------------------------------------
    def context(self, query: Query, bind: bool = False) -> Any:
        from salespulse.engine.context import Context

        return Context(self.source, query, self.settings, bind=bind)

    def _build(self, ctx: Any) -> Any:
        from salespulse.engine import labels
        from salespulse.engine.result import shape

        spec = ctx.query.kpi.spec
        return labels.with_product_names(ctx, shape(ctx._query, _builders()[spec.kind](ctx, spec)))

    def expression(self, query: Query) -> Any:
        """The Ibis expression computing `query` (a table in the output contract), with
        its values as literals."""
        return self._build(self.context(query))

    # -- compiling ------------------------------------------------------------------------
    def _shape_key(self, query: Query) -> str:
        return digest(
            versions(),
            self.source.kind,
            self.source.fingerprint(),
            self._settings_key,
            bound.shape(query),
        )

    def _variant(self, flags: dict[str, Any], query: Query) -> str | None:
        """Which variant of a shape's SQL fits: by values if pinned, by data version if
        data-dependent (None: a data-dependent SQL without a known data version)."""
        parts: list[Any] = []
        if flags.get("pinned"):
            parts.append(bound.param_values(query))
        if flags.get("data_dependent"):
            if self.cache.data_version is None:
                return None
            parts.append(self.cache.data_version)
        return digest(*parts)

    def compiled(self, query: Query) -> Compiled:
        """`query`'s SQL with placeholders: from this source's memory, the cache folder,
        or built and compiled now (and kept)."""
        shape_key = self._shape_key(query)
        flags = self.source.compiled.get(shape_key) or self.cache.read("sql", shape_key)
        if flags is not None:
            variant = self._variant(flags, query)
            if variant is not None:
                key = f"{shape_key}-{variant}"
                hit: Compiled | None = self.source.compiled.get(key)
                if hit is None and (stored := self.cache.read("sql", key)) is not None:
                    hit = Compiled.from_json(stored)
                if hit is not None:
                    self.source.compiled[key] = hit
                    return hit
        return self._compile(query, shape_key)

    def _compile(self, query: Query, shape_key: str) -> Compiled:
        from salespulse.engine.compiled import compile_expression

        ctx = self.context(query, bind=True)
        sql = compile_expression(self.source, self._build(ctx), ctx.params)
        found = Compiled(sql, tuple(ctx.params), ctx.pinned, ctx.data_dependent)
        flags = {"pinned": found.pinned, "data_dependent": found.data_dependent}
        self.source.compiled[shape_key] = flags
        variant = self._variant(flags, query)
        if variant is not None:
            key = f"{shape_key}-{variant}"
            self.source.compiled[key] = found
            if not found.data_dependent or self.cache.data_version is not None:
                self.cache.write("sql", shape_key, flags)
                self.cache.write("sql", key, found.to_json())
        return found

    # -- running --------------------------------------------------------------------------
    def result(self, query: Query) -> Result:
        """`query`'s normalised rows: from the result cache for this data version, or by
        running its compiled SQL with its values bound."""
        key = None
        if self.cache.data_version is not None and self.cache.keep_results:
            key = digest(
                versions(),
                self.source.kind,
                self._settings_key,
                bound.shape(query),
                bound.param_values(query),
                self.cache.data_version,
            )
            if (stored := self.cache.read("results", key)) is not None:
                return Result.from_json(query, stored)
        compiled = self.compiled(query)
        values = bound.param_values(query)
        if self.source.kind == "duckdb":
            result = Result.from_arrow(
                query, self.source.run_arrow(compiled.sql, compiled.bind(values))
            )
        else:
            columns, rows = self.source.run_sql(compiled.sql, compiled.bind(values))
            result = Result.build(query, columns, rows)
        if key is not None and len(result) <= MAX_CACHED_ROWS:
            self.cache.write("results", key, result.to_json())
        return result

    def run(self, query: Query, output: str = "pandas") -> Any:
        """`query`'s result as a pandas DataFrame (or a pyarrow table, or polars)."""
        one_of(output, OUTPUTS, "output")
        return self.result(query).to(output)

    def kpi(self, name: str, output: str = "pandas", **params: Any) -> Any:
        return self.run(make_query(name, **params), output)

    def explain(self, name: str, **params: Any) -> str:
        """The SQL the backend runs for the query, and the values bound to it."""
        return self.sql(make_query(name, **params))

    def sql(self, query: Query) -> str:
        """The SQL the backend runs for a checked query, then its bound parameters."""
        compiled = self.compiled(query)
        values = compiled.bind(bound.param_values(query))
        lines = [compiled.sql.rstrip()]
        if values:
            lines.append("-- parameters:")
            lines.extend(f"--   {name} = {value!r}" for name, value in values.items())
        return "\n".join(lines)

    def close(self) -> None:
        self.source.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
