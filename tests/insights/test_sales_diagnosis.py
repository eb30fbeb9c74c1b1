"""The sales-lines diagnosis on a hand-built workspace of sales lines only.

Three peers P0, P1, P2 and the rep S, January to March 2025 (3 months), read as of
March 31. Products: A sells at 50, B at 150, C at 100 (one unit a line).

Each peer: 20 customers, 2 orders each, every order three lines A + B + C (300):
customers 20, orders 40, lines 120, revenue 12,000 → 4,000 a month. The median peer:
4,000 a month. Pooled (all three alike): orders per customer 120/60 = 2, lines per order
360/120 = 3, line value 36,000/360 = 100, so orders a month 4,000 / (3 × 100) = 13.33
and customers a month 13.33 / 2 = 6.67.

S: 10 customers, 2 orders each, every order A + A + C (200): customers 10, orders 20,
lines 60, revenue 4,000 → 1,333.33 a month; gap 1,333.33 / 4,000 − 1 = −2/3.
  customers a month 3.33 vs 6.67: log 0.5 = −0.6931; share −0.6931 / ln(1/3) = 0.6309
  orders per customer 2 vs 2, lines per order 3 vs 3: shares 0
  line value 66.67 vs 100: log(2/3) = −0.4055; share 0.3691 (0.6309 + 0.3691 = 1)
Noise: customers 10 against 6.67 × 3 = 20 expected: p = 2 P(X ≤ 10 | 20) = 2 × 0.01081 = 0.0216,
beyond noise. Mix (the bridge with the peers as base, S as current): the items both sell
are A and C; peers' average price over them (6,000 + 12,000) / 240 = 75; S's 60 units of
them at that price 4,500; at the peers' own prices 40 × 50 + 20 × 100 = 4,000; mix
= 4,000 − 4,500 = −500, ratio 1 − 500 / 4,500 = 0.8889.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salespulse.insights import diagnose, diagnose_sales, flags
from salespulse.insights.coaching.sales_stretch import slope
from salespulse.insights.core.sales_benchmark import log_split
from salespulse.insights.core.sales_figures import SalesFigures

from .builders import AS_OF, workspace

PRICES = {"A": 50.0, "B": 150.0, "C": 100.0}


def lines_for(rep: str, customers: int, order: tuple[str, ...]) -> list[dict[str, Any]]:
    """`customers` customers of `rep`, two orders each in Jan–Mar 2025, each order one
    line of one unit per product in `order`."""
    out = []
    for k in range(customers):
        for j in range(2):
            day = date(2025, 1, 2) + timedelta(days=(k * 2 + j * 45) % 88)
            for i, product in enumerate(order):
                out.append(
                    {
                        "date": day,
                        "product": product,
                        "quantity": 1.0,
                        "amount": PRICES[product],
                        "rep": rep,
                        "customer": f"{rep}-c{k}",
                        "order_id": f"{rep}-{k}-{j}",
                        "line": i,
                    }
                )
    for row in out:
        del row["line"]
    return out


@pytest.fixture(scope="module")
def sales_ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    rows = lines_for("S", 10, ("A", "A", "C"))
    for peer in ("P0", "P1", "P2"):
        rows += lines_for(peer, 20, ("A", "B", "C"))
    return workspace(tmp_path_factory.mktemp("sales") / "ws", {"sales": rows})


def test_hand_case(sales_ws: Any) -> None:
    (d,) = diagnose_sales(sales_ws, rep="S", as_of=AS_OF)
    assert d.view == "sales" and d.window.start == date(2025, 1, 1) and d.window.months == 3
    assert d.outcome == pytest.approx(4000 / 3) and d.benchmark == pytest.approx(4000)
    assert d.gap == pytest.approx(-2 / 3)
    cust, value = d.driver("customers"), d.driver("line_value")
    assert cust is not None and value is not None
    assert cust.rep_value == pytest.approx(10 / 3) and cust.benchmark_value == pytest.approx(20 / 3)
    assert cust.share == pytest.approx(math.log(0.5) / math.log(1 / 3))
    assert cust.significant and "p = 0.0216" in cust.test
    assert value.share == pytest.approx(math.log(2 / 3) / math.log(1 / 3))
    assert value.significant
    for key in ("orders_per_customer", "lines_per_order"):
        x = d.driver(key)
        assert x is not None and x.share == pytest.approx(0.0, abs=1e-12)
    shares = [x.share for x in d.drivers if x.role == "funnel"]
    assert sum(s or 0.0 for s in shares) == pytest.approx(1.0)
    mix = d.driver("mix")
    assert mix is not None and mix.part_of == "line_value"
    assert mix.extra["mix"] == pytest.approx(-500) and mix.rep_value == pytest.approx(
        1 - 500 / 4500
    )
    assert mix.significant and mix.better is False
    assert d.main_cause is not None and d.main_cause.driver == "customers"
    assert d.summary.startswith("Revenue 67% below the median rep")
    assert "cheaper products" in d.summary and "reach more customers" in d.summary


def test_diagnose_uses_the_sales_view_without_deals(sales_ws: Any) -> None:
    found = {d.rep: d for d in diagnose(sales_ws, as_of=AS_OF)}
    assert set(found) == {"S", "P0", "P1", "P2"}
    assert all(d.view == "sales" for d in found.values())
    assert found["P0"].gap == pytest.approx(0.0) and "in line" in found["P0"].summary
    assert found["S"].as_dict()["outcome_unit"] == "revenue a month"


def test_without_customers(tmp_path: Path) -> None:
    """Without a customer column: orders a month, lines per order, line value. S: 20
    orders over 3 months = 6.67 a month against 40 → the peers' 13.33: share
    log(0.5) / log(1/3)."""
    rows = lines_for("S", 10, ("A", "A", "C"))
    for peer in ("P0", "P1", "P2"):
        rows += lines_for(peer, 20, ("A", "B", "C"))
    for row in rows:
        row["customer"] = None
    ws = workspace(tmp_path / "ws", {"sales": rows})
    (d,) = diagnose_sales(ws, rep="S", as_of=AS_OF)
    assert d.driver("customers") is None
    orders = d.driver("orders_per_month")
    assert orders is not None and orders.rep_value == pytest.approx(20 / 3)
    assert orders.share == pytest.approx(math.log(0.5) / math.log(1 / 3))


positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)


@given(st.lists(st.tuples(positive, positive), min_size=1, max_size=6))
def test_log_shares_add_up_to_the_whole_gap(pairs: list[tuple[float, float]]) -> None:
    rep, bench = [p[0] for p in pairs], [p[1] for p in pairs]
    split = log_split(rep, bench)
    gap = math.log(math.prod(rep) / math.prod(bench))
    if split is None:
        assert gap == pytest.approx(0.0, abs=1e-9)
        return
    whole, terms, shares = split
    assert whole == pytest.approx(gap, rel=1e-9, abs=1e-9)
    assert sum(terms) == pytest.approx(whole)
    if abs(whole) > 1e-6:
        assert sum(shares) == pytest.approx(1.0, rel=1e-6)


@given(
    st.floats(min_value=1.0, max_value=1e7),
    st.integers(1, 500),
    st.integers(0, 500),
    st.integers(0, 5000),
    st.floats(min_value=0.5, max_value=12),
)
def test_factors_multiply_to_revenue_a_month(
    revenue: float, customers: int, more_orders: int, more_lines: int, months: float
) -> None:
    """customers a month × orders per customer × lines per order × line value is the
    revenue a month exactly, whatever the figures."""
    orders = customers + more_orders
    f = SalesFigures("r", months, revenue, customers, orders, orders + more_lines)
    product = (
        (f.customers_per_month or 0)
        * (f.orders_per_customer or 0)
        * (f.lines_per_order or 0)
        * (f.line_value or 0)
    )
    assert product == pytest.approx(f.revenue_per_month, rel=1e-9)
    assert f.orders_per_month * (f.lines_per_order or 0) * (f.line_value or 0) == pytest.approx(
        f.revenue_per_month, rel=1e-9
    )


def test_flags_name_the_cause(sales_ws: Any) -> None:
    """As of March 31 the trailing three months are Jan–Mar: S's revenue is 67% below the
    peers with customers as the cause (Poisson p = 0.0216); no pace flag (the month is
    over), no trend (no history before January)."""
    report = flags(sales_ws, as_of=AS_OF)
    (f,) = [x for x in report.flags if x.rep == "S"]
    assert f.kind == "struggling" and f.flag == "revenue_below_peers"
    assert f.data["cause"]["driver"] == "customers" and "67% below" in f.evidence
    assert not [x for x in report.flags if x.rep != "S"]


def test_trend_line_by_hand() -> None:
    """Months 10, 12, 14, 16 (steps 0–3): slope 2 a month; at step 5 the line is 20."""
    assert slope([10.0, 12.0, 14.0, 16.0], 5) == pytest.approx((2.0, 20.0))
    assert slope([5.0, 5.0], 3) is None


def test_each_rep_is_judged_where_they_sell(tmp_path: Path) -> None:
    """N sells through deals (won 4 of 10 in Jan–Mar) and no sale line names them; S and
    the peers sell through sale lines and own no deal. N is neither flagged "revenue
    100% below peers" nor one of S's peers (S's gap stays −2/3), and the sale-line
    sellers are not flagged for having no bookings."""
    from .builders import deals_for

    rows = lines_for("S", 10, ("A", "A", "C"))
    for peer in ("P0", "P1", "P2"):
        rows += lines_for(peer, 20, ("A", "B", "C"))
    reps = [
        {"rep": r, "name": r, "team": "T", "hire_date": date(2023, 1, 1)}
        for r in ("S", "P0", "P1", "P2", "N")
    ]
    deals = deals_for("N", 10, 4, [5000.0])
    ws = workspace(tmp_path / "ws", {"sales": rows, "reps": reps, "deals": deals})
    report = flags(ws, as_of=AS_OF)
    assert not [f for f in report.flags if f.rep == "N" and "revenue" in f.flag]
    assert not [f for f in report.flags if f.flag in ("below_peers", "above_peers")]
    (f,) = [x for x in report.flags if x.rep == "S"]
    assert f.flag == "revenue_below_peers" and "67% below" in f.evidence
    assert {d.rep for d in diagnose_sales(ws, as_of=AS_OF)} == {"S", "P0", "P1", "P2"}
