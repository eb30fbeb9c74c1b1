"""The revenue bridge as one self-contained HTML page (reports/html_page.py): the summary,
the waterfall (inline SVG), the five parts with what each means, the items that moved
revenue most and, with groups, each group's bridge. Every value is escaped."""

from __future__ import annotations

from salespulse.kpis.display import money, number
from salespulse.reports.bridge import PARTS, Bridge
from salespulse.reports.bridge_chart import MEANING, caption, signed, summary, svg
from salespulse.reports.bridge_parts import ItemPart
from salespulse.reports.html_page import figure, page, paragraphs, table

#: How an item's status reads in a table.
STATUS = {"both": "sold in both", "new": "new", "lost": "lost", "neither": "no units sold"}
FORMULAS = (
    "With C the items sold (net units > 0) in both periods, Q units, R revenue and "
    "P = R ÷ Q per item (0 = base, 1 = current): volume = (Q1(C) − Q0(C)) × R0(C) ÷ Q0(C); "
    "mix = Σ Q1·P0 − Q1(C) × R0(C) ÷ Q0(C); price = Σ Q1·(P1 − P0); new = the change of "
    "the items that sell only now; lost = the change of the items that sold only then. "
    "Items that sold units in neither period (returns, revenue without units) count in "
    "new when their revenue rose, in lost when it fell."
)


def render(b: Bridge, currency: str, top: int = 25) -> str:
    """The page for `b`: at most `top` items (the largest changes), every group."""
    title = f"Revenue bridge: {b.base.label} to {b.current.label}"
    sections = [
        paragraphs([summary(b, currency), _facts(b)]),
        figure(svg(b, currency), caption(b, currency)),
        "<h2>The five parts</h2>",
        table(
            ["part", "amount", "what it is"],
            [(p, signed(v, currency), MEANING[p]) for p, v in b.parts().items()],
            numeric=[1],
        ),
        f"<h2>Items that moved revenue most (by {b.by})</h2>",
        _items(b.items[:top], currency),
    ]
    if len(b.items) > top:
        sections.append(paragraphs([f"… and {len(b.items) - top:,} more items (JSON lists all)."]))
    if b.group is not None:
        sections.append(f"<h2>By {b.group}</h2>")
        sections.append(
            paragraphs(
                [
                    f"Each {b.group}'s own bridge: its parts add up to its change, and the "
                    "changes add up to the whole. The parts need not add up to the whole's: "
                    "the mix inside each group is not the mix across them."
                ],
                "muted",
            )
        )
        sections.append(
            table(
                [b.group, "name", "base", "current", "change", *PARTS],
                [
                    (
                        g.group,
                        g.name,
                        money(g.totals.revenue_base, currency),
                        money(g.totals.revenue_current, currency),
                        signed(g.totals.change, currency),
                        *(signed(v, currency) for v in g.totals.parts().values()),
                    )
                    for g in b.groups
                ],
                numeric=range(2, 10),
            )
        )
    sections.append(paragraphs(b.notes))
    sections.append(paragraphs([FORMULAS], "muted"))
    return page(title, *sections)


def _facts(b: Bridge) -> str:
    return (
        f"Base {b.base.label} ({b.base.start} to {b.base.end}), current {b.current.label} "
        f"({b.current.start} to {b.current.end}); items are {b.by} values."
    )


def _items(items: list[ItemPart], currency: str) -> str:
    head = ["item", "name", "status", "units then", "units now", "revenue then"]
    head += ["revenue now", "change", *PARTS]
    rows = [
        (
            "(none)" if i.item is None else i.item,
            i.name,
            STATUS[i.status],
            number(i.units_base),
            number(i.units_current),
            money(i.revenue_base, currency),
            money(i.revenue_current, currency),
            signed(i.change, currency),
            *(signed(getattr(i, p), currency) if getattr(i, p) else "" for p in PARTS),
        )
        for i in items
    ]
    return table(head, rows, numeric=range(3, 13))
