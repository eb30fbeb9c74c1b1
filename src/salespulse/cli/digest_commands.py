"""`salespulse digest`: each rep's and each manager's weekly digest — printed, written
to a folder (`--out`), or mailed (`--send`, rehearsed with `--dry-run`). A thin shell
over `Workspace.digest` and `Workspace.send_digests`; cron-friendly: no prompt, and the
exit code says whether every digest went out (0), some had no address (3) or some
could not be sent (4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from salespulse.cli.output import to_json
from salespulse.cli.workspace_option import (
    backend_option,
    open_workspace,
    source_option,
    spark_master_option,
)
from salespulse.errors import UserError
from salespulse.model.wording import plural


@click.command("digest")
@click.option(
    "--for",
    "for_",
    metavar="REP|TEAM|all",
    default="all",
    show_default=True,
    help="A rep (id or name), a manager's name, a team (its reps and managers), or all.",
)
@click.option(
    "--week",
    metavar="LABEL",
    help="An ISO week (2026-W45) or the week's first day (default: the last complete week).",
)
@click.option("--as-of", "as_of", metavar="DATE", help="Read the data as of this day.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one Markdown and one HTML file per person into this folder.",
)
@click.option("--send", is_flag=True, help="Mail each digest through the [mail] server.")
@click.option("--dry-run", "dry_run", is_flag=True, help="Say who would get what; send nothing.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html", "json"]),
    default="markdown",
    show_default=True,
    help="What to print: the digests, or (json) their sections as data.",
)
@backend_option
@source_option
@spark_master_option
@click.pass_context
def digest_command(
    ctx: click.Context,
    for_: str,
    week: str | None,
    as_of: str | None,
    out_dir: Path | None,
    send: bool,
    dry_run: bool,
    fmt: str,
    backend: str,
    source: str | None,
    spark_master: str | None,
) -> None:
    """Each rep's and manager's weekly digest: what changed since last week, where the
    month is heading, wins, risks, goals, action items and check-ins."""
    ws = open_workspace(ctx)
    if not ws.db_path.exists():
        raise UserError(
            f"{ws.path} holds no data yet.",
            fix="Import your tables (salespulse import sales FILE ...) or try: salespulse demo",
        )
    if send and not dry_run:
        ws.mail_server()  # refused before any work when no server is set up
    records: dict[str, Any] = {}
    app_db = (ctx.find_root().obj or {}).get("app_db")
    if ws.app_in_use(app_db):  # goals, action items and check-ins, once there are any
        from salespulse.workspace_app_digest import digest_inputs

        records, unmeasured = digest_inputs(ws.app(app_db), week, as_of)
        if unmeasured:
            click.echo(
                f"Note: {plural(len(unmeasured), 'goal')} ({', '.join(map(str, unmeasured))}) "
                "left out: the data cannot measure them (salespulse goals show ID says why).",
                err=True,
            )
    found = ws.digest(
        for_=for_,
        week=week,
        as_of=as_of,
        backend=backend,
        source=source,
        spark_master=spark_master,
        **records,
    )
    if out_dir is not None:
        write_files(found, out_dir)
    if send or dry_run:
        report = ws.send_digests(found, dry_run=dry_run)
        if fmt == "json":
            click.echo(to_json(report.as_dict()))
        else:
            show_report(report)
        ctx.exit(0 if dry_run else report.exit_code)
    if out_dir is None:
        click.echo(shown(found, fmt), nl=False)


def shown(found: list[Any], fmt: str) -> str:
    if fmt == "json":
        return to_json([d.as_dict() for d in found]) + "\n"
    if fmt == "html":
        if len(found) != 1:
            raise UserError(
                f"These are {len(found)} digests: one HTML page each.",
                fix="Write them with --out DIR, or choose one person with --for.",
            )
        return str(found[0].html)
    return "\n---\n\n".join(d.markdown for d in found)


def write_files(found: list[Any], out_dir: Path) -> None:
    """`<role>-<id>.md` and `.html` per digest (a second person with the same safe name
    gets `-2`), each file named on stderr."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Cannot make {out_dir}: {exc.strerror}.", fix="Choose another --out."
        ) from None
    used: set[str] = set()
    for d in found:
        stem, n = d.file_stem, 1
        while stem in used:
            n += 1
            stem = f"{d.file_stem}-{n}"
        used.add(stem)
        for suffix, text in ((".md", d.markdown), (".html", d.html)):
            path = out_dir / (stem + suffix)
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UserError(
                    f"Cannot write {path}: {exc.strerror}.", fix="Choose another --out."
                ) from None
        click.echo(f"Wrote {out_dir / stem}.md and .html ({d.recipient.name}).", err=True)


def show_report(report: Any) -> None:
    """One line per digest: sent, failed (why, and the fix), skipped, or would send."""
    verb = "Would send" if report.dry_run else "Sent"
    click.echo(f"Mail server: {report.server}")
    for d in report.deliveries:
        to = f"{d.name} <{d.address}>" if d.address else d.name
        if d.status in ("sent", "would send"):
            click.echo(f"{verb} to {to} ({d.role}): {d.subject}")
            if report.dry_run:
                click.echo("    sections: " + "; ".join(d.sections))
        elif d.status == "skipped":
            click.echo(f"Skipped {to} ({d.role}): {d.reason}. Fix: {d.fix}")
        else:
            click.echo(
                f"FAILED for {to} ({d.role}): {d.reason}." + (f" Fix: {d.fix}" if d.fix else "")
            )
    counts = [f"{len(report.having(s))} {s}" for s in ("sent", "would send", "failed", "skipped")]
    click.echo("Digests: " + ", ".join(c for c in counts if not c.startswith("0 ")) + ".")
