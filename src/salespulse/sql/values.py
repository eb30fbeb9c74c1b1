"""Column expressions of salespulse's own query builder: the subset of Ibis's value API
the KPI builders use (arithmetic, comparisons, casts, string and date functions,
reductions with `where=`, `lead().over(window)`), each node typed as Ibis types it.

A node only records what it is; `render.py` writes its SQL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from salespulse.sql.types import DataType, Unsupported, common, dtype

BOOLEAN = DataType("boolean")
FLOAT = DataType("float64")
INT64 = DataType("int64")
STRING = DataType("string")
DATE = DataType("date")
TIMESTAMP = DataType("timestamp")


class Value:
    """One expression: `kind` names it (column, literal, binary, call, reduce, ...),
    `args` are its operands and `meta` what else it needs (an operator, a unit)."""

    __slots__ = ("args", "dtype", "kind", "meta", "structure_")

    def __init__(self, kind: str, args: tuple[Any, ...], type_: DataType, **meta: Any) -> None:
        self.kind = kind
        self.args = args
        self.dtype = type_
        self.meta = meta
        self.structure_: int | None = None  # (render.structure)

    __hash__ = object.__hash__

    def type(self) -> DataType:
        return self.dtype

    def get_name(self) -> str | None:
        if "alias" in self.meta:
            return str(self.meta["alias"])
        return str(self.meta["name"]) if self.kind == "column" else None

    def name(self, alias: str) -> Value:
        return Value(self.kind, self.args, self.dtype, **{**self.meta, "alias": alias})

    @property
    def reduces(self) -> bool:
        """Whether this is (or contains) an aggregate, outside any window."""
        if self.kind == "reduce":
            return True
        if self.kind == "window":
            return False
        return any(isinstance(a, Value) and a.reduces for a in operands(self.args))

    # -- arithmetic and comparison --------------------------------------------------------
    def _binary(self, op: str, other: Any, reverse: bool = False) -> Value:
        left, right = (lift(other), self) if reverse else (self, lift(other))
        return Value("binary", (left, right), _arith_type(op, left.dtype, right.dtype), op=op)

    def __add__(self, other: Any) -> Value:
        return self._binary("+", other)

    def __radd__(self, other: Any) -> Value:
        return self._binary("+", other, True)

    def __sub__(self, other: Any) -> Value:
        return self._binary("-", other)

    def __rsub__(self, other: Any) -> Value:
        return self._binary("-", other, True)

    def __mul__(self, other: Any) -> Value:
        return self._binary("*", other)

    def __rmul__(self, other: Any) -> Value:
        return self._binary("*", other, True)

    def __truediv__(self, other: Any) -> Value:
        return self._binary("/", other)

    def __rtruediv__(self, other: Any) -> Value:
        return self._binary("/", other, True)

    def __mod__(self, other: Any) -> Value:
        return self._binary("%", other)

    def __neg__(self) -> Value:
        return Value("negate", (self,), self.dtype)

    def _compare(self, op: str, other: Any) -> Value:
        return Value("binary", (self, lift(other)), BOOLEAN, op=op)

    def __eq__(self, other: Any) -> Value:  # type: ignore[override]
        return self._compare("=", other)

    def __ne__(self, other: Any) -> Value:  # type: ignore[override]
        return self._compare("!=", other)

    def __lt__(self, other: Any) -> Value:
        return self._compare("<", other)

    def __le__(self, other: Any) -> Value:
        return self._compare("<=", other)

    def __gt__(self, other: Any) -> Value:
        return self._compare(">", other)

    def __ge__(self, other: Any) -> Value:
        return self._compare(">=", other)

    def __and__(self, other: Any) -> Value:
        return Value("binary", (self, lift(other)), BOOLEAN, op="AND")

    __rand__ = __and__

    def __or__(self, other: Any) -> Value:
        return Value("binary", (self, lift(other)), BOOLEAN, op="OR")

    __ror__ = __or__

    def __invert__(self) -> Value:
        return Value("not", (self,), BOOLEAN)

    def __bool__(self) -> bool:
        raise Unsupported("an expression has no truth value")

    # -- scalar functions -----------------------------------------------------------------
    def _call(self, fn: str, type_: DataType, *more: Any) -> Value:
        return Value("call", (self, *more), type_, fn=fn)

    def cast(self, to: str | DataType) -> Value:
        """`self` as type `to` (itself when it already has that type, as in Ibis)."""
        target = dtype(to)
        if target == self.dtype:
            return self
        return Value("cast", (self,), target)

    def nullif(self, other: Any) -> Value:
        return self._call("NULLIF", self.dtype, lift(other))

    def fill_null(self, other: Any) -> Value:
        other = lift(other)
        return Value("call", (self, other), common([self.dtype, other.dtype]), fn="COALESCE")

    def isin(self, values: Iterable[Any] | Value) -> Value:
        """In a list of values, or among the values of another relation's column (a
        subquery)."""
        if isinstance(values, Value):
            if values.kind != "column":
                raise Unsupported("isin over an expression")
            return Value("in_column", (self, values), BOOLEAN)
        return Value("isin", (self, tuple(lift(v) for v in values)), BOOLEAN)

    def notnull(self) -> Value:
        return Value("postfix", (self,), BOOLEAN, op="IS NOT NULL")

    def isnull(self) -> Value:
        return Value("postfix", (self,), BOOLEAN, op="IS NULL")

    def lower(self) -> Value:
        return self._call("LOWER", STRING)

    def upper(self) -> Value:
        return self._call("UPPER", STRING)

    def strip(self) -> Value:
        return Value("trim", (self,), STRING)

    def re_replace(self, pattern: str, replacement: str) -> Value:
        return self._call("REGEXP_REPLACE", STRING, lift(pattern), lift(replacement), lift("g"))

    def substitute(self, mapping: dict[Any, Any], else_: Any = None) -> Value:
        pairs = tuple((lift(k), lift(v)) for k, v in mapping.items())
        other = lift(else_) if else_ is not None else self
        return Value(
            "substitute", (self, pairs, other), common([v.dtype for _, v in pairs] + [other.dtype])
        )

    def epoch_seconds(self) -> Value:
        return Value("epoch", (self,), DataType("int32"))

    def date(self) -> Value:
        return Value("cast", (self,), DATE)

    def _extract(self, unit: str) -> Value:
        return Value("extract", (self,), DataType("int32"), unit=unit)

    def hour(self) -> Value:
        return self._extract("hour")

    def year(self) -> Value:
        return self._extract("year")

    def month(self) -> Value:
        return self._extract("month")

    def day(self) -> Value:
        return self._extract("day")

    @property
    def day_of_week(self) -> _DayOfWeek:
        return _DayOfWeek(self)

    def truncate(self, unit: str) -> Value:
        units = {"W": "WEEK", "M": "MONTH", "Q": "QUARTER", "Y": "YEAR", "D": "DAY"}
        if unit not in units:
            raise Unsupported(f"truncate to {unit!r}")
        return Value("truncate", (self,), self.dtype, unit=units[unit])

    def delta(self, other: Value, unit: str) -> Value:
        if unit != "day":
            raise Unsupported(f"delta in {unit!r}")
        return Value("date_diff", (other, self), INT64, unit="DAY")

    def sqrt(self) -> Value:
        return self._call("SQRT", FLOAT)

    def log(self) -> Value:
        return self._call("LN", FLOAT)

    def abs(self) -> Value:
        return self._call("ABS", self.dtype)

    def floor(self) -> Value:
        return Value("cast", (self._call("FLOOR", self.dtype),), INT64)

    def ceil(self) -> Value:
        return Value("cast", (self._call("CEIL", self.dtype),), INT64)

    # -- reductions -----------------------------------------------------------------------
    def _reduce(self, fn: str, type_: DataType, where: Any = None, *more: Any) -> Value:
        return Value("reduce", (self, *more), type_, fn=fn, where=where)

    def sum(self, where: Any = None) -> Value:
        if self.dtype.is_boolean() or self.dtype.is_integer():
            type_ = INT64
        elif self.dtype.is_numeric():
            type_ = FLOAT if self.dtype.is_floating() else self.dtype
        else:
            raise Unsupported(f"sum of {self.dtype!r}")
        return self._reduce("SUM", type_, where)

    def count(self, where: Any = None) -> Value:
        return self._reduce("COUNT", INT64, where)

    def nunique(self, where: Any = None) -> Value:
        return self._reduce("COUNT_DISTINCT", INT64, where)

    def max(self, where: Any = None) -> Value:
        return self._reduce("MAX", self.dtype, where)

    def min(self, where: Any = None) -> Value:
        return self._reduce("MIN", self.dtype, where)

    def mean(self, where: Any = None) -> Value:
        return self._reduce("AVG", FLOAT, where)

    def median(self, where: Any = None) -> Value:
        return self.quantile(0.5, where)

    def quantile(self, q: float, where: Any = None) -> Value:
        if self.dtype.is_numeric():
            return self._reduce("QUANTILE_CONT", FLOAT, where, lift(q))
        return self._reduce("QUANTILE_DISC", self.dtype, where, lift(q))

    def any(self, where: Any = None) -> Value:
        return self._reduce("BOOL_OR", BOOLEAN, where)

    # -- windows --------------------------------------------------------------------------
    def lead(self) -> Value:
        return Value("analytic", (self,), self.dtype, fn="LEAD")

    def lag(self) -> Value:
        return Value("analytic", (self,), self.dtype, fn="LAG")

    def over(self, window: Window) -> Value:
        if self.kind != "analytic":
            raise Unsupported("only lead and lag over a window")
        return Value("window", (self,), self.dtype, window=window)


class _DayOfWeek:
    def __init__(self, value: Value) -> None:
        self._value = value

    def index(self) -> Value:
        """Monday = 0 … Sunday = 6."""
        return Value("dow", (self._value,), DataType("int16"))


class Window:
    def __init__(self, group_by: Any = (), order_by: Any = ()) -> None:
        self.group_by = tuple(_listed(group_by))
        self.order_by = tuple(_listed(order_by))


def _listed(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    return [] if value is None else [value]


def operands(args: tuple[Any, ...]) -> Iterable[Any]:
    """A node's operands, nested tuples (CASE branches, IN lists) flattened."""
    for a in args:
        if isinstance(a, tuple):
            yield from operands(a)
        else:
            yield a


