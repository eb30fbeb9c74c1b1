"""The revenue bridge's hand-worked case: eight products sold by two reps, base 2025-Q1
(January–March) against current 2025-Q2 (April–June). The arithmetic is in
tests/reports/test_bridge.py."""

from __future__ import annotations

from datetime import date
from typing import Any

REPS = [
    {"rep": "ann", "name": "Ann Lee", "team": "East", "region": "North"},
    {"rep": "bob", "name": "Bob Ray", "team": "West", "region": "South"},
]

CATEGORY = {"A": "Lighting", "B": "Lighting", "C": "Power", "D": "Power"}
NAMES = {
    "A": "Anchor lamp",
    "B": "Budget bulb",
    "C": "Core cable",
    "D": "Debut dimmer",
    "E": "Exit switch",
    "F": "Fade fuse",
    "G": "Give-back plug",
    "H": "Hint socket",
}


def sale(
    day: str, product: str, quantity: float, price: float | None, rep: str, **extra: Any
) -> dict[str, Any]:
    amount = None if price is None else quantity * price
    return {
        "date": date.fromisoformat(day),
        "product": product,
        "product_name": NAMES.get(product),
        "category": CATEGORY.get(product, "Parts"),
        "quantity": quantity,
        "unit_price": price,
        "amount": amount,
        "rep": rep,
        "customer": "Acme",
        **extra,
    }


SALES = [
    # A: the same 10 units, the price up from 100 to 110.
    sale("2025-01-10", "A", 4, 100, "ann"),
    sale("2025-02-12", "A", 6, 100, "bob"),
    sale("2025-04-08", "A", 5, 110, "ann"),
    sale("2025-05-03", "A", 5, 110, "bob"),
    # B: cheap (20 a unit), 10 units then, 30 now (bob sells it only now).
    sale("2025-03-02", "B", 10, 20, "ann"),
    sale("2025-04-20", "B", 20, 20, "ann"),
    sale("2025-06-01", "B", 10, 20, "bob"),
    # C: 50 a unit, 20 units then, 10 now.
    sale("2025-01-20", "C", 20, 50, "bob"),
    sale("2025-05-15", "C", 10, 50, "bob"),
    # D: new, 5 units at 50.
    sale("2025-06-10", "D", 5, 50, "ann"),
    # E: lost, 4 units at 100.
    sale("2025-02-02", "E", 4, 100, "bob"),
    # F: 2 units at 100 then; now only a return of one of them.
    sale("2025-01-05", "F", 2, 100, "ann"),
    sale("2025-04-02", "F", -1, 100, "ann"),
    # G: only a return in the base period (one unit, 30 back).
    sale("2025-03-30", "G", -1, 30, "bob"),
    # H: 3 units now without an amount or a price.
    sale("2025-06-20", "H", 3, None, "ann"),
    # After the current period: in neither window.
    sale("2025-07-01", "A", 100, 100, "ann"),
]

DATASET = {"sales": SALES, "reps": REPS}
