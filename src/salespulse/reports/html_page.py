"""One self-contained HTML page for a report (products, bridge, ...): inline CSS, charts
as inline SVG, no scripts and nothing fetched — it opens offline, attached to a mail or
printed. Every value passes through `e` (HTML-escaped)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;max-width:960px;
margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #d9e2ec;padding-bottom:.2rem;margin-top:2rem}
.facts{color:#52606d}table{border-collapse:collapse;width:100%;margin:.6rem 0}
th,td{border-bottom:1px solid #e4e7eb;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right}.down{color:#c92a2a}.up{color:#2f9e44}
.muted{color:#7b8794;font-size:.9rem}figure{margin:1rem 0}
figcaption{color:#52606d;font-size:.9rem}
@media print{h2{break-after:avoid}section{break-inside:avoid}}
"""


def e(value: object) -> str:
    """`value` as HTML text (None as an empty cell)."""
    return "" if value is None else escape(str(value))


def table(
    head: Sequence[str], rows: Iterable[Sequence[object]], numeric: Iterable[int] = ()
) -> str:
    """An HTML table; the columns at the `numeric` positions are right-aligned."""
    right = set(numeric)

    def cell(tag: str, i: int, value: object) -> str:
        return f"<{tag}{' class=num' if i in right else ''}>{e(value)}</{tag}>"

    cells = "".join(cell("th", i, h) for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def figure(svg: str, caption: str) -> str:
    """A chart (inline SVG, built from escaped values) with its caption."""
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>"


def paragraphs(lines: Iterable[str], css: str = "facts") -> str:
    return "".join(f'<p class="{css}">{e(line)}</p>' for line in lines)


def page(title: str, *sections: str) -> str:
    """A whole HTML document: `title` (escaped) and the already-built `sections`."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{e(title)}</h1>" + "".join(sections) + "</body></html>\n"
    )
