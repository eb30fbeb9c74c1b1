"""Reading values the way exports write them: missing markers, currency and decimal
commas, percentages, booleans, words (dates are in `dates`).

Each reader looks at a whole column first (DuckDB does the counting), decides how the
column is written, and returns a SQL expression that parses one cleaned text value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Written in place of a missing value by common exports (compared ignoring case).
MISSING = ("", "null", "n/a", "#n/a", "-", "--", "none", "nan", "nat", "(blank)")
#: Missing in number and date columns, but text in a text column, where it may be a
#: real value (R writes NA for missing; NA is also North America). `missing` NA
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


#: Spellings no rule of case gives (numpy, pandas and R write NaN and NaT).
_MIXED_CASE = {"nan": ("NaN",), "nat": ("NaT",)}


def spellings(markers: tuple[str, ...]) -> list[str]:
    """`markers` as files spell them: lower, upper, capitalised, title case, and the
    mixed-case ones software writes (NaN)."""
    out: list[str] = []
    for m in markers:
        for variant in (m, m.upper(), m.capitalize(), m.title(), *_MIXED_CASE.get(m, ())):
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
