"""`docs/kpis.md`, generated from the registry (a test checks it is current).

python -m salespulse.kpis.docs            # rewrite docs/kpis.md
python -m salespulse.kpis.docs --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from salespulse.kpis import AREAS, REGISTRY
from salespulse.kpis.model import KPI, RELATIONS

DOC = Path(__file__).resolve().parents[3] / "docs" / "kpis.md"

INTRO = """\
# KPIs

Generated from the KPI registry (`src/salespulse/kpis/`) by
`python -m salespulse.kpis.docs`; do not edit by hand — a test fails when this file and
the registry disagree.

Every KPI answers a query: `salespulse kpi NAME [--by DIM[,DIM...]] [--period GRAIN]
[--from DATE] [--to DATE] [--where DIM=VALUE ...] [--as-of DATE]`, or
`ws.kpi(NAME, by=[...], period=..., start=..., end=..., where={...}, as_of=...)` in Python.

- **Periods**: day, week, month, quarter, year or all. A row lands in the period of its
  *time anchor*. Weeks start on the settings' week start (Monday by default); quarters and
  years are fiscal, from the settings' fiscal-year start month (January by default).
  `period` in the output is the ISO date of the period's first day.
- **Dimensions**: rep, team, manager, region, product, customer, source, channel — plus
  stage for the stage KPIs, type, hour, weekday for activities, and category, subcategory,
  country for sales. Team, manager and region come from the reps table when a table lacks
  them (a sale line's own region wins); category and subcategory from the products table
  (a sale line's own wins). Broken down by product, the output shows each product's name
  (`product_name`) beside its key when the products table or the lines name it.
- **Ratios are ratios of sums**: each side is summed at the requested grain and group,
  then divided — a team's rate is never an average of its reps' rates. A zero denominator
  gives an empty value, never 0 or infinity.
- **Output columns**: the dimensions, `period` (unless all), `value`, `numerator`,
  `denominator`, `n` (the sample size), then the KPI's extras (proportions carry a Wilson
  95% interval `ci_low`, `ci_high`). Ratios are fractions; money is a plain number. In
  CSV and JSON, floats are written to 12 significant digits (enough for the cents of any
  amount under ten billion) so that binary rounding noise does not show.
- **Safe in a spreadsheet**: the CSV of every command (`--format csv`) is safe to open
  in Excel, LibreOffice or Google Sheets. A text cell beginning with `=`, `+`, `-`, `@`,
  a tab or a carriage return — which a spreadsheet would run as a formula, e.g. a rep or
  product named `=HYPERLINK(...)` — is written with a leading `'`, which spreadsheets
  show as text: `'=HYPERLINK(...)`. Numbers are never touched: `-5` (a return) and `-5.25` stay
  numbers, as does a product code that is exactly a number. A field holding a line break
  is always quoted. JSON keeps every value exactly as stored.
- **As-of**: `--as-of DATE` computes as the data stood at the end of that day: later rows
  are left out, and deals closed later count as open.
- **Where it runs**: the same KPI declarations run on the workspace's DuckDB file (the
  default; built by salespulse's own query builder, `salespulse/sql/`, which writes the
  SQL itself), on Spark (`--backend pyspark`: the workspace's tables exported to Parquet,
  or `--source FOLDER` of `<table>.parquet` files, or `--source spark:DATABASE`), and on a
  PostgreSQL database whose tables follow the data contract, read in place
  (`--source postgresql://user@host/db?schema=name`); these two are built in Ibis.
  `--explain` shows the SQL and the values bound to it. `--spark-master URL` chooses the
  Spark (see below).
