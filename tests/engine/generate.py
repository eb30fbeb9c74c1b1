"""Random but valid canonical tables for differential and property tests: a handful of
reps in two teams (plus one rep missing from the reps table), deals with every status,
stage histories, sales lines, quotas at three levels, leads and activities."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

Data = dict[str, list[dict[str, Any]]]

START = datetime(2024, 11, 1)
DAYS = 180
REPS = ["r1", "r2", "r3", "r4", "r5"]
TEAMS = {"r1": "T1", "r2": "T1", "r3": "T1", "r4": "T2", "r5": "T2"}
#: r6 sells but is missing from the reps table: its team is empty.
SELLERS = [*REPS, "r6"]


def _at(rng: random.Random) -> datetime:
    return START + timedelta(minutes=rng.randrange(DAYS * 24 * 60))


def _maybe(rng: random.Random, value: Any, p_none: float) -> Any:
    return None if rng.random() < p_none else value


def reps() -> list[dict[str, Any]]:
    return [
        {
            "rep": r,
            "name": r.upper(),
            "team": TEAMS[r],
            "manager": "M" + TEAMS[r],
            "region": "North" if r in ("r1", "r4") else "South",
        }
        for r in REPS
    ]


def deals(rng: random.Random, count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    out, stages = [], []
    for i in range(count):
        created = _at(rng)
        status = rng.choice(["open", "won", "won", "lost"])
        closed = None
        if status != "open":
            closed = created + timedelta(
                minutes=rng.choice([0, 0, 360]) + 1440 * rng.randrange(0, 60)
            )
        amount = float(rng.randrange(100, 5000, 50))
        if status == "open" or status == "lost":
            amount = _maybe(rng, amount, 0.15)
        stage = {"won": "Closed Won", "lost": "Closed Lost"}.get(status) or rng.choice(
            ["Qualify", "Proposal", "Negotiation", None]
        )
        deal_id = f"D{i:03d}"
        out.append(
            {
                "deal_id": deal_id,
                "rep": rng.choice(SELLERS),
                "created_at": created if status != "open" else _maybe(rng, created, 0.1),
                "status": status,
                "closed_at": closed,
                "amount": amount,
                "stage": stage,
                "expected_close": _maybe(
                    rng, (created + timedelta(days=rng.randrange(5, 90))).date(), 0.2
                ),
                "probability": _maybe(rng, rng.choice([0.1, 0.3, 0.5, 0.9]), 0.6),
                "product": rng.choice(["Pro", "Basic"]),
                "customer": rng.choice(["Acme", "Bolt", "Core"]),
                "source": rng.choice(["web", "referral", None]),
            }
        )
        if rng.random() < 0.7:
            at = created
            for name in rng.sample(["Qualify", "Proposal", "Negotiation"], rng.randrange(1, 4)):
                stages.append({"deal_id": deal_id, "stage": name, "entered_at": at})
                at += timedelta(hours=rng.randrange(1, 24 * 20))
            if closed is not None and closed > at:
                stages.append({"deal_id": deal_id, "stage": stage, "entered_at": closed})
    return out, stages


def sales(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Sale lines: some without a price or an amount, returns, lines sharing an order
    number (or without one), lines without a customer, discounts as a rate or an amount
    off, and costs given as a cost, a profit, a margin or not at all."""
    out = []
    for i in range(count):
        quantity = float(rng.choice([-1, 1, 2, 3, 5, 8]))
        price = _maybe(rng, float(rng.choice([10, 25, 40])), 0.2)
        discount = rng.choice([None, None, 0.0, 0.1, 0.25])
        discount_amount = rng.choice([None, None, None, 0.0, 5.0])
        amount = None
        if price is not None and rng.random() >= 0.3:
            amount = quantity * price * (1 - (discount or 0)) - (discount_amount or 0)
        costing = rng.choice(["cost", "profit", "margin", None, None])
        cost = round(abs(quantity) * rng.choice([4.0, 6.0, 9.0]), 2)
        out.append(
            {
                "date": _at(rng).date(),
                "product": rng.choice(["Pro", "Basic", "Max"]),
                "quantity": quantity,
                "unit_price": price,
                "discount": discount,
                "discount_amount": discount_amount,
                "amount": amount,
                "cost": cost if costing == "cost" else None,
                "profit": (amount - cost) if costing == "profit" and amount is not None else None,
                "margin": rng.choice([0.2, 0.5]) if costing == "margin" else None,
                "rep": _maybe(rng, rng.choice(SELLERS), 0.1),
                "customer": _maybe(rng, rng.choice(["Acme", "Bolt", "Core", "Dyna"]), 0.1),
                "region": _maybe(rng, "Coast", 0.8),
                "channel": rng.choice(["online", "retail"]),
                "order_id": _maybe(rng, f"O{i // 3}", 0.2),
            }
        )
    return out


