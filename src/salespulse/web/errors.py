"""Errors as a person or a script can act on them: a `UserError` (a bad period, an
unknown rep, a value the API refuses) is 422 with its message, fix and the parameter it
is about; 401/403/404/429 keep their status (a page's 401 redirects to /login); a
query parameter the route refuses is 422 with FastAPI's details. Pages (outside /api)
show the same as an HTML page. Nothing leaks a traceback."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from salespulse.errors import UserError
from salespulse.web.pages import Page
from salespulse.web.sessions import page_response
from salespulse.web.templating import render

log = logging.getLogger("salespulse.web")


class ErrorPage(Page):
    status: int
    message: str
    fix: str = ""


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api", "/openapi", "/static"))


def _answer(
    request: Request, status: int, message: str, fix: str, body: dict[str, Any]
) -> Response:
    if not _wants_html(request):
        return JSONResponse(body, status_code=status)
    served = getattr(request.app.state, "served", None)
    page = ErrorPage(
        title="Not found" if status == 404 else "Cannot show this page",
        currency=served.currency if served else "USD",
        status=status,
        message=message,
        fix=fix,
    )
    # a form's POST has no JSON twin to link to
    shown = render(request, "error.html", page, {}, twin=request.method == "GET")
    return page_response(request, shown, status)


def install(app: FastAPI) -> None:
    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> Response:
        body = {"detail": exc.message, "fix": exc.fix, "option": exc.option or None}
        return _answer(request, 422, exc.message, exc.fix, body)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 401 and _wants_html(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
        response = _answer(request, exc.status_code, message, "", {"detail": exc.detail})
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        message = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}" for e in errors
        )
        return _answer(request, 422, message, "", {"detail": errors})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        message = f"salespulse hit an unexpected problem ({type(exc).__name__})."
        fix = "Nothing was changed. Please report it, with the server's log."
        return _answer(request, 500, message, fix, {"detail": message})
