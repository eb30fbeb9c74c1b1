"""Monthly revenue quotas per rep, ramped for new hires (25/50/75/100% over the first four
months from the hire month), with a step up each January."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from salespulse.demo import tables
from salespulse.demo.plan import Plan


def quotas_table(plan: Plan) -> Any:
    tl, org = plan.tl, plan.org
    rep, month = np.nonzero(~np.isnan(plan.quota))
    first_day = tl.months[month].astype("datetime64[D]").astype(np.int64)
    next_first = (tl.months[month] + 1).astype("datetime64[D]").astype(np.int64)
    period = pa.array(np.datetime_as_string(tl.months[month], unit="M"), pa.string())
    return tables.build(
        "quotas",
        rep.size,
        {
            "rep": tables.labels(org.rep_ids, rep),
            "team": None,
            "period": period,
            "period_start": tables.dates(first_day),
            "period_end": tables.dates(next_first - 1),
            "metric": pa.array(np.full(rep.size, "revenue"), pa.string()),
            "target": tables.numbers(plan.quota[rep, month]),
        },
    )
