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
    #: columns given a constant value with --set
    constants: dict[str, str] = field(default_factory=dict)

    def has(self, column: str) -> bool:
        return column in self.columns or column in self.constants

    def missing_required(self) -> list[str]:
        """Required columns (or one-of groups) the mapping leaves unfilled."""
        table = TABLES[self.table]
        missing = []
        for name in table.required:
            if self.has(name):
                continue
            if self.table == "deals" and name == "status":
                if not self.has("stage"):  # else derived through the stage mapping
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
    """Map `headers` onto `table`. `explicit` holds (header, column) pairs from --map; an
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
            problems.append((header, f"--map names {header!r}, which is not a header of the file"))
            continue
        used.add(actual)
        if not column:
            continue
        if column not in known:
            problems.append((header, f"--map names {column!r}, which is not a {table.name} column"))
            continue
        mapping.columns[column] = actual
    for column in mapping.constants:
        if column not in known:
            problems.append((column, f"--set names {column!r}, which is not a {table.name} column"))
        elif column in mapping.columns:
            problems.append((column, f"--set gives {column!r} a value but the file has it already"))
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


def guess_table(headers: list[str], wide_quota: bool = False) -> Guess:
    """The table whose required columns the headers fill, preferring the one that uses
    the most of the file's columns."""
    if wide_quota:
        return Guess("quotas", ("quotas",), "one column per month with a target in each")
    scored: list[tuple[int, str]] = []
    for name, table in TABLES.items():
        mapping = map_headers(table, headers)
        if mapping.missing_required() or mapping.ambiguous:
            continue
        scored.append((len(mapping.columns), name))
    if not scored:
        return Guess(None, (), "no table's required columns are all in the file")
    scored.sort(reverse=True)
    best = [name for score, name in scored if score == scored[0][0]]
    if len(best) > 1:
        return Guess(None, tuple(best), "the headers fit several tables equally well")
    return Guess(best[0], tuple(n for _, n in scored), f"{scored[0][0]} columns recognised")
