"""The revenue bridge on the hand-worked case of tests/reports/bridge_case.py.

Per product, units Q and revenue R, base 2025-Q1 (0) and current 2025-Q2 (1):

    item  Q0   R0     Q1   R1     status
    A     10   1000   10   1100   both (price 100 -> 110)
    B     10    200   30    600   both (price 20, three times the units)
    C     20   1000   10    500   both (price 50, half the units)
    D      -      -    5    250   new
    E      4    400    -      -   lost
    F      2    200   -1   -100   lost (sold then; now only a return)
    G     -1    -30    -      -   neither (only a return): change +30, a rise -> new
    H      -      -    3      0   new (units without a price: revenue 0)

Revenue 2770 -> 2350: change -420.
C = {A, B, C}: Q0(C) = 40, R0(C) = 2200, the base average A0 = 55; Q1(C) = 50.
    volume = (50 - 40) x 55                            =  550
    mix    = (10x100 + 30x20 + 10x50) - 50 x 55 = 2100 - 2750 = -650
    price  = 10x(110-100) + 30x0 + 10x0                =  100
    new    = D 250 + G (0 - -30) 30 + H 0              =  280
    lost   = E (0 - 400) + F (-100 - 200)              = -700
    550 - 650 + 100 + 280 - 700 = -420.
Per item, volume (Q1-Q0) x 55, mix (Q1-Q0) x (P0-55), price Q1 x (P1-P0):
    A: 0, 0, 100 (= its change 100)
    B: 20x55 = 1100, 20x(20-55) = -700, 0 (= 400)
    C: -10x55 = -550, -10x(50-55) = 50, 0 (= -500)
    volume 0 + 1100 - 550 = 550, mix 0 - 700 + 50 = -650.

By rep (each its own bridge):
  ann: R0 = A 400 + B 200 + F 200 = 800; R1 = A 550 + B 400 + D 250 + F -100 + H 0 = 1100.
       C = {A, B}: Q0 = 14, R0(C) = 600, Q1(C) = 25, A0 = 600/14.
       volume = 11 x 600/14 = 3300/7; mix = (5x100 + 20x20) - 25 x 600/14 = 900 - 7500/7
       = -1200/7; price = 5 x 10 = 50; new = D 250 (+ H 0); lost = F -300.
       3300/7 - 1200/7 + 50 + 250 - 300 = 300 = 1100 - 800.
  bob: R0 = A 600 + C 1000 + E 400 + G -30 = 1970; R1 = A 550 + B 200 + C 500 = 1250.
       C = {A, C}: Q0 = 26, R0(C) = 1600, Q1(C) = 15, A0 = 1600/26.
       volume = -11 x 1600/26 = -8800/13; mix = (5x100 + 10x50) - 15 x 1600/26 = 1000/13;
       price = 5 x 10 = 50; new = B 200 + G 30 = 230 (B is new for bob); lost = E -400.
       -8800/13 + 1000/13 + 50 + 230 - 400 = -720 = 1250 - 1970.
  300 - 720 = -420: the groups' changes add up to the whole's (their volumes, -205.49,
  do not add up to the whole's 550: B is new for bob but sold in both for the whole).
"""

from __future__ import annotations

from typing import Any

import pytest

import salespulse
from salespulse.errors import UserError
from tests.golden import data
from tests.reports.bridge_case import DATASET

PARTS = ("volume", "mix", "price", "new", "lost")


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    workspace = salespulse.init(tmp_path_factory.mktemp("bridge") / "ws")
    with workspace.connect() as con:
        data.load_duckdb(con, DATASET)
    return workspace


def _parts(x: Any) -> tuple[float, ...]:
    return tuple(getattr(x, p) for p in PARTS)


