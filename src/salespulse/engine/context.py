"""What every KPI builder needs while it builds one query: the source's tables,
the relations derived from them, and how to place rows in periods, add dimensions and
apply the filters.

Built to be compiled once per query shape (`bind=True`), the query's values — dates,
as-of, filter values — enter the expression as named parameters (`engine/bound.py`).
A builder that reads a value itself (through `ctx.query`) pins the compiled SQL to
those values, and one that reads the data (`ctx.execute`, `ctx.distinct`) pins it to
what the read gave: the compile cache keys such SQL by them too, and by the columns of
every table the build looked at (`engine/reads.py`)."""

from __future__ import annotations

from typing import Any

from salespulse.engine import bound, periods, reads
from salespulse.engine.query import Query
from salespulse.engine.sources import Source, normalize
from salespulse.errors import MissingTable, UserError
from salespulse.kpis.model import REP_DIMENSIONS
from salespulse.model.settings import Settings
from salespulse.sql import functions as fn


class _Watched:
    """A query whose values, when a builder reads them, pin the compiled SQL to them."""

    _VALUES = frozenset({"start", "end", "as_of", "where", "filter_values"})

    def __init__(self, query: Query, ctx: Context) -> None:
        self._query = query
        self._ctx = ctx

    def __getattr__(self, name: str) -> Any:
        if name in self._VALUES:
            self._ctx.pinned = True
        return getattr(self._query, name)


