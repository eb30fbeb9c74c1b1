"""The golden dataset: a small, hand-built sales organisation (see README.md for every
expected value worked out by hand), and loaders that put it into a DuckDB workspace,
a PostgreSQL schema or Parquet files for Spark."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from salespulse.model.contract import TABLES
from salespulse.store import quote, table_ddl


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def d(text: str) -> date:
    return date.fromisoformat(text)


REPS = [
    {"rep": "ann", "name": "Ann", "team": "East", "manager": "Maria", "region": "North"},
    {"rep": "bob", "name": "Bob", "team": "East", "manager": "Maria", "region": "South"},
    {"rep": "cid", "name": "Cid", "team": "West", "manager": "Omar", "region": "North"},
    {"rep": "dee", "name": "Dee", "team": "West", "manager": "Omar", "region": "South"},
]


def _deal(
    deal_id: str,
    rep: str,
    created: str,
    status: str,
    closed: str | None,
    amount: float | None,
    stage: str,
    product: str,
    source: str,
    expected: str | None = None,
    probability: float | None = None,
) -> dict[str, Any]:
    return {
        "deal_id": deal_id,
        "rep": rep,
        "created_at": ts(created),
        "status": status,
        "closed_at": ts(closed) if closed else None,
        "amount": amount,
        "stage": stage,
        "expected_close": d(expected) if expected else None,
        "probability": probability,
        "product": product,
        "source": source,
    }


DEALS = [
    _deal(
        "D01",
        "ann",
        "2025-01-06 09:00",
        "won",
        "2025-01-20 09:00",
        1000,
        "Closed Won",
        "Pro",
        "web",
    ),
    _deal(
        "D02",
        "ann",
        "2025-01-08 09:00",
        "lost",
        "2025-02-07 09:00",
        500,
        "Closed Lost",
        "Basic",
        "web",
    ),
    # A same-day close: created 09:00, won 15:00.
    _deal(
        "D03",
        "ann",
        "2025-02-03 09:00",
        "won",
        "2025-02-03 15:00",
        2000,
        "Closed Won",
        "Pro",
        "referral",
    ),
    # Spans the Q1/Q2 boundary: created in March, won in April.
    _deal(
        "D04",
        "ann",
        "2025-03-20 12:00",
        "won",
        "2025-04-10 12:00",
        3000,
        "Closed Won",
        "Pro",
        "web",
        "2025-04-15",
    ),
    # D05 (Monday 31 March) and D06 (Wednesday 2 April) close in the week crossing a month.
    _deal(
        "D05",
        "bob",
        "2025-01-10 09:00",
        "lost",
        "2025-03-31 09:00",
        800,
        "Closed Lost",
        "Basic",
        "web",
    ),
    _deal(
        "D06",
        "bob",
        "2025-02-20 09:00",
        "won",
        "2025-04-02 09:00",
        1500,
        "Closed Won",
        "Basic",
        "referral",
        "2025-04-05",
    ),
    _deal(
        "D07",
        "bob",
        "2025-03-03 09:00",
        "open",
        None,
        4000,
        "Proposal",
        "Pro",
        "web",
        "2025-04-15",
        0.5,
    ),
    # Entered at signing: created and won at the same instant (a 0-day cycle).
    _deal(
        "D08",
        "cid",
        "2025-02-10 10:00",
        "won",
        "2025-02-10 10:00",
        600,
        "Closed Won",
        "Basic",
        "partner",
    ),
    _deal(
        "D09",
        "cid",
        "2025-02-12 09:00",
        "lost",
        "2025-03-14 09:00",
        700,
        "Closed Lost",
        "Pro",
        "partner",
    ),
    # An open deal with no amount.
    _deal(
        "D10", "cid", "2025-03-25 09:00", "open", None, None, "Qualify", "Pro", "web", "2025-05-20"
    ),
    # dee has open deals only: no closed deals at all.
    _deal(
        "D11",
        "dee",
        "2025-03-10 09:00",
        "open",
        None,
        2500,
        "Qualify",
        "Basic",
        "web",
        "2025-04-25",
    ),
    _deal(
        "D12",
        "dee",
        "2025-04-01 09:00",
        "open",
        None,
        1200,
        "Negotiation",
        "Pro",
        "referral",
        "2025-06-10",
    ),
]

DEAL_STAGES = [
    {"deal_id": deal, "stage": stage, "entered_at": ts(at)}
    for deal, stage, at in [
        ("D01", "Qualify", "2025-01-06 09:00"),
        ("D01", "Proposal", "2025-01-10 09:00"),
        ("D01", "Closed Won", "2025-01-20 09:00"),
        ("D02", "Qualify", "2025-01-08 09:00"),
        ("D02", "Closed Lost", "2025-02-07 09:00"),
        ("D03", "Proposal", "2025-02-03 09:00"),
        ("D03", "Closed Won", "2025-02-03 15:00"),
        ("D05", "Qualify", "2025-01-10 09:00"),
        ("D05", "Proposal", "2025-02-10 09:00"),
        ("D05", "Closed Lost", "2025-03-31 09:00"),
        ("D06", "Qualify", "2025-02-20 09:00"),
        ("D06", "Proposal", "2025-03-05 09:00"),
        ("D06", "Closed Won", "2025-04-02 09:00"),
        ("D07", "Qualify", "2025-03-03 09:00"),
        ("D07", "Proposal", "2025-03-17 09:00"),
        ("D11", "Qualify", "2025-03-10 09:00"),
    ]
]


def _sale(
    day: str,
    product: str,
    quantity: float,
    unit_price: float | None,
    amount: float | None,
    rep: str,
    customer: str | None,
    region: str | None,
    channel: str,
    order_id: str | None,
    **money: float,
) -> dict[str, Any]:
    """A sale line; `money` holds its discount, discount_amount, cost, profit or margin."""
    return {
        "date": d(day),
        "product": product,
        "quantity": quantity,
        "unit_price": unit_price,
        "amount": amount,
        "rep": rep,
        "customer": customer,
        "region": region,
        "channel": channel,
        "order_id": order_id,
        **money,
    }


# fmt: off
SALES = [
    # A discount of 0 recorded: a discounted line with nothing off.
    _sale("2025-01-05", "Pro", 2, 300, 600, "ann", "Acme", None, "online", "O1",
          discount=0, cost=400),
    # No amount: quantity × unit price = 250. A back-ordered line of O1, delivered later.
    # No cost of its own: 5 × the product's cost per unit (30).
    _sale("2025-01-15", "Basic", 5, 50, None, "ann", "Acme", None, "retail", "O1"),
    # List price 350, 50 off.
    _sale("2025-01-20", "Pro", 1, 350, 300, "bob", "Bolt", "South", "online", "O2",
          discount_amount=50, cost=200),
    # The line's own region (Coast) wins over its rep's (North). No order number.
    _sale("2025-01-31", "Basic", 4, 50, 200, "cid", "Core", "Coast", "retail", None),
    # List price 400 at 25% off: 3 × 400 × 0.75 = 900.
    _sale("2025-02-03", "Pro", 3, 400, 900, "ann", "Acme", None, "online", "O3",
          discount=0.25, cost=600),
    # A return, by a customer with no purchase in the data: neither an order nor a sale.
    _sale("2025-02-10", "Basic", -1, 50, -50, "ann", "Fizz", None, "retail", "R1",
          discount=0, cost=-30),
    _sale("2025-02-14", "Pro", 2, 300, 600, "bob", "Bolt", None, "online", "O4", margin=0.45),
    # Neither amount nor price: units count, revenue does not. No customer, no order
    # number; its discount amount and profit count nowhere (no amount).
    _sale("2025-03-03", "Basic", 10, None, None, "cid", None, None, "retail", None,
          discount_amount=20, profit=100),
    # The week of Monday 31 March crosses into April.
    _sale("2025-03-31", "Pro", 1, 300, 300, "ann", "Dyna", None, "online", "O5", profit=120),
    # No unit price: its list value is 600 ÷ (1 − 0.2) = 750. No cost (Pro has none).
    _sale("2025-04-02", "Pro", 2, None, 600, "bob", "Bolt", None, "online", "O6", discount=0.2),
    # A discount amount of 0 recorded.
    _sale("2025-04-20", "Basic", 6, 50, 300, "dee", "Echo", None, "retail", "O7",
          discount_amount=0),
]
# fmt: on

#: Only a cost per unit for Basic (no names, no categories): Pro lines without their own
#: cost, profit or margin have no gross margin.
PRODUCTS = [{"product": "Basic", "cost": 30.0}]


def _quota(
    owner: str, period: str, start: str, end: str, metric: str, target: float, team: bool = False
) -> dict[str, Any]:
    return {
        "rep": None if team else owner,
        "team": owner if team else None,
        "period": period,
        "period_start": d(start),
        "period_end": d(end),
        "metric": metric,
        "target": target,
    }


QUOTAS = [
    # Monthly revenue quotas per rep; dee has none.
    _quota("ann", "2025-01", "2025-01-01", "2025-01-31", "revenue", 800),
    _quota("ann", "2025-02", "2025-02-01", "2025-02-28", "revenue", 1000),
    _quota("ann", "2025-03", "2025-03-01", "2025-03-31", "revenue", 500),
    _quota("bob", "2025-01", "2025-01-01", "2025-01-31", "revenue", 300),
    _quota("bob", "2025-02", "2025-02-01", "2025-02-28", "revenue", 700),
    _quota("bob", "2025-03", "2025-03-01", "2025-03-31", "revenue", 300),
    _quota("cid", "2025-01", "2025-01-01", "2025-01-31", "revenue", 200),
    _quota("cid", "2025-02", "2025-02-01", "2025-02-28", "revenue", 400),
    _quota("cid", "2025-03", "2025-03-01", "2025-03-31", "revenue", 100),
    # Quarterly bookings quotas per rep.
    _quota("ann", "2025-Q2", "2025-04-01", "2025-06-30", "bookings", 5000),
    _quota("bob", "2025-Q2", "2025-04-01", "2025-06-30", "bookings", 4000),
    # A team quota on units.
    _quota("East", "2025-Q1", "2025-01-01", "2025-03-31", "units", 20, team=True),
]


def _lead(lead_id: str, at: str, rep: str, source: str, inbound: bool | None) -> dict[str, Any]:
    return {
        "lead_id": lead_id,
        "created_at": ts(at),
        "rep": rep,
        "source": source,
        "inbound": inbound,
    }


LEADS = [
    _lead("L1", "2025-03-03 09:00", "ann", "web", True),
    _lead("L2", "2025-03-03 13:00", "ann", "web", True),
    _lead("L3", "2025-03-04 10:00", "bob", "event", False),
    # Inbound not given: counts as inbound.
    _lead("L4", "2025-03-05 11:00", "bob", "web", None),
    # Never touched.
    _lead("L7", "2025-03-05 15:00", "bob", "web", True),
    _lead("L5", "2025-03-31 16:00", "cid", "web", True),
    _lead("L6", "2025-04-01 08:00", "cid", "referral", True),
]


def _act(
    activity_id: str,
    rep: str,
    at: str,
    kind: str,
    lead: str | None,
    deal: str | None,
    direction: str | None,
    outcome: str | None,
) -> dict[str, Any]:
    return {
        "rep": rep,
        "at": ts(at),
        "activity_id": activity_id,
        "type": kind,
        "lead_id": lead,
        "deal_id": deal,
        "direction": direction,
        "outcome": outcome,
    }


ACTIVITIES = [
    _act("A1", "ann", "2025-03-03 09:04", "call", "L1", None, "outbound", "connected"),
    _act("A2", "ann", "2025-03-03 09:30", "email", "L1", None, None, None),
    _act("A3", "ann", "2025-03-04 10:00", "call", "L2", None, "outbound", "no_answer"),
    _act("A4", "bob", "2025-03-04 10:30", "call", "L3", None, "outbound", "connected"),
    # Inbound: not a touch.
    _act("A5", "bob", "2025-03-04 11:00", "call", "L3", None, "inbound", "connected"),
    # A Saturday.
    _act("A6", "bob", "2025-03-08 10:00", "email", "L4", None, "outbound", None),
    _act("A7", "cid", "2025-03-31 16:30", "call", "L5", None, "outbound", "connected"),
    _act("A8", "cid", "2025-04-01 09:00", "meeting", "L5", None, "outbound", None),
    # Before its lead arrived (08:00): a touch, but not an answer.
    _act("A9", "cid", "2025-04-01 07:00", "call", "L6", None, "outbound", "no_answer"),
    _act("A10", "dee", "2025-04-02 14:00", "call", None, "D11", "outbound", "connected"),
    # No outcome recorded.
    _act("A11", "dee", "2025-04-02 15:00", "call", None, "D12", "outbound", None),
]

DATASET: dict[str, list[dict[str, Any]]] = {
    "reps": REPS,
    "deals": DEALS,
    "deal_stages": DEAL_STAGES,
    "sales": SALES,
    "products": PRODUCTS,
    "quotas": QUOTAS,
    "leads": LEADS,
    "activities": ACTIVITIES,
}


def rows_for(name: str, records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    cols = [c.name for c in TABLES[name].stored]
    return [tuple(r.get(c) for c in cols) for r in records]


def load_duckdb(con: Any, dataset: dict[str, list[dict[str, Any]]] = DATASET) -> None:
    """Write the tables into a DuckDB connection the way the workspace stores them: the
    rows of import 1, with its record (the commit marker a workspace checks on open)."""
    from salespulse.store import IMPORTS_DDL, migrate, record_import

    con.execute(IMPORTS_DDL)
    migrate(con)
    if not con.execute("SELECT count(*) FROM _imports WHERE import_id = 1").fetchone()[0]:
        record_import(
            con,
            import_id=1,
            table="golden",
            file="golden dataset",
            sha256="golden",
            size=0,
            rows=sum(len(r) for r in dataset.values()),
            mode="append",
            mapping={},
            warnings=0,
        )
    for name, records in dataset.items():
        table = TABLES[name]
        con.execute(table_ddl(table))
        cols = [quote(c.name) for c in table.stored] + ["_import_id"]
        marks = ", ".join("?" for _ in cols)
        if records:
            con.executemany(
                f"INSERT INTO {quote(name)} ({', '.join(cols)}) VALUES ({marks})",
                [(*row, 1) for row in rows_for(name, records)],
            )


PG_TYPES = {
    "text": "text",
    "number": "double precision",
    "date": "date",
    "timestamp": "timestamp",
    "boolean": "boolean",
}


def load_postgres(
    dsn: str, schema: str, dataset: dict[str, list[dict[str, Any]]] = DATASET
) -> None:
    """Create the tables in a fresh PostgreSQL schema (dropped first if it exists)."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
        con.execute(f"CREATE SCHEMA {quote(schema)}")
        for name, records in dataset.items():
            table = TABLES[name]
            cols = ", ".join(f"{quote(c.name)} {PG_TYPES[c.type]}" for c in table.stored)
            target = f"{quote(schema)}.{quote(name)}"
            con.execute(f"CREATE TABLE {target} ({cols})")
            names = ", ".join(quote(c.name) for c in table.stored)
            marks = ", ".join("%s" for _ in table.stored)
            with con.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {target} ({names}) VALUES ({marks})", rows_for(name, records)
                )


def drop_postgres(dsn: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")


def write_parquet(folder: Path, dataset: dict[str, list[dict[str, Any]]] = DATASET) -> Path:
    """`<table>.parquet` files with the contract's column types (through DuckDB)."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        load_duckdb(con, dataset)
        for name in dataset:
            cols = ", ".join(quote(c.name) for c in TABLES[name].stored)
            path = str(folder / f"{name}.parquet").replace("'", "''")
            con.execute(f"COPY (SELECT {cols} FROM {quote(name)}) TO '{path}' (FORMAT parquet)")
    finally:
        con.close()
    return folder
