"""`salespulse scorecard`: the latest complete period per rep (or per product).

csv/json are long records — rep, name, team (or product), kpi, value, previous, change,
team_median, gap, n, small_sample — one per rep and KPI."""

from __future__ import annotations

from typing import Any

import click

import salespulse
from salespulse.cli import workspace_path
from salespulse.cli.kpi_commands import backend_option, source_option
from salespulse.cli.output import console, format_option, resolve_format, write_records


@click.command("scorecard")
@click.option(
    "--period",
    type=click.Choice(["week", "month", "quarter", "year"]),
    default="month",
    show_default=True,
)
@click.option("--team", default=None, help="Only this team.")
@click.option("--as-of", "as_of", metavar="DATE", help="Score the data as it stood that day.")
@format_option
@backend_option
@source_option
@click.pass_context
def scorecard_command(
    ctx: click.Context,
    period: str,
    team: str | None,
    as_of: str | None,
    fmt: str | None,
    backend: str,
    source: str | None,
) -> None:
    """Each rep's key KPIs for the latest complete period: the change on the previous
    period and the gap to the team median."""
    ws = salespulse.open(workspace_path(ctx))
    card = ws.scorecard(period=period, team=team, as_of=as_of, backend=backend, source=source)
    fmt = resolve_format(fmt)
    if fmt != "table":
        write_records(card.records, fmt, card.columns)
        return
    show(card, ws.settings.currency)


def _cell(kpi: Any, record: dict[str, Any], currency: str) -> str:
    from salespulse.kpis.display import fmt_unit, is_empty

    value = fmt_unit(record["value"], kpi.unit, currency)
    if is_empty(record["value"]):
        return "[dim]—[/]"
    good = {"higher": 1, "lower": -1}.get(kpi.direction, 0)
    style = ""
    gap: Any = record.get("gap")
    if good and not is_empty(gap) and gap != 0:
        style = "green" if gap * good > 0 else "red"
    text = f"[{style}]{value}[/]" if style else value
    if record["small_sample"]:
        text = f"[dim]{value} *[/]"
    change = record["change"]
    if not is_empty(change) and change != 0:
        arrow = "▲" if change > 0 else "▼"
        amount = (
            f"{abs(change) * 100:.1f}pt"
            if kpi.unit == "ratio"
            else fmt_unit(abs(change), kpi.unit, currency)
        )
        colour = "green" if change * good > 0 else "red" if good else "dim"
        text += f"\n[{colour}]{arrow} {amount}[/]"
    return text


def show(card: Any, currency: str) -> None:
    from rich.table import Table

    from salespulse import kpis

    w = card.window
    out = console()
    entity = "rep" if card.by == "rep" else "product"
    title = f"Scorecard by {entity}: {w.grain} of {w.start} (vs {w.previous_start})"
    grid = Table(title=title, show_lines=True)
    grid.add_column(entity)
    if card.by == "rep":
        grid.add_column("team")
    for name in card.kpis:
        grid.add_column(kpis.get(name).label, justify="right")
    rows: dict[Any, dict[str, Any]] = {}
    for r in card.records:
        rows.setdefault(r[entity], {"team": r.get("team"), "name": r.get("name")})[r["kpi"]] = r
    for key, cells in rows.items():
        label = f"{key}\n[dim]{cells['name']}[/]" if cells.get("name") else str(key)
        lead = [label, str(cells["team"] or "—")] if card.by == "rep" else [label]
        grid.add_row(
            *lead,
            *[_cell(kpis.get(n), cells[n], currency) if n in cells else "" for n in card.kpis],
        )
    caption = []
    if card.by == "rep":
        caption.append(
            "Green/red: better/worse than the team median; ▲▼ change on the previous "
            f"{w.grain}; * small sample (n < 10)."
        )
    if card.best:
        caption.append("Best movers: " + ", ".join(card.best) + ".")
    if card.worst:
        caption.append("Worst movers: " + ", ".join(card.worst) + ".")
    caption.extend(card.notes)
    grid.caption = "\n".join(caption)
    out.print(grid)
