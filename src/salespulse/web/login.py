"""Logging in and out: `GET /login` (the form, with its CSRF token), `POST /login`
(the name and password checked with argon2 against the app database; at most
`sessions.ATTEMPTS` attempts a minute per name and client, then 429 with Retry-After),
`GET /logout` (a form to confirm) and `POST /logout` (with the session's CSRF token).
A failed login says "wrong name or password", never which."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from salespulse.web import sessions
from salespulse.web.pages import Page
from salespulse.web.templating import render
from salespulse.web.users import app_data

router = APIRouter(include_in_schema=False)
WRONG = "Wrong name or password."


class LoginPage(Page):
    csrf: str
    next: str = "/"
    username: str = ""
    message: str = ""
    user: str | None = None


def safe_next(target: str | None) -> str:
    """Where to go after the login: a path on this server, never another host."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def form_page(
    request: Request, template: str, csrf: str, status: int = 200, **shown: str | None
) -> HTMLResponse:
    served = request.app.state.served
    title = "Log in" if template == "login.html" else "Log out"
    page = LoginPage(title=title, currency=served.currency, csrf=csrf, **shown)  # type: ignore[arg-type]
    body = render(request, template, page, {}, twin=False, account=False)
    return HTMLResponse(body, status_code=status)


def with_session(
    request: Request, template: str, status: int = 200, **shown: str | None
) -> Response:
    """The form page with the session's CSRF token (a new session when there is none)."""
    csrf = sessions.session(request).get("csrf")
    if isinstance(csrf, str) and csrf:
        return form_page(request, template, csrf, status, **shown)
    csrf = secrets.token_urlsafe(32)
    response = form_page(request, template, csrf, status, **shown)
    sessions.keep(request, response, None, csrf)
    return response


@router.get("/login")
def login_form(request: Request, next: Annotated[str | None, Query()] = None) -> Response:
    return with_session(request, "login.html", next=safe_next(next))


@router.post("/login")
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    if not sessions.csrf_ok(request, csrf):
        raise HTTPException(403, "The form's CSRF token is missing or stale: reload the page.")
    client = request.client.host if request.client else ""
    wait = request.app.state.logins.wait((username.strip().lower(), client))
    if wait:
        raise HTTPException(
            429,
            f"Too many login attempts: try again in {wait} s.",
            headers={"Retry-After": str(wait)},
        )
    found = await run_in_threadpool(app_data(request).verify_password, username, password)
    if found is None:
        return with_session(
            request, "login.html", 401, next=safe_next(next), username=username, message=WRONG
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    sessions.keep(request, response, found.name)
    return response


@router.get("/logout")
def logout_form(request: Request) -> Response:
    user = sessions.session(request).get("user")
    return with_session(request, "logout.html", user=user if isinstance(user, str) else None)


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    if not sessions.csrf_ok(request, csrf):
        raise HTTPException(403, "The form's CSRF token is missing or stale: reload the page.")
    response = RedirectResponse("/login", status_code=303)
    sessions.end(request, response)
    return response