def test_the_hand_worked_case(ws: Any) -> None:
    b = ws.bridge("2025-Q1", "2025-Q2")
    t = b.totals
    assert (t.revenue_base, t.revenue_current, t.change) == pytest.approx((2770, 2350, -420))
    assert _parts(t) == pytest.approx((550, -650, 100, 280, -700))
    items = {i.item: i for i in b.items}
    assert {k: i.status for k, i in items.items()} == {
        "A": "both",
        "B": "both",
        "C": "both",
        "D": "new",
        "E": "lost",
        "F": "lost",
        "G": "neither",
        "H": "new",
    }
    assert _parts(items["A"]) == pytest.approx((0, 0, 100, 0, 0))
    assert _parts(items["B"]) == pytest.approx((1100, -700, 0, 0, 0))
    assert _parts(items["C"]) == pytest.approx((-550, 50, 0, 0, 0))
    assert _parts(items["F"]) == pytest.approx((0, 0, 0, 0, -300))
    assert _parts(items["G"]) == pytest.approx((0, 0, 0, 30, 0))
    a = items["A"]
    assert (a.name, a.units_base, a.units_current, a.price_base, a.price_current) == (
        "Anchor lamp",
        10,
        10,
        pytest.approx(100),
        pytest.approx(110),
    )
    assert items["G"].price_base is None  # no units sold: no price
    # Largest change first: B +400 and C -500 lead.
    assert [i.item for i in b.items[:2]] == ["C", "B"]
    assert any("1 line had units but no amount" in n for n in b.notes)
    assert any("1 item sold no units in either period" in n for n in b.notes)


def test_each_group_has_its_own_bridge(ws: Any) -> None:
    b = ws.bridge("2025-Q1", "2025-Q2", group="rep")
    assert _parts(b.totals) == pytest.approx((550, -650, 100, 280, -700))
    groups = {g.group: g for g in b.groups}
    assert set(groups) == {"ann", "bob"} and groups["ann"].name == "Ann Lee"
    ann, bob = groups["ann"].totals, groups["bob"].totals
    assert (ann.revenue_base, ann.revenue_current) == pytest.approx((800, 1100))
    assert _parts(ann) == pytest.approx((3300 / 7, -1200 / 7, 50, 250, -300))
    assert _parts(bob) == pytest.approx((-8800 / 13, 1000 / 13, 50, 230, -400))
    assert {i.item: i.status for i in groups["bob"].items}["B"] == "new"
    assert ann.change + bob.change == pytest.approx(b.totals.change)


def test_dates_give_the_same_bridge_as_labels(ws: Any) -> None:
    by_label = ws.bridge("2025-Q1", "2025-Q2")
    by_dates = ws.bridge(
        base_start="2025-01-01",
        base_end="2025-03-31",
        current_start="2025-04-01",
        current_end="2025-06-30",
    )
    assert by_dates.totals == by_label.totals and by_dates.items == by_label.items
    assert by_dates.base.label == "Jan–Mar 2025"


def test_by_category_and_where(ws: Any) -> None:
    b = ws.bridge("2025-Q1", "2025-Q2", by="category")
    assert b.totals.change == pytest.approx(-420)
    assert {i.item for i in b.items} == {"Lighting", "Power", "Parts"}
    # Only ann's lines: her bridge of the test above.
    ann = ws.bridge("2025-Q1", "2025-Q2", where={"rep": "ann"})
    assert _parts(ann.totals) == pytest.approx((3300 / 7, -1200 / 7, 50, 250, -300))


def test_periods_of_different_lengths_are_noted(ws: Any) -> None:
    b = ws.bridge("2025-01", "2025-Q2")
    assert any("differ in length (31 days against 91)" in n for n in b.notes)
    # A quarter of 90 days against one of 91 is not worth a note.
    assert not any("differ in length" in n for n in ws.bridge("2025-Q1", "2025-Q2").notes)


