"""Reading dates and timestamps the way exports write them: ISO (with or without an
offset), M/D/Y, D/M/Y, D.M.Y, two-digit years, Excel serial numbers and month names.

Day-first against month-first is decided, in order: by a value of the column (a day
above 12); by `dayfirst` (or the setting); by another date column of
the file; dotted dates are day-first; by the order of the rows (a file sorted by date
reads in order one way only); else the import stops (`ambiguous_dates`): never a
silent guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salespulse.io.values import Reading, literal


def _one(con: Any, sql: str) -> tuple[Any, ...]:
    row = con.execute(sql).fetchone()
    assert row is not None
    return tuple(row)


_TZ_SUFFIX = r"[0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)? ?(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?)$"
_NUMERIC_DATE = r"^[0-9]{1,2}([/.-])[0-9]{1,2}[/.-][0-9]{2,4}"
_PARTS = r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{2,4}"
_TWO_DIGIT_YEAR = r"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}([^0-9]|$)"
_SERIAL = r"^[0-9]{5}(\.[0-9]+)?$"
_TIMES = ("", " %H:%M", " %H:%M:%S", " %H:%M:%S.%f", " %I:%M %p", " %I:%M:%S %p", "T%H:%M:%S")
_NAMED = (
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%b %d %Y",
    "%a, %d %b %Y %H:%M:%S",
)


def _formats(order: str, seps: list[str], year: str) -> str:
    fmts = []
    for sep in seps:
        first, second = ("%d", "%m") if order == "dmy" else ("%m", "%d")
        for time in _TIMES:
            fmts.append(f"{first}{sep}{second}{sep}{year}{time}")
    return "[" + ", ".join(literal(f) for f in fmts) + "]"


def maybe_offset(c: str) -> str:
    """SQL: true when `c` may end in a time zone offset (which a plain cast ignores). The
    CASE keeps the regular expression off values too short to carry one."""
    return (
        f"CASE WHEN length({c}) > 16 THEN "
        f"regexp_matches(right({c}, 6), '(Z|[+-][0-9]{{2}}(:?[0-9]{{2}})?)$') ELSE false END"
    )


@dataclass(frozen=True)
class DateStyle:
    """What one date column's values say about how they are written."""

    iso: int
    with_tz: int
    numeric: int
    max_first: int | None
    max_second: int | None
    dotted: int
    slash: int
    dash: int
    two_digit: int
    serial: int
    named: int

    @property
    def order(self) -> str | None:
        """dmy or mdy when a value decides it (a day above 12), else None."""
        first_over = (self.max_first or 0) > 12
        second_over = (self.max_second or 0) > 12
        if first_over != second_over:
            return "dmy" if first_over else "mdy"
        return None

    @property
    def seps(self) -> list[str]:
        return [s for s, k in (("/", self.slash), (".", self.dotted), ("-", self.dash)) if k]


def date_style(con: Any, relation: str, c: str) -> DateStyle:
    """How the values of `c` (the text a plain cast could not read) are written."""
    return DateStyle(
        *_one(
            con,
            f"""SELECT
            count(*) FILTER (WHERE TRY_CAST({c} AS TIMESTAMP) IS NOT NULL),
            count(*) FILTER (WHERE regexp_matches({c}, '{_TZ_SUFFIX}')
                             AND TRY_CAST({c} AS TIMESTAMPTZ) IS NOT NULL),
            count(*) FILTER (WHERE regexp_matches({c}, '{_NUMERIC_DATE}')),
            max(TRY_CAST(regexp_extract({c}, '{_PARTS}', 1) AS INT)),
            max(TRY_CAST(regexp_extract({c}, '{_PARTS}', 2) AS INT)),
            count(*) FILTER (WHERE regexp_matches({c}, '^[0-9]{{1,2}}\\.[0-9]{{1,2}}\\.')),
            count(*) FILTER (WHERE regexp_matches({c}, '^[0-9]{{1,2}}/[0-9]{{1,2}}/')),
            count(*) FILTER (WHERE regexp_matches({c}, '^[0-9]{{1,2}}-[0-9]{{1,2}}-[0-9]')),
            count(*) FILTER (WHERE regexp_matches({c}, '{_TWO_DIGIT_YEAR}')),
            count(*) FILTER (WHERE regexp_matches({c}, '{_SERIAL}')),
            count(*) FILTER (WHERE regexp_matches({c}, '[A-Za-z]{{3}}')
                             AND TRY_CAST({c} AS TIMESTAMP) IS NULL)
        FROM {relation} WHERE {c} IS NOT NULL""",
        )
    )


def _numeric_sql(c: str, style: DateStyle, order: str) -> str:
    four = f"try_strptime({c}, {_formats(order, style.seps, '%Y')})"
    if not style.two_digit:
        return four
    two = f"try_strptime({c}, {_formats(order, style.seps, '%y')})"
    return f"CASE WHEN regexp_matches({c}, '{_TWO_DIGIT_YEAR}') THEN {two} ELSE {four} END"


