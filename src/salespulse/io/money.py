"""Columns that change money, left out of the mapping: each one is named in a warning
saying what it would change (an ERP's `Discount` kept aside made revenue 7% too high)."""

from __future__ import annotations

from salespulse.io.findings import Finding, Report
from salespulse.io.headers import Mapping, normalise, synonyms_of
from salespulse.model.contract import TABLES

#: (words in a header, what it is, what leaving it out changes)
_MONEY_WORDS = (
    (
        ("discount", "rebate", "markdown", "allowance"),
        "a discount",
        "if the amount is not already net of it, revenue is overstated",
    ),
    (("return", "refund"), "returns", "returned money is not taken off revenue"),
    (("tax", "vat", "gst"), "tax", "tax is not recorded apart from revenue"),
    (("freight", "shipping", "postage"), "shipping", "shipping charges are not recorded"),
    (("profit",), "profit", "profit and margin KPIs cannot use it"),
    (("margin",), "a margin", "margin KPIs cannot use it"),
    (("cost", "cogs"), "a cost", "margin KPIs cannot use it"),
)
#: Tables where money columns matter (sales lines and their order headers).
_TABLES = ("sales", "orders", "products")


def warn_unmapped(report: Report, mapping: Mapping) -> None:
    """Warn about money columns set aside; note any header set aside although it could
    fill a column (one that another header fills), so none is set aside silently."""
    index = synonyms_of(TABLES[mapping.table])
    for header in mapping.set_aside:
        could = [c for c in index.get(normalise(header), []) if c in mapping.columns]
        if could:
            report.notes.append(
                f"{header} could fill {could[0]}, which comes from "
                f"{mapping.columns[could[0]]}: {header} is kept aside"
            )
    if mapping.table not in _TABLES:
        return
    for header in mapping.set_aside:
        key = normalise(header)
        for words, what, effect in _MONEY_WORDS:
            if any(w in key for w in words):
                report.add(
                    Finding(
                        "money_column_set_aside",
                        report.file,
                        line=1,
                        column=header,
                        message=f"{header} looks like {what} and is not imported, so "
                        f"{effect} (map it with `mapping` '{header}=COLUMN' onto one of the "
                        f"{mapping.table} columns in docs/data-contract.md)",
                    )
                )
                break
