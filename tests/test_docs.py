"""Generated documents are current, and every command is documented."""

from __future__ import annotations

from pathlib import Path

from salespulse.model import contract_docs

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_data_contract_doc_is_current() -> None:
    assert (DOCS / "data-contract.md").read_text(encoding="utf-8") == contract_docs.render(), (
        "docs/data-contract.md is out of date: run `python -m salespulse.model.contract_docs`"
    )
