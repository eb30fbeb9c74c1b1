"""Running the `salespulse` command on a workspace, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def command(ws: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "salespulse", "--workspace", str(ws), *args]


def environment() -> dict[str, str]:
    """This checkout's sources first on the path, in every subprocess."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([SRC, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def salespulse(ws: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(ws, *args),
        capture_output=True,
        text=True,
        check=False,
        env=environment(),
        timeout=timeout,
    )


def start(ws: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(ws, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )


def write_sales(path: Path, rows: list[tuple[str, str, int, float, str]]) -> Path:
    """A sales CSV: date, product, quantity, amount, rep."""
    lines = ["date,product,quantity,amount,rep"]
    lines += [f"{d},{p},{q},{a},{r}" for d, p, q, a, r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
