"""The registry is the single source: every KPI is well declared, documented in the
generated docs/kpis.md (which must be current), has golden cases at several grains and
a reference implementation; and reading it stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from salespulse import kpis
from salespulse.engine import examples
from salespulse.kpis import docs
from salespulse.kpis.model import DIMENSIONS, KIND_EXTRAS, RELATIONS
from salespulse.model.calendar import GRAINS
from salespulse.model.contract import TABLES
from tests.engine import reference
from tests.golden.cases import CASES

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", kpis.names())
def test_every_kpi_is_fully_declared(name: str) -> None:
    k = kpis.get(name)
    assert k.label and k.definition.endswith(".") and k.formula and k.references
    assert k.direction in ("higher", "lower", "neutral")
    assert set(k.grains) <= set(GRAINS) and k.grains
    assert k.kind in KIND_EXTRAS and k.spec.relation in RELATIONS
    assert set(k.dimensions) <= set(DIMENSIONS)
    assert set(k.tables) <= set(TABLES)
    assert len(set(k.columns)) == len(k.columns)
    assert (k.spec.anchor is None) == (k.grains == ("all",)) or k.looks_ahead is False
    if k.kind in ("proportion", "ratio", "velocity", "dispersion", "daily_rate"):
        assert k.numerator and k.denominator, "say what numerator and denominator hold"


@pytest.mark.parametrize("name", kpis.names())
def test_every_kpi_is_documented(name: str) -> None:
    text = (ROOT / "docs" / "kpis.md").read_text(encoding="utf-8")
    k = kpis.get(name)
    assert f"### {k.name} — {k.label}" in text
    assert k.definition in text
    assert f"[{k.name}](#{docs.anchor(k)})" in text


def test_docs_are_generated_from_the_registry_and_current() -> None:
    current = (ROOT / "docs" / "kpis.md").read_text(encoding="utf-8")
    assert current == docs.render(), "run: python -m salespulse.kpis.docs"
    assert docs.main(["--check"]) == 0


@pytest.mark.parametrize("name", kpis.names())
def test_every_kpi_has_golden_cases_at_several_grains(name: str) -> None:
    k = kpis.get(name)
    cases = [c for c in CASES if c.kpi == name and c.error is None]
    assert cases, f"{name} has no golden case"
    grains = {c.params.get("period", "all") for c in cases}
    if len(k.grains) > 1:
        assert len(grains) >= 2, f"{name} is only tested at {grains}"
    else:
        assert len(cases) >= 2, f"{name} needs cases beyond the simplest"
    readme = (ROOT / "tests" / "golden" / "README.md").read_text(encoding="utf-8")
    assert name in readme, f"README.md does not work out {name}"


def test_every_kpi_has_a_reference_implementation() -> None:
    assert set(reference.KPIS) == set(kpis.REGISTRY)


@pytest.mark.parametrize("name", kpis.names())
def test_every_kpi_explains_an_example_query(name: str) -> None:
    sql = examples.example_sql(kpis.get(name))
    assert sql.lstrip().upper().startswith(("SELECT", "WITH"))


def test_reading_the_registry_and_listing_kpis_do_not_import_ibis_or_pandas() -> None:
    code = (
        "import sys\n"
        "from salespulse.cli import main\n"
        "import salespulse.kpis, salespulse.kpis.docs\n"
        "from click.testing import CliRunner\n"
        "from salespulse.cli import cli\n"
        "r = CliRunner().invoke(cli, ['kpis', '--format', 'csv'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('ibis', 'pandas', 'pyarrow', 'duckdb') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
