"""Uploads and undo on the data page (admins only): upload a file, see the validation
report before anything is stored, then store it; undo an import. The server is the one
process writing the workspace: an import runs through it (one at a time), and every page
keeps reading what was last committed until the import commits.

Pages: `GET /data/upload` (the form), `POST /data/upload` (the validation report, and a
"Store it" form when the file can be stored), `POST /data/store`, `GET /data/imports/{id}`
and `POST /data/imports/{id}/undo`. Each form carries the session's CSRF token. For
scripts (`salespulse import --server URL`): `POST /api/data/imports` (multipart: `file`,
optional `table`, `mode`, `dry_run`, `force`) answers the report as JSON, and
`POST /api/data/imports/{id}/undo`; they take an API token, or the form's CSRF token."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from salespulse.errors import ValidationFailed
from salespulse.model.contract import TABLES
from salespulse.web import forms, uploads
from salespulse.web.pages import CurrentUser, Page, served
from salespulse.web.sessions import page_response
from salespulse.web.templating import render
from salespulse.web.users import require_role

html = APIRouter()
api = APIRouter(prefix="/api")
Mode = Literal["append", "replace", "upsert"]
#: The tables an upload can go to (the importer's own list).
NAMES = sorted(TABLES)


class UploadPage(Page):
    tables: list[str]
    name: str = ""
    token: str = ""
    table: str | None = None
    mode: str = "append"
    report: dict[str, Any] | None = None
    done: str = ""
    import_id: int | None = None
    #: the server holds the workspace read-only: nothing can be stored or undone
    read_only: bool = False


def _page(request: Request, template: str, status: int = 200, **shown: Any) -> Response:
    where = served(request)
    page = UploadPage(
        title="Upload a file", currency=where.currency, tables=NAMES, read_only=where.read_only
    )
    for key, value in shown.items():
        setattr(page, key, value)
    return page_response(request, render(request, template, page, {}, twin=False), status)


def _checked(request: Request, user: Any, csrf: str) -> None:
    """A form's CSRF token first (an API token's request needs none), then admins only,
    then a server that may write."""
    if request.headers.get("authorization", "")[:7].lower() != "bearer ":
        forms.checked(request, csrf)
    require_role(user, "admin")
    _writable(request)


#: Why a read-only server stores nothing, and what to do instead.
READ_ONLY = (
    "This dashboard holds the workspace read-only (salespulse serve --read-only): it stores "
    "and undoes nothing. Stop it and import with salespulse import TABLE FILE, or serve "
    "without --read-only to upload here."
)


def _writable(request: Request) -> None:
    if served(request).read_only:
        raise HTTPException(409, READ_ONLY)


def _file(file: UploadFile | None) -> UploadFile:
    if file is None or not file.filename:
        raise HTTPException(422, "Choose a file to upload.")
    return file


def _shown(report: Any, path: FilePath, name: str) -> dict[str, Any]:
    """The report as data, the kept upload's path written as the uploaded name."""
    import json

    text = json.dumps(report.as_dict(), default=str).replace(json.dumps(str(path))[1:-1], name)
    found: dict[str, Any] = json.loads(text)
    return found


def _import(
    request: Request, user: Any, path: FilePath, table: str | None, mode: str, **options: Any
) -> Any:
    """Validate (`dry_run`) or import the file through the served workspace, one writer at
    a time, recorded as the uploaded file's own name imported by the signed-in user; a
    refused file is its report (nothing stored)."""
    where = served(request)
    with where.writing:
        try:
            return where.ws.import_file(
                table or None, path, mode=mode, file_name=uploads.name_of(path), user=user.name,
                **options,
            )  # fmt: skip
        except ValidationFailed as exc:
            return exc.report


@html.get("/data/upload", response_class=HTMLResponse, include_in_schema=False)
def upload_form(request: Request, user: CurrentUser) -> Response:
    require_role(user, "admin")
    _writable(request)
    return _page(request, "upload.html")


