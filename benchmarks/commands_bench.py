"""Everyday commands, timed as a user meets them: each command on the default demo
workspace (`salespulse demo`), process start included. Three figures per command:

- `nothing_cached_s`: the first run with the query path's caches deleted (`.cache/sql`,
  `results`, `output`, ...: every statement built and compiled, by the own query builder
  on DuckDB; the note that the file needs no repair, which every import leaves, stays),
  as in a new workspace or after an upgrade;
- `first_s`: the first run after an import (a one-row import and its undo: a new data
  version, so no kept result or output applies), the compiled SQL kept from before;
- `median_s`: the median of the next `--runs` runs, as a user rerunning a report on
  unchanged data sees it. Target (issue 8): each within 0.8 s.

    python benchmarks/commands_bench.py [--json] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKSPACE = HERE / "results" / "ws-demo-default"
TARGET_S = 0.8

COMMANDS: dict[str, list[str]] = {
    "kpi": ["kpi", "revenue", "--by", "rep", "--period", "month"],
    "scorecard": ["scorecard"],
    "coach diagnose": ["coach", "diagnose"],
    "coach flags": ["coach", "flags"],
    "coach wins": ["coach", "wins"],
    "coach stretch": ["coach", "stretch"],
    "coach pairs": ["coach", "pairs"],
    "coach one-on-one": ["coach", "one-on-one", "R0001"],
}


def salespulse(*args: str) -> float:
    """Seconds one `salespulse` process takes, start to exit (output thrown away), running
    this checkout's salespulse."""
    from kpi_bench import own_code

    cmd = [sys.executable, "-m", "salespulse", "--workspace", str(WORKSPACE), *args]
    env = own_code()
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def new_data_version(way: str = "salespulse_cold") -> None:
    """A one-row import and its undo (the numbers unchanged, the data version new); for
    `salespulse_nothing_cached`, the query path's caches cleared too (kpi_bench.prepare)."""
    from kpi_bench import own_code

    cmd = [sys.executable, str(HERE / "kpi_bench.py"), "--worker", way]
    subprocess.run([*cmd, "--prepare", "--workspace", str(WORKSPACE)], check=True, env=own_code())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the first")
    args = parser.parse_args(argv)
    if not (WORKSPACE / "salespulse.duckdb").exists():
        salespulse("demo")
    load = os.getloadavg()[0]
    report: dict[str, dict[str, float | bool]] = {}
    for name, command in COMMANDS.items():
        new_data_version("salespulse_nothing_cached")
        nothing = salespulse(*command)
        new_data_version()
        first = salespulse(*command)
        times = [salespulse(*command) for _ in range(args.runs)]
        median = statistics.median(times)
        report[name] = {
            "nothing_cached_s": round(nothing, 3),
            "first_s": round(first, 3),
            "median_s": round(median, 3),
            "within_target": median <= TARGET_S,
        }
    if args.json:
        print(
            json.dumps({"target_s": TARGET_S, "runs": args.runs, "load": load, "commands": report})
        )
    else:
        print(
            f"Everyday commands on the default demo (median of {args.runs} reruns; load "
            f"average {load:.2f} at the start):"
        )
        for name, row in report.items():
            mark = "ok" if row["within_target"] else f"over {TARGET_S} s"
            print(
                f"  {name:18s} {row['median_s']:6.2f} s   "
                f"first after an import {row['first_s']:6.2f} s   "
                f"nothing cached {row['nothing_cached_s']:6.2f} s   {mark}"
            )
    return 0 if all(r["within_target"] for r in report.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
