"""Reading values the way exports write them: missing markers, currency and decimal
commas, percentages, dates in ISO, US, day-first and Excel-serial styles, booleans.

Each reader looks at a whole column first (DuckDB does the counting), decides how the
column is written, and returns a SQL expression that parses one cleaned text value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Written in place of a missing value by common exports (compared ignoring case).
MISSING = ("", "null", "n/a", "#n/a", "-", "--", "none", "nan", "nat", "(blank)")


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def clean(expr: str) -> str:
    """Trimmed text, NULL for missing markers."""
    markers = ", ".join(literal(m) for m in MISSING)
    return f"CASE WHEN lower(trim({expr})) IN ({markers}) THEN NULL ELSE trim({expr}) END"


@dataclass
class Reading:
    """How one column is parsed: the SQL over its cleaned text, and what was decided."""

    sql: str
    notes: list[str] = field(default_factory=list)
    #: codes of warnings to raise about the whole column, with a message each
    warnings: list[tuple[str, str]] = field(default_factory=list)


def _one(con: Any, sql: str) -> tuple[Any, ...]:
    row = con.execute(sql).fetchone()
    assert row is not None
    return tuple(row)


# --- numbers -------------------------------------------------------------------------

_CURRENCY_CODES = "usd|eur|gbp|chf|jpy|cad|aud|nzd|inr|sek|nok|dkk|brl|mxn|zar|pln|czk|cny"
_STRIP = (
    r"[\s\x{00a0}\x{202f}'’]|[$€£¥₹]|^r\$|^(?i:"
    + _CURRENCY_CODES
    + r")|(?i:"
    + _CURRENCY_CODES
    + ")$"
)


def _number_sql(c: str, decimal_comma: bool) -> str:
    s = f"regexp_replace({c}, {literal(_STRIP)}, '', 'g')"
    s = f"CASE WHEN {s} LIKE '(%)' THEN '-' || trim({s}, '()') ELSE {s} END"
    pct = f"({s} LIKE '%\\%' ESCAPE '\\')"
    s = f"rtrim({s}, '%')"
    s = f"replace(replace({s}, '.', ''), ',', '.')" if decimal_comma else f"replace({s}, ',', '')"
    value = f"TRY_CAST({s} AS DOUBLE)"
    return f"(CASE WHEN {pct} THEN {value} / 100 ELSE {value} END)"


def read_number(con: Any, relation: str, c: str, percent_header: bool = False) -> Reading:
    """Numbers: plain, `$1,234.50`, `1.234,50 €`, `(12)`, `70%`."""
    plain_fail, _n, has_pct, comma_decimal, dot_decimal = _one(
        con,
        f"""SELECT
            count(*) FILTER (WHERE {c} IS NOT NULL AND TRY_CAST({c} AS DOUBLE) IS NULL),
            count({c}),
            bool_or({c} LIKE '%\\%' ESCAPE '\\'),
            bool_or(regexp_matches({c}, '(^|[^0-9.,])0?[0-9]*(\\.[0-9]{{3}})+,[0-9]+$')
                    OR regexp_matches({c}, ',[0-9]{{1,2}}([^0-9]|$)')
                    OR regexp_matches({c}, '(^|[^0-9])0,[0-9]+')),
            bool_or(regexp_matches({c}, '(,[0-9]{{3}})+\\.[0-9]+')
                    OR regexp_matches({c}, '^[^,]*\\.[0-9]{{1,2}}([^0-9]|$)'))
        FROM {relation}""",
    )
    reading = Reading(sql=f"TRY_CAST({c} AS DOUBLE)")
    if plain_fail:
        decimal_comma = bool(comma_decimal) and not bool(dot_decimal)
        reading.sql = _number_sql(c, decimal_comma)
        if decimal_comma:
            reading.notes.append("decimal commas (1.234,50)")
    if percent_header:
        reading.sql = f"({reading.sql} / 100)"
        reading.notes.append("percent header: values divided by 100")
    elif has_pct:
        reading.notes.append("percentages (70% → 0.70)")
    return reading


# --- dates and timestamps ---------------------------------------------------------------

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


def read_timestamp(con: Any, relation: str, c: str, dayfirst: bool | None, tz: str) -> Reading:
    """Timestamps: ISO (with or without offset), M/D/Y, D/M/Y, D.M.Y, Excel serials, and
    month names. Day/month order is decided from the data where it can be; otherwise
    `dayfirst` decides (None: not said, month first with a warning)."""
    (
        iso,
        with_tz,
        numeric,
        max_first,
        max_second,
        dotted,
        slash,
        dash,
        two_digit,
        serial,
        named,
    ) = _one(
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
        FROM {relation}""",
    )
    reading = Reading(sql="")
    parts: list[str] = []
    if with_tz:
        parts.append(
            f"CASE WHEN regexp_matches({c}, '{_TZ_SUFFIX}') THEN "
            f"timezone({literal(tz)}, TRY_CAST({c} AS TIMESTAMPTZ)) END"
        )
        reading.notes.append(f"time zone offsets converted to {tz}")
    if iso:
        parts.append(f"TRY_CAST({c} AS TIMESTAMP)")
    if numeric:
        order = _order(reading, max_first, max_second, dotted, slash + dash, dayfirst)
        seps = [s for s, k in (("/", slash), (".", dotted), ("-", dash)) if k]
        four = f"try_strptime({c}, {_formats(order, seps, '%Y')})"
        if two_digit:
            two = f"try_strptime({c}, {_formats(order, seps, '%y')})"
            parts.append(
                f"CASE WHEN regexp_matches({c}, '{_TWO_DIGIT_YEAR}') THEN {two} ELSE {four} END"
            )
        else:
            parts.append(four)
    if serial:
        parts.append(
            f"CASE WHEN regexp_matches({c}, '{_SERIAL}') "
            f"AND TRY_CAST({c} AS DOUBLE) BETWEEN 1 AND 2958465 THEN "
            f"CAST(DATE '1899-12-30' AS TIMESTAMP) + "
            f"to_microseconds(CAST(round(TRY_CAST({c} AS DOUBLE) * 86400000000) AS BIGINT)) END"
        )
        reading.notes.append("Excel serial numbers read as dates")
    if named:
        fmts = "[" + ", ".join(literal(f) for f in _NAMED) + "]"
        parts.append(f"try_strptime({c}, {fmts})")
    if not parts:
        parts.append(f"TRY_CAST({c} AS TIMESTAMP)")
    reading.sql = parts[0] if len(parts) == 1 else "COALESCE(" + ", ".join(parts) + ")"
    return reading


