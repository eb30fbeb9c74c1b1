"""The numbers half of the Workspace API: where a workspace's queries read (its own
file, PostgreSQL, Spark), the engine with its caches, and the KPIs, results, SQL,
scorecard and products report it answers. `Workspace` (salespulse.workspace) adds the
settings file, imports and undo on top."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from salespulse.database import Database
from salespulse.model.settings import Settings

if TYPE_CHECKING:
    from salespulse.engine.core import Engine
    from salespulse.engine.result import Result
    from salespulse.engine.sources import Source
    from salespulse.reports.bridge import Bridge

#: Compiled SQL, query results and command output (see salespulse.engine.cache); safe to
#: delete.
CACHE_DIR = ".cache"


class Numbers(Database):
    """A workspace's DuckDB file and settings, and the numbers read from them."""

    settings: Settings

    def source(
        self, backend: str = "duckdb", source: str | None = None, spark_master: str | None = None
    ) -> Source:
        """Where this workspace's queries read: its DuckDB file (read-only) by default,
        `source="postgresql://..."` in place, or Spark (`backend="pyspark"`) over its
        tables exported to Parquet, a `source` folder of Parquet files or `spark:DATABASE`;
        on the Spark `spark_master` names (see `salespulse.engine.spark_master.choose`)."""
        from salespulse.workspace_sources import open_source

        return open_source(self, backend, source, spark_master, self.settings.spark_master)

    @property
    def cache_dir(self) -> Path:
        """Where compiled SQL, query results and command output are kept (safe to delete)."""
        return self.path / CACHE_DIR

    def data_version(self) -> str | None:
        """A token that changes with every committed import, undo or repair of the stored
        data (None before any data is stored)."""
        from salespulse.store import data_version

        if not self.db_path.exists():
            return None
        with self.connect(read_only=True) as con:
            return data_version(con, self.db_path)

    def on(
        self, backend: str = "duckdb", source: str | None = None, spark_master: str | None = None
    ) -> Numbers | Reading:
        """The workspace to read from: itself, or its tables read through `backend` (e.g.
        "pyspark", on `spark_master`) or from `source` (a PostgreSQL URL, a Parquet folder)
        — what the insights and reports take."""
        if backend == "duckdb" and source is None and spark_master is None:
            return self
        return Reading(self, backend, source, spark_master)

    def engine(
        self, backend: str = "duckdb", source: str | None = None, spark_master: str | None = None
    ) -> Engine:
        """An engine over the workspace's tables (or over `source`, computed on `backend`),
        keeping compiled SQL and results in the workspace's `.cache/` (close it after)."""
        from salespulse.engine.cache import QueryCache
        from salespulse.engine.core import Engine
        from salespulse.engine.query import BACKENDS, one_of
        from salespulse.store import data_version

        one_of(backend, BACKENDS, "backend")
        opened = self.source(backend, source, spark_master)
        cache = QueryCache(None)
        if opened.kind == "duckdb" and source is None:
            version = data_version(opened.database, self.db_path) if self.db_path.exists() else None
            cache = QueryCache(self.cache_dir, version)
        return Engine(opened, self.settings, cache)

    def kpi(
        self,
        name: str,
        by: list[str] | str | None = None,
        period: str = "all",
        start: Any = None,
        end: Any = None,
        where: dict[str, Any] | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
        output: str = "pandas",
    ) -> Any:
        """A KPI as a pandas DataFrame (`output="arrow"` or `"polars"` for those): the
        `by` dimensions, `period` (unless "all"), value, numerator, denominator, n and the
        KPI's extras. `backend="pyspark"` or `source="postgresql://..."` compute it there;
        `spark_master` names the Spark cluster (default: SALESPULSE_SPARK_MASTER, the
        `[spark] master` setting, else local[2])."""
        from salespulse.engine.query import OUTPUTS, one_of

        one_of(output, OUTPUTS, "output")
        return self.result(
            name,
            by,
            period,
            start,
            end,
            where,
            as_of,
            backend=backend,
            source=source,
            spark_master=spark_master,
        ).to(output)

    def result(
        self,
        name: str,
        by: list[str] | str | None = None,
        period: str = "all",
        start: Any = None,
        end: Any = None,
        where: dict[str, Any] | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> Result:
        """A KPI's normalised rows (`Result`: `.records()`, `.to_pandas()`), as `kpi`
        computes them — served from the result cache when the data has not changed."""
        from salespulse.engine.query import make_query

        query = make_query(name, by, period, start, end, where, as_of)
        with self.engine(backend, source, spark_master) as engine:
            return engine.result(query)

    def results(
        self,
        names: list[str] | tuple[str, ...],
        by: list[str] | str | None = None,
        period: str = "all",
        start: Any = None,
        end: Any = None,
        where: dict[str, Any] | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> dict[str, Result]:
        """Several KPIs with the same breakdown, window and filters: name → `Result`.
        The KPIs of one table are computed in one statement (on DuckDB); the first KPI
        that cannot be computed raises its `UserError`."""
        from salespulse.engine.query import make_query
        from salespulse.errors import UserError

        queries = [make_query(n, by, period, start, end, where, as_of) for n in names]
        with self.engine(backend, source, spark_master) as engine:
            found = engine.outcomes(queries)
        for got in found:
            if isinstance(got, UserError):
                raise got
        return {
            q.kpi.name: r
            for q, r in zip(queries, found, strict=True)
            if not isinstance(r, UserError)
        }

    def explain(
        self,
        name: str,
        by: list[str] | str | None = None,
        period: str = "all",
        start: Any = None,
        end: Any = None,
        where: dict[str, Any] | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> str:
        """The SQL that `kpi` with the same arguments runs, and the values bound to it."""
        from salespulse.engine.query import make_query

        query = make_query(name, by, period, start, end, where, as_of)
        with self.engine(backend, source, spark_master) as engine:
            return engine.sql(query)

    def scorecard(
        self,
        period: str = "month",
        team: str | None = None,
        as_of: Any = None,
        by: str | None = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> Any:
        """The latest complete period's scorecard: each rep's key KPIs — sales, and the
        CRM's where its tables are there — the change on the previous period, the gap to
        the team median and the last twelve months' consistency. Sale lines without reps
        are scored by their region, channel or category, else by product; `by` chooses."""
        from salespulse.engine.query import to_date
        from salespulse.reports.scorecard import scorecard, scorecard_period

        grain = scorecard_period(period)
        day = to_date(as_of, "as_of")
        with self.engine(backend, source, spark_master) as engine:
            return scorecard(engine, grain, team, day, by)

    def bridge(
        self,
        base: str | None = None,
        current: str | None = None,
        by: str = "product",
        group: str | None = None,
        where: dict[str, Any] | None = None,
        *,
        base_start: Any = None,
        base_end: Any = None,
        current_start: Any = None,
        current_end: Any = None,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> Bridge:
        """Why revenue changed from `base` to `current` (period labels such as "2025",
        "2025-Q3", "2025-03", or `base_start`/`base_end` and `current_start`/`current_end`
        dates): the change split into volume, mix, price, new and lost, adding up to it
        exactly, with each item's part (`by` product, category or subcategory) and, with
        `group` (rep, team or region), each group's own bridge. With no period given, the
        latest complete month of the data against the month before. `.to_dict()` is the
        JSON."""
        from salespulse.reports.bridge import bridge
        from salespulse.reports.bridge_periods import latest_months, periods

        given = (base, current, base_start, base_end, current_start, current_end)
        with self.engine(backend, source, spark_master) as engine:
            if all(v is None for v in given):
                before, now = latest_months(engine)
            else:
                before, now = periods(*given, self.settings)
            return bridge(engine, before, now, by, group, where)

    def consistency(
        self,
        by: str | None = None,
        value: Any = None,
        months: int = 24,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> Any:
        """Consistency month to month over the last `months` complete months to `as_of`
        (default: the end of the data): the monthly revenue (units without prices), each
        month against its expected band (bad and great months), quota streaks and the
        CV — for `value` of `by` (a rep when `by` is None), every member of `by` (rep,
        team, product, category, ...), or the whole business (neither). A
        `ConsistencyReport`: `.members`, `.records()`, `.as_dict()`."""
        from salespulse.engine.query import to_date
        from salespulse.reports.consistency import check_months, consistency
        from salespulse.reports.members import sales_dimension

        check_months(months)
        sales_dimension(by)
        day = to_date(as_of, "as_of")
        with self.engine(backend, source, spark_master) as engine:
            return consistency(engine, by, value, months, day)

    def projection(
        self,
        period: str = "month",
        by: str | None = None,
        value: Any = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> Any:
        """Where the current `period` (month, quarter or year, containing `as_of`;
        default the end of the data) will land: actual so far, run rate, seasonal
        projection with its 80% interval, quota, chance of reaching it and the daily pace
        it needs — for `value` of `by` (a rep when `by` is None), every rep or team
        (`by`), or the whole business (neither). A `ProjectionReport`."""
        from salespulse.engine.query import to_date
        from salespulse.reports.members import sales_dimension
        from salespulse.reports.projection import PROJECTION_BY, projection, projection_period

        projection_period(period)
        sales_dimension(by, PROJECTION_BY)
        day = to_date(as_of, "as_of")
        with self.engine(backend, source, spark_master) as engine:
            return projection(engine, by, value, period, day)

    def products(
        self,
        by: str = "product",
        period: str = "month",
        top: int | None = None,
        where: dict[str, Any] | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> Any:
        """What sold in a period (`period` week, month, quarter or year: the latest
        complete one; or a label such as 2025, 2025-Q3, 2025-03), ranked by revenue (units
        without prices) `by` product, category or subcategory: share, cumulative share,
        change on the previous period and on a year earlier, the Pareto sentence, movers
        beyond noise, new and lost items; the items below `top` folded into `.others`."""
        from salespulse.engine.query import to_date
        from salespulse.reports.product_sales import grouping, report_period
        from salespulse.reports.products import products, top_count

        by = grouping(by)
        window = report_period(period, self.settings)
        count = top_count(top)
        day = to_date(as_of, "as_of")
        with self.engine(backend, source, spark_master) as engine:
            return products(engine, by, window, count, where, day)


class Reading:
    """A workspace read through another backend or source (`Workspace.on`)."""

    def __init__(
        self, ws: Numbers, backend: str, source: str | None, spark_master: str | None = None
    ) -> None:
        from salespulse.engine.query import BACKENDS, one_of

        self.ws = ws
        self.backend = one_of(backend, BACKENDS, "backend")
        self.source_url = source
        self.spark_master = spark_master

    @property
    def settings(self) -> Settings:
        return self.ws.settings

    def engine(self) -> Engine:
        return self.ws.engine(self.backend, self.source_url, self.spark_master)
