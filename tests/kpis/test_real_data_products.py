"""AdventureWorks reseller sales with its product list: revenue by category and
subcategory with no options, checked against sums this test makes from the raw files."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

import salespulse


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_adventureworks_revenue_by_category_from_the_product_list(
    tmp_path: Path, realdata: Path
) -> None:
    folder = realdata / "adventureworks_reseller_sales_targets"
    ws = salespulse.init(tmp_path / "ws")
    sales = ws.import_file(None, folder / "FactResellerSales.csv")
    products = ws.import_file(None, folder / "Product.csv")
    assert (sales.table, products.table) == ("sales", "products")
    assert products.mapping["product"] == "ProductKey" and products.mapping["name"] == "Product"

    product = {r["ProductKey"]: r for r in rows_of(folder / "Product.csv")}
    by_category: dict[str, float] = defaultdict(float)
    by_subcategory: dict[str, float] = defaultdict(float)
    for r in rows_of(folder / "FactResellerSales.csv"):
        p = product[r["ProductKey"]]
        by_category[p["EnglishProductCategoryName"]] += float(r["SalesAmount"])
        by_subcategory[p["Subcategory"]] += float(r["SalesAmount"])

    got = ws.kpi("revenue", by="category")
    assert dict(zip(got["category"], got["value"], strict=True)) == pytest.approx(by_category)
    got = ws.kpi("revenue", by="subcategory")
    assert dict(zip(got["subcategory"], got["value"], strict=True)) == pytest.approx(by_subcategory)
    named = ws.kpi("revenue", by="product")
    assert dict(zip(named["product"], named["product_name"], strict=True)) == {
        key: product[key]["Product"] for key in named["product"]
    }
