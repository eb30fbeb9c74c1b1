"""Opening the workspace the group's `--workspace` and `--wait` name: what every command
module shares (kept out of `salespulse.cli`, which loads those modules)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from salespulse.workspace import Workspace


def workspace_path(ctx: click.Context) -> Path:
    obj: dict[str, Any] = ctx.find_root().obj or {}
    path = obj.get("workspace")
    return (
        Path(path) if path else Path(os.environ.get("SALESPULSE_WORKSPACE", "salespulse-workspace"))
    )


def open_workspace(ctx: click.Context, *, create: bool = False) -> Workspace:
    """The workspace of `--workspace`, waiting `--wait` seconds for a lock. Read commands
    leave `create` False: a mistyped path is refused, never made into a workspace."""
    import salespulse

    obj: dict[str, Any] = ctx.find_root().obj or {}
    return salespulse.open(workspace_path(ctx), create=create, wait=obj.get("wait"))
