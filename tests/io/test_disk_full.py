"""An import that fills the disk: the real cause is shown and the workspace is unchanged.

The workspace lives on a small tmpfs mounted by the test (root only; CI runs as root).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import salespulse
from salespulse.errors import UserError

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def state(ws: salespulse.Workspace) -> tuple[object, ...]:
    with ws.connect(read_only=True) as con:
        sales = con.execute("SELECT count(*), sum(quantity) FROM sales").fetchone()
        imports = con.execute("SELECT list(import_id ORDER BY import_id) FROM _imports").fetchone()
        return (sales, imports)


@pytest.mark.slow
def test_a_full_disk_is_told_and_changes_nothing(small_disk: Path, tmp_path: Path) -> None:
    ws = salespulse.open(small_disk / "ws")
    first = tmp_path / "first.csv"
    first.write_text("date,product,quantity\n2025-01-01,x,5\n2025-01-02,y,2\n")
    ws.import_file("sales", first)
    before = state(ws)
    assert before == ((2, 7.0), ([1],))
    # 500,000 rows of random values: far more than 8 MB once stored
    rng = random.Random(3)
    big = tmp_path / "big.csv"
    lines = ["date,product,quantity,amount,customer\n"]
    lines += [
        f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},P{rng.getrandbits(40):x},"
        f"{rng.randint(1, 999)},{rng.random() * 1e4:.2f},C{rng.getrandbits(48):x}\n"
        for _ in range(500_000)
    ]
    big.write_text("".join(lines))

    with pytest.raises(UserError) as refused:
        ws.import_file("sales", big)
    assert "no space left on device" in refused.value.message.lower()
    assert "Nothing was stored" in refused.value.message
    assert state(salespulse.open(ws.path)) == before

    result = subprocess.run(
        [sys.executable, "-m", "salespulse", "-w", str(ws.path), "import", "sales", str(big)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert "no space left on device" in result.stderr.lower()
    assert "Traceback" not in result.stderr and "unexpected problem" not in result.stderr
    assert state(salespulse.open(ws.path)) == before
    assert list((ws.path / ".scratch").iterdir()) == []
