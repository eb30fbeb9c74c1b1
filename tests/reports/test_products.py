"""The products report on the hand case of tests/reports/hand_case.py (every figure is
worked out in its docstring), through the Python API and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from salespulse.errors import UserError
from tests.reports.hand_case import make_workspace, write_sales

CONTRACT = (
    "product",
    "name",
    "revenue",
    "units",
    "share",
    "cumulative_share",
    "change",
    "previous",
)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return make_workspace(tmp_path_factory.mktemp("products"))


def run(ws: Any, *args: str) -> str:
    result = CliRunner(env={"COLUMNS": "160"}).invoke(cli, ["-w", str(ws.path), "products", *args])
    assert result.exit_code == 0, result.output
    return result.output


def by_key(report: Any) -> dict[Any, dict[str, Any]]:
    return {r[report.by]: r for r in report.records}


def test_the_latest_complete_month_ranked_with_shares_and_the_pareto_line(ws: Any) -> None:
    report = ws.products()
    assert (report.window.label, report.compared.label, report.year_ago.label) == (
        "Mar 2025",
        "Feb 2025",
        "Mar 2024",
    )
    assert report.measure == "revenue" and (report.revenue, report.units) == (1600, 48)
    rows = [(r["rank"], r["product"], r["revenue"], r["units"]) for r in report.records]
    assert rows == [
        (1, "A", 800, 16),
        (2, "B", 400, 4),
        (3, "C", 200, 20),
        (4, "D", 100, 5),
        (5, "E", 50, 2),
        (6, "X", 50, 1),
    ]
    assert [r["share"] for r in report.records] == [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.03125]
    assert [r["cumulative_share"] for r in report.records] == [
        0.5,
        0.75,
        0.875,
        0.9375,
        0.96875,
        1.0,
    ]
    assert report.pareto == "3 of 6 products make 80% of revenue" and report.pareto_count == 3
    rows_ = by_key(report)
    assert rows_["A"]["name"] == "Alpha bike" and rows_["X"]["name"] is None
    changes = {k: (r["previous"], r["change"]) for k, r in rows_.items()}
    assert changes == {
        "A": (400, 400),
        "B": (400, 0),
        "C": (0, 200),
        "D": (150, -50),
        "E": (100, -50),
        "X": (0, 50),
    }
    assert (rows_["A"]["year_ago"], rows_["A"]["change_year"]) == (200, 600)
    assert (rows_["C"]["year_ago"], rows_["C"]["change_year"]) == (0, 200)


def test_new_and_lost_products_and_no_mover_beyond_noise(ws: Any) -> None:
    """C and X were not sold in February (new), F not in March (lost). A doubled (8 → 16
    units) but on 1 → 2 lines: the conditional binomial test gives p ≈ 0.6 for the lines,
    so nobody is named a mover; A, D and E are the changes within noise (B did not
    change)."""
    m = ws.products().movers
    assert [x.key for x in m.new] == ["C", "X"] and [x.current for x in m.new] == [200, 50]
    assert [(x.key, x.name, x.previous) for x in m.lost] == [("F", "Frame", 300)]
    assert m.rises == [] and m.falls == [] and m.not_named == 3


def test_by_category_counts_the_lines_without_one_as_one_item(ws: Any) -> None:
    report = ws.products(by="category", period="2025-03")
    got = [(r["category"], r["revenue"], r["share"], r["cumulative_share"]) for r in report.records]
    assert got == [
        ("Bikes", 1200, 0.75, 0.75),
        ("Parts", 300, 0.1875, 0.9375),
        (None, 100, 0.0625, 1.0),
    ]
    assert [r["change"] for r in report.records] == [100, 150, 0]
    assert report.pareto == "2 of 3 categories make 80% of revenue"
    assert any("no category" in n for n in report.notes)


def test_where_filters_before_the_shares(ws: Any) -> None:
    """Parts only: C 200 and D 100 of 300."""
    report = ws.products(where={"category": "Parts"})
    assert [(r["product"], r["share"]) for r in report.records] == [("C", 2 / 3), ("D", 1 / 3)]
    assert "category Parts" in run(ws, "--where", "category=Parts", "--format", "table")


def test_top_folds_the_rest_into_all_others(ws: Any) -> None:
    report = ws.products(top=2)
    assert [r["product"] for r in report.records] == ["A", "B"]
    others = report.others
    assert (others["items"], others["revenue"], others["units"], others["share"]) == (
        4,
        400,
        28,
        0.25,
    )
    assert (others["previous"], others["change"], others["cumulative_share"]) == (250, 150, 1.0)


def test_json_is_the_contract(ws: Any) -> None:
    rows = json.loads(run(ws, "--format", "json"))
    assert len(rows) == 6 and all(set(CONTRACT) <= set(r) for r in rows)
    assert rows[0] == {
        "rank": 1,
        "product": "A",
        "name": "Alpha bike",
        "revenue": 800.0,
        "units": 16.0,
        "share": 0.5,
        "cumulative_share": 0.5,
        "previous": 400.0,
        "change": 400.0,
        "year_ago": 200.0,
        "change_year": 600.0,
    }
    lines = run(ws, "--format", "csv").splitlines()
    assert lines[0] == (
        "rank,product,name,revenue,units,share,cumulative_share,previous,change,year_ago,"
        "change_year"
    )
    assert lines[6] == "6,X,,50.0,1.0,0.03125,1.0,0.0,50.0,0.0,50.0"


def test_top_5_gives_exactly_the_five_best_sellers_best_first(ws: Any) -> None:
    rows = json.loads(run(ws, "--top", "5", "--format", "json"))
    assert [r["product"] for r in rows] == ["A", "B", "C", "D", "E"]
    assert [r["revenue"] for r in rows] == [800, 400, 200, 100, 50]
    table = run(ws, "--top", "5", "--format", "table")
    assert "all others (1 product)" in table and "3 of 6 products make 80% of revenue" in table


def test_the_table_says_the_pareto_line_and_the_movers(ws: Any) -> None:
    table = run(ws, "--format", "table")
    for text in (
        "Products by revenue, Mar 2025",
        "Alpha bike (A)",
        "+$400.00 (+100%)",
        "Revenue $1,600, 48 units; 6 products sold in Mar 2025.",
        "3 of 6 products make 80% of revenue.",
        "Falling beyond noise: none",
        "Lost (1)",
        "Frame (F): $300.00 the period before",
    ):
        assert text in table, text


def test_periods_by_label_and_by_grain(ws: Any) -> None:
    assert ws.products(period="2025-Q1").window.label == "2025-Q1"
    # A complete period is compared with the whole period before, however long.
    assert ws.products(period="2025-02").compared.label == "Jan 2025"
    days = ws.products(period="2025-03-20..2025-03-31")  # A's 6 × 50 and X's 50
    assert days.compared.label == "2025-03-08..2025-03-19" and days.revenue == 350
    # 2025 is not over: 1 January to 2 April is 31 + 28 + 31 + 2 = 92 days, compared with
    # the first 92 days of 2024 (to 1 April, a leap year), which hold A's 200.
    so_far = ws.products(period="2025")
    assert so_far.notes[0] == (
        "Jan–Dec 2025 is not over: the data ends on 2025-04-02, so it is compared with the "
        "first 92 days of the other periods."
    )
    assert (str(so_far.compared.start), str(so_far.compared.end)) == ("2024-01-01", "2024-04-01")
    assert by_key(so_far)["A"]["previous"] == 200
    year = ws.products(period="year")  # the latest complete year: 2024, A's 200 only
    assert year.window.label == "Jan–Dec 2024" and [r["product"] for r in year.records] == ["A"]
    assert any("Nothing was sold in Jan–Dec 2023" in n for n in year.notes)
    assert ws.products(as_of="2025-03-15").window.label == "Feb 2025"


@pytest.mark.parametrize(
    ("params", "option", "words"),
    [
        ({"by": "region"}, "by", "cannot rank by 'region'"),
        ({"period": "all"}, "period", "needs a period to compare"),
        ({"period": "2023-05"}, "period", "Nothing was sold in May 2023"),
        ({"top": 0}, "top", "`top` 0"),
        ({"period": "someday"}, "period", "is not a period"),
        # Refused before a Spark session would be started for it.
        ({"period": "fortnight", "backend": "pyspark"}, "period", "'fortnight' is not a period"),
        ({"by": "rep", "backend": "pyspark"}, "by", "cannot rank by 'rep'"),
        ({"where": {"category": ["Nope", "None"]}}, "period", "with category Nope or None"),
    ],
)
def test_clear_messages(ws: Any, params: dict[str, Any], option: str, words: str) -> None:
    with pytest.raises(UserError) as caught:
        ws.products(**params)
    assert words in caught.value.message and caught.value.option == option


def test_no_sales_and_no_categories_say_what_to_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = salespulse.init(tmp_path / "empty")
    with pytest.raises(UserError, match="no sales lines yet") as caught:
        empty.products()
    assert "salespulse import sales FILE" in caught.value.fix
    bare = make_workspace(tmp_path / "bare", products=False)
    with pytest.raises(UserError, match="has a category") as caught:
        bare.products(by="category")
    assert "import products" in caught.value.fix and caught.value.option == "by"
    code = run_safely(cli, ["-w", str(bare.path), "products", "--by", "subcategory"])
    err = capsys.readouterr().err
    assert code == 1 and "has a subcategory" in err and "or use --by product" in err


def test_without_prices_it_ranks_by_units(tmp_path: Path) -> None:
    """Units in March: C 20, A 16, D 5, B 4, E 2, X 1 of 48."""
    report = make_workspace(tmp_path, products=False, priced=False).products()
    assert report.measure == "units" and report.revenue is None
    assert [r["product"] for r in report.records] == ["C", "A", "D", "B", "E", "X"]
    assert report.records[0]["share"] == 20 / 48 and report.records[0]["previous"] == 0
    assert report.pareto == "3 of 6 products make 80% of units sold"  # 41 of 48 = 0.854
    assert "no prices" in report.notes[0]


def test_the_order_of_the_lines_does_not_matter(tmp_path: Path, ws: Any) -> None:
    import salespulse as sp
    from tests.reports.hand_case import SALES, write_products

    other = sp.init(tmp_path / "ws")
    other.import_file("sales", write_sales(tmp_path / "s.csv", list(reversed(SALES))))
    other.import_file("products", write_products(tmp_path / "p.csv"))
    assert other.products().records == ws.products().records