@pytest.mark.parametrize(
    ("kwargs", "option", "words"),
    [
        ({"base": "2025-Q2", "current": "2025-Q1"}, "base", "comes after"),
        ({"base": "2025-Q1", "current": "2025-Q1"}, "current", "the same period"),
        ({"base": "2025", "current": "2025-Q2"}, "current", "overlap"),
        ({"base": "2025-Q5", "current": "2025-Q2"}, "base", "is not a period"),
        ({"base": "2025-Q1"}, "current", "needs a current period"),
        ({"base": "2025-Q1", "current_start": "2025-04-01"}, "current_end", "missing"),
        (
            {"base": "2025-Q1", "current": "2025-Q2", "current_start": "2025-04-01"},
            "current",
            "both as a label and as dates",
        ),
        ({"base": "2024-Q1", "current": "2025-Q2"}, "base", "no sales in `base` 2024-Q1"),
        ({"base": "2025-Q1", "current": "2025-Q2", "by": "colour"}, "by", "not an item"),
        ({"base": "2025-Q1", "current": "2025-Q2", "group": "customer"}, "group", "not a group"),
        (
            {"base": "2025-Q1", "current": "2025-Q2", "where": {"rep": "zed"}},
            "where",
            "No sale line matches `where` rep=zed",
        ),
    ],
)
def test_mistakes_say_what_to_change(
    ws: Any, kwargs: dict[str, Any], option: str, words: str
) -> None:
    with pytest.raises(UserError) as info:
        ws.bridge(**kwargs)
    assert words in info.value.message and info.value.fix and info.value.option == option


def test_no_sales_names_the_months_there_are(ws: Any) -> None:
    with pytest.raises(UserError) as info:
        ws.bridge("2025-Q1", "2026-Q1")
    assert "they run from Jan 2025 to Jul 2025" in info.value.fix


def _workspace(tmp_path: Any, sales: list[dict[str, Any]]) -> Any:
    ws = salespulse.init(tmp_path / "ws")
    with ws.connect() as con:
        data.load_duckdb(con, {"sales": sales})
    return ws


def test_without_categories_units_or_revenue(tmp_path: Any) -> None:
    from tests.reports.bridge_case import sale

    plain = [
        {**sale("2025-01-10", "A", 4, 100, "ann"), "category": None},
        {**sale("2025-04-10", "A", 5, 100, "ann"), "category": None},
    ]
    ws = _workspace(tmp_path / "plain", plain)
    assert ws.bridge("2025-Q1", "2025-Q2").totals.volume == pytest.approx(100)
    with pytest.raises(UserError, match="No sale line has a category") as info:
        ws.bridge("2025-Q1", "2025-Q2", by="category")
    assert "import products" in info.value.fix and info.value.option == "by"
    returns = [{**line, "quantity": -line["quantity"]} for line in plain]
    with pytest.raises(UserError, match="No item sold any units"):
        _workspace(tmp_path / "returns", returns).bridge("2025-Q1", "2025-Q2")
    unpriced = [{**line, "unit_price": None, "amount": None} for line in plain]
    with pytest.raises(UserError, match="no amounts or prices") as info:
        _workspace(tmp_path / "unpriced", unpriced).bridge("2025-Q1", "2025-Q2")
    assert "unit_price" in info.value.fix
    with pytest.raises(UserError, match="no sales to compare"):
        _workspace(tmp_path / "empty", []).bridge("2025-Q1", "2025-Q2")


def test_with_no_period_the_latest_complete_month_against_the_one_before(ws: Any) -> None:
    """The same bridge as its months named: the CLI's `salespulse bridge` and the
    dashboard's bridge page with no period both read it."""
    from salespulse.model.periods import Window

    end = ws.scorecard().window.data_end
    month = Window.latest_complete("month", end, ws.settings)
    named = ws.bridge(month.previous().start.strftime("%Y-%m"), month.start.strftime("%Y-%m"))
    found = ws.bridge()
    assert (found.base.start, found.current.start) == (named.base.start, named.current.start)
    assert found.current.start == month.start and found.base.end < found.current.start
    assert found.to_dict() == named.to_dict()
