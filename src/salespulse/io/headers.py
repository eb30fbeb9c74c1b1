"""Mapping a file's own headers onto the contract's columns, and guessing the table."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from salespulse.model.contract import TABLES, Table


def normalise(header: str) -> str:
    """Headers compare ignoring case, spaces and punctuation: `Deal - Owner` = `dealowner`."""
    return re.sub(r"[^0-9a-z]+", "", header.lower().replace("&", "and"))


def synonyms_of(table: Table) -> dict[str, list[str]]:
    """normalised spelling -> the columns of `table` it can fill."""
    index: dict[str, list[str]] = defaultdict(list)
    for col in table.columns:
        for spelling in (col.name, *col.synonyms):
            key = normalise(spelling)
            if col.name not in index[key]:
                index[key].append(col.name)
    return index


@dataclass
class Mapping:
    """How one file's columns fill one table's columns."""

    table: str
    #: canonical column -> the file's header that fills it
    columns: dict[str, str] = field(default_factory=dict)
    #: canonical column -> several candidate headers (an ambiguity to resolve)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    #: headers not used
    set_aside: list[str] = field(default_factory=list)
    #: columns given a constant value with `set_values`
    constants: dict[str, str] = field(default_factory=dict)

    def has(self, column: str) -> bool:
        return column in self.columns or column in self.constants

    def header(self, column: str) -> str:
        """The file's header that fills `column` (or `set_values` column), to name it in notes."""
        return self.columns.get(column, f"`set_values` {column}")

    def missing_required(self) -> list[str]:
        """Required columns (or one-of groups) the mapping leaves unfilled."""
        table = TABLES[self.table]
        missing = []
        for name in table.required:
            if self.has(name):
                continue
            if self.table == "deals" and name == "status":
                # else derived from the stage words, from is_closed (and is_won), or from
                # the won and lost dates
                if not any(self.has(c) for c in ("stage", "is_closed", "won_at", "lost_at")):
                    missing.append("status (or stage)")
                continue
            if self.table == "reps" and name == "rep":
                # else the employee id, or the name, serves as the id
                if not any(self.has(c) for c in ("name", "employee_id", "last_name")):
                    missing.append("rep (or name)")
                continue
            if self.table == "sales" and name == "date" and self.has("order_id"):
                continue  # taken from the order (see io.orders)
            missing.append(name)
        for group in table.one_of:
            if not any(self.has(c) for c in group):
                missing.append(" or ".join(group))
        return missing


class MappingError(Exception):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(p[1] for p in problems))
        self.problems = problems  # (header, message)


def map_headers(
    table: Table,
    headers: list[str],
    explicit: list[tuple[str, str]] | None = None,
    constants: dict[str, str] | None = None,
) -> Mapping:
    """Map `headers` onto `table`. `explicit` holds (header, column) pairs from `mapping`; an
    empty column sets the header aside."""
    mapping = Mapping(table.name, constants=dict(constants or {}))
    known = {c.name for c in table.columns}
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(normalise(header), header)
    problems: list[tuple[str, str]] = []
    used: set[str] = set()
    for header, column in explicit or []:
        actual = header if header in headers else by_norm.get(normalise(header))
        if actual is None:
            problems.append(
                (header, f"`mapping` names {header!r}, which is not a header of the file")
            )
            continue
        used.add(actual)
        if not column:
            continue
        if column not in known:
            problems.append(
                (header, f"`mapping` names {column!r}, which is not a {table.name} column")
            )
            continue
        mapping.columns[column] = actual
    for column in mapping.constants:
        if column not in known:
            problems.append(
                (column, f"`set_values` names {column!r}, which is not a {table.name} column")
            )
        elif column in mapping.columns:
            problems.append(
                (column, f"`set_values` gives {column!r} a value but the file has it already")
            )
    if problems:
        raise MappingError(problems)
    index = synonyms_of(table)
    candidates: dict[str, list[str]] = defaultdict(list)
    for header in headers:
        if header in used:
            continue
        for column in index.get(normalise(header), []):
            if column not in mapping.columns and column not in mapping.constants:
                candidates[column].append(header)
    _split_code_and_name(table, candidates)
    claimed: set[str] = set(used)
    for column in (c.name for c in table.columns):
        found = candidates.get(column, [])
        found = [h for h in found if h not in claimed]
        if len(found) == 1:
            mapping.columns[column] = found[0]
            claimed.add(found[0])
        elif len(found) > 1:
            mapping.ambiguous[column] = found
    filled = set(mapping.columns.values())
    mapping.set_aside = [h for h in headers if h not in filled]
    return mapping


