"""DuckDB SQL for a relation of the own query builder: one SELECT per node, a subquery
for each input, a CTE for a relation that several others read; the query's values as
named placeholders (`CAST($start_date AS DATE)`), never pasted. The functions are
written as Ibis writes them for DuckDB, so both give the same numbers."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from salespulse.sql.tables import Table, scalar_table
from salespulse.sql.types import Unsupported
from salespulse.sql.values import Value, Window, operands

_WHITESPACE = " \t\n\r\x0b\x0c"

#: the relations an expression may use, each by its alias in the FROM clause, or (alias
#: None) merged into the scope given beside it
Scope = list[tuple[Table, str | None, Any]]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def to_sql(expr: Table | Value) -> str:
    """The SQL of a relation (or a reduction, as a one-row table)."""
    table = expr if isinstance(expr, Table) else scalar_table(expr)
    return _Writer(table).statement()


class _Writer:
    """Relations built alike (the same rows placed alike for two KPIs of one
    statement) are one relation here, as in Ibis: written once, as a CTE."""

    def __init__(self, root: Table) -> None:
        self.root = root
        self.aliases = 0
        self.readers: dict[Any, int] = {}
        self._count(root, set())
        self.ctes: dict[Any, str] = {}
        self.cte_sql: list[str] = []

    def key(self, node: Any) -> Any:
        return structure(node)

    def same(self, a: Table, b: Table) -> bool:
        return a is b or self.key(a) == self.key(b)

    def _count(self, table: Table, seen: set[tuple[Any, Any]]) -> None:
        for parent in table.parents:
            edge = (self.key(table), self.key(parent))
            if edge in seen:
                continue
            seen.add(edge)
            first = self.key(parent) not in self.readers
            self.readers[self.key(parent)] = self.readers.get(self.key(parent), 0) + 1
            if first:
                self._count(parent, seen)

    def alias(self) -> str:
        self.aliases += 1
        return f"t{self.aliases - 1}"

    def statement(self) -> str:
        body = self.select(self.root)
        if not self.cte_sql:
            return body
        return "WITH " + ",\n".join(self.cte_sql) + "\n" + body

    # -- relations ------------------------------------------------------------------------
    def source(self, table: Table) -> str:
        """`table` as something to select from (without its alias)."""
        if table.kind == "source":
            return quote(table.meta["name"])
        key = self.key(table)
        if key in self.ctes:
            return self.ctes[key]
        sql = self.select(table)
        if self.readers.get(key, 0) > 1:
            name = f"_sp{len(self.cte_sql)}"
            how = "NOT MATERIALIZED " if _plain(table) else ""
            self.cte_sql.append(f"{name} AS {how}(\n{_indent(sql)}\n)")
            self.ctes[key] = name
            return name
        return f"(\n{_indent(sql)}\n)"

    def from_(self, table: Table) -> tuple[str, Scope]:
        alias = self.alias()
        return f"{self.source(table)} AS {alias}", [(table, alias, None)]

    def input(self, table: Table) -> tuple[str, Scope, list[str]]:
        """What a SELECT reads `table` from: filters and projections read by no other
        relation are merged into it (their conditions into its WHERE, their columns
        into its expressions), as Ibis merges them; anything else is a subquery."""
        mergeable = table.kind == "filter" or (
            table.kind == "project"
            and not any(_windowed(v) for v in table.meta["columns"].values())
        )
        if not mergeable or self.readers.get(self.key(table), 0) > 1:
            frm, scope = self.from_(table)
            return frm, scope, []
        frm, inner, wheres = self.input(table.args[0])
        if table.kind == "filter":
            wheres = wheres + [self.value(p, inner) for p in table.meta["predicates"]]
        return frm, [(table, None, inner)], wheres

    def select(self, table: Table) -> str:
        kind = table.kind
        if kind == "source":
            return f"SELECT * FROM {quote(table.meta['name'])}"
        if kind == "join":
            return self.join(table)
        if kind == "union":
            glue = "\nUNION\n" if table.meta["distinct"] else "\nUNION ALL\n"
            parts = []
            for part in table.parents:
                frm, _ = self.from_(part)
                parts.append(f"SELECT * FROM {frm}")
            return glue.join(parts)
        parent: Table = table.args[0]
        frm, scope, wheres = self.input(parent)
        group = ""
        if kind == "project":
            cols = self.columns(table.meta["columns"], scope)
        elif kind == "aggregate":
            keys, metrics = table.meta["keys"], table.meta["metrics"]
            cols = self.columns({**keys, **metrics}, scope)
            if keys:
                group = "\nGROUP BY " + ", ".join(str(i + 1) for i in range(len(keys)))
        elif kind in ("filter", "distinct", "order", "limit"):
            cols = self.columns({n: parent[n] for n in table.schema_}, scope)
            if kind == "filter":
                wheres = wheres + [self.value(p, scope) for p in table.meta["predicates"]]
        else:
            raise Unsupported(f"a {kind} relation")
        sql = f"SELECT{' DISTINCT' if kind == 'distinct' else ''}\n{cols}\nFROM {frm}"
        if wheres:
            sql += "\nWHERE " + "\n  AND ".join(wheres)
        sql += group
        if kind == "order":
            keys = ", ".join(f"{self.value(k, scope)} ASC" for k in table.meta["keys"])
            sql += f"\nORDER BY {keys}"
        if kind == "limit":
            sql += f"\nLIMIT {int(table.meta['n'])}"
        return sql

    def join(self, table: Table) -> str:
        left, right = table.parents
        lf, ls = self.from_(left)
        rf, rs = self.from_(right)
        scope = ls + rs
        cols = []
        for (_side, alias, _), renames in zip(scope, table.meta["renames"], strict=True):
            cols += [f"  {alias}.{quote(n)} AS {quote(out)}" for n, out in renames.items()]
        how = table.meta["how"]
        sql = "SELECT\n" + ",\n".join(cols) + f"\nFROM {lf}\n"
        if how == "CROSS":
            return sql + f"CROSS JOIN {rf}"
        on = " AND ".join(self.value(p, scope) for p in table.meta["predicates"]) or "TRUE"
        return sql + f"{'LEFT' if how == 'LEFT' else 'INNER'} JOIN {rf}\nON {on}"

    def columns(self, columns: dict[str, Value], scope: Scope) -> str:
        return ",\n".join(f"  {self.value(v, scope)} AS {quote(n)}" for n, v in columns.items())

    # -- values ---------------------------------------------------------------------------
    def column(self, value: Value, scope: Scope) -> str:
        table, name = value.meta["table"], value.meta["name"]
        for rel, alias, inner in scope:
            if self.same(rel, table):
                return self._at(rel, alias, inner, name)
        for rel, alias, inner in scope:
            found = rel.resolve(table, name, self.same)
            if found is not None:
                return self._at(rel, alias, inner, found)
        raise Unsupported(f"the column {name!r} is not in reach")

    def _at(self, rel: Table, alias: str | None, inner: Scope | None, name: str) -> str:
        """Column `name` of `rel` in a scope: by its alias, or, for a merged relation,
        what the column is made of in the scope it was merged into."""
        if inner is None:
            return f"{alias}.{quote(name)}"
        if rel.kind == "filter":
            parent: Table = rel.args[0]
            return self.value(parent[name], inner)
        return self.value(rel.meta["columns"][name], inner)

    def value(self, v: Value, scope: Scope) -> str:
        k, a, m = v.kind, v.args, v.meta
        r = self.value
        if k == "column":
            return self.column(v, scope)
        if k == "literal":
            return literal(a[0], v) if not m.get("typed") or a[0] is not None else _null(v)
        if k == "param":
            return f"CAST(${m['name']} AS {v.dtype.sql()})"
        if k == "binary":
            return f"({r(a[0], scope)} {m['op']} {r(a[1], scope)})"
        if k == "not":
            return f"(NOT {r(a[0], scope)})"
        if k == "negate":
            return f"(-{r(a[0], scope)})"
        if k == "postfix":
            return f"({r(a[0], scope)} {m['op']})"
        if k == "cast":
            return f"CAST({r(a[0], scope)} AS {v.dtype.sql()})"
        if k == "call":
            return f"{m['fn']}({', '.join(r(x, scope) for x in a)})"
        if k == "isin":
            if not a[1]:
                return "FALSE"
            return f"({r(a[0], scope)} IN ({', '.join(r(x, scope) for x in a[1])}))"
        if k == "in_column":
            column = a[1]
            frm, inner = self.from_(column.meta["table"])
            return f"({r(a[0], scope)} IN (SELECT {r(column, inner)} FROM {frm}))"
        if k == "trim":
            return f"TRIM({r(a[0], scope)}, {string(_WHITESPACE)})"
        if k == "cases":
            whens = " ".join(f"WHEN {r(c, scope)} THEN {r(x, scope)}" for c, x in a[0])
            return f"CASE {whens} ELSE {r(a[1], scope)} END"
        if k == "substitute":
            whens = " ".join(f"WHEN {r(c, scope)} THEN {r(x, scope)}" for c, x in a[1])
            return f"CASE {r(a[0], scope)} {whens} ELSE {r(a[2], scope)} END"
        if k == "epoch":
            return f"EPOCH(CAST({r(a[0], scope)} AS TIMESTAMP))"
        if k == "extract":
            return f"EXTRACT({m['unit']} FROM {r(a[0], scope)})"
        if k == "dow":
            return f"((DAYOFWEEK({r(a[0], scope)}) + 6) % 7)"
        if k == "truncate":
            return f"DATE_TRUNC('{m['unit']}', {r(a[0], scope)})"
        if k == "date_diff":
            return f"DATE_DIFF('{m['unit']}', {r(a[0], scope)}, {r(a[1], scope)})"
        if k == "interval":
            return f"INTERVAL '{int(m['amount'])}' {m['unit']}"
        if k == "reduce":
            return self.reduction(v, scope)
        if k == "window":
            return self.window(v, scope)
        raise Unsupported(f"a {k} value")

    def reduction(self, v: Value, scope: Scope) -> str:
        fn, a = v.meta["fn"], v.args
        if fn == "COUNT_STAR":
            sql = "COUNT(*)"
        elif fn == "COUNT_DISTINCT":
            sql = f"COUNT(DISTINCT {self.value(a[0], scope)})"
        elif fn in ("QUANTILE_CONT", "QUANTILE_DISC"):
            sql = f"{fn}({self.value(a[0], scope)}, {self.value(a[1], scope)})"
        elif fn == "BOOL_OR":
            sql = f"BOOL_OR(CAST({self.value(a[0], scope)} AS BOOLEAN))"
        else:
            sql = f"{fn}({self.value(a[0], scope)})"
        where = v.meta.get("where")
        if where is not None:
            sql += f" FILTER (WHERE {self.value(where, scope)})"
        return sql

    def window(self, v: Value, scope: Scope) -> str:
        inner, w = v.args[0], v.meta["window"]
        parts = []
        if w.group_by:
            parts.append("PARTITION BY " + ", ".join(self.value(g, scope) for g in w.group_by))
        if w.order_by:
            parts.append("ORDER BY " + ", ".join(f"{self.value(o, scope)} ASC" for o in w.order_by))
        return f"{inner.meta['fn']}({self.value(inner.args[0], scope)}) OVER ({' '.join(parts)})"


#: a number for each distinct structure seen in this process (bounded by the query shapes
#: built: each shape is built once, then its SQL is kept)
_STRUCTURES: dict[Any, int] = {}
#: meta that follows from the rest of a relation (its parents and columns)
_DERIVED = ("kept", "renames")


def structure(node: Any) -> Any:
    """What a relation or value is, whatever object holds it: equal for two relations
    built alike. Kept on the node (nodes never change once built), and flat however
    deep the tree: each node's is a number standing for its kind, type and operands'."""
    kind = type(node)
    if kind is Value or kind is Table:
        found = node.structure_
        if found is None:
            if kind is Table:
                meta = {k: v for k, v in node.meta.items() if k not in _DERIVED}
                parts: Any = (node.kind, _many(node.args), _many(meta))
            else:
                type_ = (node.dtype.name, node.dtype.timezone)
                parts = (node.kind, type_, _many(node.args), _many(node.meta))
            found = node.structure_ = _STRUCTURES.setdefault(parts, len(_STRUCTURES))
        return found
    if kind in _PLAIN:
        return (kind, node)  # (the type too: 1, 1.0 and True are equal keys)
    if kind is tuple or kind is list or kind is dict:
        return _many(node)
    if isinstance(node, Window):
        return ("window", _many(node.group_by), _many(node.order_by))
    return (kind, repr(node))


def _many(items: Any) -> tuple[Any, ...]:
    """The structure of a tuple, list or dict (of a dict, its keys beside their values'):
    nodes already numbered and plain constants without a call each."""
    pairs = items.items() if type(items) is dict else None
    values = items if pairs is None else items.values()
    out = []
    for x in values:
        kind = type(x)
        if (kind is Value or kind is Table) and x.structure_ is not None:
            out.append(x.structure_)
        elif kind in _PLAIN:
            out.append((kind, x))
        else:
            out.append(structure(x))
    return tuple(out) if pairs is None else tuple(zip(items, out, strict=True))


_PLAIN = frozenset((str, int, float, bool, type(None)))


def _plain(table: Table) -> bool:
    """Whether `table` only picks rows and works out columns of one stored table: as a
    CTE it is not materialised, so each reader reads only the columns and rows it needs
    (DuckDB pushes the reader's filters and projection into it)."""
    while table.kind in ("filter", "project"):
        if table.kind == "project" and any(_windowed(v) for v in table.meta["columns"].values()):
            return False
        table = table.args[0]
    return table.kind == "source"


def _windowed(v: Value) -> bool:
    return v.kind == "window" or any(
        isinstance(a, Value) and _windowed(a) for a in operands(v.args)
    )


def _null(v: Value) -> str:
    return "NULL" if v.dtype.name == "null" else f"CAST(NULL AS {v.dtype.sql()})"


def literal(value: Any, v: Value) -> str:
    """A constant of the builder (a stage name, 0, 0.5): never a query's value."""
    if value is None:
        return _null(v)
    if isinstance(value, bool):
        sql = "TRUE" if value else "FALSE"
    elif isinstance(value, int):
        sql = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise Unsupported("a literal that is not a finite number")
        sql = repr(value)
    elif isinstance(value, str):
        sql = string(value)
    elif isinstance(value, datetime):
        sql = f"CAST({string(value.isoformat(sep=' '))} AS TIMESTAMP)"
    elif isinstance(value, date):
        sql = f"MAKE_DATE({value.year}, {value.month}, {value.day})"
    else:
        raise Unsupported(f"a literal {value!r}")
    if v.meta.get("typed"):
        return f"CAST({sql} AS {v.dtype.sql()})"
    return sql


def _indent(sql: str) -> str:
    return "\n".join("  " + line for line in sql.split("\n"))
