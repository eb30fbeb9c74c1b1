"""Rendering a page model with its template: Jinja2 with autoescape on (every value is
text), the filters that show numbers to people (`web.format`), the navigation, and the
charts' specs written as JSON data blocks (escaped for HTML; never run as script)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from salespulse.web import format as fmt
from salespulse.web.sessions import CSRF_MARK

#: The navigation: (path, label), in order.
NAV = (
    ("/", "Team"),
    ("/leaderboard", "Leaderboard"),
    ("/products", "Products"),
    ("/bridge", "Bridge"),
    ("/pipeline", "Pipeline"),
    ("/prospecting", "Prospecting"),
    ("/coaching", "Coaching"),
    ("/goals", "Goals"),
    ("/plans", "Plans"),
    ("/one-on-ones", "One-on-ones"),
    ("/check-in", "Check-in"),
    ("/wins", "Wins"),
    ("/kpis", "KPIs"),
    ("/data", "Data"),
)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("salespulse.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(fmt.FILTERS)
    env.globals["nav"] = NAV
    env.globals["csrf"] = CSRF_MARK
    return env


def render(
    request: Any,
    template: str,
    page: Any,
    charts: dict[str, dict[str, Any]],
    twin: bool = True,
    account: bool = True,
) -> str:
    """The page's HTML: `page` (its model) through `template`, with its `charts`; a link
    to its JSON twin when it has one (`twin`), the logout button unless it is the login
    or logout page (`account`). Forms carry `csrf` (`sessions.CSRF_MARK`): send the HTML
    through `sessions.page_response`."""
    return render_at(request.url.path, template, page, charts, twin, account)


def render_at(
    path: str,
    template: str,
    page: Any,
    charts: dict[str, dict[str, Any]],
    twin: bool = True,
    account: bool = True,
) -> str:
    """The HTML of the page at `path` (the navigation marks where it is)."""
    here = next((p for p, _ in reversed(NAV) if p != "/" and path.startswith(p)), "/")
    return (
        environment()
        .get_template(template)
        .render(
            page=page,
            charts=charts,
            here=here,
            path=path,
            currency=page.currency,
            twin=twin,
            account=account,
        )
    )
