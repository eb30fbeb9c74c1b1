"""Invariants of the ranking for any sales (hypothesis): shares add up to 1, the
cumulative share never falls and ends at 1, the Pareto count is the first item reaching
80%, and the order the items come in changes nothing."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from salespulse.model.periods import Window
from salespulse.model.settings import Settings
from salespulse.reports.product_ranking import fold, pareto_count, ranked
from salespulse.reports.product_sales import Sold

MARCH = Window.period(date(2025, 3, 1), "month", Settings())
NONE = Sold(MARCH.previous(), {}, {}, {}, {})

#: product -> (revenue, units): what a KPI query returns, any non-negative amounts.
items = st.dictionaries(
    st.text(alphabet="ABCDEFGH", min_size=1, max_size=3),
    st.tuples(
        st.floats(min_value=0, max_value=1e7, allow_nan=False),
        st.integers(min_value=1, max_value=10_000),
    ),
    min_size=1,
    max_size=40,
)


def sold(found: dict[str, tuple[float, int]], order: list[str] | None = None) -> Sold:
    keys = order or list(found)
    return Sold(
        MARCH,
        {k: found[k][0] for k in keys},
        {k: float(found[k][1]) for k in keys},
        {k: 1 for k in keys},
        {},
    )


@given(items, st.randoms(use_true_random=False))
def test_shares_cumulative_shares_and_order(found: dict[str, tuple[float, int]], rnd) -> None:  # type: ignore[no-untyped-def]
    records = ranked(sold(found), NONE, NONE, "product", "revenue")
    total = sum(v for v, _ in found.values())
    assert len(records) == len(found)
    values = [r["revenue"] for r in records]
    assert values == sorted(values, reverse=True)
    if total > 0:
        shares = [r["share"] for r in records]
        cumulative = [r["cumulative_share"] for r in records]
        assert abs(sum(shares) - 1) < 1e-9
        assert all(b >= a for a, b in itertools.pairwise(cumulative))
        assert cumulative[-1] == 1.0
        count = pareto_count(records)
        assert count is not None and cumulative[count - 1] >= 0.8 - 1e-12
        assert count == 1 or cumulative[count - 2] < 0.8
    else:
        assert all(r["share"] is None for r in records) and pareto_count(records) is None
    shuffled = list(found)
    rnd.shuffle(shuffled)
    assert ranked(sold(found, shuffled), NONE, NONE, "product", "revenue") == records


@given(items, st.integers(min_value=1, max_value=50))
def test_the_top_and_all_others_add_up_to_the_whole(
    found: dict[str, tuple[float, int]], top: int
) -> None:
    records = ranked(sold(found), NONE, NONE, "product", "revenue")
    shown, others = fold(records, top)
    assert shown == records[:top]
    if others is None:
        assert len(records) <= top
        return
    assert others["items"] == len(records) - top
    assert others["units"] == sum(r["units"] for r in records[top:])
    whole = sum(r["revenue"] for r in shown) + others["revenue"]
    assert abs(whole - sum(v for v, _ in found.values())) <= 1e-6 * max(1.0, whole)


@given(
    st.dictionaries(
        st.text(alphabet="ABCDEF", min_size=1, max_size=2),
        st.tuples(
            st.floats(min_value=-1e5, max_value=1e6, allow_nan=False),
            st.integers(min_value=1, max_value=100),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_with_returns_the_shares_still_add_up(found: dict[str, tuple[float, int]]) -> None:
    """Returns can make an item's revenue negative: it ranks last with a negative share;
    while the total is positive the shares still add up to 1 and the last cumulative
    share is 1; without a positive total there are no shares and no Pareto line."""
    records = ranked(sold(found), NONE, NONE, "product", "revenue")
    total = sum(r["revenue"] for r in records)
    if total > 0:
        assert abs(sum(r["share"] for r in records) - 1) < 1e-6
        assert records[-1]["cumulative_share"] == 1.0
        assert pareto_count(records) is not None
    else:
        assert pareto_count(records) is None and records[0]["share"] is None