def products() -> list[dict[str, Any]]:
    """A cost per unit for two of the three products (Max has none)."""
    return [{"product": "Pro", "cost": 12.0}, {"product": "Basic", "cost": 3.5}]


def quotas(rng: random.Random) -> list[dict[str, Any]]:
    out = []
    months = [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
        date(2025, 3, 1),
    ]
    for rep in REPS[:4]:
        for start in months:
            if rng.random() < 0.8:
                nxt = date(start.year + start.month // 12, start.month % 12 + 1, 1)
                out.append(
                    {
                        "rep": rep,
                        "team": None,
                        "period": f"{start:%Y-%m}",
                        "period_start": start,
                        "period_end": nxt - timedelta(days=1),
                        "metric": "revenue",
                        "target": float(rng.randrange(20, 200, 10)),
                    }
                )
    for rep in REPS[:2]:
        out.append(
            {
                "rep": rep,
                "team": None,
                "period": "2025-Q1",
                "period_start": date(2025, 1, 1),
                "period_end": date(2025, 3, 31),
                "metric": "bookings",
                "target": float(rng.randrange(2000, 9000, 500)),
            }
        )
    out.append(
        {
            "rep": None,
            "team": "T2",
            "period": "2025-Q1",
            "period_start": date(2025, 1, 1),
            "period_end": date(2025, 3, 31),
            "metric": "units",
            "target": 20.0,
        }
    )
    return out


def leads_and_activities(
    rng: random.Random, leads: int, acts: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lead_rows = [
        {
            "lead_id": f"L{i:03d}",
            "created_at": _at(rng),
            "rep": rng.choice(SELLERS),
            "source": rng.choice(["web", "event"]),
            "inbound": rng.choice([True, False, None]),
            "converted_at": None,
            "deal_id": None,
        }
        for i in range(leads)
    ]
    act_rows = []
    for i in range(acts):
        lead = rng.choice(lead_rows) if rng.random() < 0.7 else None
        at = (
            lead["created_at"] + timedelta(minutes=rng.choice([-30, 3, 20, 90, 2000]))
            if lead
            else _at(rng)
        )
        act_rows.append(
            {
                "rep": rng.choice(SELLERS),
                "at": at,
                "activity_id": f"A{i:03d}",
                "type": rng.choice(["call", "call", "email", "meeting", "Call"]),
                "lead_id": lead["lead_id"] if lead else None,
                "deal_id": None,
                "direction": rng.choice(["outbound", "inbound", None, "Outbound"]),
                "outcome": rng.choice(["connected", "no_answer", None]),
            }
        )
    return lead_rows, act_rows


def dataset(seed: int, size: int = 1) -> Data:
    rng = random.Random(seed)
    deal_rows, stage_rows = deals(rng, 30 * size)
    lead_rows, act_rows = leads_and_activities(rng, 20 * size, 50 * size)
    return {
        "reps": reps(),
        "deals": deal_rows,
        "deal_stages": stage_rows,
        "sales": sales(rng, 50 * size),
        "products": products(),
        "quotas": quotas(rng),
        "leads": lead_rows,
        "activities": act_rows,
    }


def duckdb_source(data: Data) -> Any:
    """An in-memory DuckDB source holding `data` as the workspace would."""
    import ibis

    from salespulse.engine.sources import from_duckdb
    from tests.golden.data import load_duckdb

    con = ibis.duckdb.connect()
    load_duckdb(con.con, data)
    return from_duckdb(con, "generated", close=True)
