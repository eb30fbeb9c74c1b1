"""A chart's spec rendered to SVG offline (vl-convert: no browser, nothing fetched), for
reports and packets that must open anywhere."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from html import escape
from typing import Any

#: The width an offline chart gets where the browser would fill its element.
OFFLINE_WIDTH = 640


def svg(spec: dict[str, Any], width: int = OFFLINE_WIDTH) -> str:
    """The chart as one SVG document (text). A spec sized to its element in the browser
    (`width: container`) is drawn `width` pixels wide. The spec's `description` becomes
    the SVG's accessible name (`role="img"`, `aria-label` and its `<title>`), as
    vega-embed makes it in the browser; vl-convert escapes every text it draws. Its ids
    (a legend's gradient, a clip path) are made its own, so that many charts inlined in
    one page do not share them."""
    drawn = {**spec, "width": width} if spec.get("width") == "container" else spec
    return _drawn(json.dumps(drawn, sort_keys=True, default=str))


@functools.lru_cache(maxsize=128)
def _drawn(spec: str) -> str:
    """The SVG of a spec (as JSON text): the same spec drawn again — a page rendered twice,
    the same chart in two places — costs nothing the second time."""
    import vl_convert

    found = json.loads(spec)
    text: str = vl_convert.vegalite_to_svg(found)
    return named(own_ids(text), str(found.get("description") or ""))


_ID = re.compile(r'\bid="([^"]+)"')


def own_ids(text: str) -> str:
    """The SVG `text` with each id (and every reference to it) prefixed by a digest of the
    text: unique to the chart, the same each time it is drawn."""
    ids = set(_ID.findall(text))
    if not ids:
        return text
    prefix = "c" + hashlib.sha1(text.encode()).hexdigest()[:10] + "-"
    found = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    refs = re.compile(rf'(\bid="|url\(#|href="#)({found})(?=[")])')
    return refs.sub(lambda m: m.group(1) + prefix + m.group(2), text)


def named(text: str, description: str) -> str:
    """The SVG document `text` with `description` (escaped) as its accessible name."""
    start = text.find("<svg")
    end = text.find(">", start)
    if start < 0 or end < 0 or not description:
        return text
    name = escape(description, quote=True)
    return f'{text[:end]} role="img" aria-label="{name}"><title>{name}</title>{text[end + 1 :]}'
