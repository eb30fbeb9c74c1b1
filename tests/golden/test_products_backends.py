"""Products and categories label sales KPIs the same way on DuckDB and PostgreSQL: the
ERP example of docs/importing.md imported into a workspace, then the same tables read
in place from a PostgreSQL schema."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import salespulse
from salespulse.model.contract import TABLES
from tests.golden import data
from tests.golden.conftest import PG_DSN
from tests.io.test_orders_products import docs_example


def _tables(ws: salespulse.Workspace) -> dict[str, list[dict[str, Any]]]:
    out = {}
    with ws.connect(read_only=True) as con:
        for name in ("sales", "products", "categories", "reps"):
            cols = [c.name for c in TABLES[name].stored]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall()
            out[name] = [dict(zip(cols, r, strict=True)) for r in rows]
    return out


@pytest.mark.postgres
def test_revenue_by_category_and_product_names_on_postgres(tmp_path: Path) -> None:
    files, commands = docs_example()
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    ws = salespulse.init(tmp_path / "ws")
    for command in commands[:-1]:
        ws.import_file(command[2], tmp_path / command[3])
    schema = f"products_{uuid.uuid4().hex[:8]}"
    data.load_postgres(PG_DSN, schema, _tables(ws))
    try:
        source = f"{PG_DSN}?schema={schema}"
        for by in ("category", "product", "manager"):
            here = ws.kpi("revenue", by=[by])
            there = ws.kpi("revenue", by=[by], source=source)
            pd.testing.assert_frame_equal(there, here, check_dtype=False)
        assert "product_name" in ws.kpi("revenue", by=["product"], source=source).columns
    finally:
        data.drop_postgres(PG_DSN, schema)
