"""The registry is the one home of a KPI's label, short label, unit and direction: no
module outside kpis/ keeps its own table of them, and the screens show the registry's."""

from __future__ import annotations

import ast
from pathlib import Path

from salespulse import kpis
from salespulse.insights.signals import kpi_lines
from salespulse.reports.scorecard import DEAL_KPIS, SALES_KPIS

SRC = Path(__file__).resolve().parents[2] / "src" / "salespulse"
NAMES = set(kpis.names())
#: What a table of KPI facts holds: labels are words; units and directions are these.
UNITS_AND_DIRECTIONS = {
    "money",
    "count",
    "units",
    "ratio",
    "days",
    "minutes",
    "number",
    "money_per_day",
    "higher",
    "lower",
    "neutral",
}


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def kpi_tables() -> list[str]:
    """Every literal outside kpis/ that maps two or more KPI names to a label, a unit or
    a direction: a dict {"win_rate": "Win rate", ...}, or rows ("win_rate", "Win rate", ...)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.is_relative_to(SRC / "kpis"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            pairs: list[tuple[str | None, str | None]] = []
            if isinstance(node, ast.Dict):
                pairs = [(_text(k), _text(v)) for k, v in zip(node.keys, node.values, strict=True)]
            elif isinstance(node, ast.Tuple | ast.List):
                rows = [e for e in node.elts if isinstance(e, ast.Tuple) and len(e.elts) >= 2]
                pairs = [(_text(r.elts[0]), _text(r.elts[1])) for r in rows]
            facts = [
                key
                for key, value in pairs
                if key in NAMES
                and value is not None
                and value not in NAMES
                and (value in UNITS_AND_DIRECTIONS or value[:1].isupper())
            ]
            if len(facts) >= 2:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} ({', '.join(facts)})")
    return found


def test_no_module_outside_the_registry_keeps_kpi_labels_units_or_directions() -> None:
    assert kpi_tables() == []


def test_the_one_on_one_lines_show_the_registrys_label_unit_and_direction() -> None:
    for key, _ in kpi_lines.LINES:
        if key in NAMES:
            kpi = kpis.get(key)
            assert kpi_lines.shown_as(key) == (kpi.label, kpi.unit, kpi.direction)
    # The lines that are not KPIs are not KPIs under another label.
    assert not set(kpi_lines.NOT_KPIS) & NAMES
    assert {k for k, _ in kpi_lines.LINES} - NAMES == set(kpi_lines.NOT_KPIS)


def test_every_scorecard_column_has_a_heading_that_fits() -> None:
    for name in (*DEAL_KPIS, *(n for n in SALES_KPIS if n in kpis.names())):
        kpi = kpis.get(name)
        assert kpi.short == (kpi.short_label or kpi.label) and len(kpi.short) <= 13, name
