"""Import benchmark: a large sales CSV imported by salespulse and, in the same run, loaded
by DuckDB's own `read_csv` into a table. Reports both times, the ratio and the peak
memory of each (each runs in its own process, so the peaks do not mix).

    python benchmarks/import_bench.py                 # ~1 GB file
    python benchmarks/import_bench.py --size-mb 100 --json

Targets (issue 2): within 2x of DuckDB's own load, under 2 GB peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BYTES_PER_ROW = 89  # about, for the columns written below


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    """An order-lines export: ISO dates, plain numbers, ~96 bytes a line."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    rng = np.random.default_rng(seed)
    products = np.array([f"Product {i:03d}" for i in range(400)])
    reps = np.array([f"R{i:04d}" for i in range(2400)])
    regions = np.array(["North", "South", "East", "West", "Central"])
    chunk = 1_000_000
    with pcsv.CSVWriter(
        path,
        pa.schema(
            [
                ("Order Date", pa.string()),
                ("Order ID", pa.string()),
                ("Product Name", pa.string()),
                ("Quantity", pa.int64()),
                ("Unit Price", pa.float64()),
                ("Sales Amount", pa.float64()),
                ("Sales Rep", pa.string()),
                ("Customer", pa.string()),
                ("Region", pa.string()),
            ]
        ),
    ) as writer:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            days = rng.integers(0, 730, n)
            dates = (np.datetime64("2024-01-01") + days).astype(str)
            qty = rng.integers(1, 20, n)
            price = np.round(rng.uniform(5, 2000, n), 2)
            writer.write_table(
                pa.table(
                    {
                        "Order Date": dates,
                        "Order ID": np.char.add("SO", (start + np.arange(n)).astype(str)),
                        "Product Name": products[rng.integers(0, len(products), n)],
                        "Quantity": qty,
                        "Unit Price": price,
                        "Sales Amount": np.round(qty * price, 2),
                        "Sales Rep": reps[rng.integers(0, len(reps), n)],
                        "Customer": np.char.add(
                            "Customer ", rng.integers(0, 50_000, n).astype(str)
                        ),
                        "Region": regions[rng.integers(0, len(regions), n)],
                    }
                )
            )


def _child(kind: str, csv: Path, folder: Path) -> None:
    """Run one load in this process and print its time and peak memory as JSON."""
    if kind == "duckdb":
        import duckdb

        con = duckdb.connect(str(folder / "plain.duckdb"))
        started = time.perf_counter()
        con.execute(f"CREATE TABLE sales AS SELECT * FROM read_csv('{csv}')")
        rows = con.execute("SELECT count(*) FROM sales").fetchone()[0]
        con.close()
    else:
        import salespulse

        ws = salespulse.open(folder / "ws")
        started = time.perf_counter()
        report = ws.import_file("sales", csv)
        rows = report.rows_stored
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "peak_rss_mb": peak_mb, "rows": rows}))


def _run(kind: str, csv: Path, folder: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--csv", str(csv), "--folder", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="CSV size (default 1024)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", type=Path, help="folder to keep the CSV in between runs")
    parser.add_argument("--child", choices=["duckdb", "salespulse"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.csv, args.folder)
        return
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        rows = args.size_mb * 1024 * 1024 // BYTES_PER_ROW
        csv = base / f"sales-{args.size_mb}mb.csv"
        if not csv.exists():
            if not args.json:
                print(f"writing {csv} ({rows:,} rows) ...", flush=True)
            write_csv(csv, rows)
        size_mb = csv.stat().st_size / 1024 / 1024
        results = {}
        for kind in ("duckdb", "salespulse"):
            folder = Path(tempfile.mkdtemp(dir=tmp))
            results[kind] = _run(kind, csv, folder)
        assert results["duckdb"]["rows"] == results["salespulse"]["rows"]
        summary = {
            "file_mb": round(size_mb, 1),
            "rows": int(results["salespulse"]["rows"]),
            "duckdb_read_csv_s": round(results["duckdb"]["seconds"], 2),
            "salespulse_s": round(results["salespulse"]["seconds"], 2),
            "ratio": round(results["salespulse"]["seconds"] / results["duckdb"]["seconds"], 2),
            "duckdb_peak_rss_mb": round(results["duckdb"]["peak_rss_mb"]),
            "salespulse_peak_rss_mb": round(results["salespulse"]["peak_rss_mb"]),
        }
    if args.json:
        print(json.dumps(summary))
        return
    print(f"{summary['file_mb']} MB, {summary['rows']:,} rows")
    print(
        f"  DuckDB read_csv into a table: {summary['duckdb_read_csv_s']:>7} s, "
        f"peak {summary['duckdb_peak_rss_mb']} MB"
    )
    print(
        f"  salespulse import:            {summary['salespulse_s']:>7} s, "
        f"peak {summary['salespulse_peak_rss_mb']} MB"
    )
    print(f"  ratio: {summary['ratio']}x  (target: within 2x; peak under 2048 MB)")


if __name__ == "__main__":
    main()
