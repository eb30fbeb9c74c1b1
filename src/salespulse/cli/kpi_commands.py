"""`salespulse kpis`, `salespulse kpis show NAME` and `salespulse kpi NAME ...`.

The csv and json output of `kpi` is a contract: the --by dimensions, `period` (unless
--period all), value, numerator, denominator, n, then the KPI's extra columns."""

from __future__ import annotations

from typing import Any

import click

from salespulse.cli.output import (
    console,
    escape_markup,
    format_option,
    resolve_format,
    write_records,
)
from salespulse.cli.workspace_option import (
    backend_option,
    open_workspace,
    source_option,
    spark_master_option,
)
from salespulse.errors import UserError
from salespulse.model.calendar import GRAINS


def _listing() -> list[dict[str, Any]]:
    from salespulse import kpis

    return [
        {
            "name": k.name,
            "label": k.label,
            "area": k.area,
            "unit": k.unit,
            "direction": k.direction,
            "kind": k.kind,
            "grains": " ".join(k.grains),
            "anchor": k.anchor,
            "tables": " ".join(k.tables),
            "dimensions": " ".join(k.dimensions),
            "definition": k.definition,
        }
        for k in kpis.REGISTRY.values()
    ]


@click.group("kpis", invoke_without_command=True)
@format_option
@click.pass_context
def kpis_command(ctx: click.Context, fmt: str | None) -> None:
    """List the KPIs (or show one: salespulse kpis show NAME)."""
    if ctx.invoked_subcommand is not None:
        return
    records = _listing()
    fmt = resolve_format(fmt)
    if fmt != "table":
        write_records(records, fmt)
        return
    from rich.table import Table

    grid = Table(title="KPIs", caption="Details: salespulse kpis show NAME")
    for col in ("name", "label", "unit", "better", "grains", "needs"):
        grid.add_column(col)
    for r in records:
        better = {"higher": "higher ↑", "lower": "lower ↓"}.get(r["direction"], "—")
        cells = (r["name"], r["label"], r["unit"], better, r["grains"], r["tables"])
        grid.add_row(*(escape_markup(c) for c in cells))
    console().print(grid)


@kpis_command.command("show")
@click.argument("name")
def show_command(name: str) -> None:
    """Definition, formula, grains, tables and the SQL of an example query."""
    from salespulse import kpis
    from salespulse.engine.examples import example_sql
    from salespulse.kpis.docs import example_args

    k = kpis.get(name)
    out = console()
    out.print(f"[bold]{escape_markup(k.name)}[/] — {escape_markup(k.label)}")
    out.print(escape_markup(k.definition), soft_wrap=True)
    rows = [
        ("formula", k.formula),
        ("kind", k.kind),
        ("unit", k.unit),
        ("better", k.direction),
        ("grains", ", ".join(k.grains)),
        ("time anchor", k.anchor),
        ("tables", ", ".join(k.tables) + (f" + {k.also_needs}" if k.also_needs else "")),
        ("dimensions", ", ".join(k.dimensions)),
        ("columns", ", ".join(k.columns)),
    ]
    if k.numerator:
        rows.append(("numerator", k.numerator))
        rows.append(("denominator", k.denominator))
    rows.extend(("reference", ref) for ref in k.references)
    for label, text in rows:
        out.print(f"  [bold]{label}:[/] {escape_markup(text)}", soft_wrap=True)
    example = escape_markup(" ".join(example_args(k)))
    out.print(f"\nSQL for: salespulse kpi {example} (on DuckDB)")
    click.echo(example_sql(k))


def parse_where(items: tuple[str, ...]) -> dict[str, list[str]]:
    """`--where DIM=VALUE` options as the API's filters (a repeated DIM keeps every value)."""
    out: dict[str, list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(
                f"--where {item!r} is not DIM=VALUE.", fix="For example --where team=East"
            )
        out.setdefault(key.strip(), []).append(value)
    return out


@click.command("kpi")
@click.argument("name")
@click.option("--by", "by", multiple=True, metavar="DIM[,DIM...]", help="Break down by.")
@click.option("--period", type=click.Choice(GRAINS), default="all", show_default=True)
@click.option("--from", "start", metavar="DATE", help="First day (inclusive).")
@click.option("--to", "end", metavar="DATE", help="Last day (inclusive).")
@click.option("--where", "where", multiple=True, metavar="DIM=VALUE", help="Filter (repeatable).")
@click.option("--as-of", "as_of", metavar="DATE", help="Compute as the data stood that day.")
@format_option
@click.option("--explain", is_flag=True, help="Print the SQL instead of running it.")
@backend_option
@source_option
@spark_master_option
@click.pass_context
def kpi_command(
    ctx: click.Context,
    name: str,
    by: tuple[str, ...],
    period: str,
    start: str | None,
    end: str | None,
    where: tuple[str, ...],
    as_of: str | None,
    fmt: str | None,
    explain: bool,
    backend: str,
    source: str | None,
    spark_master: str | None,
) -> None:
    """Compute KPI NAME, optionally by dimensions and period."""
    from salespulse import kpis

    kpi = kpis.get(name)
    params: dict[str, Any] = {
        "by": list(by),
        "period": period,
        "start": start,
        "end": end,
        "where": parse_where(where),
        "as_of": as_of,
        "backend": backend,
        "source": source,
        "spark_master": spark_master,
    }
    ws = open_workspace(ctx)
    if explain:
        click.echo(ws.explain(name, **params))
        return
    result = ws.result(name, **params)
    fmt = resolve_format(fmt)
    columns = list(result.columns)  # the keys (with product_name beside product), the KPI's
    records = result.records()
    if fmt != "table":
        write_records(records, fmt, columns)
        return
    keys = [c for part in by for c in part.split(",") if c.strip()]
    print_table(kpi, [k.strip() for k in keys], period, records, columns, ws.settings.currency)


def print_table(
    kpi: Any,
    by: list[str],
    period: str,
    records: list[dict[str, Any]],
    columns: list[str],
    currency: str,
) -> None:
    from rich.table import Table

    from salespulse.kpis.display import fmt_column
    from salespulse.stats import is_small

    small = False
    title = kpi.label + (f" by {', '.join(by)}" if by else "")
    title += f", by {period}" if period != "all" else ""
    grid = Table(title=escape_markup(title))
    for col in columns:
        grid.add_column(escape_markup(col), justify="right" if col in kpi.columns else "left")
    for r in records:
        cells = []
        for col in columns:
            if col not in kpi.columns:  # keys and their labels
                cells.append("—" if r[col] is None else escape_markup(r[col]))
            else:
                cells.append(escape_markup(fmt_column(kpi, col, r[col], currency)))
        if kpi.unit == "ratio" and is_small(r.get("n")):
            small = True
            cells[columns.index("value")] += " *"
        grid.add_row(*cells)
    caption = escape_markup(kpi.definition)
    if small:
        caption += "\n* small sample (n < 10): read with care."
    if not records:
        caption = "No rows match. " + caption
    grid.caption = caption
    console().print(grid)
