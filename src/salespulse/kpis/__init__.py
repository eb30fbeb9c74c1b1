"""The KPI registry: every KPI salespulse computes, declared once.

`REGISTRY` maps names to `KPI` declarations in the order the docs and `salespulse kpis`
list them. Importing this package does not import Ibis.
"""

from __future__ import annotations

import difflib

from salespulse.errors import UserError
from salespulse.kpis import (
    activities,
    cycle,
    deals,
    leads,
    orders,
    pipeline,
    pricing,
    quotas,
    sales,
    stages,
)
from salespulse.kpis.model import DIMENSIONS, KPI, RELATIONS, Relation

AREAS = {
    "sales": "Sales",
    "deals": "Deals",
    "quotas": "Quotas",
    "pipeline": "Pipeline",
    "leads": "Leads",
    "activities": "Activities",
    "stages": "Stages",
}

REGISTRY: dict[str, KPI] = {
    k.name: k
    for module in (
        sales,
        orders,
        pricing,
        deals,
        cycle,
        quotas,
        pipeline,
        leads,
        activities,
        stages,
    )
    for k in module.KPIS
}


def get(name: str) -> KPI:
    """The KPI called `name`, or a clear error suggesting the closest names."""
    try:
        return REGISTRY[name]
    except KeyError:
        close = difflib.get_close_matches(name, REGISTRY, n=3)
        hint = f"Did you mean {' or '.join(close)}? " if close else ""
        raise UserError(
            f"There is no KPI called {name!r}.",
            fix=hint + "List them with: salespulse kpis",
        ) from None


def names() -> list[str]:
    return list(REGISTRY)


__all__ = ["AREAS", "DIMENSIONS", "KPI", "REGISTRY", "RELATIONS", "Relation", "get", "names"]
