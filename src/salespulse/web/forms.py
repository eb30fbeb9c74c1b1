"""The dashboard's forms (goals, plans, one-on-ones, check-ins): what every POST does the
same way. It checks the form's CSRF token against the session's (`checked`: 403
otherwise) and the role before anything else; the signed-in user is who made the change
(`by`); a change that worked redirects to a page to GET (post-redirect-get: `done`); a
value the Workspace API refuses shows the same page again, answering 422, with the
message, its fix and what was typed kept in the form (`FormPage.problem`, `refused`).
Nothing reaches the browser as a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from salespulse.appdb.versioned import VersionConflict
from salespulse.errors import UserError
from salespulse.web.pages import Page
from salespulse.web.sessions import csrf_ok, page_response
from salespulse.web.templating import render
from salespulse.web.users import User

STALE = "The form's CSRF token is missing or stale: reload the page and send it again."


class Problem(BaseModel):
    """Why a form was not saved: which form, the message and how to fix it."""

    form: str
    message: str
    fix: str = ""
    field: str | None = None


class Choice(BaseModel):
    value: str
    label: str


class FormPage(Page):
    """A page with forms: the problem of the form just sent (None: none) and what was
    typed in it, shown again."""

    problem: Problem | None = None
    entered: dict[str, str] = Field(default_factory=dict)


def checked(request: Request, csrf: str | None) -> None:
    """Refuse (403) a form whose CSRF token is not the session's."""
    if not csrf_ok(request, csrf):
        raise HTTPException(403, STALE)


def by(user: User) -> str:
    """Who a change is recorded as made by: the signed-in user."""
    return user.name


def done(target: str) -> Response:
    """After a change: the page to see it on (303, so a reload never sends it again)."""
    return RedirectResponse(target, status_code=303)


def problem_of(form: str, error: UserError) -> Problem:
    """A refusal of the Workspace API as a form's problem; a version conflict says how
    to go on from the page."""
    fix = error.fix
    if isinstance(error, VersionConflict):
        fix = "Reload the page to see the change, then make yours again."
    return Problem(form=form, message=error.message, fix=fix, field=error.option or None)


async def saved_or_shown(
    request: Request,
    change: Callable[[], str],
    show: Callable[[], FormPage],
    template: str,
    form: str,
    entered: dict[str, Any],
) -> Response:
    """Make `change` (in a worker thread; it answers the page to go to), else show the
    page (`show` builds its model) again with the refusal and what was typed."""
    try:
        target = await run_in_threadpool(change)
    except UserError as error:
        return await refused(request, show, template, problem_of(form, error), entered)
    return done(target)


async def refused(
    request: Request,
    show: Callable[[], FormPage],
    template: str,
    problem: Problem,
    entered: dict[str, Any],
) -> HTMLResponse:
    def make() -> str:
        page = show()
        page.problem = problem
        page.entered = {k: "" if v is None else str(v) for k, v in entered.items()}
        return render(request, template, page, {})

    return page_response(request, await run_in_threadpool(make), 422)


def required(value: str | None, what: str, fix: str) -> str:
    """A form field that must be filled in."""
    text = (value or "").strip()
    if not text:
        raise UserError(f"`{what}` is empty.", fix=fix, option=what)
    return text


def version(value: str | None) -> int:
    """The version a form was made against (a hidden field)."""
    text = (value or "").strip()
    if not text.isdigit():
        raise UserError(
            f"`version` {value!r} is not the version of what you changed.",
            fix="Reload the page and send the form from it.",
            option="version",
        )
    return int(text)


def record_id(value: str | None, what: str) -> int:
    """The id of a step or an action item a form marks done."""
    text = (value or "").strip()
    if not text.isdigit() or len(text) > 12:
        raise UserError(
            f"`{what}` {value!r} is not the id of one.",
            fix="Use the button beside it on the page.",
            option=what,
        )
    return int(text)
