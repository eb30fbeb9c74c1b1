"""A query's SQL compiled once per shape, with a named placeholder for each of its
values (`engine/bound.py`): building and compiling the Ibis expression costs far more
than running it, so the SQL is kept — on the source for this process, and in the
workspace's `.cache/sql/` for the next one (`engine/cache.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Compiled:
    """SQL with `$name` placeholders (`%(name)s` on PostgreSQL, `:name` on Spark), the
    names it binds, and what else it depends on: the query's values (`pinned`: a builder
    read them itself) and the data (`data_dependent`: a builder read the data)."""

    sql: str
    params: tuple[str, ...]
    pinned: bool = False
    data_dependent: bool = False
    #: several queries in one statement (`engine/combined.py`): each member's position
    #: in the group and its columns
    members: tuple[int, ...] = ()
    layout: tuple[tuple[str, ...], ...] = ()

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """The values of this SQL's parameters."""
        return {name: values[name] for name in self.params}

    def to_json(self) -> dict[str, Any]:
        return {
            "sql": self.sql,
            "params": list(self.params),
            "pinned": self.pinned,
            "data_dependent": self.data_dependent,
            "members": list(self.members),
            "layout": [list(c) for c in self.layout],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Compiled:
        return cls(
            sql=str(data["sql"]),
            params=tuple(str(p) for p in data["params"]),
            pinned=bool(data["pinned"]),
            data_dependent=bool(data["data_dependent"]),
            members=tuple(int(m) for m in data.get("members", ())),
            layout=tuple(tuple(str(c) for c in part) for part in data.get("layout", ())),
        )


def compile_expression(source: Any, expr: Any, params: dict[str, Any]) -> str:
    """The SQL of `expr` on `source`'s backend, each Ibis parameter in `params` (name →
    parameter) written as a typed placeholder of that name.

    Ibis turns parameters into literals before compiling; each is given a stand-in value
    no query has (a day in the year 1, a marked string) that the compiler below writes
    as the placeholder instead. An expression of salespulse's own builder
    (`salespulse.sql`, DuckDB) is written by its own renderer."""
    from salespulse.sql.tables import Table

    if isinstance(expr, Table):
        from salespulse.sql.render import to_sql

        return to_sql(expr)
    import sqlglot as sg

    backend = source.con
    base: Any = type(backend.compiler)
    compiler = _placeholder_compiler(base)()
    stand_ins: dict[Any, Any] = {}
    compiler.names = {}
    for i, (name, param) in enumerate(params.items()):
        value = _stand_in(str(param.type()), name, i)
        stand_ins[param] = value
        compiler.names[str(value)] = name
    query = compiler.to_sqlglot(expr, params=stand_ins)
    sql = str(
        query.sql(
            dialect=backend.dialect, pretty=True, copy=False, unsupported_level=sg.ErrorLevel.RAISE
        )
    )
    if source.kind == "postgres":  # psycopg reads % as a placeholder: keep the SQL's own
        names = compiler.names.values()
        for name in names:
            sql = sql.replace(f"%({name})s", f"\0{name}\0")
        sql = sql.replace("%", "%%")
        for name in names:
            sql = sql.replace(f"\0{name}\0", f"%({name})s")
    return sql


def _stand_in(dtype: str, name: str, index: int) -> Any:
    if dtype == "date":
        return date(1, 1, 1) + timedelta(days=index)
    if dtype == "timestamp":
        return datetime(1, 1, 1) + timedelta(days=index)
    return f"__salespulse_parameter_{name}__"


@cache
def _placeholder_compiler(base: Any) -> Any:
    """The backend's compiler, writing each stand-in value as a named placeholder."""
    import sqlglot.expressions as sge

    class WithPlaceholders(base):  # type: ignore[misc]
        __slots__ = ("names",)

        def visit_NonNullLiteral(self, op: Any, *, value: Any, dtype: Any) -> Any:
            name = self.names.get(str(value))
            if name is None:
                return super().visit_NonNullLiteral(op, value=value, dtype=dtype)
            marker = sge.Placeholder(this=name)
            return sge.Cast(this=marker, to=self.type_mapper.from_ibis(dtype))

    return WithPlaceholders
