"""How the data contract declares a table and its columns, and the header spellings
of a rep that several tables share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["text", "number", "date", "timestamp", "boolean"]

#: DuckDB storage type for each contract type.
SQL_TYPES: dict[ColumnType, str] = {
    "text": "VARCHAR",
    "number": "DOUBLE",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "boolean": "BOOLEAN",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    meaning: str
    required: bool = False
    #: When the column is required only in some cases, the case in words.
    required_when: str = ""
    #: Header spellings seen in real exports (matched ignoring case, spaces, punctuation).
    synonyms: tuple[str, ...] = ()
    #: True for columns that only help to build others and are not stored.
    helper: bool = False
    #: For a key column (a code): the column holding its name. When a file has both a
    #: code and a name header, the code fills this column and the name the label.
    label: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    meaning: str
    columns: tuple[Column, ...]
    #: Columns whose combination identifies a row; duplicates are refused.
    key: tuple[str, ...] = ()
    #: The column that places a row in time (for `tables` summaries and date checks).
    time_column: str | None = None
    #: Alternatives where one of several columns is required (e.g. quotas: rep or team).
    one_of: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def stored(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.helper)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


# fmt: off
REP = (
        "rep", "rep_id", "sales_rep", "salesrep", "sales_person", "salesperson",
        "sales_agent", "agent", "owner", "opportunity_owner", "deal_owner", "deal - owner",
        "account_owner", "seller", "employee", "employee_key", "employeekey",
        "sales_representative", "representative", "user", "assigned_to", "lead_owner",
        "salesperson_id", "sales_person_id", "sales_rep_id",
)
#: In tables other than reps, a rep may also be named by another id (matched to reps).
REP_ANY = (*REP, "employee_id", "emp_id", "sr_id")
#: In the reps table, "Salesperson" is the person's name (the id column is the rep).
REP_ID = tuple(s for s in REP if s not in ("salesperson", "sales_person"))
#: Headers naming a rep rather than giving an id.
REP_NAME = ("rep_name", "sales_rep_name", "salesperson", "sales_person", "salesperson_name",
             "employee_name", "seller_name", "owner_name", "agent_name")
# fmt: on
