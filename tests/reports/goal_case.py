"""The hand case of goal progress and milestones: a rep with a known history of deals,
leads and touches, written as canonical rows (tests/insights/builders.py).

ann (team East) in each of the twelve months June 2024 – May 2025 (every month has 20 to
23 selling days, Monday to Friday):

- wins four deals: 1,000 on the month's 1st selling day, 2,000 on its 7th, 3,000 on its
  13th and 4,000 on its 18th (10,000 a month), and loses four (500 each) on its 1st
  selling day; every deal is created the day it closes;
- gets 16 leads on the 1st selling day, each touched twice (two outbound calls).

In June 2025 (as of Wednesday 11 June) she has won 1,500 on Tuesday 3 June and 2,000
on Tuesday 10 June, and lost one deal on 3 June.

bob (team East) closed 3 deals in the six months before June: one won (2,500, on 3
March 2025) and two lost (500 each, on 4 March); no leads. cid (team West) has nothing.

For the split: June 2025 bookings quotas ann 6,000, bob 3,000.

For the focus list (as of 11 June, the week 2025-W24 = 9–15 June), ann's open deals,
all created on Monday 2 June:

| deal | amount | probability | stage | expected close |
|---|---|---|---|---|
| open-A | 4,000 | 0.5 | Qualify | 2025-06-13 |
| open-B | 10,000 | 0.3 | Qualify | 2025-08-30 |
| open-C | 6,000 | 0.4 | Proposal (entered 2 June) | 2025-06-20 |

and the stage history: three of May 2025's won deals spent 2, 4 and 6 days in Proposal
before Closed Won. Leads not touched: L-new-1 (web, 10 June), L-new-2 (event, 4 June),
L-new-3 (web, 5 June, already a deal: ann-june-1), L-old (web, 15 November 2024).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

AS_OF = date(2025, 6, 11)
#: ann's deals each month, by selling day: (selling day, amount, status).
MONTH_DEALS = [(1, 1000.0, "won"), (7, 2000.0, "won"), (13, 3000.0, "won"),
               (18, 4000.0, "won")] + [(1, 500.0, "lost")] * 4  # fmt: skip
LEADS_A_MONTH = 16
TOUCHES_A_LEAD = 2


def selling_day(year: int, month: int, k: int) -> date:
    """The `k`th Monday-to-Friday day of the month."""
    day = date(year, month, 1)
    seen = 0
    while True:
        if day.weekday() < 5:
            seen += 1
            if seen == k:
                return day
        day += timedelta(days=1)


def months() -> list[tuple[int, int]]:
    """June 2024 .. May 2025."""
    return [(2024 + (5 + i) // 12, (5 + i) % 12 + 1) for i in range(12)]


def deal(deal_id: str, rep: str, day: date, amount: float, status: str) -> dict[str, Any]:
    at = datetime.combine(day, datetime.min.time()) + timedelta(hours=11)
    return {"deal_id": deal_id, "rep": rep, "created_at": at, "status": status,
            "closed_at": at, "amount": amount, "source": "web"}  # fmt: skip


def tables() -> dict[str, list[dict[str, Any]]]:
    deals, leads, activities = [], [], []
    for year, month in months():
        for i, (k, amount, status) in enumerate(MONTH_DEALS):
            day = selling_day(year, month, k)
            deals.append(deal(f"ann-{year}{month:02d}-{i}", "ann", day, amount, status))
        first = datetime.combine(selling_day(year, month, 1), datetime.min.time())
        for j in range(LEADS_A_MONTH):
            lead_id = f"L-{year}{month:02d}-{j}"
            created = first + timedelta(hours=9, minutes=j)
            leads.append({"lead_id": lead_id, "created_at": created, "rep": "ann",
                          "source": "web", "inbound": True})  # fmt: skip
            for t in range(TOUCHES_A_LEAD):
                activities.append({"rep": "ann", "at": created + timedelta(hours=1 + t),
                                   "type": "call", "lead_id": lead_id,
                                   "direction": "outbound"})  # fmt: skip
    deals += [
        deal("ann-june-1", "ann", date(2025, 6, 3), 1500.0, "won"),
        deal("ann-june-2", "ann", date(2025, 6, 10), 2000.0, "won"),
        deal("ann-june-3", "ann", date(2025, 6, 3), 500.0, "lost"),
        deal("bob-1", "bob", date(2025, 3, 3), 2500.0, "won"),
        deal("bob-2", "bob", date(2025, 3, 4), 500.0, "lost"),
        deal("bob-3", "bob", date(2025, 3, 4), 500.0, "lost"),
    ]
    deals += [open_deal("open-A", 4000.0, 0.5, "Qualify", date(2025, 6, 13)),
              open_deal("open-B", 10000.0, 0.3, "Qualify", date(2025, 8, 30)),
              open_deal("open-C", 6000.0, 0.4, "Proposal", date(2025, 6, 20))]  # fmt: skip
    stages = [{"deal_id": "open-C", "stage": "Proposal",
               "entered_at": datetime(2025, 6, 2, 11)}]  # fmt: skip
    for i, days in enumerate((2, 4, 6)):
        won = next(d for d in deals if d["deal_id"] == f"ann-202505-{i}")
        stages += [{"deal_id": won["deal_id"], "stage": "Proposal",
                    "entered_at": won["closed_at"] - timedelta(days=days)},
                   {"deal_id": won["deal_id"], "stage": "Closed Won",
                    "entered_at": won["closed_at"]}]  # fmt: skip
    for lead_id, source, day, deal_id in (
        ("L-new-1", "web", datetime(2025, 6, 10, 9), None),
        ("L-new-2", "event", datetime(2025, 6, 4, 9), None),
        ("L-new-3", "web", datetime(2025, 6, 5, 9), "ann-june-1"),
        ("L-old", "web", datetime(2024, 11, 15, 9), None),
    ):
        leads.append({"lead_id": lead_id, "created_at": day, "rep": "ann", "source": source,
                      "inbound": True, "deal_id": deal_id})  # fmt: skip
    june = {"period": "2025-06", "period_start": date(2025, 6, 1),
            "period_end": date(2025, 6, 30), "metric": "bookings"}  # fmt: skip
    quotas = [{"rep": "ann", **june, "target": 6000.0}, {"rep": "bob", **june, "target": 3000.0}]
    reps = [{"rep": r, "name": r.title(), "team": t} for r, t in
            (("ann", "East"), ("bob", "East"), ("cid", "West"))]  # fmt: skip
    return {"reps": reps, "deals": deals, "leads": leads, "activities": activities,
            "deal_stages": stages, "quotas": quotas}  # fmt: skip


def open_deal(deal_id: str, amount: float, chance: float, stage: str, expected: date) -> Any:
    return {"deal_id": deal_id, "rep": "ann", "created_at": datetime(2025, 6, 2, 10),
            "status": "open", "amount": amount, "probability": chance, "stage": stage,
            "expected_close": expected, "source": "web"}  # fmt: skip
