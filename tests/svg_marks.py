"""What a test reads in a chart rendered offline (vl-convert's SVG): its accessible name
and its marks, each with the words screen readers get (`aria-label`)."""

from __future__ import annotations

import re
from html import unescape

#: The namespaces every SVG names: not fetched.
NAMESPACES = ('xmlns="http://www.w3.org/2000/svg"', 'xmlns:xlink="http://www.w3.org/1999/xlink"')


def svgs(page: str) -> list[str]:
    """Every SVG document in `page`."""
    return re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)


def name(svg: str) -> str:
    """The chart's accessible name (unescaped)."""
    found = re.match(r'<svg\b[^>]*\baria-label="([^"]*)"', svg)
    return unescape(found.group(1)) if found else ""


def marks(svg: str, kind: str) -> list[str]:
    """The words (unescaped) of each mark of `kind` ("bar", "point", "line mark", ...)."""
    found = re.findall(
        rf'aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="{re.escape(kind)}"',
        svg,
    )
    return [unescape(x) for x in found]


def fetches_nothing(page: str) -> bool:
    """No address in `page` but the SVG namespaces."""
    for ns in NAMESPACES:
        page = page.replace(ns, "")
    return "http://" not in page and "https://" not in page
