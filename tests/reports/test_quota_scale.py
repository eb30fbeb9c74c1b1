"""Quotas on another scale than the sales (reports/quota_scale.py), through the imports
that put them side by side. Hand-computed: three reps sell $12,000, $9,000 and $6,000 a
month in Jan–Mar 2025, so $36,000, $27,000 and $18,000 against their quotas. With monthly
targets of 10 (thousands written as units) the ratios are 1,200, 900 and 600: the median
rep (R2) sold 900 times their target, 27,000 against 30. With targets of 450 R2's ratio is
27,000 ÷ 1,350 = 20 exactly, the threshold, and is told; with 10,000 it is 0.9 and is not."""

from __future__ import annotations

from pathlib import Path

import pytest

import salespulse
from salespulse.reports.quota_scale import TOO_FAR, off_scale

MONTHLY = {"R1": 12_000, "R2": 9_000, "R3": 6_000}


def write_sales(path: Path) -> Path:
    lines = ["date,product,quantity,unit_price,rep"]
    for month in (1, 2, 3):
        for rep, amount in MONTHLY.items():
            lines.append(f"2025-{month:02d}-10,Widget,{amount // 100},100,{rep}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_quotas(path: Path, target: float, who: str = "rep") -> Path:
    names = MONTHLY if who == "rep" else ["North"]
    lines = [f"{who},period,target"]
    lines += [f"{name},2025-{m:02d},{target:g}" for name in names for m in (1, 2, 3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("quotas_first", [False, True])
def test_targets_in_thousands_are_told(tmp_path: Path, quotas_first: bool) -> None:
    ws = salespulse.open(tmp_path / "ws")
    files = [("sales", write_sales(tmp_path / "sales.csv")),
             ("quotas", write_quotas(tmp_path / "quotas.csv", 10))]  # fmt: skip
    if quotas_first:
        files.reverse()
    first = ws.import_file(*files[0])
    assert "quota_scale" not in first.counts()
    last = ws.import_file(*files[1])
    (found,) = [f for f in last.findings if f.code == "quota_scale"]
    quotas_id = 1 if quotas_first else 2
    assert found.rows == 3 and found.value == "30" and found.column == "target"
    assert found.message.startswith(
        "the median rep sold 900 times their revenue target, over 3 reps with a target "
        f"(rep R2: 27,000 against 30): the targets look written in thousands; the quotas "
        f"came in with import {quotas_id}"
    )
    assert found.file == str(files[1][1])


@pytest.mark.parametrize(("target", "told"), [(450, True), (451, False), (10_000, False)])
def test_the_threshold(tmp_path: Path, target: float, told: bool) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", write_sales(tmp_path / "sales.csv"))
    report = ws.import_file("quotas", write_quotas(tmp_path / "quotas.csv", target))
    assert ("quota_scale" in report.counts()) is told
    engine = ws.engine()
    try:
        scales = off_scale(engine)
    finally:
        engine.close()
    assert bool(scales) is told
    if told:
        assert scales[0].median == pytest.approx(27_000 / (3 * target))
        assert scales[0].median >= TOO_FAR


def test_undone_quotas_are_not_compared(tmp_path: Path) -> None:
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("quotas", write_quotas(tmp_path / "quotas.csv", 10))
    ws.undo_import(1)
    report = ws.import_file("sales", write_sales(tmp_path / "sales.csv"))
    assert "quota_scale" not in report.counts()


def test_team_quotas_are_left_alone(tmp_path: Path) -> None:
    """Quotas set per team are not compared per rep (and the import does not fail)."""
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", write_sales(tmp_path / "sales.csv"))
    report = ws.import_file("quotas", write_quotas(tmp_path / "quotas.csv", 10, who="team"))
    assert report.rows_stored == 3 and "quota_scale" not in report.counts()


@pytest.mark.parametrize(("target", "told"), [(10, True), (10_000, False)])
def test_the_scorecard_says_so_beside_its_attainment(
    tmp_path: Path, target: float, told: bool
) -> None:
    """Quotas imported before this check (or the warning let be): the scorecard's note.
    The data ends on 2025-03-10, so it scores February: the same 1,200, 900 and 600."""
    ws = salespulse.open(tmp_path / "ws")
    ws.import_file("sales", write_sales(tmp_path / "sales.csv"))
    ws.import_file("quotas", write_quotas(tmp_path / "quotas.csv", target))
    card = ws.scorecard()
    assert card.window.label == "Feb 2025"
    notes = [n for n in card.notes if n.startswith("Attainment:")]
    if told:
        assert notes == [
            "Attainment: the median rep reached 900 times their quota in Feb 2025: the targets "
            "look written in thousands. Import them again multiplied by 1,000 "
            "(docs/importing.md, Wide quota tables)."
        ]
    else:
        assert notes == []