def _split_code_and_name(table: Table, candidates: dict[str, list[str]]) -> None:
    """A key column (a code) with a label column: when the file has both a code header
    and a name header (`Product ID` and `Product Name`), the code is the key and the name
    its label — not an ambiguity."""
    for col in table.columns:
        found = candidates.get(col.name, [])
        if not col.label or len(found) < 2:
            continue
        names = candidates.get(col.label, [])
        codes = [h for h in found if h not in names]
        if not codes:  # all could be names (`Product`, `Product Name`): the one named so
            codes = [h for h in found if normalise(h) == normalise(col.name)]
        if len(codes) == 1:
            candidates[col.name] = codes


@dataclass(frozen=True)
class Guess:
    table: str | None
    candidates: tuple[str, ...]
    reason: str


#: A guessed table must recognise this many more of the file's columns than any other
#: table that has all its required columns too (or at least twice as many), and more
#: than any table that lacks some, counting one fewer for each required column it lacks.
CLEAR_MARGIN = 2
#: Tables named when the guess is refused.
CLOSEST = 3


@dataclass(frozen=True)
class _Fit:
    table: str
    #: columns of the table the headers fill (or could fill, when ambiguous)
    recognised: int
    #: what it lacks: required columns, and columns several headers could fill
    lacks: tuple[str, ...]

    def describe(self) -> str:
        got = f"{self.table} ({self.recognised} column{'s' if self.recognised != 1 else ''}"
        if not self.lacks:
            return got + ", has every required column)"
        return got + ", lacks " + "; ".join(self.lacks) + ")"


def _fit(name: str, headers: list[str]) -> _Fit:
    mapping = map_headers(TABLES[name], headers)
    lacks = [*mapping.missing_required()]
    lacks += [f"{c} (which of {', '.join(h)}?)" for c, h in mapping.ambiguous.items()]
    return _Fit(name, len(mapping.columns) + len(mapping.ambiguous), tuple(lacks))


def guess_table(headers: list[str], wide_quota: bool = False) -> Guess:
    """The table the headers are, when that is clear: of the tables whose required
    columns the headers all fill, one recognises clearly more of the file's columns than
    the others, and at least as many as any table that lacks some (less one for each
    required column it lacks: a table without its required columns cannot be stored).
    Otherwise no table, with the closest tables and what each lacks."""
    if wide_quota:
        return Guess("quotas", ("quotas",), "one column per month with a target in each")
    fits = sorted((_fit(name, headers) for name in TABLES), key=lambda f: (-f.recognised, f.table))
    complete = [f for f in fits if not f.lacks]
    closest = tuple(f for f in fits if f.recognised)[:CLOSEST]
    names = tuple(f.table for f in closest)
    described = ", ".join(f.describe() for f in closest) or "no column is recognised"
    if not complete:
        return Guess(None, names, f"no table has every required column; closest: {described}")
    best = complete[0]

    def beaten(other: _Fit) -> bool:
        if other.lacks:  # each required column it lacks counts against it
            return best.recognised >= other.recognised - len(other.lacks)
        return best.recognised >= min(other.recognised + CLEAR_MARGIN, 2 * other.recognised)

    if not all(beaten(f) for f in fits if f is not best):
        return Guess(
            None,
            names,
            f"{best.table} does not fit clearly better than the others; closest: {described}",
        )
    plural = "" if best.recognised == 1 else "s"
    return Guess(best.table, names, f"{best.recognised} column{plural} recognised")
