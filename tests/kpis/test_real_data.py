"""KPIs on real public datasets (../shared/realdata), imported with the importer and
checked against numbers this test computes itself from the raw files."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

import salespulse


def rows_of(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def maven(tmp_path_factory: pytest.TempPathFactory, realdata: Path) -> salespulse.Workspace:
    ws = salespulse.init(tmp_path_factory.mktemp("maven") / "ws")
    folder = realdata / "maven_crm_sales_opportunities"
    ws.import_file(None, folder / "sales_teams.csv")
    ws.import_file(None, folder / "sales_pipeline.csv")
    return ws


def test_maven_win_rate_is_4238_of_6711_and_bookings_sum_close_value(
    maven: salespulse.Workspace, realdata: Path
) -> None:
    raw = rows_of(realdata / "maven_crm_sales_opportunities" / "sales_pipeline.csv")
    win = maven.kpi("win_rate").iloc[0]
    assert (win["numerator"], win["denominator"]) == (4238, 6711)
    assert win["value"] == pytest.approx(4238 / 6711)
    assert win["ci_low"] < 4238 / 6711 < win["ci_high"]
    bookings = maven.kpi("bookings").iloc[0]
    assert bookings["value"] == pytest.approx(
        sum(float(r["close_value"]) for r in raw if r["deal_stage"] == "Won"), rel=1e-12
    )
    assert bookings["n"] == 4238


def test_maven_win_rate_by_manager_is_a_ratio_of_sums(
    maven: salespulse.Workspace, realdata: Path
) -> None:
    folder = realdata / "maven_crm_sales_opportunities"
    manager = {r["sales_agent"]: r["manager"] for r in rows_of(folder / "sales_teams.csv")}
    won: dict[str, int] = defaultdict(int)
    closed: dict[str, int] = defaultdict(int)
    for r in rows_of(folder / "sales_pipeline.csv"):
        if r["deal_stage"] in ("Won", "Lost"):
            closed[manager[r["sales_agent"]]] += 1
            won[manager[r["sales_agent"]]] += r["deal_stage"] == "Won"
    got = maven.kpi("win_rate", by="manager")
    assert dict(
        zip(got["manager"], zip(got["numerator"], got["denominator"], strict=True), strict=True)
    ) == {m: (won[m], closed[m]) for m in closed}


def test_maven_open_pipeline_has_no_amounts_and_says_so(maven: salespulse.Workspace) -> None:
    row = maven.kpi("pipeline_open").iloc[0]
    # Open deals (Engaging, Prospecting) carry no close_value in this export.
    assert row["n"] == 0 and row["without_amount"] == 2089


def test_adventureworks_monthly_attainment_per_salesperson(tmp_path: Path, realdata: Path) -> None:
    folder = realdata / "adventureworks_reseller_sales_targets"
    ws = salespulse.init(tmp_path / "ws")
    ws.import_file("reps", folder / "SalespersonPerformance.csv", {"EmployeeKey": "rep"})
    ws.import_file(None, folder / "FactResellerSales.csv")
    ws.import_file(None, folder / "ResellerSalesTargets.csv", multiplier=1000)

    key_of = {
        r["EmployeeID"]: r["EmployeeKey"] for r in rows_of(folder / "SalespersonPerformance.csv")
    }
    actual: dict[tuple[str, str], float] = defaultdict(float)
    for r in rows_of(folder / "FactResellerSales.csv"):
        actual[(r["EmployeeKey"], r["OrderDate"][:7])] += float(r["SalesAmount"])
    expected = {}
    for r in rows_of(folder / "ResellerSalesTargets.csv", encoding="utf-16"):
        for m in range(1, 13):
            cell = r[f"M{m:02d}"].strip()
            if cell not in ("", "-"):
                key = (key_of[r["EmployeeID"]], f"{r['Year']}-{m:02d}")
                expected[key] = (actual.get(key, 0.0), float(cell) * 1000)

    got = ws.kpi("quota_attainment", by="rep", period="month")
    assert len(got) == len(expected)
    for row in got.to_dict("records"):
        want_actual, want_target = expected[(row["rep"], str(row["period"])[:7])]
        assert row["numerator"] == pytest.approx(want_actual, rel=1e-9, abs=1e-6)
        assert row["denominator"] == pytest.approx(want_target)
        assert row["value"] == pytest.approx(want_actual / want_target, rel=1e-9)
    # The README's spot check: Tsvi Reiter, January 2018: target 150 thousand, about 141
    # thousand of sales.
    tsvi = next(
        r["EmployeeKey"]
        for r in rows_of(folder / "SalespersonPerformance.csv")
        if r["Salesperson"] == "Tsvi Reiter"
    )
    jan = got[(got["rep"] == tsvi) & (got["period"].astype(str) == "2018-01-01")].iloc[0]
    assert jan["denominator"] == 150_000 and 140_000 < jan["numerator"] < 142_000
