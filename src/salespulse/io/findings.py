"""What validation finds: errors (nothing is stored) and warnings (stored, reported).

Every finding has a stable code from `CODES` (declared in `finding_codes`);
`docs/importing.md` lists them and a test checks that each code is documented.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from salespulse.io.finding_codes import CODES, Code, Severity

__all__ = ["CODES", "Code", "Finding", "Refused", "Report", "Severity"]


@dataclass(frozen=True)
class Finding:
    code: str
    file: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    message: str = ""
    #: How many rows this finding stands for (1 unless it summarises several).
    rows: int = 1
    #: the row was set aside in the rejects file (`on_error="skip"`) instead of refusing
    #: the file
    rejected: bool = False

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def fix(self) -> str:
        return CODES[self.code].fix

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity
        data["fix"] = self.fix
        return data


@dataclass
class Report:
    """All findings of one validation or import, plus what was understood of the file."""

    file: str
    table: str | None = None
    table_guessed: bool = False
    format: str = ""
    encoding: str = ""
    delimiter: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    set_aside: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_stored: int = 0
    #: rows refused and set aside (`on_error="skip"`), written to `rejects_file`
    rows_rejected: int = 0
    rejects_file: str | None = None
    stored: bool = False
    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        assert finding.code in CODES, finding.code
        self.findings.append(finding)

    @property
    def errors(self) -> list[Finding]:
        """Errors that refuse the file (not the rows set aside with `on_error="skip"`)."""
        return [f for f in self.findings if f.severity == "error" and not f.rejected]

    @property
    def rejections(self) -> list[Finding]:
        """Errors whose rows were set aside in the rejects file."""
        return [f for f in self.findings if f.rejected]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> Counter[str]:
        """Rows affected per code."""
        counts: Counter[str] = Counter()
        for f in self.findings:
            counts[f.code] += f.rows
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "table": self.table,
            "table_guessed": self.table_guessed,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "mapping": self.mapping,
            "set_aside": self.set_aside,
            "notes": self.notes,
            "rows_read": self.rows_read,
            "rows_stored": self.rows_stored,
            "rows_rejected": self.rows_rejected,
            "rejects_file": self.rejects_file,
            "stored": self.stored,
            "errors": sum(f.rows for f in self.errors),
            "warnings": sum(f.rows for f in self.warnings),
            "findings": [f.as_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """The report `as_dict` wrote (e.g. a server's answer to an upload)."""
        names = {f for f in cls.__dataclass_fields__ if f != "findings"}
        finding_names = set(Finding.__dataclass_fields__)
        report = cls(**{k: v for k, v in data.items() if k in names})
        for found in data.get("findings", []):
            if found.get("code") in CODES:
                report.add(Finding(**{k: v for k, v in found.items() if k in finding_names}))
            else:  # a newer server's finding
                report.notes.append(f"{found.get('code')}: {found.get('message')}")
        return report


class Refused(Exception):
    """Raised inside the importer to stop at the first finding that makes the rest moot
    (an unreadable file, missing columns). The report already holds the finding."""
