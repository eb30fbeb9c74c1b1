"""`salespulse report --out report.html [--pdf]`: the dashboard's team page, leaderboard,
revenue bridge and each rep's page as one self-contained HTML file (charts inlined as
SVG, nothing fetched), and a PDF of it through the system's Chromium with `--pdf`.

Like `serve`, the web package is loaded by name when the command runs, so the other
commands start without FastAPI."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from salespulse.cli.output import write_text
from salespulse.cli.workspace_option import workspace_path
from salespulse.errors import UserError


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from salespulse.cli.output import console, escape_markup

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = bar.add_task("report", total=None)

    def update(path: str, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total, description=escape_markup(path or "done"))

    with bar:
        yield update


@click.command("report")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The HTML file to write (one file: the charts and the style inside).",
)
@click.option(
    "--period",
    type=click.Choice(["week", "month", "quarter", "year"]),
    default="month",
    show_default=True,
    help="The team page's period: the latest complete one (the leaderboard's is the month, "
    "or the quarter for quarter and year).",
)
@click.option("--team", default=None, help="Only this team's numbers and reps.")
@click.option(
    "--pdf",
    is_flag=True,
    help="Also print it to a PDF beside the HTML (same name, .pdf) through the system's Chromium.",
)
@click.pass_context
def report_command(ctx: click.Context, out: Path, period: str, team: str | None, pdf: bool) -> None:
    """Write the team, leaderboard, bridge and rep pages as one HTML file to send."""
    from salespulse import workspace

    folder = workspace_path(ctx)
    if not workspace.exists(folder):
        raise UserError(
            f"There is no salespulse workspace at {folder}.",
            fix="Point --workspace at one, or make one with `salespulse demo`.",
        )
    if out.suffix.lower() not in (".html", ".htm"):
        raise UserError(f"--out {out} is not an .html file.", fix="Give a name ending in .html.")
    try:  # the folder first: a long build must not end in a path that cannot be written
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Cannot make the folder {out.parent}: {exc.strerror}.", fix="Choose another --out."
        ) from None
    web = importlib.import_module("salespulse.web")
    report = importlib.import_module("salespulse.web.report")
    obj = ctx.find_root().obj or {}
    settings = web.WebSettings(workspace=folder, wait=obj.get("wait", 10.0))
    with _progress() as progress:
        made = report.make_report(settings, period=period, team=team, progress=progress)
    write_text(made.html, out, f"Wrote {out} ({len(made.parts)} pages).")
    if pdf:
        target = out.with_suffix(".pdf")
        report.print_pdf(out, target)
        click.echo(f"Wrote {target}.", err=True)
