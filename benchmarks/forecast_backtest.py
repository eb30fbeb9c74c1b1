"""How well `salespulse forecast` would have projected the demo: its last 12 complete
months replayed at mid-month (as of the 15th, with only the sales known by then), the
seasonal projection against the naive run rate, for the whole business, each team and
each rep. The seasonal projection must beat the run rate on the business's MAPE (exit
status 1 otherwise).

    python benchmarks/forecast_backtest.py [--json] [--day 15] [--months 12]

The demo is written once into benchmarks/results/ws-forecast (seed 7, as of 2026-12-01,
so the figures do not move with the calendar).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKSPACE = HERE / "results" / "ws-forecast"
AS_OF = date(2026, 12, 1)
LEVELS = {"business": None, "team": "team", "rep": "rep"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--day", type=int, default=15, help="day of the month replayed")
    parser.add_argument("--months", type=int, default=12, help="complete months replayed")
    args = parser.parse_args(argv)

    import salespulse
    from salespulse.demo_workspace import write_demo
    from salespulse.model.periods import Window
    from salespulse.reports.projection_backtest import backtest

    ws = salespulse.open(WORKSPACE)
    if not ws.db_path.exists():
        write_demo(ws, as_of=AS_OF)
    last = Window.latest_complete("month", AS_OF, ws.settings)
    months = [last]
    while len(months) < args.months:
        months.insert(0, months[0].previous())
    report = {"demo_as_of": AS_OF.isoformat(), "months": [m.label for m in months]}
    with ws.engine() as engine:
        for level, by in LEVELS.items():
            report[level] = backtest(engine, by, months, args.day).as_dict()
    business = report["business"]
    ok = bool(business["beats_run_rate"])  # type: ignore[index]
    if args.json:
        print(json.dumps(report))
        return 0 if ok else 1
    print(f"Forecast backtest: {months[0].label} to {months[-1].label}, as of day {args.day}")
    print(f"{'level':9s} {'cases':>5s}  {'MAPE seasonal':>13s} {'run rate':>9s}  "
          f"{'median':>7s} {'run rate':>9s}  {'WAPE':>6s} {'run rate':>9s}  in 80%")  # fmt: skip
    for level in LEVELS:
        row = report[level]
        assert isinstance(row, dict)
        print(
            f"{level:9s} {row['cases']:5d}  {_pct(row['mape_seasonal']):>13s} "
            f"{_pct(row['mape_run_rate']):>9s}  {_pct(row['median_ape_seasonal']):>7s} "
            f"{_pct(row['median_ape_run_rate']):>9s}  {_pct(row['wape_seasonal']):>6s} "
            f"{_pct(row['wape_run_rate']):>9s}  {_pct(row['interval_coverage']):>6s}"
        )
    print("The seasonal projection beats the run rate." if ok else "It does NOT beat the run rate.")
    return 0 if ok else 1


def _pct(value: object) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}%"  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
