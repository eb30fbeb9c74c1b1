"""The pieces every HTML section of a packet is built from: an escaped value, a table of
a `Grid` and a figure with its caption (every value escaped as it is written)."""

from __future__ import annotations

from html import escape

from salespulse.insights.packet.one_on_one_tables import Grid


def e(value: object) -> str:
    return escape(str(value))


def table(grid: Grid) -> str:
    head, rows, numeric = grid.head, grid.rows, grid.numeric
    cells = "".join(
        f"<th{' class=num' if i in numeric else ''}>{e(h)}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=num' if i in numeric else ''}>{e(c)}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>"
