"""The revenue bridge on the terminal: the waterfall in block characters (base revenue, the
five parts floating from the running total — right and green when they add, left and red
when they take away — current revenue), then the items that moved revenue most and, with
a group, each group's own bridge."""

from __future__ import annotations

from typing import Any

from salespulse.cli.output import console, escape_markup
from salespulse.model.wording import plural

BLOCK = "█"


def bar_cells(start: float, end: float, floor: float, scale: float) -> tuple[int, int]:
    """(offset, length) in cells of a bar from `start` to `end`; a part that is not 0 is
    at least one cell long."""
    a, b = sorted((start, end))
    left, right = round((a - floor) * scale), round((b - floor) * scale)
    if right == left and start != end:
        right = left + 1
    return left, right - left


def show(b: Any, currency: str, top: int = 10) -> None:
    from rich.table import Table
    from rich.text import Text

    from salespulse.reports.bridge_chart import MEANING, caption, floor, steps, summary

    out = console()
    bars = steps(b)
    base = floor(bars)
    hi = max(max(s.start, s.end) for s in bars)
    width = max(10, min(48, out.width - 60))
    scale = width / ((hi - base) or 1.0)
    grid = Table(
        title=f"Revenue bridge by {b.by}: {escape_markup(b.base.label)} → "
        f"{escape_markup(b.current.label)}",
        box=None,
        padding=(0, 1),
        caption=escape_markup(caption(b, currency)),
    )
    grid.add_column("", no_wrap=True)
    grid.add_column("", no_wrap=True, min_width=width)
    grid.add_column("amount", justify="right", no_wrap=True)
    grid.add_column("what it is", style="dim")
    meanings = ["", *MEANING.values(), ""]
    for s, meaning in zip(bars, meanings, strict=True):
        first = max(base, 0.0) if s.total else s.start
        offset, length = bar_cells(first, s.end, base, scale)
        colour = "blue" if s.total else "green" if s.amount >= 0 else "red"
        cells = Text(" " * offset)
        cells.append(BLOCK * length, style=colour)
        amount = _money(s.amount, currency, signed=not s.total)
        label = Text(s.label, style="bold" if s.total else "")
        grid.add_row(label, cells, Text(amount, style="bold" if s.total else colour), meaning)
    out.print(escape_markup(summary(b, currency)), soft_wrap=True)
    out.print(grid)
    _items(out, b, currency, top)
    _groups(out, b, currency)
    for note in b.notes:
        out.print(f"[dim]{escape_markup(note)}[/]", soft_wrap=True)


def _money(value: float, currency: str, signed: bool = False) -> str:
    """Money in a narrow cell, whole units below 10,000 ($950, $1,100, $81.0k, $1.25M),
    with its sign (+ or −) when `signed`."""
    from salespulse.kpis.display import money, money_short

    size = abs(value)
    text = money_short(size, currency) if size >= 10_000 else money(float(round(size)), currency)
    text = text.replace(".00", "", 1)
    if signed and round(value, 2):
        return ("+" if value > 0 else "−") + text
    return text if value >= 0 or not round(value, 2) else "−" + text


def _items(out: Any, b: Any, currency: str, top: int) -> None:
    """The `top` items by the size of their change; on a narrow terminal without their
    revenue then and now, so that every amount shows whole."""
    from rich import box
    from rich.table import Table

    shown = b.items[:top]
    if not shown:
        return
    heads = ["then", "now", "change", "volume", "mix", "price", "new/lost"]
    rows = []
    for i in shown:
        label = "(none)" if i.item is None else str(i.item)
        label += {"both": "", "new": " · new", "lost": " · lost", "neither": " · no units"}[
            i.status
        ]
        if i.name and i.name != i.item:
            label += f"\n{i.name}"
        row = [_money(i.revenue_base, currency), _money(i.revenue_current, currency)]
        parts = (i.change, i.volume, i.mix, i.price, i.new + i.lost)
        row += [_money(v, currency, signed=True) if v else "" for v in parts]
        rows.append((escape_markup(label), row))
    widths = [max(len(h), *(len(r[k]) for _, r in rows)) for k, h in enumerate(heads)]
    keep = list(range(len(heads)))
    if sum(w + 3 for w in widths) + 14 > out.width:
        keep = keep[2:]
    grid = Table(title=f"Items that moved revenue most (by {b.by})", box=box.SIMPLE_HEAD)
    grid.add_column(b.by, min_width=10)
    for k in keep:
        grid.add_column(heads[k], justify="right", no_wrap=True, min_width=widths[k])
    for label, row in rows:
        grid.add_row(label, *(row[k] for k in keep))
    if len(b.items) > top:
        more = plural(len(b.items) - top, "more item")
        grid.caption = f"… and {more} (--top N shows more, --format json all)."
    out.print(grid)


def _groups(out: Any, b: Any, currency: str) -> None:
    """With `--group`, each group's own five parts (they add up to its change; the
    changes add up to the whole's, the parts need not: the mix inside a group is not the
    mix across groups)."""
    from rich import box
    from rich.table import Table

    if b.group is None or not b.groups:
        return
    heads = ["then", "now", "change", "volume", "mix", "price", "new", "lost"]
    rows = []
    for g in b.groups:
        label = "(none)" if g.group is None else str(g.group)
        if g.name and g.name != g.group:
            label += f"\n{g.name}"
        t = g.totals
        row = [_money(t.revenue_base, currency), _money(t.revenue_current, currency)]
        row += [_money(t.change, currency, signed=True)]
        row += [_money(v, currency, signed=True) if v else "" for v in t.parts().values()]
        rows.append((escape_markup(label), row))
    widths = [max(len(h), *(len(r[k]) for _, r in rows)) for k, h in enumerate(heads)]
    keep = list(range(len(heads)))
    if sum(w + 3 for w in widths) + 14 > out.width:
        keep = keep[2:]
    grid = Table(title=f"Each {b.group}'s own bridge", box=box.SIMPLE_HEAD)
    grid.caption = (
        f"Each {b.group}'s parts add up to its own change, and the changes to the whole's; "
        f"the parts need not add up to the whole's parts (the mix within each {b.group}'s "
        "sales is not the mix across all of them)."
    )
    grid.add_column(b.group, min_width=10)
    for k in keep:
        grid.add_column(heads[k], justify="right", no_wrap=True, min_width=widths[k])
    for label, row in rows:
        grid.add_row(label, *(row[k] for k in keep))
    out.print(grid)
