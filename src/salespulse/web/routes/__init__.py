"""The dashboard's parts, one router pair (pages, JSON twins) per resource."""

from __future__ import annotations

from salespulse.web.routes import team

PARTS = (team.pages,)
