"""This week's focus list for a rep (issue 10 §3b): what to work first to meet the week's
milestone — the open deals by expected contribution to the period and the leads not
yet worked, each with its reason (`reports.focus_items`).

Where there are no deals or leads (a shop's sale lines only), the list names the
customers to win back instead: those who bought from the rep in the `CUSTOMER_MONTHS`
months before the period and not yet in it (to the as-of date), by what they bought then
(the `revenue` KPI by customer), with the month they last bought in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.data_end import data_end
from salespulse.engine.query import make_query
from salespulse.kpis.display import fmt_unit
from salespulse.model.calendar import add_months
from salespulse.model.periods import MONTH_NAMES, Window
from salespulse.reports.focus_items import LEAD_DAYS, FocusItem, fresh_leads, open_deals
from salespulse.reports.goal_progress import as_of_day

LIMIT = 10
CUSTOMER_MONTHS = 12


@dataclass(frozen=True)
class FocusList:
    """A rep's focus for `window` as of `as_of`: deals, leads and customers, best first
    (at most `LIMIT` of each), with what the list could not do in `notes`."""

    rep: str
    window: Window
    as_of: date
    deals: list[FocusItem] = field(default_factory=list)
    leads: list[FocusItem] = field(default_factory=list)
    customers: list[FocusItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """One flat record per item, deals, then leads, then customers."""
        return [
            {"rep": self.rep, "rank": rank, **item.as_dict()}
            for items in (self.deals, self.leads, self.customers)
            for rank, item in enumerate(items, 1)
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "period": self.window.as_dict(),
            "as_of": self.as_of.isoformat(),
            "deals": [i.as_dict() for i in self.deals],
            "leads": [i.as_dict() for i in self.leads],
            "customers": [i.as_dict() for i in self.customers],
            "notes": self.notes,
        }


def _month(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def lapsed_customers(engine: Engine, rep: str, window: Window, as_of: date) -> list[FocusItem]:
    """The rep's customers of the months before `window` who have not bought in it yet."""
    before = Window.days_between(
        add_months(window.start, -CUSTOMER_MONTHS), window.start - timedelta(days=1)
    )
    where = {"rep": rep}
    past = make_query(
        "revenue",
        by="customer",
        period="month",
        start=before.start,
        end=before.end,
        where=where,
        as_of=as_of,
    )
    now_end = min(window.end, as_of)
    bought: dict[str, float] = {}
    last: dict[str, date] = {}
    for r in engine.result(past).records():
        if r["customer"] is None or r["value"] is None:
            continue
        key = str(r["customer"])
        bought[key] = bought.get(key, 0.0) + float(r["value"])
        last[key] = max(last.get(key, r["period"]), r["period"])
    active: set[str] = set()
    if now_end >= window.start:
        now = make_query(
            "active_customers",
            by="customer",
            start=window.start,
            end=now_end,
            where=where,
            as_of=as_of,
        )
        active = {str(r["customer"]) for r in engine.result(now).records() if r["value"]}
    currency = engine.settings.currency
    out = [
        FocusItem(
            "customer",
            key,
            key,
            value,
            f"bought {fmt_unit(value, 'money', currency)} in {before.label}, last in "
            f"{_month(last[key])}; nothing yet in {window.label}",
            {"past_revenue": value, "last_month": last[key]},
        )
        for key, value in bought.items()
        if key not in active and value > 0
    ]
    return sorted(out, key=lambda i: (-i.score, i.key))


def focus(engine: Engine, rep: str, window: Window, as_of: date | None = None) -> FocusList:
    """What `rep` should work first for `window` (a week, or a goal's period), as of
    `as_of` (default: the end of the data)."""
    day = as_of_day(engine, as_of)
    has = engine.source.has
    notes: list[str] = []
    deals: list[FocusItem] = []
    leads: list[FocusItem] = []
    customers: list[FocusItem] = []
    if has("deals"):
        deals = open_deals(engine, rep, window, day)
        if not deals:
            notes.append(f"{rep} has no open deal with an amount on {day}.")
        elif as_of is not None and as_of < (data_end(engine) or as_of):
            notes.append(
                f"As of {day}, each open deal's stage and probability are its "
                "current ones (the deals table keeps no history of them), as in "
                "the weighted pipeline."
            )
    if has("leads") and has("activities"):
        leads = fresh_leads(engine, rep, day)
        if not leads:
            notes.append(
                f"Every lead {rep} got in the {LEAD_DAYS} days to {day} has been worked "
                "(or there are none)."
            )
    elif has("leads"):
        notes.append(
            "Without the activities table no lead can be told worked or not: "
            "import it (salespulse import activities FILE)."
        )
    if not has("deals") and not has("leads"):
        if not has("sales"):
            notes.append(
                "A focus list needs open deals and leads (the deals, leads and "
                "activities tables) or sale lines with customers: import them."
            )
        else:
            customers = lapsed_customers(engine, rep, window, day)
            notes.append(
                "No deals or leads here: the focus is the customers who bought "
                f"before and not yet in {window.label}, by what they bought. "
                "Import the CRM's deals and leads for a pipeline focus."
            )
            if not customers:
                notes.append(
                    f"Every customer of {rep}'s last {CUSTOMER_MONTHS} months has "
                    f"bought in {window.label} already (or there are none)."
                )
    return FocusList(rep, window, day, deals[:LIMIT], leads[:LIMIT], customers[:LIMIT], notes)
