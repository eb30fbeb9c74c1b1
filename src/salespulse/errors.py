"""Errors a user can act on. Anything raised as `UserError` is shown as a message, never
as a traceback, by the CLI and the web app."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix: the message says what, `fix` says how.

    The library names its parameters in API terms (`start`, `end`, `period`, `as_of`,
    `by`, `where`, ...), written in backticks; `option` is the parameter the problem is
    about. A face (the CLI) shows each as its own name for it (`--from`, ...)."""

    exit_code = 1

    def __init__(self, message: str, *, fix: str = "", option: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.option = option

    def __str__(self) -> str:
        return f"{self.message} {self.fix}".strip()


class ValidationFailed(UserError):
    """An import or validation found errors; nothing was stored."""

    exit_code = 2

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report


class MissingTable(UserError):
    """A KPI or command needs a table the workspace does not have yet."""

    def __init__(self, table: str, needed_for: str) -> None:
        super().__init__(
            f"{needed_for} needs the {table!r} table, which this workspace does not have yet.",
            fix=f"Import it with: salespulse import {table} FILE",
        )
        self.table = table


class QuotaDoesNotFit(UserError):
    """The quotas cannot answer the question as asked: they are set per team when it is
    asked per rep, on several metrics with none chosen, or over periods longer than the
    period asked for. Reports that add attainment only where it fits catch this, and only
    this: a bad date or a missing column stays the error it is."""