@html.post("/data/upload", response_class=HTMLResponse, include_in_schema=False)
async def upload(
    request: Request,
    user: CurrentUser,
    file: Annotated[UploadFile | None, File()] = None,
    csrf: Annotated[str, Form(max_length=200)] = "",
    table: Annotated[str, Form(max_length=40)] = "",
    mode: Annotated[Mode, Form()] = "append",
) -> Response:
    _checked(request, user, csrf)
    where = served(request)
    token = await uploads.keep(_file(file), where.ws.cache_dir)
    path = uploads.path_of(token, where.ws.cache_dir)
    report = await run_in_threadpool(_import, request, user, path, table, mode, dry_run=True)
    name = uploads.name_of(path)
    if not report.ok:
        uploads.drop(token, where.ws.cache_dir)
        token = ""
    shown = _shown(report, path, name)
    return _page(
        request, "upload.html", 200 if report.ok else 422, name=name, token=token,
        table=report.table, mode=mode, report=shown,
    )  # fmt: skip


@html.post("/data/store", response_class=HTMLResponse, include_in_schema=False)
async def store(
    request: Request,
    user: CurrentUser,
    token: Annotated[str, Form(max_length=100)] = "",
    table: Annotated[str, Form(max_length=40)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    mode: Annotated[Mode, Form()] = "append",
) -> Response:
    _checked(request, user, csrf)
    if not token:
        raise HTTPException(422, "Nothing to store: upload a file first (/data/upload).")
    where = served(request)
    path = uploads.path_of(token, where.ws.cache_dir)
    report = await run_in_threadpool(_import, request, user, path, table, mode)
    name = uploads.name_of(path)
    shown = _shown(report, path, name)
    if not report.ok:
        return _page(request, "upload.html", 422, name=name, report=shown, mode=mode)
    uploads.drop(token, where.ws.cache_dir)
    done = f"Stored {report.rows_stored:,} rows of {name} into {report.table}."
    return _page(request, "upload.html", name=name, report=shown, done=done, mode=mode)


@html.get("/data/imports/{import_id}", response_class=HTMLResponse, include_in_schema=False)
def import_page(
    request: Request, user: CurrentUser, import_id: Annotated[int, PathParam(ge=1)]
) -> Response:
    require_role(user, "admin")
    found = next((i for i in served(request).ws.imports() if i.id == import_id), None)
    if found is None:
        raise HTTPException(404, f"There is no import {import_id}: see /data for the list.")
    record = found.as_dict()
    return _page(
        request, "undo.html", title=f"Import {import_id}", import_id=import_id, report=record
    )


@html.post("/data/imports/{import_id}/undo", response_class=HTMLResponse, include_in_schema=False)
async def undo(
    request: Request,
    user: CurrentUser,
    import_id: Annotated[int, PathParam(ge=1)],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    _checked(request, user, csrf)
    done = await run_in_threadpool(_undo, request, import_id)
    return _page(request, "undo.html", title=f"Import {import_id}", import_id=import_id, done=done)


def _undo(request: Request, import_id: int) -> str:
    where = served(request)
    with where.writing:
        undone = where.ws.undo_import(import_id)
    removed = ", ".join(f"{n:,} from {t}" for t, n in undone.removed.items()) or "no rows"
    restored = ", ".join(f"{n:,} into {t}" for t, n in undone.restored.items())
    return f"Import {import_id} undone: removed {removed}" + (
        f"; put back {restored}." if restored else "."
    )


@api.post("/data/imports", summary="Validate or import a file (admins)")
async def import_api(
    request: Request,
    user: CurrentUser,
    file: Annotated[UploadFile | None, File()] = None,
    table: Annotated[str, Form(max_length=40)] = "",
    mode: Annotated[Mode, Form()] = "append",
    dry_run: Annotated[bool, Form()] = False,
    force: Annotated[bool, Form()] = False,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The file's validation report; unless `dry_run`, stored when it has no error (200:
    stored or valid; 422: refused, nothing stored)."""
    _checked(request, user, csrf)
    file = _file(file)
    where = served(request)
    token = await uploads.keep(file, where.ws.cache_dir)
    try:
        path = uploads.path_of(token, where.ws.cache_dir)
        name = uploads.name_of(path)
        report = await run_in_threadpool(
            _import, request, user, path, table, mode, dry_run=dry_run, force=force
        )
    finally:
        uploads.drop(token, where.ws.cache_dir)
    return JSONResponse(_shown(report, path, name), status_code=200 if report.ok else 422)


@api.post("/data/imports/{import_id}/undo", summary="Undo an import (admins)")
async def undo_api(
    request: Request,
    user: CurrentUser,
    import_id: Annotated[int, PathParam(ge=1)],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> dict[str, str]:
    _checked(request, user, csrf)
    return {"done": await run_in_threadpool(_undo, request, import_id)}
