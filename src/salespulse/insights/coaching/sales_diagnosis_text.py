"""The sales-lines diagnosis in one to four sentences: the gap in revenue and its main
cause, what to work on, the product mix when it matters, and what is in line."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from salespulse.insights.core import phrases
from salespulse.insights.core.sales_benchmark import SalesBenchmark
from salespulse.insights.core.sales_figures import SalesFigures
from salespulse.insights.signals.drivers import MIN_GAP

if TYPE_CHECKING:
    from salespulse.insights.coaching.diagnosis_result import Diagnosis

#: What a manager can work on with the rep, per driver that is a cause of a shortfall.
ACTIONS = {
    "customers": "reach more customers (new accounts, and the ones who stopped buying)",
    "orders_per_month": "more orders: reach more customers and bring them back more often",
    "orders_per_customer": "bring customers back more often (follow-ups, reorders)",
    "lines_per_order": "put more products on each order (cross-sell what goes with it)",
    "line_value": "sell more per line: larger quantities, dearer products, less discount",
}


def summarise(d: Diagnosis, f: SalesFigures, b: SalesBenchmark, currency: str) -> str:
    sentences = [_headline(d, f, b, currency)]
    m = d.driver("mix")
    if m is not None and m.significant and m.effect is not None and abs(m.effect) >= MIN_GAP:
        word = "dearer" if m.effect > 0 else "cheaper"
        sentences.append(f"The product mix leans to {word} products: {m.detail}.")
    worse = [x for x in d.causes if x.role == "funnel" and (x.share or 0) > 0 and not x.better]
    if worse and worse[0].driver in ACTIONS:
        sentences.append(f"To work on: {ACTIONS[worse[0].driver]}.")
    rest = _in_line(d, sentences[0])
    if rest:
        sentences.append(rest)
    return " ".join(s[0].upper() + s[1:] for s in sentences if s)


def _headline(d: Diagnosis, f: SalesFigures, b: SalesBenchmark, currency: str) -> str:
    short, window = b.short, d.window.label
    if b.outcome <= 0:
        return f"No comparison: {short} sold nothing in {window}."
    against = f"{phrases.money(b.outcome, currency)} a month for {short}"
    if f.orders == 0:
        return f"No orders in {window}, so no revenue against {against}."
    ratio = d.outcome / b.outcome
    amounts = (
        f"({phrases.money(d.outcome, currency)} a month against "
        f"{phrases.money(b.outcome, currency)})"
    )
    if ratio <= 0:
        return f"Revenue net of returns is not positive in {window}, against {against}."
    if abs(math.log(ratio)) < MIN_GAP:
        return f"Revenue in line with {short} {amounts}."
    head = f"Revenue {phrases.change(ratio)} {short} {amounts}"
    causes = [x for x in d.causes if x.role == "funnel" and (x.share or 0) > 0]
    if not causes:
        return f"{head}; no driver differs from the benchmark by more than noise."
    top = causes[0]
    assert top.share is not None
    if len(causes) > 1:
        second = causes[1]
        clause = (
            f"{top.label} is {phrases.pct(top.share)} of the gap: {top.detail}; "
            f"{second.label} {phrases.pct(second.share)}: {second.detail}"
        )
    elif top.share >= 1.0:
        clause = f"{top.label} explains all of it: {top.detail}"
    elif top.share >= 0.5:
        clause = f"most of the gap ({phrases.pct(top.share)}) is {top.label}: {top.detail}"
    else:
        clause = f"the largest part ({phrases.pct(top.share)}) is {top.label}: {top.detail}"
    return f"{head}; {clause}."


def _in_line(d: Diagnosis, headline: str) -> str:
    """The factors the headline did not name: in line, strengths, or undecided."""
    funnel = [x for x in d.drivers if x.role == "funnel" and x.detail not in headline]
    in_line = [x.label for x in funnel if not x.significant and x.enough_data]
    strengths = [x for x in funnel if x.significant and x.better and (d.gap or 0) < 0]
    thin = [x for x in funnel if not x.enough_data]
    parts = []
    if in_line:
        parts.append(f"{phrases.join(in_line)} {'is' if len(in_line) == 1 else 'are'} in line.")
    parts.extend(f"{x.label} is a strength: {x.detail}." for x in strengths)
    parts.extend(f"{x.label}: not enough data yet ({x.test})." for x in thin)
    return " ".join(p[0].upper() + p[1:] for p in parts)
