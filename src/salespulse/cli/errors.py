"""Turning failures into messages a user can act on."""

from __future__ import annotations

import os
import re
import sys
import traceback
from typing import Any

import click

from salespulse.errors import UserError


def run_safely(command: click.Command, argv: list[str] | None) -> int:
    try:
        code = command.main(args=argv, prog_name="salespulse", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except UserError as exc:
        report(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing was changed by the interrupted step.", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        if os.environ.get("SALESPULSE_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"Error: salespulse hit an unexpected problem ({type(exc).__name__}: {exc}). "
            "Nothing was stored by the failed step. Set SALESPULSE_DEBUG=1 to see the "
            "details, and please report it.",
            err=True,
        )
        return 70


#: The CLI's flag for each API parameter a library message names (in backticks).
FLAGS = {
    "start": "--from",
    "end": "--to",
    "as_of": "--as-of",
    "period": "--period",
    "by": "--by",
    "where": "--where",
    "top": "--top",
    "team": "--team",
    "rep": "--rep",
    "max_mentees": "--max-mentees",
    "months": "--months",
    "backend": "--backend",
    "source": "--source",
    "spark_master": "--spark-master",
    "stages": "--stage",
    "workspace": "--workspace",
    "base": "BASE",
    "current": "CURRENT",
    "base_start": "--base-from",
    "base_end": "--base-to",
    "current_start": "--current-from",
    "current_end": "--current-to",
    "group": "--group",
    "replace": "--replace",
    "only": "--only",
    "week": "--week",
    "for_": "--for",
    # import_file / validate
    "mapping": "--map",
    "set_values": "--set",
    "fill": "--fill",
    "mode": "--mode",
    "force": "--force",
    "skip_existing": "--skip-existing",
    "dry_run": "--dry-run",
    "dayfirst": "--dayfirst",
    "dayfirst=True": "--dayfirst",
    "dayfirst=False": "--monthfirst",
    "multiplier": "--multiplier",
    "sheet": "--sheet",
    "on_error": "--on-error",
    "missing": "--missing",
    # the app database (goals, plans, one-on-ones, check-ins, users)
    "app_db": "--app-db",
    "expect_version": "--expect-version",
    "owner": "--owner",
    "owner_kind": "--owner-kind",
    "kpi": "--kpi",
    "target": "--target",
    "split": "--split",
    "how": "--split",
    "manual": "--share",
    "share": "--share",
    "due": "--due",
    "confidence": "--confidence",
    "workload": "--workload",
    "date": "--date",
    "role": "--role",
    "email": "--email",
    "state": "--state",
    "what": "--what",
    "why": "--why",
    "notes": "--notes",
    "wins": "--wins",
    "blockers": "--blockers",
    "tier": "--tier",
}
#: `name` or `name=Value` (a boolean the CLI spells as two flags: `dayfirst=False`)
_PARAMETER = re.compile(r"`([a-z_]+(?:=[A-Za-z]+)?)`")


def as_flags(text: str) -> str:
    """A library message in the CLI's terms: each `parameter` it names as its flag."""
    return _PARAMETER.sub(lambda m: FLAGS.get(m[1], m[0]), text)


def report(exc: UserError, stream: Any = None) -> None:
    out = stream or sys.stderr
    click.echo(f"Error: {as_flags(exc.message)}", file=out)
    if exc.fix:
        click.echo(f"  Fix: {as_flags(exc.fix)}", file=out)