- **Caching**: a query's SQL is compiled once per *shape* — the KPI, the dimensions, the
  grain, which filters and dates are given (not their values), the backend, the tables'
  columns, the settings, the salespulse and Ibis versions and a fingerprint of salespulse's
  own files (a checkout updated by `git pull` keeps its version number) — with a named placeholder
  for each value (`$start_date`, `$w0_0`, ...), which is bound when it runs: no value is
  ever pasted into SQL, and a later query of the same shape with other dates or filter
  values runs the same SQL at once. Where building a query reads the data (the stage names,
  the data's first and last day) the SQL is also keyed by the data version. The SQL is
  kept in the workspace's `.cache/sql/`, so a later process skips building entirely. On
  DuckDB even the first build imports no Ibis (the own builder takes milliseconds). Results
  are kept in `.cache/results/` per query, values and *data version*, and the report
  commands' output (`scorecard`, `coach ...`) in `.cache/output/`: the data version
  changes with every committed import, undo or repair (the import records plus the DuckDB
  file's size and time), and the settings are part of every key, so an import, an undo
  or a settings change means the next command computes afresh — a cached answer is never
  stale. Results are only kept for the workspace's own file (not for `--source` or
  `--backend pyspark`). `.cache/` is safe to delete at any time. In Python, `ws.result(...)`
  returns the cached `Result` (`.records()`, `.to_pandas()`); `ws.kpi(...)` a DataFrame.
- **Many KPIs at once**: `ws.results(["bookings", "win_rate", ...], by="rep", ...)` (and
  the scorecard) computes the KPIs of one table with the same breakdown, window and
  filters in one statement on DuckDB, each KPI's rows exactly as it gives them alone, and
  keeps each result under its own query; on DuckDB the statements run side by side (one
  per core, up to four), each while the next is built (see docs/architecture.md).

## Computing on a Spark cluster

`--backend pyspark` computes on this machine (`local[2]`) unless a master says where
the Spark cluster is. `salespulse kpi`, `salespulse scorecard` and every `coach` command take
`--spark-master URL`; `ws.kpi(..., backend="pyspark", spark_master=URL)` (also
`ws.explain`, `ws.scorecard`) in Python. The first of these that is set wins:

1. `--spark-master URL` (or `spark_master=` in Python);
2. the environment variable `SALESPULSE_SPARK_MASTER`;
3. the workspace setting `[spark] master` in `salespulse.toml` (see
   [Settings](settings.md));
4. otherwise the Spark session already running in the process (a notebook's), else a new
   `local[2]` one.

| URL | Spark |
|---|---|
| `local`, `local[N]`, `local[*]` | this machine, with 1, N or all cores |
| `spark://HOST:7077` (`spark://H1:7077,H2:7077` with standby masters) | a standalone cluster |
| `yarn` | YARN (needs `HADOOP_CONF_DIR` or `YARN_CONF_DIR`) |
| `k8s://https://HOST:443` | Kubernetes |
| `sc://HOST:15002` | a Spark Connect server (needs `pip install "pyspark[connect]"`) |

```
$ salespulse kpi revenue --by rep --backend pyspark --spark-master spark://spark-master:7077
$ SALESPULSE_SPARK_MASTER=yarn salespulse scorecard --backend pyspark
```

Before Spark is asked, the master's address is checked: a URL of another form, a host
that does not exist or a port that refuses the connection stops the command at once
with what is wrong and how to fix it. A master that answers but does not take the
application within 30 seconds (not a Spark master, or no free worker) stops it too;
`SALESPULSE_SPARK_TIMEOUT=SECONDS` waits longer, for a cluster slow to start
applications. Spark runs one session per process: a different master than the running
session's is refused, not switched to.

Spark's executors read the tables: the workspace's tables are exported to Parquet in
the workspace (`.cache/parquet`), which executors on the same machine can read; for a
cluster on other machines, give `--source` a folder every machine sees at the same path
(a shared file system), or `--source spark:DATABASE` for tables in the cluster's own
catalog.
"""


def example_args(kpi: KPI) -> list[str]:
    """The example query `kpis show` explains: by rep, by month where the KPI allows."""
    args = [kpi.name]
    if "rep" in kpi.dimensions:
        args += ["--by", "rep"]
    grain = "month" if "month" in kpi.grains else kpi.grains[0]
    if grain != "all":
        args += ["--period", grain]
    return args


def _section(kpi: KPI) -> list[str]:
    rel = RELATIONS[kpi.spec.relation]
    tables = ", ".join(f"`{t}`" for t in kpi.tables)
    if kpi.also_needs:
        tables += f", and {kpi.also_needs}"
    rows = [
        ("formula", f"`{kpi.formula}`"),
        ("kind", f"{kpi.kind} over {rel.name} ({rel.meaning})"),
        ("unit", kpi.unit),
        ("better", kpi.direction),
        ("grains", ", ".join(kpi.grains)),
        ("time anchor", kpi.anchor),
        ("tables", tables),
        ("dimensions", ", ".join(kpi.dimensions)),
        ("columns", ", ".join(f"`{c}`" for c in kpi.columns)),
    ]
    if kpi.numerator:
        rows.append(("numerator", kpi.numerator))
        rows.append(("denominator", kpi.denominator))
    for extra in kpi.spec.extras:
        rows.append((f"`{extra.name}`", extra.meaning))
    rows.extend(("reference", ref) for ref in kpi.references)
    out = [f"### {kpi.name} — {kpi.label}", "", kpi.definition, "", "| | |", "|---|---|"]
    out.extend(f"| {k} | {v} |" for k, v in rows)
    out.append("")
    out.append(f"Example: `salespulse kpi {' '.join(example_args(kpi))}` (add `--explain` for SQL)")
    out.append("")
    return out


def anchor(kpi: KPI) -> str:
    """The GitHub anchor of the KPI's heading."""
    heading = f"{kpi.name} — {kpi.label}".lower()
    return "".join(c for c in heading if c.isalnum() or c in " -_").replace(" ", "-")


def render() -> str:
    lines = [
        INTRO,
        "## Index",
        "",
        "| KPI | label | unit | better | grains |",
        "|---|---|---|---|---|",
    ]
    for k in REGISTRY.values():
        lines.append(
            f"| [{k.name}](#{anchor(k)}) | {k.label} | "
            f"{k.unit} | {k.direction} | {', '.join(k.grains)} |"
        )
    lines.append("")
    for area, title in AREAS.items():
        members = [k for k in REGISTRY.values() if k.area == area]
        if not members:
            continue
        lines += [f"## {title}", ""]
        for k in members:
            lines += _section(k)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in args:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC} is out of date: run python -m salespulse.kpis.docs", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"Wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
