"""Column types of salespulse's own query builder, named as Ibis names them (`string`,
`float64`, `int64`, `date`, `timestamp`, ...), with the checks the KPI builders ask of a
type (`is_timestamp()`, `is_string()`, `is_numeric()`, ...) and their DuckDB spelling."""

from __future__ import annotations

import re

INTEGERS = ("int8", "int16", "int32", "int64")
_DUCKDB = {
    "string": "TEXT",
    "float64": "DOUBLE",
    "float32": "FLOAT",
    "int64": "BIGINT",
    "int32": "INTEGER",
    "int16": "SMALLINT",
    "int8": "TINYINT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}
_FROM_DUCKDB = {
    "VARCHAR": "string",
    "TEXT": "string",
    "DOUBLE": "float64",
    "FLOAT": "float32",
    "REAL": "float32",
    "BIGINT": "int64",
    "INTEGER": "int32",
    "SMALLINT": "int16",
    "TINYINT": "int8",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP_NS": "timestamp",
    "TIMESTAMP_MS": "timestamp",
    "TIMESTAMP_S": "timestamp",
}


class Unsupported(Exception):
    """Something the own builder does not do (the engine then builds the query in
    Ibis); never shown to a user."""


class DataType:
    __slots__ = ("name", "timezone")

    def __init__(self, name: str, timezone: str | None = None) -> None:
        self.name = name
        self.timezone = timezone

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DataType):
            return NotImplemented
        return (self.name, self.timezone) == (other.name, other.timezone)

    def __hash__(self) -> int:
        return hash((self.name, self.timezone))

    def __repr__(self) -> str:
        return self.name if self.timezone is None else f"{self.name}('{self.timezone}')"

    __str__ = __repr__

    def is_timestamp(self) -> bool:
        return self.name == "timestamp"

    def is_date(self) -> bool:
        return self.name == "date"

    def is_string(self) -> bool:
        return self.name == "string"

    def is_boolean(self) -> bool:
        return self.name == "boolean"

    def is_float64(self) -> bool:
        return self.name == "float64"

    def is_integer(self) -> bool:
        return self.name in INTEGERS

    def is_floating(self) -> bool:
        return self.name in ("float64", "float32")

    def is_decimal(self) -> bool:
        return self.name == "decimal"

    def is_numeric(self) -> bool:
        return self.is_integer() or self.is_floating() or self.is_decimal()

    def is_interval(self) -> bool:
        return self.name == "interval"

    def is_temporal(self) -> bool:
        return self.name in ("date", "timestamp")

    def sql(self) -> str:
        """The DuckDB type (for a CAST)."""
        found = _DUCKDB.get(self.name)
        if found is None or self.timezone is not None:
            raise Unsupported(f"no cast to {self!r}")
        return found


def dtype(name: str | DataType) -> DataType:
    return name if isinstance(name, DataType) else DataType(name)


def from_duckdb(type_name: str) -> DataType:
    """A DuckDB column type as the builder types it (`unknown` for the rest)."""
    upper = type_name.upper()
    if upper.startswith("TIMESTAMP WITH TIME ZONE") or upper == "TIMESTAMPTZ":
        return DataType("timestamp", "UTC")
    if re.match(r"(DECIMAL|NUMERIC)\b", upper):
        return DataType("decimal")
    return DataType(_FROM_DUCKDB.get(upper, "unknown"))


def common(types: list[DataType]) -> DataType:
    """The type of values that may be any of `types` (coalesce, a CASE): the first
    known one, widened to float64 when numbers of several kinds meet."""
    known = [t for t in types if t.name != "null"]
    if not known:
        return DataType("null")
    if all(t.is_numeric() for t in known) and len(set(known)) > 1:
        if all(t.is_integer() for t in known):
            return DataType("int64")
        return DataType("float64")
    return known[0]
