"""The engine: a checked query → SQL compiled once per shape → rows → a `Result`.

    query ──shape──▶ compiled SQL (source memory → .cache/sql → build + compile Ibis)
          ──values──▶ bound parameters ──▶ the source runs the SQL ──▶ Result
A result is kept per data version when the caller knows it (.cache/results)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from salespulse.engine import bound, combined, reads
from salespulse.engine.cache import FORMAT, QueryCache, digest, versions
from salespulse.engine.compiled import Compiled
from salespulse.engine.query import OUTPUTS, Query, make_query, one_of
from salespulse.engine.result import Result
from salespulse.engine.sources import Source
from salespulse.errors import UserError
from salespulse.model.settings import Settings


def _builders() -> dict[str, Callable[[Any, Any], Any]]:
    from salespulse.engine import kinds, over_time, pipeline

    return {
        "sum": kinds.build_sum,
        "count": kinds.build_count,
        "distinct": kinds.build_distinct,
        "largest": kinds.build_largest,
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
    compiled SQL (and, with a data version, the results) in a folder.

    On DuckDB a query is built with salespulse's own builder (`salespulse.sql`: no Ibis
    to import, build or compile), and in Ibis where that builder does not reach
    (`Unsupported`); elsewhere in Ibis. `own_builder` turns the own builder off, and
    `strict_builder` makes a gap an error instead (the tests)."""

    own_builder = True
    strict_builder = False

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
    def context(self, query: Query, bind: bool = False, own: bool = False) -> Any:
        from salespulse.engine.context import Context

        return Context(self.source, query, self.settings, bind=bind, own=own)

    def built(self, query: Query, build: Callable[[Any], Any]) -> tuple[Any, Any]:
        """`build(ctx)` in a `Context` for `query` compiled for reuse, and the context:
        by the own builder on DuckDB, else (or where it falls short) in Ibis."""

        def attempt(own: bool) -> tuple[Any, Any]:
            ctx = self.context(query, bind=True, own=own)
            return ctx, build(ctx)

        found: tuple[Any, Any] = self._either(attempt)
        return found

    def _either(self, attempt: Callable[[bool], Any]) -> Any:
        """`attempt(own=True)` with the own builder in force (`salespulse.sql`) on DuckDB,
        else — or where the own builder falls short — `attempt(own=False)` in Ibis."""
        if self.own_builder and self.source.kind == "duckdb":
            from salespulse.sql import functions

            try:
                with functions.building(True):
                    return attempt(True)
            except UserError:
                raise
            except Exception:  # a gap of the own builder: Ibis builds it (or says why)
                if self.strict_builder:
                    raise
        return attempt(False)

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
        return digest(FORMAT, versions(), self.source.kind, self._settings_key, bound.shape(query))

    def _variant(self, flags: dict[str, Any], query: Query) -> str | None:
        """Which variant of a shape's SQL fits now: by the columns of the tables its
        building looked at, by the query's values if pinned, and by what its reads of the
        data give now (None: reads that cannot be run again, see `engine/reads.py`)."""
        schema = self.source.schema()
        tables = [str(t) for t in flags.get("tables", ())]
        parts: list[Any] = [flags, [schema.get(t) if schema is not None else "?" for t in tables]]
        if flags.get("pinned"):
            parts.append(bound.param_values(query))
        if flags.get("data_dependent"):
            kept = reads.reads_of(flags)
            found = (
                None if kept is None else reads.replay(self.source, kept, bound.param_values(query))
            )
            if found is None:
                return None
            parts.append(found)
        return digest(*parts)

    def _fitting(self, shape_key: str, flags: dict[str, Any], query: Query) -> str | None:
        """The variant that fits now (`_variant`), remembered per data version for SQL
        built from reads of the data: a later process on the same data does not run the
        reads again."""
        known = None
        if flags.get("data_dependent") and self.cache.data_version is not None:
            known = digest(shape_key, flags, bound.param_values(query), self.cache.data_version)
            stored = self.cache.read("variants", known)
            if stored is not None and isinstance(stored.get("variant"), str):
                return str(stored["variant"])
        variant = self._variant(flags, query)
        if known is not None and variant is not None:
            self.cache.write("variants", known, {"variant": variant})
        return variant

    def compiled(self, query: Query) -> Compiled:
        """`query`'s SQL with placeholders: from this source's memory, the cache folder,
        or built and compiled now (and kept)."""
        shape_key = self._shape_key(query)
        hit = self._lookup(shape_key, query)
        if hit is not None:
            return hit
        ctx, expr = self.built(query, self._build)
        found = self._compile(expr, ctx, ctx.pinned, ctx.data_dependent)
        return self._keep(shape_key, query, found, ctx)

    def _lookup(self, shape_key: str, query: Query) -> Compiled | None:
        flags = self.source.compiled.get(shape_key) or self.cache.read("sql", shape_key)
        if flags is None:
            return None
        variant = self._fitting(shape_key, flags, query)
        if variant is None:
            return None
        key = f"{shape_key}-{variant}"
        hit: Compiled | None = self.source.compiled.get(key)
        if hit is None and (stored := self.cache.read("sql", key)) is not None:
            hit = Compiled.from_json(stored)
        if hit is not None:
            self.source.compiled[key] = hit
        return hit

    def _compile(
        self,
        expr: Any,
        ctx: Any,
        pinned: bool,
        data_dependent: bool,
        layout: combined.Layout = (),
        members: tuple[int, ...] = (),
    ) -> Compiled:
        """Compile `expr` (built in `ctx`)."""
        from salespulse.engine.compiled import compile_expression

        sql = compile_expression(self.source, expr, ctx.params)
        used = tuple(name for name in ctx.params if combined.uses(sql, name))
        return Compiled(sql, used, pinned, data_dependent, members, layout)

    def _keep(self, shape_key: str, query: Query, found: Compiled, ctx: Any) -> Compiled:
        """Keep `found` (built in `ctx`) under `shape_key`, with what its building looked
        at, in this source's memory and in the cache folder."""
        flags = {"pinned": found.pinned, "data_dependent": found.data_dependent}
        flags.update(ctx.observed.as_flags())
        self.source.compiled[shape_key] = flags
        variant = self._fitting(shape_key, flags, query)
        if variant is not None:
            key = f"{shape_key}-{variant}"
            self.source.compiled[key] = found
            self.cache.write("sql", shape_key, flags)
            self.cache.write("sql", key, found.to_json())
        return found

    def read(
        self, name: str, tables: Sequence[str], build: Callable[[], Any]
    ) -> list[dict[str, Any]]:
        """The rows of a small read a report makes besides its KPIs (the end of the data,
        the reps' names), which has no values to bind: compiled once per `name`, backend,
        settings and columns of `tables` (all it may look at) and kept like a query's
        SQL; `build()` makes its Ibis expression when it is not kept (None: no rows)."""
        schema = self.source.schema()
        columns = [(t, schema.get(t) if schema is not None else "?") for t in tables]
        key = digest(FORMAT, versions(), self.source.kind, self._settings_key, name, columns)
        found: Compiled | None = self.source.compiled.get(key)
        if found is None and (stored := self.cache.read("sql", key)) is not None:
            found = Compiled.from_json(stored)
        if found is None:
            from salespulse.engine.compiled import compile_expression

            def attempt(own: bool) -> str:
                expr = build()
                return compile_expression(self.source, expr, {}) if expr is not None else ""

            found = Compiled(self._either(attempt), ())
            self.cache.write("sql", key, found.to_json())
        self.source.compiled[key] = found
        if not found.sql:
            return []
        names, rows = self.source.run_sql(found.sql, {})
        return [dict(zip(names, row, strict=True)) for row in rows]

    def rows(self, name: str, query: Query, build: Callable[[Any], Any]) -> list[dict[str, Any]]:
        """The rows of a read a report makes besides its KPIs (the won deals' amounts, the
        open deals), named `name`: `build(ctx)` makes its Ibis table in a `Context` for
        `query`, whose window and as-of day enter the SQL as bound parameters
        (`ctx.in_range`, `ctx.bound`). Compiled once per name and query shape and kept
        like a query's SQL (the same variants: columns, values read, reads of the data),
        so a later process builds no Ibis for it."""
        shape_key = digest(self._shape_key(query), "rows", name)
        found = self._lookup(shape_key, query)
        if found is None:
            ctx, expr = self.built(query, build)
            found = self._keep(
                shape_key, query, self._compile(expr, ctx, ctx.pinned, ctx.data_dependent), ctx
            )
        names, rows = self.source.run_sql(found.sql, found.bind(bound.param_values(query)))
        return [dict(zip(names, row, strict=True)) for row in rows]

    # -- running --------------------------------------------------------------------------
    def _result_key(self, query: Query) -> str | None:
        if self.cache.data_version is None or not self.cache.keep_results:
            return None
        return digest(
            versions(),
            self.source.kind,
            self._settings_key,
            bound.shape(query),
            bound.param_values(query),
            self.cache.data_version,
        )

    def _cached(self, key: str | None, query: Query) -> Result | None:
        if key is not None and (stored := self.cache.read("results", key)) is not None:
            return Result.from_json(query, stored)
        return None

    def _kept(self, key: str | None, result: Result) -> Result:
        if key is not None and len(result) <= MAX_CACHED_ROWS:
            self.cache.write("results", key, result.to_json())
        return result

    def result(self, query: Query) -> Result:
        """`query`'s normalised rows: from the result cache for this data version, or by
        running its compiled SQL with its values bound."""
        key = self._result_key(query)
        if (hit := self._cached(key, query)) is not None:
            return hit
        compiled = self.compiled(query)
        values = compiled.bind(bound.param_values(query))
        if self.source.kind == "duckdb":
            result = Result.from_arrow(query, self.source.run_arrow(compiled.sql, values))
        else:
            columns, rows = self.source.run_sql(compiled.sql, values)
            result = Result.build(query, columns, rows)
        return self._kept(key, result)

    def outcomes(self, queries: Sequence[Query]) -> list[Result | UserError]:
        """Each query's `Result`, or the `UserError` it raises alone (a missing table, a
        KPI that does not fit) — each from the result cache where it is there. On DuckDB
        the KPIs of one table and grain are computed in one statement
        (`engine/combined.py`), and each statement runs while the next is built
        (`engine/ahead.py`)."""
        out: list[Result | UserError | None] = [None] * len(queries)
        keys = [self._result_key(q) for q in queries]
        todo = []
        for i, query in enumerate(queries):
            out[i] = self._cached(keys[i], query)
            if out[i] is None:
                todo.append(i)
        if self.source.kind != "duckdb":
            for i in todo:
                try:
                    out[i] = self.result(queries[i])
                except UserError as exc:
                    out[i] = exc
            return [o for o in out if o is not None]
        from salespulse.engine.ahead import Ahead

        with Ahead(self.source) as ahead:
            running: list[tuple[list[int], Compiled, Callable[[], Any]]] = []
            for group in combined.groups([queries[i] for i in todo]):
                alone = [todo[j] for j in group]
                many = [queries[i] for i in alone] if len(alone) > 1 else None
                if many and (compiled := self._compiled_together(many)) is not None:
                    together = [alone[j] for j in compiled.members]
                    values = compiled.bind(bound.param_values(queries[together[0]]))
                    running.append((together, compiled, ahead.arrow(compiled.sql, values)))
                    alone = [i for i in alone if i not in together]
                for i in alone:
                    try:
                        one = self.compiled(queries[i])
                    except UserError as exc:
                        out[i] = exc
                        continue
                    values = one.bind(bound.param_values(queries[i]))
                    running.append(([i], one, ahead.arrow(one.sql, values)))
            for members, compiled, table in running:
                pieces = combined.cut(table(), compiled.layout) if compiled.layout else [table()]
                for i, piece in zip(members, pieces, strict=True):
                    out[i] = self._kept(keys[i], Result.from_arrow(queries[i], piece))
        return [o for o in out if o is not None]

    def _compiled_together(self, queries: list[Query]) -> Compiled | None:
        """The group's one statement, or None where there is none (fewer than two of its
        queries build, or their columns do not fit one table): that too is kept."""
        shape_key = digest("together", *(self._shape_key(q) for q in queries))
        hit = self._lookup(shape_key, queries[0])
        if hit is not None:
            return hit if hit.members else None
        members: list[int] = []
        contexts: list[Any] = []

        def build(first: Any) -> Any:
            parts = []
            members.clear()
            contexts.clear()
            for j, query in enumerate(queries):
                ctx = first if j == 0 else first.sibling(query)
                try:
                    parts.append(self._build(ctx))
                except UserError:
                    contexts.append(ctx)  # what it looked at still decides (a missing table)
                    continue  # run alone, it raises there
                members.append(j)
                contexts.append(ctx)
            return combined.stack(parts, list(queries[0].keys)) if len(parts) > 1 else None

        first, stacked = self.built(queries[0], build)
        pinned = any(c.pinned for c in contexts)
        data_dependent = any(c.data_dependent for c in contexts)
        if stacked is None:
            self._keep(shape_key, queries[0], Compiled("", (), pinned, data_dependent), first)
            return None
        expr, layout = stacked
        found = self._compile(expr, first, pinned, data_dependent, layout, tuple(members))
        return self._keep(shape_key, queries[0], found, first)

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
