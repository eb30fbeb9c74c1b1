"""Pages and their JSON twins, built by the same function.

A page's builder takes its path and query parameters, the served workspace and the
current user (FastAPI dependencies) and returns a typed page model (pydantic). `Pages`
registers it twice: at `/api` + path the builder itself, its model the response (so
the OpenAPI description is typed); at the path an HTML route that takes the model as a
dependency and renders it with the page's template. The HTML of a page is kept per data
version and user scope beside its model — unless the page is `live`: the pages over the
app database (goals, plans, one-on-ones, check-ins) change without the data changing,
so they are made anew for every request. `Pages.form` registers a form's POST route
(`web.forms`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from salespulse.web.served import Served
from salespulse.web.sessions import page_response
from salespulse.web.templating import render
from salespulse.web.users import User, app_data, current_user

#: Charts of a page: chart element id -> Vega-Lite spec, made from its model.
Charts = Callable[[Any], dict[str, dict[str, Any]]]


class Need(BaseModel):
    """A table a page (or a part of it) needs and the workspace does not have."""

    table: str
    message: str
    fix: str


class Page(BaseModel):
    """What every page model carries."""

    title: str
    currency: str
    #: the last day with data (None: no data yet)
    data_end: date | None = None
    notes: list[str] = Field(default_factory=list)
    #: what to import to see the parts of the page left empty
    needs: list[Need] = Field(default_factory=list)


def served(request: Request) -> Served:
    """The served workspace (a dependency of every builder)."""
    found: Served = request.app.state.served
    return found


#: The served workspace and the current user, as every builder takes them.
ServedWorkspace = Annotated[Served, Depends(served)]
CurrentUser = Annotated[User, Depends(current_user)]
#: The app database the app was started with (`--app-db`, else the workspace's own):
#: goals, plans, one-on-ones, check-ins (`salespulse.workspace_app.AppData`).
AppDatabase = Annotated[Any, Depends(app_data)]


def no_charts(model: Any) -> dict[str, dict[str, Any]]:
    return {}


async def answer(request: Request, key: Any, make: Callable[[], str]) -> str:
    """A page's text (HTML or JSON) from memory without leaving the event loop; else
    kept on disk or made, in a worker thread (rendering a page's charts takes a moment)."""
    where: Served = request.app.state.served
    found = where.kept_now(key)
    if found is not None:
        return str(found)
    made: str = await run_in_threadpool(where.page, key, make, str)
    return made


class Pages:
    """The routes of one part of the dashboard: `html` (the pages) and `api` (their
    JSON twins under /api)."""

    def __init__(self) -> None:
        self.html = APIRouter()
        self.api = APIRouter(prefix="/api")

    def page(
        self,
        path: str,
        template: str,
        model: type[BaseModel],
        charts: Charts = no_charts,
        live: bool = False,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(build: Callable[..., Any]) -> Callable[..., Any]:
            summary = (build.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")

            async def api(request: Request, user: CurrentUser, found: Any) -> Response:
                if live:
                    return Response(found.model_dump_json(), media_type="application/json")
                key = ("json", request.url.path, request.url.query, user.scope)
                body = await answer(request, key, found.model_dump_json)
                return Response(body, media_type="application/json")

            async def html(request: Request, user: CurrentUser, found: Any) -> HTMLResponse:
                def make() -> str:
                    return render(request, template, found, charts(found))

                if live:
                    return page_response(request, await run_in_threadpool(make))
                key = ("html", request.url.path, request.url.query, user.scope)
                return page_response(request, await answer(request, key, make))

            # The model is the builder's answer, as a dependency (set here: the builder
            # is local, and a string annotation could not name it). The JSON twin answers
            # the model's JSON as kept per data version; `response_model` types it in
            # the OpenAPI description.
            for route in (api, html):
                route.__name__ = build.__name__
                route.__doc__ = build.__doc__
                route.__annotations__["found"] = Annotated[Any, Depends(build)]
            self.api.get(path, response_model=model, name=f"api_{build.__name__}", summary=summary)(
                api
            )
            self.html.get(path, response_class=HTMLResponse, include_in_schema=False)(html)
            return build

        return register

    def form(self, path: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """A form's POST route at `path` (kept out of the OpenAPI description: it takes
        a browser's form and answers with a redirect or the page again)."""
        return self.html.post(path, include_in_schema=False)
