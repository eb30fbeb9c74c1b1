"""Importing the real public datasets in ../shared/realdata, checked against numbers the
test computes itself from the raw files with the csv module."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

import salespulse


def rows_of(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def query(ws: salespulse.Workspace, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with ws.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def maven(realdata: Path) -> Path:
    return realdata / "maven_crm_sales_opportunities"


@pytest.fixture
def adventure(realdata: Path) -> Path:
    return realdata / "adventureworks_reseller_sales_targets"


def test_maven_pipeline_and_teams(workspace: salespulse.Workspace, maven: Path) -> None:
    raw = rows_of(maven / "sales_pipeline.csv")
    teams = workspace.import_file(None, maven / "sales_teams.csv")
    assert teams.table == "reps" and teams.rows_stored == 35
    report = workspace.import_file(None, maven / "sales_pipeline.csv")
    assert report.table == "deals" and report.table_guessed
    assert report.rows_stored == len(raw) == 8800
    assert report.mapping["deal_id"] == "opportunity_id"
    assert report.mapping["closed_at"] == "close_date"
    # The 500 Prospecting deals have no engage_date: warned, stored.
    assert report.counts()["open_deal_without_created_at"] == 500
    assert not report.errors
    statuses = dict(query(workspace, "SELECT status, count(*) FROM deals GROUP BY 1"))
    assert statuses == {"won": 4238, "lost": 2473, "open": 2089}
    expected = Counter({"Won": "won", "Lost": "lost"}.get(r["deal_stage"], "open") for r in raw)
    assert statuses == dict(expected)
    bookings = query(workspace, "SELECT sum(amount) FROM deals WHERE status = 'won'")[0][0]
    assert bookings == sum(float(r["close_value"]) for r in raw if r["deal_stage"] == "Won")
    # Dates are read as dates, not shifted by a time zone.
    first = query(workspace, "SELECT created_at FROM deals WHERE deal_id = '1C1I7A6R'")[0][0]
    assert first.isoformat() == "2016-10-20T00:00:00"
    # Agents with no deals are in reps; every deal's rep is known (no unknown_rep).
    assert "unknown_rep" not in report.counts()
    summary = {t.name: t for t in workspace.tables()}
    assert summary["deals"].reps == len({r["sales_agent"] for r in raw}) == 30
    assert summary["reps"].rows == 35


def test_adventureworks_sales_targets_and_reps(
    workspace: salespulse.Workspace, adventure: Path
) -> None:
    reps = workspace.import_file(
        "reps", adventure / "SalespersonPerformance.csv", {"EmployeeKey": "rep"}
    )
    assert reps.rows_stored == 18
    assert reps.mapping["employee_id"] == "EmployeeID" and reps.mapping["name"] == "Salesperson"

    fact = rows_of(adventure / "FactResellerSales.csv")
    sales = workspace.import_file(None, adventure / "FactResellerSales.csv")
    assert sales.table == "sales" and sales.rows_stored == len(fact) == 57851
    total = query(workspace, "SELECT sum(amount), sum(quantity), count(*) FROM sales")[0]
    assert total[0] == pytest.approx(sum(float(r["SalesAmount"]) for r in fact), rel=1e-12)
    assert total[1] == sum(int(r["OrderQuantity"]) for r in fact)

    june = rows_of(adventure / "ResellerSales_202006.csv", encoding="utf-16")
    report = workspace.import_file(None, adventure / "ResellerSales_202006.csv")
    assert report.encoding.startswith("utf-16") and report.rows_stored == len(june) == 3004
    june_total = query(workspace, "SELECT sum(amount) FROM sales WHERE date >= DATE '2020-06-01'")[
        0
    ][0]
    assert june_total == pytest.approx(sum(float(r["SalesAmount"]) for r in june), rel=1e-12)

    targets = rows_of(adventure / "ResellerSalesTargets.csv", encoding="utf-16")
    quotas = workspace.import_file(None, adventure / "ResellerSalesTargets.csv", multiplier=1000)
    cells = [
        (r["EmployeeID"], r["Year"], month, float(r[month]) * 1000)
        for r in targets
        for month in [f"M{m:02d}" for m in range(1, 13)]
        if r[month].strip() not in ("-", "")
    ]
    assert quotas.table == "quotas" and quotas.rows_stored == len(cells)
    assert quotas.counts()["empty_target_cells"] == len(targets) * 12 - len(cells)
    stored = query(workspace, "SELECT count(*), sum(target) FROM quotas")[0]
    assert stored == (len(cells), pytest.approx(sum(c[3] for c in cells)))
    # Targets name reps by EmployeeID; they are matched to the reps table's EmployeeKey.
    assert quotas.counts()["rep_matched_by_alias"] == len(cells)
    assert "quota_scale" not in quotas.counts()  # in dollars now, as the sales are
    ids = {
        r["EmployeeID"]: r["EmployeeKey"] for r in rows_of(adventure / "SalespersonPerformance.csv")
    }
    # Spot check from the source README: Tsvi Reiter, January 2018, target 150 thousand.
    tsvi = next(
        r
        for r in rows_of(adventure / "SalespersonPerformance.csv")
        if r["Salesperson"] == "Tsvi Reiter"
    )
    target = query(
        workspace,
        f"SELECT target, period_start, period_end FROM quotas WHERE rep = '{tsvi['EmployeeKey']}' "
        "AND period = '2018-01'",
    )
    assert target[0][0] == 150_000
    assert str(target[0][1]) == "2018-01-01" and str(target[0][2]) == "2018-01-31"
    assert set(ids.values()) >= {r[0] for r in query(workspace, "SELECT DISTINCT rep FROM quotas")}


def attainment_median(adventure: Path) -> tuple[float, int]:
    """From the raw files: per rep, Σ sales in the months they have a target ÷ Σ those
    targets as written (thousands), and the median of that over the reps with a target."""
    key = {
        r["EmployeeID"]: r["EmployeeKey"] for r in rows_of(adventure / "SalespersonPerformance.csv")
    }
    sold: Counter[tuple[str, str]] = Counter()
    for r in rows_of(adventure / "FactResellerSales.csv"):
        sold[(r["EmployeeKey"], r["OrderDate"][:7])] += float(r["SalesAmount"])
    actual: Counter[str] = Counter()
    target: Counter[str] = Counter()
    for r in rows_of(adventure / "ResellerSalesTargets.csv", encoding="utf-16"):
        rep = key[r["EmployeeID"]]
        for m in range(1, 13):
            cell = r[f"M{m:02d}"].strip()
            if cell not in ("-", ""):
                target[rep] += float(cell)
                actual[rep] += sold[(rep, f"{r['Year']}-{m:02d}")]
    ratios = sorted(actual[rep] / target[rep] for rep in target if target[rep] > 0)
    middle = len(ratios) // 2
    median = ratios[middle] if len(ratios) % 2 else (ratios[middle - 1] + ratios[middle]) / 2
    return median, len(ratios)


def test_adventureworks_targets_in_thousands_are_told_whichever_comes_first(
    tmp_path: Path, adventure: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The targets file is in thousands of USD. Imported without `--multiplier 1000`, the
    import that puts the targets beside the sales warns, whether the targets or the sales
    came in last, with the median the raw files give; the CLI names its flag."""
    import re

    from salespulse.cli import cli
    from salespulse.cli.errors import run_safely

    median, reps = attainment_median(adventure)
    assert median > 100  # dollars of sales against thousands of target

    first = salespulse.open(tmp_path / "sales-first")
    first.import_file("reps", adventure / "SalespersonPerformance.csv", {"EmployeeKey": "rep"})
    sales = first.import_file(None, adventure / "FactResellerSales.csv")
    assert "quota_scale" not in sales.counts()  # no quotas yet: nothing to compare
    quotas = first.import_file(None, adventure / "ResellerSalesTargets.csv")
    (warning,) = [f for f in quotas.findings if f.code == "quota_scale"]
    assert warning.rows == reps and warning.severity == "warning"
    told = re.search(r"sold ([\d,]+) times their revenue target", warning.message)
    assert told and int(told[1].replace(",", "")) == round(median)
    assert "import 3" in warning.message and "ResellerSalesTargets.csv" in warning.message

    path = tmp_path / "targets-first"
    for table, name, extra in (
        ("reps", "SalespersonPerformance.csv", ["--map", "EmployeeKey=rep"]),
        ("quotas", "ResellerSalesTargets.csv", []),
        ("sales", "FactResellerSales.csv", ["--format", "json"]),
    ):
        capsys.readouterr()
        argv = ["--workspace", str(path), "import", table, str(adventure / name), *extra]
        assert run_safely(cli, argv) == 0
    report = json.loads(capsys.readouterr().out)
    (warning,) = [f for f in report["findings"] if f["code"] == "quota_scale"]
    assert warning["file"].endswith("FactResellerSales.csv") and warning["rows"] == reps
    assert "import 2" in warning["message"]
    assert "--multiplier 1000" in warning["fix"] and "`" not in warning["fix"]


