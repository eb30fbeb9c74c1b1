"""Arrow chunks built from the data contract, so the demo's column names, order and types
can never drift from `salespulse.model.contract`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from salespulse.demo.timeline import Arr
from salespulse.model.contract import TABLES, ColumnType

ARROW_TYPES: dict[ColumnType, Any] = {
    "text": pa.string(),
    "number": pa.float64(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
    "boolean": pa.bool_(),
}


def schema(table: str) -> Any:
    """The arrow schema of a table's stored columns, in contract order."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in TABLES[table].stored])


def build(table: str, n: int, columns: Mapping[str, Any]) -> Any:
    """A `pa.Table` of `n` rows with exactly the stored columns of `table`.

    Every stored column must be given: an arrow array, a numpy array, or None (all null).
    Unknown columns, missing columns, wrong lengths and types that do not cast safely are
    errors.
    """
    target = schema(table)
    unknown = set(columns) - set(target.names)
    missing = set(target.names) - set(columns)
    if unknown or missing:
        raise ValueError(f"{table}: unknown columns {sorted(unknown)}, missing {sorted(missing)}")
    arrays = []
    for field in target:
        value = columns[field.name]
        if value is None:
            array = pa.nulls(n, field.type)
        elif isinstance(value, np.ndarray):
            array = pa.array(value, type=field.type)
        else:
            array = value if value.type == field.type else value.cast(field.type)
        if len(array) != n:
            raise ValueError(f"{table}.{field.name}: {len(array)} values for {n} rows")
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=target)


def labels(categories: Sequence[str], index: Arr, mask: Arr | None = None) -> Any:
    """Text values `categories[index]` (null where `mask` is true)."""
    idx = pa.array(np.asarray(index, dtype=np.int32), mask=mask)
    return pc.take(pa.array(list(categories), pa.string()), idx)


def ids(prefix: str, numbers: Arr, width: int, mask: Arr | None = None) -> Any:
    """Ids like `prefix` + zero-padded number (null where `mask` is true)."""
    digits = pc.utf8_lpad(
        pc.cast(pa.array(numbers, pa.int64(), mask=mask), pa.string()), width, "0"
    )
    return pc.binary_join_element_wise(prefix, digits, "")


def timestamps(seconds: Arr, mask: Arr | None = None) -> Any:
    """Naive timestamps (microseconds) from epoch seconds (null where `mask` is true)."""
    micros = np.asarray(seconds, dtype=np.int64) * 1_000_000
    return pa.array(micros, pa.int64(), mask=mask).cast(pa.timestamp("us"))


def dates(days: Arr, mask: Arr | None = None) -> Any:
    """Dates from day numbers since 1970-01-01 (null where `mask` is true)."""
    return pa.array(np.asarray(days, dtype=np.int32), pa.int32(), mask=mask).cast(pa.date32())


def numbers(values: Arr, mask: Arr | None = None) -> Any:
    return pa.array(np.asarray(values, dtype=np.float64), pa.float64(), mask=mask)
