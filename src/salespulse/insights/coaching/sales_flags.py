"""The flags read from the sales lines: off (or ahead of) pace for the period against the
quota or the rep's usual period, and revenue below (or above) peers with a cause larger
than noise. `flags` turns each into a `Flag`; falling and rising against the rep's own
trend (revenue, orders, customers) come from `signals.trends` like the others."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.core import phrases
from salespulse.insights.core.windows import Window
from salespulse.insights.signals.sales_pace import SalesPace

#: A gap to the peers this large (20%), with a cause beyond noise, is flagged.
PEER_GAP = 0.2


@dataclass(frozen=True)
class Found:
    """A flag before it is named for its rep (see `flags.Flag`)."""

    rep: str
    kind: str
    flag: str
    text: str
    significant: bool
    window: Window
    data: dict[str, Any]


def pace_flag(p: SalesPace, currency: str) -> Found | None:
    if not (p.off or p.ahead):
        return None

    def amount(v: float | None) -> str:
        return phrases.money(v, currency) if p.measure == "revenue" else phrases.number(v, 0)

    reference = (
        f"the {p.period.label} quota of {amount(p.reference)}"
        if p.against == "quota"
        else f"their usual {amount(p.reference)} a period (median of the six before)"
    )
    interval = f" (80% interval {amount(p.low)}–{amount(p.high)})" if p.low is not None else ""
    text = (
        f"{p.measure.capitalize()} {amount(p.actual)} so far with {phrases.pct(p.elapsed)} of the "
        f"selling days gone; projected to land at {amount(p.projected)}{interval}, "
        f"{phrases.pct(p.ratio)} of {reference}."
    )
    if p.chance is not None:
        text += f" Chance of reaching quota: {phrases.pct(p.chance)}."
    if p.off:
        if not p.significant:
            text += " The interval still reaches it: watch, not yet struggling."
        kind = "struggling" if p.significant else "watch"
        return Found(p.rep, kind, "off_pace", text, p.significant, p.period, p.as_dict())
    if not p.significant:
        return None
    return Found(p.rep, "thriving", "ahead_of_pace", text, True, p.period, p.as_dict())


def peer_flag(d: Diagnosis, currency: str) -> Found | None:
    """Revenue below (above) the peers by 20% or more with a cause beyond noise."""
    if d.gap is None or abs(d.gap) < PEER_GAP or any(n.startswith("Sold for") for n in d.notes):
        return None
    causes = [x for x in d.causes if x.role == "funnel"]
    if not causes:
        return None
    cause = causes[0]
    text = (
        f"Revenue {phrases.change(1 + d.gap)} {d.benchmark_label} over {d.window.label}"
        f" ({phrases.money(d.outcome, currency)} a month against "
        f"{phrases.money(d.benchmark, currency)}). Cause: {cause.label} — {cause.detail} "
        f"({cause.test})."
    )
    below = d.gap < 0
    flag = "revenue_below_peers" if below else "revenue_above_peers"
    data = {"gap": d.gap, "view": "sales", "cause": cause.as_dict()}
    return Found(d.rep, "struggling" if below else "thriving", flag, text, True, d.window, data)
