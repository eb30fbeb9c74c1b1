"""docs/coaching.md documents every `coach` subcommand and each of its options."""

from __future__ import annotations

import re
from pathlib import Path

import click

from salespulse.cli.coach import coach_command

DOC = Path(__file__).resolve().parents[2] / "docs" / "coaching.md"


def sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## `salespulse coach ([a-z-]+)`$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_subcommand_has_a_section() -> None:
    assert set(sections()) == set(coach_command.commands)


def test_every_option_is_in_its_usage() -> None:
    for name, section in sections().items():
        command = coach_command.commands[name]
        usage = section.split("```")[1]
        for param in command.params:
            if isinstance(param, click.Option) and "--help" not in param.opts:
                assert any(opt in usage for opt in param.opts), (name, param.opts)
        for part in ("For a manager.", "For an analyst."):
            assert part in section, (name, part)