class Context:
    def __init__(
        self,
        source: Source,
        query: Query,
        settings: Settings,
        *,
        bind: bool = False,
        own: bool = False,
    ) -> None:
        self.source = source
        self._query = query
        self.settings = settings
        self.bind = bind
        #: built with salespulse's own builder (`salespulse.sql`, DuckDB), else Ibis
        self.own = own
        #: parameter name -> its Ibis parameter (bind=True), and the values they take
        self.params: dict[str, Any] = {}
        self.values = bound.param_values(query)
        #: True once the expression depends on the query's values / on the data itself
        self.pinned = False
        self.data_dependent = False
        #: the tables looked at and the reads made (shared with siblings)
        self.observed = reads.Observed()
        self._tables: dict[str, Any] = {}
        self._relations: dict[str, Any] = {}
        self._distinct: dict[str, list[str]] = {}

    def sibling(self, query: Query) -> Context:
        """A context for another query with the same values (`engine/combined.py`): it
        shares this one's parameters and normalised tables, so the queries built with
        both compile into one statement."""
        other = Context(self.source, query, self.settings, bind=self.bind, own=self.own)
        other.params = self.params
        other.observed = self.observed
        other._tables = self._tables
        other._distinct = self._distinct
        return other

    @property
    def query(self) -> Query:
        """The query being built (reading its values pins the compiled SQL to them)."""
        return _Watched(self._query, self) if self.bind else self._query  # type: ignore[return-value]

    def param(self, name: str, dtype: str) -> Any:
        """The query's value `name` (see `engine/bound.py`): a named parameter when the
        expression is compiled for reuse, else a literal."""
        if not self.bind:
            return fn.literal(self.values[name], type=dtype)
        if name not in self.params:
            if self.own:
                from salespulse.sql.combining import param

                self.params[name] = param(name, dtype)
            else:
                self.params[name] = fn.param(dtype)
        return self.params[name]

    def bindings(self) -> dict[Any, Any]:
        """Each parameter of the expression with its value, for running it through Ibis."""
        return {p: self.values[name] for name, p in self.params.items()}

    @property
    def kpi_name(self) -> str:
        return self._query.kpi.name

    # -- tables and relations -------------------------------------------------------------
    def has(self, name: str) -> bool:
        self.observed.tables[name] = None
        return name in self._tables or self.source.has(name)

    def table(self, name: str, needed_for: str | None = None) -> Any:
        """The contract table `name`, normalised; `MissingTable` when the source lacks it."""
        self.observed.tables[name] = None
        if name not in self._tables:
            # normalised once per source and settings: every query of an engine shares it
            key = f"{name}/own" if self.own else name
            kept = self.source.normalized.get(key)
            if kept is not None and kept[0] is self.settings:
                self._tables[name] = kept[1]
                return kept[1]
            raw = self.source.raw(name)
            if raw is None:
                raise MissingTable(name, needed_for or self.kpi_name)
            self._tables[name] = normalize(raw, name, self.settings, self.source.label)
            self.source.normalized[key] = (self.settings, self._tables[name])
        return self._tables[name]

    def relation(self, name: str) -> Any:
        if name not in self._relations:
            from salespulse.engine.relations import BUILDERS

            self._relations[name] = BUILDERS[name](self)
        return self._relations[name]

    def distinct(self, table: str, column: str) -> list[str]:
        """The distinct values of a (small-cardinality) column, e.g. the stage names."""
        key = f"{table}.{column}"
        if key not in self._distinct:
            t = self.table(table)
            self._distinct[key] = [
                v for v in self.execute(t.select(column).distinct())[column] if v == v
            ]
        return self._distinct[key]

    def execute(self, expr: Any) -> Any:
        """Run a small preliminary query (e.g. which quota metrics there are): the
        expression built from it then depends on what it gives (`engine/reads.py`)."""
        self.data_dependent = True
        return reads.execute(self.source, expr, self.params, self.values, self.observed)

    # -- time -----------------------------------------------------------------------------
    def as_of_end(self) -> Any | None:
        """The first instant after the as-of day (a timestamp expression; None without an
        as-of): rows at or after it are in the future."""
        if self._query.as_of is None:
            return None
        return self.param("as_of_next_ts", "timestamp")

    def before_as_of(self, column: Any) -> Any:
        """True for a time (date or timestamp) on or before the as-of day (or no as-of)."""
        if self._query.as_of is None:
            return fn.literal(True)
        return self.bound(column, "as_of_next", "<")

    def bound(self, column: Any, day: str, op: str) -> Any:
        """`column < day` or `column >= day` for one of the query's days (`bound.DAYS`)."""
        if column.type().is_timestamp():
            value = self.param(f"{day}_ts", "timestamp")
        else:
            value = self.param(f"{day}_date", "date")
        return column < value if op == "<" else column >= value

    def in_range(self, column: Any) -> Any:
        """Row filter for the time anchor: present, within --from/--to, not after as-of."""
        cond = column.notnull()
        q = self._query
        if q.start is not None:
            cond &= self.bound(column, "start", ">=")
        if q.end is not None:
            cond &= self.bound(column, "end_next", "<")
        if q.as_of is not None and not q.kpi.looks_ahead:
            cond &= self.before_as_of(column)
        return cond

    def period(self, column: Any) -> Any:
        return periods.period_start(column, self._query.period, self.settings)

    # -- dimensions and filters -----------------------------------------------------------
    def reps(self, needed_for: str) -> Any:
        """One row per rep (team, manager, region), even if a source repeats a rep."""
        r = self.table("reps", needed_for)
        return r.group_by(_r_rep=r.rep).aggregate(
            _r_team=r.team.max(), _r_manager=r.manager.max(), _r_region=r.region.max()
        )

    def with_dims(self, t: Any, dims: tuple[str, ...]) -> Any:
        """`t` with a column per dimension in `dims`: its own, else from the reps table
        (a relation's own region is kept, and filled from the rep's where empty)."""
        from_reps = [
            d for d in dims if d in REP_DIMENSIONS and (d not in t.columns or d == "region")
        ]
        missing = [d for d in dims if d not in t.columns and d not in REP_DIMENSIONS]
        if missing:
            raise UserError(f"{self.kpi_name} has no {missing[0]!r} to break down by.")
        if not from_reps:
            return t
        if "rep" not in t.columns:
            raise UserError(f"{self.kpi_name} cannot be broken down by {from_reps[0]}.")
        if "region" in from_reps and "region" in t.columns and not self.has("reps"):
            from_reps.remove("region")
            if not from_reps:
                return t
        reps = self.reps(f"Breaking {self.kpi_name} down by {from_reps[0]}")
        joined = t.left_join(reps, t.rep == reps._r_rep)
        fill = {
            d: (fn.coalesce(joined[d], joined[f"_r_{d}"]) if d in t.columns else joined[f"_r_{d}"])
            for d in from_reps
        }
        return joined.mutate(**fill).drop("_r_rep", "_r_team", "_r_manager", "_r_region")

    def apply_where(self, t: Any) -> Any:
        for position, (key, values) in enumerate(self._query.where):
            if key in t.columns:
                column = t[key] if t[key].type().is_string() else t[key].cast("string")
                names = [bound.filter_name(position, i) for i in range(len(values))]
                t = t.filter(column.isin([self.param(n, "string") for n in names]))
        return t

    def place(self, t: Any, anchor: str | None) -> tuple[Any, list[str]]:
        """Rows of `t` in the query's window, with their period and dimensions, filtered;
        and the grouping keys (the dimensions, then `period` unless the grain is all)."""
        if anchor is not None:
            t = t.filter(self.in_range(t[anchor]))
            if self._query.period != "all":
                t = t.mutate(period=self.period(t[anchor]))
        t = self.apply_where(self.with_dims(t, self._query.dims))
        return t, list(self._query.keys)
