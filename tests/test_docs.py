"""Generated documents are current, and every command is documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salespulse.model import contract_docs

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_data_contract_doc_is_current() -> None:
    assert (DOCS / "data-contract.md").read_text(encoding="utf-8") == contract_docs.render(), (
        "docs/data-contract.md is out of date: run `python -m salespulse.model.contract_docs`"
    )


def test_every_command_is_in_the_readme() -> None:
    from salespulse.cli import COMMANDS

    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"`salespulse {name}" in readme, f"`salespulse {name}` is not in README.md"


def test_every_setting_is_documented() -> None:
    from salespulse.model.settings import _SECTIONS, _SHORT

    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    for section, names in _SECTIONS.items():
        assert f"[{section}]" in text
        for name in names:
            assert f"`{_SHORT.get(name, name)}`" in text or f", `{_SHORT.get(name, name)}`" in text


def _options(command: Any, path: list[str]) -> list[tuple[str, str]]:
    import click

    found = []
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            found += _options(command.get_command(ctx, name), [*path, name])
    for param in command.params:
        if isinstance(param, click.Option):
            found += [(" ".join(path), o) for o in param.opts if o.startswith("--")]
    return found


def test_every_option_is_documented() -> None:
    """Each long option of each command is named in the README or docs/."""
    from salespulse.cli import cli

    text = (ROOT / "README.md").read_text() + "".join(
        p.read_text() for p in sorted((ROOT / "docs").glob("*.md"))
    )
    missing = [(c, o) for c, o in _options(cli, ["salespulse"]) if o not in text and o != "--help"]
    assert not missing, f"undocumented options: {missing}"
