"""The seeded demo data: a sales organisation with 24 months of history and planted stories.

    from salespulse.demo import STORIES, generate

    for table, chunk in generate(seed=7, scale=1):
        ...

`generate` yields `(table name, pyarrow.Table)` chunks for reps, quotas, leads, activities,
deals, deal_stages and sales; each chunk has exactly the stored columns of the table in the
data contract. Work is done block by block (a block = three teams, 24 reps), so memory stays
bounded at any scale. `STORIES` lists the planted stories of scale 1; `stories_for(scale)`
those of every block. See docs/demo-data.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from salespulse.demo import tables
from salespulse.demo.orders import order_lines
from salespulse.demo.org import PRODUCTS, BlockOrg, block_org
from salespulse.demo.pipeline import deals_table, plan_deals, stages_table
from salespulse.demo.plan import make_plan
from salespulse.demo.prospecting import leads_and_activities
from salespulse.demo.quotas import quotas_table
from salespulse.demo.stories import STORIES, Story, stories_for
from salespulse.demo.timeline import Timeline

__all__ = [
    "PRODUCTS",
    "STORIES",
    "TABLE_NAMES",
    "Story",
    "generate",
    "generate_block",
    "stories_for",
]

#: The tables `generate` yields, in the order a block produces them.
TABLE_NAMES = ("reps", "quotas", "leads", "activities", "deals", "deal_stages", "sales")
#: Chunks are yielded once this many rows of a table are buffered (so at most ~1M rows).
CHUNK_ROWS = 500_000
# Sub-seed streams of a block.
_PLAN, _DEALS, _ORDERS, _LEADS, _FIELDS = range(5)


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


def generate_block(seed: int, block: int, timeline: Timeline) -> Iterator[tuple[str, pa.Table]]:
    """The tables of one block (three teams), each as one chunk."""

    def rng(stream: int) -> np.random.Generator:
        return np.random.default_rng([seed, block, stream])

    org = block_org(block, timeline.as_of)
    plan = make_plan(timeline, org, rng(_PLAN))
    yield "reps", _reps_table(org)
    yield "quotas", quotas_table(plan)
    deals = plan_deals(plan, rng(_DEALS))
    sales, won_cents = order_lines(plan, deals, rng(_ORDERS))
    leads, activities, lead_number = leads_and_activities(plan, deals, rng(_LEADS))
    yield "leads", leads
    yield "activities", activities
    yield "deals", deals_table(plan, deals, won_cents, lead_number, rng(_FIELDS))
    yield "deal_stages", stages_table(plan, deals)
    yield "sales", sales


def generate(
    seed: int = 7, scale: int = 1, as_of: datetime.date | None = None
) -> Iterator[tuple[str, pa.Table]]:
    """Yield `(table_name, chunk)` pairs of seeded demo data.

    24 months of history ending on `as_of` (default: today; its month is partial). The same
    (seed, scale, as_of) always gives the same data. `scale` N = N blocks of 3 teams and 24
    reps (~100k sales lines each). Chunks hold at most about a million rows; several chunks
    may come for the same table, interleaved with other tables.
    """
    if scale < 1:
        raise ValueError(f"scale must be 1 or more, not {scale}")
    timeline = Timeline.build(as_of or datetime.date.today())
    pending: dict[str, list[pa.Table]] = {name: [] for name in TABLE_NAMES}
    rows = dict.fromkeys(TABLE_NAMES, 0)
    for block in range(scale):
        for name, chunk in generate_block(seed, block, timeline):
            pending[name].append(chunk)
            rows[name] += chunk.num_rows
            if rows[name] >= CHUNK_ROWS:
                yield name, pa.concat_tables(pending[name]).combine_chunks()
                pending[name], rows[name] = [], 0
    for name in TABLE_NAMES:
        if pending[name]:
            yield name, pa.concat_tables(pending[name]).combine_chunks()
