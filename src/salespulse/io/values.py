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
#: Missing in number and date columns, but text in a text column, where it may be a
#: real value (R writes NA for missing; NA is also North America). `--missing NA`
#: makes it missing in text columns too.
TEXT_MARKERS = ("na",)
#: Numbers beyond ± this (and inf, NaN) are refused: no amount or quantity is that large,
#: and sums of them lose every cent.
NUMBER_LIMIT = 1e15


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def is_missing(text: str) -> bool:
    return text.strip().lower() in MISSING


def missing_spellings() -> list[str]:
    """The markers as files spell them (for readers that compare case-sensitively)."""
    return spellings(MISSING)


def spellings(markers: tuple[str, ...]) -> list[str]:
    """`markers` as files spell them: lower, upper, capitalised, title case."""
    out: list[str] = []
    for m in markers:
        for variant in (m, m.upper(), m.capitalize(), m.title()):
            if variant not in out:
                out.append(variant)
    return out


def not_number_marker(expr: str) -> str:
    """SQL: false when `expr` is a marker that is missing in number and date columns."""
    return f"{expr} NOT IN ({', '.join(literal(m) for m in spellings(TEXT_MARKERS))})"


def missing_to_null(expr: str) -> str:
    """SQL: NULL for missing markers, else the value (for staged text not yet cleaned)."""
    markers = ", ".join(literal(m) for m in MISSING)
    return f"CASE WHEN lower(trim({expr})) IN ({markers}) THEN NULL ELSE {expr} END"


def clean(expr: str) -> str:
    """Trimmed text, NULL when blank. Staging has already turned missing markers (NULL,
    N/A, -, ...) into NULL."""
    # Trimming every value costs a pass over the text: only values that start or end with a
    # space pay for it (staging has turned empty strings into NULL already).
    return (
        f"CASE WHEN starts_with({expr}, ' ') OR ends_with({expr}, ' ') "
        f"THEN NULLIF(trim({expr}), '') ELSE {expr} END"
    )


@dataclass
class Reading:
    """How one column is parsed: the SQL over its cleaned text, and what was decided."""

    sql: str
    notes: list[str] = field(default_factory=list)
    #: codes of warnings to raise about the whole column, with a message each
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: codes of errors about the whole column (nothing is stored), with a message each
    errors: list[tuple[str, str]] = field(default_factory=list)


def _one(con: Any, sql: str) -> tuple[Any, ...]:
    row = con.execute(sql).fetchone()
    assert row is not None
    return tuple(row)


# --- numbers -------------------------------------------------------------------------

_CURRENCY_CODES = "usd|eur|gbp|chf|jpy|cad|aud|nzd|inr|sek|nok|dkk|brl|mxn|zar|pln|czk|cny"
#: Characters dropped from numbers: currency symbols, spaces (also no-break and thin
#: spaces) and the apostrophes some locales group thousands with.
_DROPPED = "$€£¥₹ \u00a0\u202f'’"
_CODE_AT_ENDS = r"^(?i:r\$|" + _CURRENCY_CODES + r")|(?i:" + _CURRENCY_CODES + ")$"


def _number_sql(c: str, decimal_comma: bool) -> str:
    t = f"translate({c}, {literal(_DROPPED + '()%')}, '')"
    # Only values with letters (lower differs from upper) pay for the regular expression.
    codes = literal(_CODE_AT_ENDS)
    u = f"CASE WHEN lower({t}) <> upper({t}) THEN regexp_replace({t}, {codes}, '') ELSE {t} END"
    u = f"replace(replace({u}, '.', ''), ',', '.')" if decimal_comma else f"replace({u}, ',', '')"
    sign = f"CASE WHEN {c} LIKE '(%)' THEN -1 ELSE 1 END"
    scale = f"CASE WHEN {c} LIKE '%\\%' ESCAPE '\\' THEN 0.01 ELSE 1 END"
    return f"(TRY_CAST({u} AS DOUBLE) * {sign} * {scale})"


#: How many values that a plain cast cannot read decide a number column's style.
_STYLE_SAMPLE = 200_000


def read_number(con: Any, relation: str, c: str, percent_header: bool = False) -> Reading:
    """Numbers as exports write them: `$1,234.50`, `1.234,50 €`, `(12)`, `70%`. `c` holds
    the values a plain cast could not read (or could misread); the style (decimal comma
    or point) is decided from those that it could not read."""
    reading = Reading(sql="")
    if percent_header:
        reading.notes.append("percent header: values divided by 100")
    has_pct, comma_decimal, dot_decimal = _one(
        con,
        f"""SELECT
            bool_or({c} LIKE '%\\%' ESCAPE '\\'),
            bool_or(regexp_matches({c}, '(^|[^0-9.,])0?[0-9]*(\\.[0-9]{{3}})+,[0-9]+$')
                    OR regexp_matches({c}, ',[0-9]{{1,2}}([^0-9]|$)')
                    OR regexp_matches({c}, '(^|[^0-9])0,[0-9]+')),
            bool_or(regexp_matches({c}, '(,[0-9]{{3}})+\\.[0-9]+')
                    OR regexp_matches({c}, '^[^,]*\\.[0-9]{{1,2}}([^0-9]|$)'))
        FROM (SELECT {c} FROM {relation} WHERE {c} IS NOT NULL
              AND TRY_CAST({c} AS DOUBLE) IS NULL LIMIT {_STYLE_SAMPLE})""",
    )
    decimal_comma = bool(comma_decimal) and not bool(dot_decimal)
    reading.sql = _number_sql(c, decimal_comma)
    if percent_header:
        reading.sql = f"({reading.sql} / 100)"
    if decimal_comma:
        reading.notes.append("decimal commas (1.234,50)")
    if has_pct and not percent_header:
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
        reading.notes.append(
            f"{_READ_AS[order]}, decided by the order of the rows (sorted by date when read "
            "so, not the other way); --dayfirst or --monthfirst to change"
        )
        return order
    reading.errors.append(
        (
            "ambiguous_dates",
            "every date could be read day-first or month-first, and the order of the rows "
            "does not decide it; nothing was stored. Pass --dayfirst or --monthfirst",
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
