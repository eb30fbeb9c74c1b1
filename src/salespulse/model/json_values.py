"""Values as the machine-readable formats write them (a contract: scripts parse them):
`plain` writes one scalar — ISO dates, NaN and infinities as empty, floats without the
noise of binary sums — and `json_ready` makes anything of JSON types through it. The CLI's
`--format json|csv` and the web dashboard's JSON twins both write through here."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any


def plain(value: Any) -> Any:
    """A JSON/CSV-friendly scalar: ISO dates, no NaN (empty instead), and floats without
    the noise of binary sums: 9915186.869999927 is written 9915186.87 (12 significant
    digits; at least the cents of amounts above ten billion)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return (
            value.isoformat(sep=" ")
            if value.time() != datetime.min.time()
            else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return float(f"{value:.12g}") if abs(value) < 1e10 else round(value, 2)
    if isinstance(value, Decimal):
        return plain(float(value))
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalars
        return plain(value.item())
    return value


def json_ready(value: Any) -> Any:
    """`value` made of JSON types only: dicts (keys as text), lists (from tuples and
    sets too) and dataclasses recursively, every scalar as `plain` writes it, a path or an
    enum as its text, anything else as `str`."""
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return json_ready(dataclasses.asdict(value))
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((json_ready(v) for v in value), key=str)
    if isinstance(value, Enum):
        return json_ready(value.value)
    if isinstance(value, PurePath):
        return str(value)
    value = plain(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