def _order(
    reading: Reading,
    max_first: int | None,
    max_second: int | None,
    dotted: int,
    slashed: int,
    dayfirst: bool | None,
) -> str:
    first_over = (max_first or 0) > 12
    second_over = (max_second or 0) > 12
    if first_over and not second_over:
        reading.notes.append("day-first dates (D/M/Y), decided from the data")
        return "dmy"
    if second_over and not first_over:
        reading.notes.append("month-first dates (M/D/Y), decided from the data")
        return "mdy"
    if dayfirst is not None:
        reading.notes.append("day-first dates (D/M/Y)" if dayfirst else "month-first dates (M/D/Y)")
        return "dmy" if dayfirst else "mdy"
    if dotted and not slashed:
        reading.notes.append("day-first dates (D.M.Y)")
        return "dmy"
    reading.notes.append("month-first dates (M/D/Y): the file does not say; --dayfirst to change")
    reading.warnings.append(
        (
            "ambiguous_dates",
            "every date could be read day-first or month-first; read as month-first "
            "(M/D/Y). Pass --dayfirst if the file means day-first.",
        )
    )
    return "mdy"


def read_date(con: Any, relation: str, c: str, dayfirst: bool | None, tz: str) -> Reading:
    reading = read_timestamp(con, relation, c, dayfirst, tz)
    reading.sql = f"CAST({reading.sql} AS DATE)"
    return reading


# --- booleans and words ------------------------------------------------------------------

TRUE_WORDS = ("true", "yes", "y", "1", "t", "x", "inbound", "wahr", "oui", "si", "ja")
FALSE_WORDS = ("false", "no", "n", "0", "f", "outbound", "falsch", "non", "nein")


def read_boolean(c: str) -> Reading:
    true = ", ".join(literal(w) for w in TRUE_WORDS)
    false = ", ".join(literal(w) for w in FALSE_WORDS)
    return Reading(
        sql=f"CASE WHEN lower({c}) IN ({true}) THEN true "
        f"WHEN lower({c}) IN ({false}) THEN false END"
    )


def word_key(c: str) -> str:
    """The value compared ignoring case, spaces and punctuation."""
    return f"regexp_replace(lower({c}), '[^0-9a-z]+', '', 'g')"


def choose(c: str, choices: dict[str, tuple[str, ...]], default: str | None = None) -> str:
    """SQL mapping words to canonical values by their key; else `default` (or NULL)."""
    key = word_key(c)
    whens = " ".join(
        f"WHEN {key} IN ({', '.join(literal(w) for w in words)}) THEN {literal(value)}"
        for value, words in choices.items()
    )
    otherwise = literal(default) if default is not None else "NULL"
    return f"CASE WHEN {c} IS NULL THEN NULL {whens} ELSE {otherwise} END"