def _arith_type(op: str, left: DataType, right: DataType) -> DataType:
    if op == "/":
        return FLOAT
    if left.is_temporal() and right.is_interval():
        return left
    if left.is_interval() and right.is_temporal():
        return right
    if (left.is_numeric() and right.is_numeric()) or "null" in (left.name, right.name):
        if left.is_integer() and right.is_integer():
            return INT64
        if left.is_decimal() and right.is_decimal():
            return left
        return FLOAT
    raise Unsupported(f"{left!r} {op} {right!r}")


# -- constants ------------------------------------------------------------------------------
def literal(value: Any, type: str | DataType | None = None) -> Value:
    if isinstance(value, Value):
        return value if type is None else value.cast(type)
    if type is not None:
        found = dtype(type)
    elif value is None:
        found = DataType("null")
    elif isinstance(value, bool):
        found = BOOLEAN
    elif isinstance(value, int):
        found = DataType("int8") if -128 <= value < 128 else INT64
    elif isinstance(value, float):
        found = FLOAT
    elif isinstance(value, str):
        found = STRING
    elif isinstance(value, datetime):
        found = TIMESTAMP
    elif isinstance(value, date):
        found = DATE
    else:
        raise Unsupported(f"a literal {value!r}")
    return Value("literal", (value,), found, typed=type is not None)


def lift(value: Any) -> Value:
    return value if isinstance(value, Value) else literal(value)


def null(type: str | DataType = "null") -> Value:
    return Value("literal", (None,), dtype(type), typed=True)
