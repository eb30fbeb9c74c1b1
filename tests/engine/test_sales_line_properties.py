"""Properties of the sales-line KPIs, whatever the lines (hypothesis):

- on priced lines, average order value × orders is revenue — for the whole, per rep and
  per month — and average selling price × units is revenue;
- the ratios (order value, selling price, discount rate, gross margin) of a team are
  Σ numerator ÷ Σ denominator over its reps, never a mean of the reps' ratios (each
  order belongs to one rep here, so the reps' orders add up to the team's);
- distinct counts (orders, active and new customers) of a whole are at most the sum over
  its groups and at least the largest group; new customers never exceed active ones.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salespulse.engine import Engine, make_query
from salespulse.kpis.display import is_empty
from tests.engine import generate

FEW = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RATIOS = ("avg_order_value", "avg_selling_price", "discount_rate", "gross_margin")
DISTINCT = ("orders", "active_customers", "new_customers")


@st.composite
def priced_lines(draw: Any) -> list[dict[str, Any]]:
    """Sale lines that all have a price (so an amount): returns, shared and missing order
    numbers (an order number belongs to one rep), missing customers, discounts, costs."""
    rows = []
    for _ in range(draw(st.integers(1, 30))):
        rep = draw(st.sampled_from(generate.SELLERS))
        order = draw(st.one_of(st.none(), st.integers(0, 6)))
        rows.append(
            {
                "date": (generate.START + timedelta(days=draw(st.integers(0, 120)))).date(),
                "product": draw(st.sampled_from(["Pro", "Basic", "Max"])),
                "quantity": float(draw(st.sampled_from([-2, -1, 1, 2, 3, 8]))),
                "unit_price": float(draw(st.sampled_from([10, 25, 40]))),
                "discount": draw(st.sampled_from([None, 0.0, 0.1, 0.25])),
                "discount_amount": draw(st.sampled_from([None, 0.0, 2.0])),
                "cost": draw(st.one_of(st.none(), st.integers(1, 100).map(float))),
                "rep": rep,
                "customer": draw(st.sampled_from([None, "Acme", "Bolt", "Core"])),
                "order_id": None if order is None else f"{rep}-{order}",
            }
        )
    return rows


def _run(engine: Engine, name: str, **params: Any) -> list[dict[str, Any]]:
    df = engine.run(make_query(name, **params))
    return df.astype(object).where(df.notna(), None).to_dict("records")  # type: ignore[no-any-return]


def _num(value: Any) -> float:
    return 0.0 if is_empty(value) else float(value)


def _by(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {r[key]: r for r in rows}


@FEW
@given(priced_lines())
def test_order_value_times_orders_is_revenue(lines: list[dict[str, Any]]) -> None:
    data = {"reps": generate.reps(), "sales": lines, "products": generate.products()}
    with Engine(generate.duckdb_source(data)) as engine:
        for params, key in (({}, None), ({"by": ["rep"]}, "rep"), ({"period": "month"}, "period")):
            revenue = _run(engine, "revenue", **params)
            orders = _run(engine, "orders", **params)
            aov = _run(engine, "avg_order_value", **params)
            units = _run(engine, "units", **params)
            asp = _run(engine, "avg_selling_price", **params)
            if key is None:
                revenue, orders, aov, units, asp = (
                    {None: r[0]} for r in (revenue, orders, aov, units, asp)
                )
            else:
                revenue, orders, aov, units, asp = (
                    _by(r, key) for r in (revenue, orders, aov, units, asp)
                )
            for group, row in revenue.items():
                money = _num(row["value"])
                # a group with only returns has no orders row: 0 orders
                count = orders[group]["value"] if group in orders else 0
                assert aov[group]["denominator"] == count, (params, group)
                if count:
                    assert math.isclose(aov[group]["value"] * count, money, abs_tol=1e-6)
                else:
                    assert is_empty(aov[group]["value"]), (params, group)
                if _num(units[group]["value"]):
                    assert math.isclose(
                        asp[group]["value"] * units[group]["value"], money, abs_tol=1e-6
                    )


@FEW
@given(priced_lines())
def test_team_ratios_are_ratios_of_sums_over_reps(lines: list[dict[str, Any]]) -> None:
    data = {"reps": generate.reps(), "sales": lines, "products": generate.products()}
    with Engine(generate.duckdb_source(data)) as engine:
        for name in RATIOS:
            sums: dict[Any, list[float]] = defaultdict(lambda: [0.0, 0.0])
            for r in _run(engine, name, by=["rep"]):
                sums[generate.TEAMS.get(r["rep"])][0] += _num(r["numerator"])
                sums[generate.TEAMS.get(r["rep"])][1] += _num(r["denominator"])
            teams = _by(_run(engine, name, by=["team"]), "team")
            assert set(teams) == set(sums), name
            for team, (num, den) in sums.items():
                row = teams[team]
                assert math.isclose(_num(row["numerator"]), num, abs_tol=1e-6), (name, team)
                assert math.isclose(_num(row["denominator"]), den, abs_tol=1e-6), (name, team)
                if den:
                    assert math.isclose(row["value"], num / den, rel_tol=1e-9), (name, team)
                else:
                    assert is_empty(row["value"]), (name, team)


@FEW
@given(st.integers(0, 2**31))
def test_distinct_counts_lie_between_the_largest_group_and_the_sum(seed: int) -> None:
    data = generate.dataset(seed)
    with Engine(generate.duckdb_source(data)) as engine:
        for name in DISTINCT:
            whole = _run(engine, name)[0]["value"]
            for params in ({"by": ["rep"]}, {"by": ["product"]}, {"period": "month"}):
                values = [r["value"] for r in _run(engine, name, **params)]
                assert max(values, default=0) <= whole <= sum(values), (name, params)
        for params in ({}, {"by": ["rep"], "period": "month"}):
            active = {
                tuple(v for k, v in r.items() if k in ("rep", "period")): r["value"]
                for r in _run(engine, "active_customers", **params)
            }
            for r in _run(engine, "new_customers", **params):
                key = tuple(v for k, v in r.items() if k in ("rep", "period"))
                assert r["value"] <= active[key], (params, key)
