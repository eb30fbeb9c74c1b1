"""The seeded demo data: a sales organisation with 24 months of history and planted stories.

    from salespulse.demo import STORIES, generate

    for table, chunk in generate(seed=7, scale=1):
        ...

`generate` yields `(table name, pyarrow.Table)` chunks for products, reps, quotas, leads,
activities, deals, deal_stages and sales (`only="sales"`: products and sales alone, the
lines naming their reps); each chunk has exactly the stored columns of the table in the data
contract. Work is done block by block (a block = three teams, 24 reps), so memory stays
bounded at any scale. `STORIES` lists the planted rep stories of scale 1,
`stories_for(scale)` those of every block, `PRODUCT_STORIES` the product-line stories. See
docs/demo-data.md.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from salespulse.demo import tables
from salespulse.demo.catalogue import PRODUCTS, products_table
from salespulse.demo.orders import order_lines
from salespulse.demo.org import BlockOrg, block_org
from salespulse.demo.pipeline import deals_table, plan_deals, stages_table
from salespulse.demo.plan import make_plan
from salespulse.demo.prospecting import leads_and_activities
from salespulse.demo.quotas import quotas_table
from salespulse.demo.stories import (
    PRODUCT_STORIES,
    STORIES,
    ProductStory,
    Story,
    month_before,
    stories_for,
)
from salespulse.demo.timeline import Timeline

__all__ = [
    "ONLY",
    "PRODUCTS",
    "PRODUCT_STORIES",
    "STORIES",
    "TABLE_NAMES",
    "ProductStory",
    "Story",
    "generate",
    "generate_block",
    "month_before",
    "stories_for",
]

#: The tables `generate` yields: products first, then those of each block, in its order.
TABLE_NAMES = (
    "products", "reps", "quotas", "leads", "activities", "deals", "deal_stages", "sales",
)  # fmt: skip
#: The partial demos `generate(only=...)` makes, and their tables.
ONLY: dict[str, tuple[str, ...]] = {"sales": ("products", "sales")}
#: Chunks are yielded once this many rows of a table are buffered (so at most ~1M rows).
CHUNK_ROWS = 500_000
# Sub-seed streams of a block.
_PLAN, _DEALS, _ORDERS, _LEADS, _FIELDS, _LINES = range(6)


def _reps_table(org: BlockOrg) -> pa.Table:
    return tables.build(
        "reps",
        org.n_reps,
        {
            "rep": pa.array(org.rep_ids, pa.string()),
            "name": pa.array(org.names, pa.string()),
            "team": tables.labels(org.team_names, org.team),
            "manager": tables.labels(org.managers, org.team),
            "region": tables.labels(org.regions, org.team),
            "hire_date": tables.dates(org.hire_day),
            "email": pa.array(org.emails, pa.string()),
            "employee_id": pa.array(org.employee_ids, pa.string()),
        },
    )


def generate_block(
    seed: int, block: int, timeline: Timeline, only: str | None = None
) -> Iterator[tuple[str, pa.Table]]:
    """The tables of one block (three teams), each as one chunk (with `only="sales"`: its
    sales lines alone, the same lines with each rep's name in `rep` instead of the id)."""

    def rng(stream: int) -> np.random.Generator:
        return np.random.default_rng([seed, block, stream])

    org = block_org(block, timeline.as_of)
    plan = make_plan(timeline, org, rng(_PLAN))
    deals = plan_deals(plan, rng(_DEALS))
    reps = org.names if only == "sales" else org.rep_ids
    sales, won_cents, sold = order_lines(plan, deals, rng(_ORDERS), rng(_LINES), reps)
    if only == "sales":
        yield "sales", sales
        return
    deals = dataclasses.replace(deals, product=sold)
    yield "reps", _reps_table(org)
    yield "quotas", quotas_table(plan)
    leads, activities, lead_number = leads_and_activities(plan, deals, rng(_LEADS))
    yield "leads", leads
    yield "activities", activities
    yield "deals", deals_table(plan, deals, won_cents, lead_number, rng(_FIELDS))
    yield "deal_stages", stages_table(plan, deals)
    yield "sales", sales


def generate(
    seed: int = 7, scale: int = 1, as_of: datetime.date | None = None, only: str | None = None
) -> Iterator[tuple[str, pa.Table]]:
    """Yield `(table_name, chunk)` pairs of seeded demo data.

    24 months of history ending on `as_of` (default: today; its month is partial). The same
    (seed, scale, as_of) always gives the same data. `scale` N = N blocks of 3 teams and 24
    reps (~100k sales lines each). Chunks hold at most about a million rows; several chunks
    may come for the same table, interleaved with other tables. `only="sales"` yields the
    products and the sales lines alone (the same lines, `rep` holding each rep's name).
    """
    if scale < 1:
        raise ValueError(f"scale must be 1 or more, not {scale}")
    if only is not None and only not in ONLY:
        raise ValueError(f"only must be one of {sorted(ONLY)} or None, not {only!r}")
    timeline = Timeline.build(as_of or datetime.date.today())
    pending: dict[str, list[pa.Table]] = {name: [] for name in TABLE_NAMES}
    rows = dict.fromkeys(TABLE_NAMES, 0)
    yield "products", products_table()
    for block in range(scale):
        for name, chunk in generate_block(seed, block, timeline, only):
            pending[name].append(chunk)
            rows[name] += chunk.num_rows
            if rows[name] >= CHUNK_ROWS:
                yield name, pa.concat_tables(pending[name]).combine_chunks()
                pending[name], rows[name] = [], 0
    for name in TABLE_NAMES:
        if pending[name]:
            yield name, pa.concat_tables(pending[name]).combine_chunks()
