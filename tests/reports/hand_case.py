"""The hand case of the products report: a few sale lines and a products list, written
as CSV files and imported as a user would. Every figure the tests expect is worked out
here.

March 2025 (the latest complete month: the data ends on 2 April 2025), price × units:

| product | name       | category | lines            | revenue | units | share  | cumulative |
|---------|------------|----------|------------------|---------|-------|--------|------------|
| A       | Alpha bike | Bikes    | 10 × 50, 6 × 50  | 800     | 16    | 0.5    | 0.5        |
| B       | Beta bike  | Bikes    | 4 × 100          | 400     | 4     | 0.25   | 0.75       |
| C       | Chain      | Parts    | 20 × 10          | 200     | 20    | 0.125  | 0.875      |
| D       | Derailleur | Parts    | 5 × 20           | 100     | 5     | 0.0625 | 0.9375     |
| E       | Energy bar | (none)   | 2 × 25           | 50      | 2     | 0.03125| 0.96875    |
| X       | (no name)  | (none)   | 1 × 50           | 50      | 1     | 0.03125| 1.0        |

Total 1,600. E and X tie at 50: the key orders them. The Pareto line: A, B, C make
0.875 ≥ 0.8, so "3 of 6 products make 80% of revenue".

February 2025 (the previous month): A 8 × 50 = 400, B 4 × 100 = 400, D 5 × 30 = 150
(a higher price then), E 4 × 25 = 100, F (Frame, Bikes) 3 × 100 = 300; total 1,350.
Changes: A +400, B 0, C +200 (new: 0 before), D −50, E −50, X +50 (new). F is lost.

March 2024 (a year earlier): A 4 × 50 = 200 only. So A's year_ago is 200 (change_year
+600) and every other product's is 0 (change_year its March revenue).

By category in March: Bikes = A + B = 1,200 (0.75), Parts = C + D = 300 (0.1875,
cumulative 0.9375), no category = E + X = 100 (0.0625, cumulative 1.0): "2 of 3
categories make 80% of revenue". February: Bikes = A + B + F = 1,100, Parts = D = 150,
none = E = 100; changes +100, +150, 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SALES = [
    ("2024-03-12", "A", 4, 50),
    ("2025-02-03", "A", 8, 50),
    ("2025-02-10", "B", 4, 100),
    ("2025-02-11", "D", 5, 30),
    ("2025-02-17", "E", 4, 25),
    ("2025-02-24", "F", 3, 100),
    ("2025-03-03", "A", 10, 50),
    ("2025-03-20", "A", 6, 50),
    ("2025-03-04", "B", 4, 100),
    ("2025-03-05", "C", 20, 10),
    ("2025-03-06", "D", 5, 20),
    ("2025-03-07", "E", 2, 25),
    ("2025-03-31", "X", 1, 50),
    ("2025-04-02", "A", 1, 50),
]
PRODUCTS = [
    ("A", "Alpha bike", "Bikes"),
    ("B", "Beta bike", "Bikes"),
    ("C", "Chain", "Parts"),
    ("D", "Derailleur", "Parts"),
    ("E", "Energy bar", ""),
    ("F", "Frame", "Bikes"),
]


def write_sales(path: Path, lines: list[tuple[Any, ...]] = SALES, priced: bool = True) -> Path:
    head = "date,product,quantity" + (",unit_price" if priced else "")
    body = [",".join(str(v) for v in (line if priced else line[:3])) for line in lines]
    path.write_text("\n".join([head, *body]) + "\n", encoding="utf-8")
    return path


def write_products(path: Path, rows: list[tuple[str, ...]] = PRODUCTS) -> Path:
    body = [",".join(row) for row in rows]
    path.write_text("\n".join(["product,name,category", *body]) + "\n", encoding="utf-8")
    return path


def make_workspace(folder: Path, products: bool = True, priced: bool = True) -> Any:
    import salespulse

    folder.mkdir(parents=True, exist_ok=True)
    ws = salespulse.init(folder / "ws")
    ws.import_file("sales", write_sales(folder / "sales.csv", priced=priced))
    if products:
        ws.import_file("products", write_products(folder / "products.csv"))
    return ws
