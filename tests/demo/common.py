"""Constants and helpers shared by the demo tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

AS_OF = datetime.date(2025, 6, 15)
#: The end of as_of: nothing may happen after it.
END = pd.Timestamp("2025-06-15 23:59:59")
#: First day of the 24-month window.
WINDOW_START = pd.Timestamp("2023-07-01")


@dataclass
class Demo:
    chunks: list[tuple[str, Any]]

    @property
    def arrow(self) -> dict[str, Any]:
        out: dict[str, list[Any]] = {}
        for name, chunk in self.chunks:
            out.setdefault(name, []).append(chunk)
        return {name: pa.concat_tables(parts) for name, parts in out.items()}

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: table.to_pandas() for name, table in self.arrow.items()}
