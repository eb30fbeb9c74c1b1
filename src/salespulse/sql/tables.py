"""Relations of salespulse's own query builder: the subset of Ibis's table API the KPI
builders use (filter, mutate, select, drop, group_by/aggregate, joins, distinct, union,
order_by, limit, count), each node with its columns and their types.

A column belongs to the relation it was taken from; used on a relation built from that
one (a filter, a join, a mutate that keeps it), it stands for the same column there, as
in Ibis (`resolve`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salespulse.sql.types import DataType, Unsupported
from salespulse.sql.values import INT64, Value, lift


class Schema(dict[str, DataType]):
    """Column name → type, in order."""


Same = Callable[["Table", "Table"], bool]


class Table:
    __slots__ = ("_columns", "args", "kind", "meta", "schema_", "structure_")

    def __init__(self, kind: str, args: tuple[Any, ...], schema: Schema, **meta: Any) -> None:
        self.kind = kind
        self.args = args
        self.schema_ = schema
        self.meta = meta
        self.structure_: int | None = None  # (render.structure)
        self._columns: dict[str, Value] = {}

    __hash__ = object.__hash__

    # -- columns --------------------------------------------------------------------------
    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.schema_)

    def schema(self) -> Schema:
        return self.schema_

    def __getitem__(self, name: str) -> Value:
        found = self._columns.get(name) if isinstance(name, str) else None
        if found is None:
            if not isinstance(name, str) or name not in self.schema_:
                raise Unsupported(f"no column {name!r}")
            found = self._columns[name] = Value(
                "column", (), self.schema_[name], table=self, name=name
            )
        return found

    def __getattr__(self, name: str) -> Value:
        if name.startswith("__") or name not in self.schema_:
            raise AttributeError(name)
        return self[name]

    @property
    def parents(self) -> tuple[Table, ...]:
        return tuple(a for a in self.args if isinstance(a, Table))

    def resolve(self, table: Table, name: str, same: Same | None = None) -> str | None:
        """This relation's column that `table`'s column `name` stands for here (None when
        it does not reach here unchanged); `same` tells two relations apart (identity,
        unless given)."""
        if table is self or (same is not None and same(table, self)):
            return name if name in self.schema_ else None
        if self.kind in ("filter", "order", "limit", "distinct"):
            return self.args[0].resolve(table, name, same)  # type: ignore[no-any-return]
        if self.kind in ("project", "aggregate"):
            parent: Table = self.args[0]
            found = parent.resolve(table, name, same)
            if found is None:
                return None
            kept = self.meta["kept"]
            return kept.get(found) if isinstance(kept, dict) else None
        if self.kind == "join":
            for side, renames in zip(self.parents, self.meta["renames"], strict=True):
                found = side.resolve(table, name, same)
                if found is not None and found in renames:
                    return str(renames[found])
        return None

    # -- building -------------------------------------------------------------------------
    def _named(self, *cols: Any, **named: Any) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for col in cols:
            if isinstance(col, list | tuple):
                out.update(self._named(*col))
                continue
            value = self[col] if isinstance(col, str) else lift(col)
            label = value.get_name()
            if label is None:
                raise Unsupported("a column without a name")
            out[label] = value
        out.update({k: lift(v) for k, v in named.items()})
        return out

    def _project(self, columns: dict[str, Value]) -> Table:
        if any(v.reduces for v in columns.values()):
            return self.aggregate(**columns)
        if list(columns) == list(self.schema_) and all(
            v.kind == "column" and v.meta["table"] is self and v.meta["name"] == n
            for n, v in columns.items()
        ):
            return self  # every column as it is
        kept: dict[str, str] = {}
        for name, value in columns.items():
            if value.kind == "column":
                source = self.resolve(value.meta["table"], value.meta["name"])
                if source is not None:
                    kept.setdefault(source, name)
        schema = Schema({n: v.dtype for n, v in columns.items()})
        return Table("project", (self,), schema, columns=columns, kept=kept)

    def select(self, *cols: Any, **named: Any) -> Table:
        return self._project(self._named(*cols, **named))

    def mutate(self, **named: Any) -> Table:
        columns = {n: self[n] for n in self.schema_}
        columns.update(self._named(**named))
        return self._project(columns)

    def drop(self, *names: str) -> Table:
        missing = [n for n in names if n not in self.schema_]
        if missing:
            raise Unsupported(f"no column {missing[0]!r} to drop")
        return self._project({n: self[n] for n in self.schema_ if n not in names})

    def filter(self, *predicates: Any) -> Table:
        preds = [lift(p) for p in predicates]
        preds = [p for p in preds if not (p.kind == "literal" and p.args[0] is True)]
        if not preds:
            return self
        return Table("filter", (self,), self.schema_, predicates=tuple(preds))

    def group_by(self, *keys: Any, **named: Any) -> Grouped:
        return Grouped(self, self._named(*keys, **named))

    def aggregate(self, **metrics: Any) -> Table:
        return Grouped(self, {}).aggregate(**metrics)

    def count(self) -> Value:
        return Value("reduce", (), INT64, fn="COUNT_STAR", where=None, table=self)

    def distinct(self) -> Table:
        return Table("distinct", (self,), self.schema_)

    def limit(self, n: int) -> Table:
        return Table("limit", (self,), self.schema_, n=int(n))

    def order_by(self, keys: Any) -> Table:
        listed = keys if isinstance(keys, list | tuple) else [keys]
        values = tuple(self[k] if isinstance(k, str) else lift(k) for k in listed)
        return Table("order", (self,), self.schema_, keys=values)

    def union(self, *others: Table, distinct: bool = False) -> Table:
        for other in others:
            if list(other.schema_.items()) != list(self.schema_.items()):
                raise Unsupported("a union of different columns")
        return Table("union", (self, *others), self.schema_, distinct=distinct)

    def _join(self, other: Table, how: str, predicates: Any) -> Table:
        preds = tuple(
            lift(p) for p in (predicates if isinstance(predicates, list) else [predicates])
        )
        same = set()
        for p in preds:  # an equality of two same-named columns keeps one of them
            if p.kind == "binary" and p.meta["op"] == "=":
                a, b = p.args
                if a.kind == b.kind == "column" and a.meta["name"] == b.meta["name"]:
                    same.add(a.meta["name"])
        schema = Schema(self.schema_)
        right = {}
        for name, type_ in other.schema_.items():
            if name in schema:
                if name in same and how == "inner":
                    continue
                raise Unsupported(f"a join on which both sides have {name!r}")
            schema[name] = type_
            right[name] = name
        renames = ({n: n for n in self.schema_}, right)
        return Table("join", (self, other), schema, how=how, predicates=preds, renames=renames)

    def left_join(self, other: Table, predicates: Any) -> Table:
        return self._join(other, "LEFT", predicates)

    def inner_join(self, other: Table, predicates: Any) -> Table:
        return self._join(other, "inner", predicates)

    def join(self, other: Table, predicates: Any) -> Table:
        return self._join(other, "inner", predicates)

    def cross_join(self, other: Table) -> Table:
        return self._join(other, "CROSS", [])

    def as_table(self) -> Table:
        return self


class Grouped:
    def __init__(self, table: Table, keys: dict[str, Value]) -> None:
        self.table = table
        self.keys = keys

    def aggregate(self, **metrics: Any) -> Table:
        t = self.table
        values = {k: lift(v) for k, v in metrics.items()}
        kept: dict[str, str] = {}
        for name, value in self.keys.items():
            if value.kind == "column":
                source = t.resolve(value.meta["table"], value.meta["name"])
                if source is not None:
                    kept.setdefault(source, name)
        schema = Schema({n: v.dtype for n, v in {**self.keys, **values}.items()})
        return Table("aggregate", (t,), schema, keys=self.keys, metrics=values, kept=kept)


def source_table(name: str, schema: dict[str, DataType]) -> Table:
    """A stored table, by name."""
    return Table("source", (), Schema(schema), name=name)


def scalar_table(value: Value) -> Table:
    """A one-row table of a reduction (`Table.count()`, a metric over a table)."""
    table = _reduced_table(value)
    if table is None:
        raise Unsupported("a value that reduces no table")
    return table.aggregate(value=value)


def _reduced_table(value: Value) -> Table | None:
    if value.kind == "reduce" and "table" in value.meta:
        return value.meta["table"]  # type: ignore[no-any-return]
    for arg in value.args:
        if isinstance(arg, Value):
            if arg.kind == "column":
                return arg.meta["table"]  # type: ignore[no-any-return]
            found = _reduced_table(arg)
            if found is not None:
                return found
    return None
