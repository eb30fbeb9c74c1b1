"""An import killed with SIGKILL at any point leaves the workspace as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import salespulse


def state(ws: salespulse.Workspace) -> tuple[object, ...]:
    with ws.connect(read_only=True) as con:
        sales = con.execute("SELECT count(*), sum(quantity) FROM sales").fetchone()
        imports = con.execute("SELECT count(*) FROM _imports").fetchone()
        return (sales, imports)


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "sales.csv"
    line = "2025-03-{d:02d},Product {p},{q},$1{p}.50,rep{r}\n"
    with path.open("w") as handle:
        handle.write("Order Date,Product,Quantity,Unit Price,Sales Rep\n")
        for i in range(1_500_000):
            handle.write(line.format(d=i % 28 + 1, p=i % 50, q=i % 7 + 1, r=i % 40))
    return path


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 0.8, 1.4, 2.2])
def test_sigkill_midway_leaves_the_workspace_unchanged(
    tmp_path: Path, big_csv: Path, delay: float
) -> None:
    ws = salespulse.open(tmp_path / "ws")
    small = tmp_path / "small.csv"
    small.write_text("date,product,quantity\n2025-01-01,x,5\n")
    ws.import_file("sales", small)
    before = state(ws)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "salespulse",
            "--workspace",
            str(ws.path),
            "import",
            "sales",
            str(big_csv),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    after = state(ws)
    # Never a part: either nothing of the big file, or all of it (killed after commit).
    whole = ((1 + 1_500_000, 5 + sum(i % 7 + 1 for i in range(1_500_000))), (2,))
    assert after in (before, whole)
    # The next import cleans up what the killed one left and works.
    again = tmp_path / "again.csv"
    again.write_text("date,product,quantity\n2025-01-02,y,1\n")
    ws.import_file("sales", again)
    assert list((ws.path / ".scratch").iterdir()) == []
