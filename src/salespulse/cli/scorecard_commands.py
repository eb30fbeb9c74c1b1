"""`salespulse scorecard`: the latest complete period per rep (or per region, channel,
category or product when the sale lines name no rep).

csv/json are long records — rep, name, team (or the grouping), kpi, value, previous,
change, team_median, gap, n, small_sample — one per member and KPI."""

from __future__ import annotations

from typing import Any

import click

from salespulse.cli.output import (
    console,
    escape_markup,
    format_option,
    print_line,
    resolve_format,
    write_records,
)
from salespulse.cli.output_cache import READING, report_options
from salespulse.cli.workspace_option import open_workspace


@click.command("scorecard")
@click.option(
    "--period",
    type=click.Choice(["week", "month", "quarter", "year"]),
    default="month",
    show_default=True,
)
@click.option("--team", default=None, help="Only this team.")
@click.option(
    "--by",
    "by",
    default=None,
    metavar="DIMENSION",
    help="Score by this instead: rep, team, region, channel, category, product, ... "
    "(default: reps, else the grouping the sale lines have).",
)
@click.option("--as-of", "as_of", metavar="DATE", help="Score the data as it stood that day.")
@format_option
@click.pass_context
@report_options
def scorecard_command(
    ctx: click.Context,
    period: str,
    team: str | None,
    by: str | None,
    as_of: str | None,
    fmt: str | None,
) -> None:
    """Each rep's key KPIs for the latest complete period: the change on the previous
    period and the gap to the team median."""
    ws = open_workspace(ctx)
    backend, source, spark_master = ctx.meta[READING]
    card = ws.scorecard(
        period=period,
        team=team,
        as_of=as_of,
        by=by,
        backend=backend,
        source=source,
        spark_master=spark_master,
    )
    fmt = resolve_format(fmt)
    if not card.records:  # nothing scored: say why (on stderr beside an empty CSV or JSON)
        for note in card.notes or [f"Nothing to score by {card.by} in {card.window.label}."]:
            print_line(console(stderr=fmt != "table"), "{}", note)
    if fmt != "table":
        write_records(card.records, fmt, card.columns)
        return
    if card.records:
        show(card, ws.settings.currency)


def _fmt(value: Any, unit: str, currency: str) -> str:
    """A cell's value; money compact ($81.0k) so that a scorecard fits a terminal."""
    from salespulse.kpis.display import fmt_unit, money_short

    if unit == "money":
        return money_short(float(value), currency)
    return fmt_unit(value, unit, currency)  # type: ignore[arg-type]


def _cell(heading: tuple[str, str, str], record: dict[str, Any], currency: str) -> str:
    from salespulse.kpis.display import is_empty

    if is_empty(record["value"]):
        return "[dim]—[/]"
    _, unit, direction = heading
    value = escape_markup(_fmt(record["value"], unit, currency))
    good = {"higher": 1, "lower": -1}.get(direction, 0)
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
            if unit == "ratio"
            else escape_markup(_fmt(abs(change), unit, currency))
        )
        colour = "green" if change * good > 0 else "red" if good else "dim"
        text += f"\n[{colour}]{arrow} {amount}[/]"
    return text


#: Width a column of numbers needs (value and change on two lines).
_CELL_WIDTH = 9


def show(card: Any, currency: str) -> None:
    """The scorecard as a table; split in two tables stacked when the terminal is too
    narrow for every KPI side by side."""
    w = card.window
    out = console()
    entity = card.by
    teams = {r.get("team") for r in card.records}
    show_team = card.by == "rep" and len(teams) > 1
    lead_width = 14 + (9 if show_team else 0)
    per_table = max(1, (out.width - lead_width) // (_CELL_WIDTH + 3))
    names = list(card.kpis)
    parts = [names[i : i + per_table] for i in range(0, len(names), per_table)]
    if len(parts) > 1:  # balance the halves
        size = -(-len(names) // len(parts))
        parts = [names[i : i + size] for i in range(0, len(names), size)]
    rows: dict[Any, dict[str, Any]] = {}
    for r in card.records:
        rows.setdefault(r[entity], {"team": r.get("team"), "name": r.get("name")})[r["kpi"]] = r
    title = f"Scorecard by {entity}: {w.grain} of {w.start} (vs {w.previous_start})"
    for number, part in enumerate(parts):
        grid = _table(title if number == 0 else "", entity, show_team, part, card)
        for key, cells in rows.items():
            label = escape_markup(key)
            if cells.get("name"):
                label += f"\n[dim]{escape_markup(cells['name'])}[/]"
            lead = [label, escape_markup(cells["team"] or "—")] if show_team else [label]
            grid.add_row(
                *lead,
                *[_cell(card.heading(n), cells[n], currency) if n in cells else "" for n in part],
            )
        if number == len(parts) - 1:
            grid.caption = _caption(card, w.grain)
        out.print(grid)


def _table(title: str, entity: str, show_team: bool, names: list[str], card: Any) -> Any:
    from rich.table import Table

    grid = Table(title=title or None, show_lines=True)
    grid.add_column(entity, min_width=10)
    if show_team:
        grid.add_column("team", min_width=6)
    for name in names:
        label = card.heading(name)[0]
        grid.add_column(escape_markup(label), justify="right", min_width=8)
    return grid


def _caption(card: Any, grain: str) -> str:
    caption = []
    teams = any(r.get("team") for r in card.records)
    median = "the team median" if card.by == "rep" and teams else f"the median {card.by}"
    caption.append(
        f"Green/red: better/worse than {median}; ▲▼ change on the previous "
        f"{grain}; * small sample (n < 10)."
    )
    if card.best:
        caption.append("Best movers: " + escape_markup(", ".join(card.best)) + ".")
    if card.worst:
        caption.append("Worst movers: " + escape_markup(", ".join(card.worst)) + ".")
    caption.extend(escape_markup(note) for note in card.notes)
    return "\n".join(caption)
