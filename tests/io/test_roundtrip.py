"""Property: a canonical table written in any supported format, encoding, delimiter,
header spelling, date style and money style imports back as the same table."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import salespulse
from salespulse.io.values import MISSING
from tests.io.writers import write_table

LETTERS = "abcdefghijklmnopqrstuvwxyzÄÖÜäöüéèçñ ,'\"-"
HEADERS = {
    "deal_id": ["deal_id", "Opportunity ID", "OPPORTUNITY_ID", "Record ID", "Deal - ID"],
    "rep": ["rep", "Opportunity Owner", "Deal owner", "sales rep", "Sales_Agent"],
    "created_at": ["created_at", "Created Date", "Create Date", "engage_date", "CREATED"],
    "status": ["status", "Deal - Status", "Status"],
    "closed_at": ["closed_at", "Close Date", "closedate", "Closed Date"],
    "amount": ["amount", "Amount", "Deal - Value", "close_value", "Deal Value"],
}
DATE_STYLES = {
    "iso": ("%Y-%m-%d %H:%M", None),
    "iso_t": ("%Y-%m-%dT%H:%M:%S", None),
    # Month-first, said (--monthfirst): when no day is above 12 and the rows are not
    # sorted by date, nothing else decides it.
    "us": ("%m/%d/%Y %H:%M", False),
    "us_ampm": ("%m/%d/%Y %I:%M %p", False),
    "dotted": ("%d.%m.%Y %H:%M", None),
    "dayfirst": ("%d/%m/%Y %H:%M", True),
}
MONEY_STYLES = ["plain", "dollars", "euro"]


def money(value: float, style: str) -> str:
    if style == "dollars":
        return f"${value:,.2f}"
    if style == "euro":
        return f"{value:,.2f} €".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{value:.2f}"


names = (
    st.text(LETTERS, min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda s: bool(s) and s.lower() not in MISSING)
)
moments = st.datetimes(datetime(2001, 1, 1), datetime(2030, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@st.composite
def deals(draw: Any) -> list[dict[str, Any]]:
    ids = draw(
        st.lists(
            st.text("ABCDEF0123456789", min_size=3, max_size=8),
            min_size=1,
            max_size=25,
            unique=True,
        )
    )
    rows = []
    for deal_id in ids:
        status = draw(st.sampled_from(["open", "won", "lost"]))
        created = draw(moments)
        closed = None
        if status != "open":
            closed = created + draw(
                st.timedeltas(
                    min_value=datetime.min - datetime.min,
                    max_value=datetime(2001, 3, 1) - datetime(2001, 1, 1),
                )
            )
            closed = closed.replace(second=0, microsecond=0)
        amount = (
            draw(st.integers(0, 10**9)) / 100
            if status == "won"
            else draw(st.none() | st.integers(0, 10**9).map(lambda x: x / 100))
        )
        rows.append(
            {
                "deal_id": deal_id,
                "rep": draw(names),
                "created_at": created,
                "status": status,
                "closed_at": closed,
                "amount": amount,
            }
        )
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=deals(),
    fmt=st.sampled_from(["csv", "tsv", "xlsx", "parquet", "jsonl"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    spelling=st.fixed_dictionaries({k: st.sampled_from(v) for k, v in HEADERS.items()}),
    date_style=st.sampled_from(list(DATE_STYLES)),
    money_style=st.sampled_from(MONEY_STYLES),
)
def test_any_file_imports_back_to_the_same_table(
    rows: list[dict[str, Any]],
    fmt: str,
    encoding: str,
    delimiter: str,
    newline: str,
    spelling: dict[str, str],
    date_style: str,
    money_style: str,
) -> None:
    pattern, dayfirst = DATE_STYLES[date_style]
    columns = list(HEADERS)
    table = [
        [
            r["deal_id"],
            r["rep"],
            r["created_at"].strftime(pattern),
            r["status"],
            r["closed_at"].strftime(pattern) if r["closed_at"] else None,
            None if r["amount"] is None else money(r["amount"], money_style),
        ]
        for r in rows
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = write_table(
            Path(folder) / "deals",
            [spelling[c] for c in columns],
            table,
            fmt,
            encoding if fmt in ("csv", "tsv") else "utf-8",
            delimiter,
            newline,
        )
        ws = salespulse.open(Path(folder) / "ws")
        report = ws.import_file("deals", path, dayfirst=dayfirst)
        assert report.rows_stored == len(rows)
        with ws.connect(read_only=True) as con:
            got = con.execute(
                "SELECT deal_id, rep, created_at, status, closed_at, amount FROM deals "
                "ORDER BY deal_id"
            ).fetchall()
    expected = sorted(
        (r["deal_id"], r["rep"], r["created_at"], r["status"], r["closed_at"], r["amount"])
        for r in rows
    )
    assert got == expected
