"""The HTML page of the products report: every value escaped (a product named
`<script>` shows as text and runs nothing), the Pareto chart inline, nothing fetched."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from salespulse.cli import cli
from tests.reports.hand_case import PRODUCTS, make_workspace, write_products
from tests.svg_marks import fetches_nothing, marks, name, svgs

HOSTILE = '<script>alert("x")</script>'


def test_a_product_named_script_is_text(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    rows = [(k, HOSTILE if k == "A" else n, c) for k, n, c in PRODUCTS]
    ws.import_file("products", write_products(tmp_path / "hostile.csv", rows), mode="replace")
    result = CliRunner().invoke(cli, ["-w", str(ws.path), "products", "--format", "html"])
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    (chart,) = svgs(page)
    assert fetches_nothing(page)
    assert name(chart) == "3 of 6 products make 80% of revenue"  # the Pareto sentence
    bars = marks(chart, "bar")  # one per product sold, best first, the hostile one as text
    assert len(bars) == 6 and bars[0].startswith(f"item: {HOSTILE}; value: ")
    assert len(marks(chart, "point")) == 6 and marks(chart, "line mark")
    assert "3 of 6 products make 80% of revenue." in page
    assert "<h2>Movers</h2>" in page and "Frame (F): $300.00 the period before" in page
    # The table shows the same name as written, Rich markup and all.
    table = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, ["-w", str(ws.path), "products", "--format", "table"]
    )
    assert HOSTILE in table.output
