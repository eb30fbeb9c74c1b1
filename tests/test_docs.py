"""Generated documents are current, and every command is documented."""

from __future__ import annotations

from pathlib import Path

from salespulse.model import contract_docs

DOCS = Path(__file__).resolve().parents[1] / "docs"


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