def test_olist_leads_and_closed_deals(workspace: salespulse.Workspace, realdata: Path) -> None:
    folder = realdata / "olist_marketing_funnel"
    raw_leads = rows_of(folder / "olist_marketing_qualified_leads_dataset.csv")
    leads = workspace.import_file(None, folder / "olist_marketing_qualified_leads_dataset.csv")
    assert leads.table == "leads" and leads.rows_stored == len(raw_leads) == 8000
    no_origin = sum(1 for r in raw_leads if not r["origin"])
    assert no_origin == 60
    assert query(workspace, "SELECT count(*) FROM leads WHERE source IS NULL")[0][0] == no_origin

    raw_deals = rows_of(folder / "olist_closed_deals_dataset.csv")
    # Closed deals: every row is a won deal, identified by its lead (mql_id).
    deals = workspace.import_file(
        "deals",
        folder / "olist_closed_deals_dataset.csv",
        {"mql_id": "deal_id", "declared_monthly_revenue": "amount"},
        set_values={"status": "won"},
    )
    assert deals.rows_stored == len(raw_deals) == 842
    assert deals.mapping["rep"] == "sr_id" and deals.mapping["status"] == "(`set_values` won)"
    won, amount, reps = query(
        workspace,
        "SELECT count(*), sum(amount), count(DISTINCT rep) FROM deals WHERE status = 'won'",
    )[0]
    assert won == 842
    assert amount == sum(float(r["declared_monthly_revenue"] or 0) for r in raw_deals)
    assert reps == len({r["sr_id"] for r in raw_deals})
    # Close dates come from won_date, with their time of day.
    closed = query(
        workspace, f"SELECT closed_at FROM deals WHERE deal_id = '{raw_deals[0]['mql_id']}'"
    )
    assert closed[0][0].isoformat(sep=" ") == raw_deals[0]["won_date"]


def test_olist_closed_deals_take_their_status_from_the_won_date(
    workspace: salespulse.Workspace, realdata: Path
) -> None:
    """No status, stage or IsClosed column: every row with a won date is won (all 842
    here), and the import says where the status came from."""
    folder = realdata / "olist_marketing_funnel"
    raw_deals = rows_of(folder / "olist_closed_deals_dataset.csv")
    deals = workspace.import_file(
        "deals",
        folder / "olist_closed_deals_dataset.csv",
        [("mql_id", "deal_id"), ("mql_id", "lead_id"), ("declared_monthly_revenue", "amount")],
    )
    assert deals.rows_stored == len(raw_deals) == 842
    assert "status from won_date (a won date: won; none: open)" in deals.notes
    won = query(
        workspace,
        "SELECT count(*), count(closed_at), count(DISTINCT lead_id) FROM deals "
        "WHERE status = 'won'",
    )[0]
    assert won == (842, 842, len({r["mql_id"] for r in raw_deals}))
