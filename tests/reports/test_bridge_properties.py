"""The revenue bridge's invariants, for any data: the five parts add up to the change;
each item's parts add up to its own change and, over the items, to the totals; only the
items sold in both periods have volume, mix and price; and each group's bridge adds up
to its own change, the groups' changes to the whole's, when the groups partition the
lines (the empty group is a group). Last, the same through the engine on DuckDB."""

from __future__ import annotations

import math
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salespulse.reports.bridge_parts import PARTS, Sold, split

amounts = st.one_of(
    st.none(),
    st.integers(-500_000, 5_000_000).map(lambda c: c / 100),
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
)
# Whole units, or thousandths (kilograms, litres).
units = st.one_of(
    st.none(), st.integers(-20, 200), st.integers(-50_000, 10**9).map(lambda m: m / 1000)
)
sold = st.builds(
    Sold,
    item=st.text(max_size=3),
    name=st.none(),
    units_base=units,
    units_current=units,
    revenue_base=amounts,
    revenue_current=amounts,
)


def close(a: float, b: float, scale: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9 * max(1.0, scale))


@given(st.lists(sold, max_size=12, unique_by=lambda s: s.item))
def test_the_parts_add_up_to_the_change(rows: list[Sold]) -> None:
    totals, items = split(rows)
    # Exact in fractions; as floats, to the precision of the largest numbers involved.
    scale = sum(abs(i.revenue_base) + abs(i.revenue_current) for i in items)
    scale += sum(abs(getattr(i, p)) for i in items for p in PARTS)
    assert close(sum(totals.parts().values()), totals.change, scale)
    assert close(totals.revenue_current - totals.revenue_base, totals.change, scale)
    for i in items:
        parts = [getattr(i, p) for p in PARTS]
        assert close(sum(parts), i.change, scale)
        sold_both = i.units_base > 0 and i.units_current > 0
        assert (i.status == "both") == sold_both
        if sold_both:
            assert i.new == 0 and i.lost == 0
        else:
            assert i.volume == 0 and i.mix == 0 and i.price == 0
            assert (i.new == 0 or i.status != "lost") and (i.lost == 0 or i.status != "new")
    for p in PARTS:
        assert close(sum(getattr(i, p) for i in items), getattr(totals, p), scale)


line = st.tuples(
    st.sampled_from(["p1", "p2", "p3", "p4"]),  # item
    st.sampled_from(["ann", "bob", None]),  # group (None: no rep)
    st.sampled_from([0, 1]),  # period
    st.integers(-3, 12),  # units
    st.one_of(st.none(), st.integers(-2000, 20000).map(lambda c: c / 100)),  # revenue
)


def _sold(lines: list[tuple[Any, ...]]) -> list[Sold]:
    sums: dict[Any, list[Any]] = defaultdict(lambda: [0, 0, None, None])
    for item, _, period, q, r in lines:
        s = sums[item]
        s[period] += q
        if r is not None:
            s[2 + period] = (s[2 + period] or 0) + r
    return [Sold(k, None, *v) for k, v in sums.items()]


@given(st.lists(line, max_size=30))
def test_groups_add_up_to_the_whole(lines: list[tuple[Any, ...]]) -> None:
    whole, _ = split(_sold(lines))
    groups = [split(_sold([x for x in lines if x[1] == g]))[0] for g in ("ann", "bob", None)]
    scale = sum(abs(x[4] or 0) for x in lines)
    for g in groups:
        assert close(sum(g.parts().values()), g.change, scale)
    for field in ("revenue_base", "revenue_current", "change"):
        assert close(sum(getattr(g, field) for g in groups), getattr(whole, field), scale)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, max_size=20))
def test_through_the_engine(lines: list[tuple[Any, ...]]) -> None:
    """The workspace's bridge of stored lines is the arithmetic's on the lines' sums, and
    its groups add up to it (one sold line in each period, so that there is a bridge)."""
    import pytest

    import salespulse
    from tests.golden import data

    lines = [("p1", "ann", 0, 5, 10.0), ("p1", "bob", 1, 4, 12.0), *lines]
    sales = [
        {
            "date": date(2025, 2 + 3 * period, 1 + i % 28),
            "product": item,
            "quantity": q,
            "amount": r,
            "rep": rep,
        }
        for i, (item, rep, period, q, r) in enumerate(lines)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        ws = salespulse.init(Path(tmp) / "ws")
        with ws.connect() as con:
            data.load_duckdb(con, {"sales": sales})
        b = ws.bridge("2025-Q1", "2025-Q2", group="rep")
    expected, _ = split(_sold(lines))
    assert vars(b.totals) == pytest.approx(vars(expected))
    scale = sum(abs(x[4] or 0) for x in lines)
    assert close(sum(g.totals.change for g in b.groups), b.totals.change, scale)
