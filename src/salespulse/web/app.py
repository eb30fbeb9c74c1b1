"""The dashboard's app factory: `create_app(settings)` builds the FastAPI app over one
workspace — the pages and their JSON twins (`web.routes`), the static files (CSS, the
chart loader, the vega bundle), the security headers and the error pages. The
workspace is opened when the app starts (its lifespan) and its write connection held
until it stops (`web.served`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from salespulse.web import errors, login, vega
from salespulse.web.routes import PARTS, data_upload
from salespulse.web.security import SecurityHeaders
from salespulse.web.served import Served
from salespulse.web.sessions import RateLimit
from salespulse.web.settings import WebSettings


def create_app(settings: WebSettings | None = None, served: Served | None = None) -> FastAPI:
    """The dashboard over `settings.workspace` (default: the settings from the
    environment, `WebSettings()`). The workspace is opened and its write connection
    (read-only with `settings.read_only`) taken when the app starts and released when it
    stops — unless `served` is one
    already started, which its caller owns and stops (`salespulse serve` starts it first,
    so a busy workspace is a message before the server starts)."""
    settings = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = served
        if opened is None:
            opened = Served(settings)
            opened.start()
        app.state.served = opened
        try:
            yield
        finally:
            if served is None:
                opened.stop()

    from importlib.metadata import version

    app = FastAPI(
        title="salespulse",
        version=version("salespulse"),
        description="The salespulse dashboard's JSON: every page's numbers at /api + "
        "the page's path.",
        lifespan=lifespan,
        docs_url=None,  # the interactive docs load scripts from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    app.state.logins = RateLimit()
    app.include_router(login.router)
    app.include_router(data_upload.api)  # uploads and undo (admins)
    app.include_router(data_upload.html)
    for part in PARTS:
        app.include_router(part.api)
    for part in PARTS:
        app.include_router(part.html)

    @app.get("/static/vega-embed.js", include_in_schema=False)
    def vega_bundle(request: Request) -> Response:
        body = vega.bundle(request.app.state.served.ws.cache_dir)
        return Response(
            body,
            media_type="text/javascript",
            headers={"cache-control": "public, max-age=86400"},
        )

    app.mount("/static", StaticFiles(packages=[("salespulse.web", "static")]), name="static")
    return app