def read_timestamp(
    con: Any,
    relation: str,
    c: str,
    dayfirst: bool | None,
    tz: str,
    style: DateStyle | None = None,
    file_order: str | None = None,
) -> Reading:
    """Timestamps: ISO (with or without offset), M/D/Y, D/M/Y, D.M.Y, Excel serials, and
    month names. `c` holds the values a plain cast could not read (or could misread:
    offsets). Day/month order, in turn: a value of this column that decides it;
    `dayfirst` (an explicit choice); `file_order`, decided by another date column of the
    file; the order of the rows (`relation` has `__line`), when exactly one reading is
    sorted; else the reading stops with `ambiguous_dates`, an error."""
    style = style or date_style(con, relation, c)
    reading = Reading(sql="")
    parts: list[str] = []
    if style.with_tz:
        parts.append(
            f"CASE WHEN regexp_matches({c}, '{_TZ_SUFFIX}') THEN "
            f"timezone({literal(tz)}, TRY_CAST({c} AS TIMESTAMPTZ)) END"
        )
        reading.notes.append(f"time zone offsets converted to {tz}")
    if style.iso:
        parts.append(f"TRY_CAST({c} AS TIMESTAMP)")
    if style.numeric:
        order = _order(con, relation, c, style, reading, dayfirst, file_order)
        parts.append(_numeric_sql(c, style, order))
    if style.serial:
        parts.append(
            f"CASE WHEN regexp_matches({c}, '{_SERIAL}') "
            f"AND TRY_CAST({c} AS DOUBLE) BETWEEN 1 AND 2958465 THEN "
            f"CAST(DATE '1899-12-30' AS TIMESTAMP) + "
            f"to_microseconds(CAST(round(TRY_CAST({c} AS DOUBLE) * 86400000000) AS BIGINT)) END"
        )
        reading.notes.append("Excel serial numbers read as dates")
    if style.named:
        fmts = "[" + ", ".join(literal(f) for f in _NAMED) + "]"
        parts.append(f"try_strptime({c}, {fmts})")
    if not parts:
        parts.append(f"TRY_CAST({c} AS TIMESTAMP)")
    reading.sql = parts[0] if len(parts) == 1 else "COALESCE(" + ", ".join(parts) + ")"
    return reading


_READ_AS = {"dmy": "day-first dates (D/M/Y)", "mdy": "month-first dates (M/D/Y)"}


def _order(
    con: Any,
    relation: str,
    c: str,
    style: DateStyle,
    reading: Reading,
    dayfirst: bool | None,
    file_order: str | None,
) -> str:
    if style.order is not None:
        reading.notes.append(f"{_READ_AS[style.order]}, decided from the data")
        return style.order
    if dayfirst is not None:
        order = "dmy" if dayfirst else "mdy"
        reading.notes.append(_READ_AS[order])
        return order
    if file_order is not None:
        reading.notes.append(f"{_READ_AS[file_order]}, decided by another date column")
        return file_order
    if style.dotted and not (style.slash + style.dash):
        reading.notes.append("day-first dates (D.M.Y)")
        return "dmy"
    sorted_as = _sorted_readings(con, relation, c, style)
    if len(sorted_as) == 1:
        order = sorted_as[0]
        other = "`dayfirst=False`" if order == "dmy" else "`dayfirst=True`"
        way, not_way = ("day", "month") if order == "dmy" else ("month", "day")
        reading.notes.append(
            f"{_READ_AS[order]}, decided by the order of the rows: they are in date order "
            f"read {way}-first, not {not_way}-first; {other} to change"
        )
        return order
    reading.errors.append(
        (
            "ambiguous_dates",
            "every date could be read day-first or month-first, and the order of the rows "
            "does not decide it; nothing was stored. Pass `dayfirst=True` or `dayfirst=False`",
        )
    )
    return "mdy"


def _sorted_readings(con: Any, relation: str, c: str, style: DateStyle) -> list[str]:
    """The readings (dmy, mdy) under which the column's dates, in the order of the
    rows, never go down or never go up. Both when the dates all fall on a day and its
    mirror (03/03) or there is one date: then the order decides nothing."""
    dmy, mdy = _numeric_sql(c, style, "dmy"), _numeric_sql(c, style, "mdy")
    found = _one(
        con,
        f"""SELECT bool_and(d >= pd) OR bool_and(d <= pd), bool_and(m >= pm) OR bool_and(m <= pm)
        FROM (SELECT d, lag(d) OVER (ORDER BY __line) AS pd, m,
                     lag(m) OVER (ORDER BY __line) AS pm
              FROM (SELECT __line, {dmy} AS d, {mdy} AS m FROM {relation}
                    WHERE {c} IS NOT NULL AND regexp_matches({c}, '{_NUMERIC_DATE}')))""",
    )
    return [order for order, ok in zip(("dmy", "mdy"), found, strict=True) if ok is not False]
