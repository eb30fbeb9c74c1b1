"""Hand-built sales, reps and quotas for the consistency and projection reports; the
figures each test expects are worked out in its docstring."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

#: ann's monthly revenue in 2024 (one sale on the 10th): tests/reports/test_monthly_band.py
#: works out its band by hand.
ANN_2024 = [100, 100, 100, 121, 81, 100, 144, 64, 100, 100, 400, 16]
#: Read as of 5 January 2025: the last complete month is December 2024.
CONSISTENCY_AS_OF = date(2025, 1, 5)
#: Read as of Friday 13 June 2025: 10 of June's 21 selling days gone.
PROJECTION_AS_OF = date(2025, 6, 13)


def sale(day: date, rep: str, amount: float | None, product: str = "P1") -> dict[str, Any]:
    return {
        "date": day,
        "product": product,
        "quantity": 1.0,
        "unit_price": amount,
        "amount": amount,
        "rep": rep,
        "customer": "C-" + rep,
    }


def quota(rep: str, start: date, end: date, target: float) -> dict[str, Any]:
    label = f"{start:%Y-%m}"
    return {"rep": rep, "period": label, "period_start": start, "period_end": end,
            "metric": "revenue", "target": target}  # fmt: skip


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


REPS = [
    {"rep": "ann", "name": "Ann Lee", "team": "East", "hire_date": date(2015, 1, 5)},
    {"rep": "bob", "name": "Bob Roy", "team": "East", "hire_date": date(2015, 1, 5)},
]


def consistency_tables() -> dict[str, list[dict[str, Any]]]:
    """ann: ANN_2024, one sale each month on the 10th, a revenue quota of 100 a month;
    bob: 50 a month from August to December 2024 only (too little history for a band)."""
    sales = [sale(date(2024, m, 10), "ann", v) for m, v in enumerate(ANN_2024, 1)]
    sales += [sale(date(2024, m, 12), "bob", 50.0, "P2") for m in range(8, 13)]
    quotas = [
        quota("ann", date(2024, m, 1), month_end(date(2024, m, 1)), 100) for m in range(1, 13)
    ]
    return {"reps": REPS, "sales": sales, "quotas": quotas}


def projection_tables() -> dict[str, list[dict[str, Any]]]:
    """From June 2024 to May 2025, ann sells 30 on the 5th of each month and 70 on the
    25th (bob twice that); in June 2025 ann has 45 by the 13th (bob 90). June quotas:
    ann 120, bob 300."""
    sales = []
    for i in range(12):
        first = date(2024 + (5 + i) // 12, (5 + i) % 12 + 1, 1)
        for rep, k in (("ann", 1), ("bob", 2)):
            sales.append(sale(first.replace(day=5), rep, 30.0 * k))
            sales.append(sale(first.replace(day=25), rep, 70.0 * k))
    sales += [sale(date(2025, 6, 5), "ann", 45.0), sale(date(2025, 6, 5), "bob", 90.0)]
    june = (date(2025, 6, 1), date(2025, 6, 30))
    quotas = [quota("ann", *june, 120), quota("bob", *june, 300)]
    return {"reps": REPS, "sales": sales, "quotas": quotas}


def month_end_push(seed: int = 1) -> list[dict[str, Any]]:
    """Two years of daily sales, 2024-2025, where each month brings a fifth of its revenue
    in its first half and the rest in the second (a month-end push); the months' totals
    vary by ±20% at random."""
    rnd = random.Random(seed)
    sales = []
    for i in range(24):
        first = date(2024 + i // 12, i % 12 + 1, 1)
        total = 1000 * (1 + rnd.uniform(-0.2, 0.2))
        days = [first + timedelta(days=d) for d in range((month_end(first) - first).days + 1)]
        days = [d for d in days if d.weekday() < 5]
        early = [d for d in days if d.day <= 15]
        late = [d for d in days if d.day > 15]
        sales += [sale(d, "ann", round(0.2 * total / len(early), 2)) for d in early]
        sales += [sale(d, "ann", round(0.8 * total / len(late), 2)) for d in late]
    return sales
