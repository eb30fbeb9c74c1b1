"""A chart's spec rendered to SVG offline (vl-convert: no browser, nothing fetched), for
reports and packets that must open anywhere."""

from __future__ import annotations

import copy
from typing import Any

#: The width an offline chart gets where the browser would fill its element.
OFFLINE_WIDTH = 640


def svg(spec: dict[str, Any], width: int = OFFLINE_WIDTH) -> str:
    """The chart as one SVG document (text). A spec sized to its element in the browser
    (`width: container`) is drawn `width` pixels wide."""
    import vl_convert

    drawn = copy.deepcopy(spec)
    if drawn.get("width") == "container":
        drawn["width"] = width
    text: str = vl_convert.vegalite_to_svg(drawn)
    return text
