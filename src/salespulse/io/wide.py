"""Wide quota tables: one row per rep (and year), one column per month.

`Year, EmployeeID, M01..M12` (the AdventureWorks targets file), `Rep, Jan..Dec` with a
year column, or `Rep, 2025-01, 2025-02, ...` are turned into one row per rep and month.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salespulse.io.headers import normalise
from salespulse.io.staging import Staged

_MONTHS = (
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may",),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
)
_YEAR = ("year", "fiscalyear", "fy", "yr", "calendaryear")


def _month_of(header: str) -> int | None:
    key = normalise(header)
    for number, names in enumerate(_MONTHS, start=1):
        if key in names or key in (
            f"m{number:02d}",
            f"m{number}",
            f"month{number}",
            f"month{number:02d}",
        ):
            return number
    return None


def _period_of(header: str) -> str | None:
    import re

    match = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})\s*", header)
    if match and 1 <= int(match[2]) <= 12:
        return f"{match[1]}-{int(match[2]):02d}"
    return None


@dataclass(frozen=True)
class WideLayout:
    year: str | None
    #: header -> month number (with a year column) or period label (without)
    months: dict[str, int | str]

    @property
    def description(self) -> str:
        names = list(self.months)
        where = f"{names[0]}..{names[-1]}"
        return f"one column per month ({where}) turned into one row per month"


def detect(headers: list[str]) -> WideLayout | None:
    year = next((h for h in headers if normalise(h) in _YEAR), None)
    if year is not None:
        months: dict[str, int | str] = {}
        for h in headers:
            number = _month_of(h)
            if number is not None:
                months[h] = number
        if len(months) >= 3:
            return WideLayout(year, months)
    periods: dict[str, int | str] = {}
    for h in headers:
        label = _period_of(h)
        if label is not None:
            periods[h] = label
    if len(periods) >= 3:
        return WideLayout(None, periods)
    return None


TARGET_HEADER = "__target_header"


def unpivot(con: Any, staged: Staged, layout: WideLayout) -> tuple[Staged, int]:
    """A staged relation with `period` and `target` columns instead of the month columns;
    also the number of empty month cells skipped."""
    from salespulse.io.values import clean, literal

    keep = [h for h in staged.headers if h not in layout.months and h != layout.year]
    selects = []
    for header, month in layout.months.items():
        cell = staged.column(header)
        if layout.year is not None:
            year = staged.column(layout.year)
            period = f"trim({year}) || '-' || {literal(f'{int(month):02d}')}"
        else:
            period = literal(str(month))
        others = ", ".join(f"{staged.column(h)} AS k{i}" for i, h in enumerate(keep))
        selects.append(
            f"SELECT __line, {others}{', ' if others else ''}{period} AS period, "
            f"{cell} AS target, {literal(header)} AS {TARGET_HEADER} FROM {staged.relation}"
        )
    union = " UNION ALL ".join(selects)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _wide_all AS {union}")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _wide AS SELECT * FROM _wide_all "
        f"WHERE ({clean('target')}) IS NOT NULL ORDER BY __line"
    )
    total = con.execute("SELECT count(*) FROM _wide_all").fetchone()[0]
    rows = con.execute("SELECT count(*) FROM _wide").fetchone()[0]
    con.execute("DROP TABLE _wide_all")
    # Present the result with the c0.. naming the importer expects.
    headers = [*keep, "period", "target"]
    renames = [f"k{i} AS c{i}" for i in range(len(keep))]
    renames += [f"period AS c{len(keep)}", f"target AS c{len(keep) + 1}"]
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _wide_view AS SELECT __line, "
        + ", ".join(renames)
        + f", {TARGET_HEADER} FROM _wide"
    )
    return Staged(headers, rows, "_wide_view"), total - rows
