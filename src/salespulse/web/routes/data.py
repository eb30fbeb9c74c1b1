"""The data page `/data`: what the workspace holds — each table's rows, date range, reps
and source files (`Workspace.tables`) — and every import (`Workspace.imports`), each
linking to its page with undo; uploads are `web.routes.data_upload` (admins only)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from salespulse.web.pages import CurrentUser, Page, Pages, ServedWorkspace
from salespulse.web.users import require_role

pages = Pages()


class TableRow(BaseModel):
    name: str
    rows: int
    first: date | datetime | None
    last: date | datetime | None
    reps: int | None
    files: list[str]


class ImportRow(BaseModel):
    id: int
    table: str
    file: str
    rows: int
    mode: str
    at: datetime
    user: str | None
    undone_at: datetime | None


class DataPage(Page):
    workspace: str
    app_db: str
    #: the server holds the workspace read-only: no uploads or undos here
    read_only: bool = False
    tables: list[TableRow]
    imports: list[ImportRow]


@pages.page("/data", "data.html", DataPage)
def data_page(where: ServedWorkspace, user: CurrentUser) -> DataPage:
    """The tables stored, their rows and dates, and every import."""
    require_role(user, "admin")

    def build() -> DataPage:
        ws = where.ws
        tables = ws.tables()
        return DataPage(
            title="Data",
            currency=ws.settings.currency,
            workspace=str(ws.path),
            app_db=where.settings.app_db or "SQLite in the workspace",
            read_only=where.read_only,
            tables=[
                TableRow(
                    name=t.name,
                    rows=t.rows,
                    first=t.first,
                    last=t.last,
                    reps=t.reps,
                    files=[f.file for f in t.files],
                )
                for t in tables
            ],
            imports=[
                ImportRow(
                    id=i.id,
                    table=i.table,
                    file=i.file,
                    rows=i.rows,
                    mode=i.mode,
                    at=i.at,
                    user=i.user,
                    undone_at=i.undone_at,
                )
                for i in ws.imports()
            ],
        )

    return where.page(("data", user.scope), build, kept=DataPage)
