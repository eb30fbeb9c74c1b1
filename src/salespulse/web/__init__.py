"""The web dashboard (`salespulse serve`): server-rendered pages over the Workspace API,
each with a JSON twin at /api + its path, charts drawn in the browser from Vega-Lite
specs with JavaScript the server serves itself. See docs/web.md."""

from __future__ import annotations

from salespulse.web.app import create_app
from salespulse.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
