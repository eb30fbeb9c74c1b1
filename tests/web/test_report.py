"""`salespulse report --out report.html [--pdf]`: the team page, the leaderboard, the
bridge and each rep's page in one self-contained HTML file — every chart an inline SVG,
nothing to fetch, links within the file — and its PDF through Debian's chromium. Run on
the golden dataset (reps ann, bob on team East; cid, dee on West) and on sales lines with
a hostile rep and product name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from tests.golden import data
from tests.web.conftest import HOSTILE, HOSTILE_SALES


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = salespulse.init(tmp_path_factory.mktemp("report") / "ws")
    with ws.connect() as con:
        data.load_duckdb(con)
    return ws.path


class Ran:
    def __init__(self, code: int, output: str) -> None:
        self.exit_code, self.output = code, output


def run(*args: str) -> Ran:
    """`salespulse ARGS` as the installed command runs it (errors as messages)."""
    with CliRunner().isolation() as (out, err, _):
        code = run_safely(cli, list(args))
    return Ran(code, out.getvalue().decode() + err.getvalue().decode())


def test_one_file_holds_every_page_drawn(golden: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"  # the folder is made
    result = run("-w", str(golden), "report", "--out", str(out), "--pdf")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    ids = re.findall(r'<section id="([\w-]+)">', html)
    assert ids == ["team", "leaderboard", "bridge", "rep-ann", "rep-bob", "rep-cid", "rep-dee"]
    assert "Wrote" in result.output and "(7 pages)" in result.output
    # every chart drawn offline: an SVG in each chart element, no spec left for a script
    charts = re.findall(r'<div class="chart-body" id="[\w-]+-drawn">(.*?)</div>', html, re.S)
    assert len(charts) >= 10 and all(c.startswith("<svg") for c in charts)
    assert "data-chart" not in html and "<script" not in html
    # nothing to fetch: no src, no stylesheet link, every link an anchor of the file
    assert not re.search(r'\bsrc="|<link ', html)
    links = re.findall(r'href="([^"]*)"', html)
    assert links and all(link.startswith("#") for link in links)
    assert {link[1:] for link in links} <= set(ids)
    assert '<a href="#rep-ann"' in html  # the scorecard's rep links point into the file
    assert out.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"


def test_a_team_s_report_holds_its_reps_only(golden: Path, tmp_path: Path) -> None:
    out = tmp_path / "west.html"
    result = run("-w", str(golden), "report", "--out", str(out), "--team", "West")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert re.findall(r'<section id="(rep-[\w-]+)">', html) == ["rep-cid", "rep-dee"]
    assert "<title>Team West: sales report</title>" in html


def test_hostile_names_are_text(tmp_path: Path) -> None:
    (tmp_path / "sales.csv").write_text(HOSTILE_SALES, encoding="utf-8")
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", tmp_path / "sales.csv")
    out = tmp_path / "report.html"
    result = run("-w", str(ws.path), "report", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert HOSTILE not in html and "<script" not in html
    assert "&lt;script&gt;" in html


def test_mistakes_are_messages(golden: Path, tmp_path: Path) -> None:
    wrong = run("-w", str(golden), "report", "--out", str(tmp_path / "report.pdf"))
    assert wrong.exit_code != 0 and "is not an .html file" in wrong.output
    team = run("-w", str(golden), "report", "--out", str(tmp_path / "r.html"), "--team", "Nope")
    assert team.exit_code != 0 and "Nope" in team.output and "Traceback" not in team.output
    nowhere = run("-w", str(tmp_path / "none"), "report", "--out", str(tmp_path / "r.html"))
    assert nowhere.exit_code != 0 and "no salespulse workspace" in nowhere.output
