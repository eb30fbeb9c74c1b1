"""The `salespulse` command: a thin shell over the Python API.

Commands are loaded on demand so that `salespulse --help` stays instant. The command
modules import nothing from here: what they share (opening the workspace of
`--workspace`) is in `salespulse.cli.workspace_option`, so the group and its commands
form no import cycle.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

#: command name -> "module:function" (a click command), in the order `--help` lists them.
COMMANDS: dict[str, str] = {
    "init": "salespulse.cli.workspace_commands:init_command",
    "import": "salespulse.cli.import_commands:import_command",
    "validate": "salespulse.cli.import_commands:validate_command",
    "tables": "salespulse.cli.workspace_commands:tables_command",
    "imports": "salespulse.cli.imports_commands:imports_command",
    "demo": "salespulse.cli.demo_commands:demo_command",
    "kpis": "salespulse.cli.kpi_commands:kpis_command",
    "kpi": "salespulse.cli.kpi_commands:kpi_command",
    "coach": "salespulse.cli.coach:coach_command",
    "scorecard": "salespulse.cli.scorecard_commands:scorecard_command",
    "bridge": "salespulse.cli.bridge_commands:bridge_command",
    "consistency": "salespulse.cli.consistency_commands:consistency_command",
    "forecast": "salespulse.cli.forecast_commands:forecast_command",
    "products": "salespulse.cli.products_commands:products_command",
    "goals": "salespulse.cli.goals_commands:goals_command",
    "plans": "salespulse.cli.plans_commands:plans_command",
    "one-on-ones": "salespulse.cli.meetings_commands:one_on_ones_command",
    "check-in": "salespulse.cli.meetings_commands:check_in_command",
    "users": "salespulse.cli.users_commands:users_command",
    "db": "salespulse.cli.db_commands:db_command",
    "focus": "salespulse.cli.focus_commands:focus_command",
    "digest": "salespulse.cli.digest_commands:digest_command",
    "serve": "salespulse.cli.serve_commands:serve_command",
    "report": "salespulse.cli.report_commands:report_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="SALESPULSE_WORKSPACE",
    default="salespulse-workspace",
    show_default=True,
    help="Workspace folder (or set SALESPULSE_WORKSPACE).",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    envvar="SALESPULSE_WAIT",
    default=10,
    show_default=True,
    metavar="SECONDS",
    help="Seconds to wait for the workspace when another command holds it (or set "
    "SALESPULSE_WAIT).",
)
@click.option(
    "--app-db",
    "app_db",
    default=None,
    metavar="URL",
    help="The app database (goals, plans, one-on-ones, users): postgresql://USER@HOST/DB"
    "[?schema=NAME] or sqlite:///PATH (default: SALESPULSE_APP_DB, the [app] database "
    "setting, else app.db in the workspace).",
)
@click.version_option(package_name="salespulse")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, wait: float, app_db: str | None) -> None:
    """salespulse: sales performance per rep and team, explained and turned into coaching."""
    ctx.obj = {"workspace": workspace, "wait": wait, "app_db": app_db}
    _show_repairs()


def _show_repairs() -> None:
    """Print the note of a repair on open (`WorkspaceRepaired`) as a plain line on stderr."""
    import warnings

    from salespulse.store_repair import WorkspaceRepaired

    shown = warnings.showwarning

    def show(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(category, type) and issubclass(category, WorkspaceRepaired):
            click.echo(f"Note: {message}", err=True)
        else:
            shown(message, category, *args, **kwargs)

    warnings.showwarning = show


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI and turns every error into a message, never a traceback."""
    from salespulse.cli.errors import run_safely

    sys.exit(run_safely(cli, argv))
