"""Quotas on another scale than the sales: targets written in thousands (200 for $200k, as
many spreadsheets of targets are) beside sales lines in dollars make every rep look 1,000×
over quota, and every attainment, streak and win built on them wrong. After an import that
brings quotas or what they are measured on, the import report warns when the median rep
sold `TOO_FAR` times their target or more, with the rep nearest that median as the
example, so the targets can be imported again with their multiplier; the scorecard says
so beside its attainment column too (`scorecard_note`), for quotas imported before."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.errors import MissingTable, QuotaDoesNotFit
from salespulse.io.findings import Finding
from salespulse.io.history import ImportRecord

#: The median rep selling this many times their whole target: the targets are not on the
#: scale of the sales (a team far ahead of its quota is ahead by percent, not 20×).
TOO_FAR = 20.0
#: The tables whose import can put quotas and what they measure side by side.
SIDES = ("quotas", "sales", "deals")
#: The quota metrics a scale can be wrong for (counts of deals or activities are not
#: written in thousands).
MEASURED = ("revenue", "bookings", "units")


@dataclass(frozen=True)
class QuotaScale:
    """What the quotas of one metric look like beside what the reps did."""

    metric: str
    #: the median over reps with a target of Σ actual ÷ Σ target
    median: float
    reps: int
    #: the rep nearest the median: id, Σ actual and Σ target
    rep: Any
    actual: float
    target: float

    @property
    def message(self) -> str:
        return (
            f"the median rep sold {self.median:,.0f} times their {self.metric} target, over "
            f"{self.reps} reps with a target (rep {self.rep}: {self.actual:,.0f} against "
            f"{self.target:,.0f}): the targets look written in thousands"
        )


def off_scale(engine: Engine) -> list[QuotaScale]:
    """The quota metrics whose targets are far below what the reps did (none when the
    quotas look right, are set per team, or what they measure is not imported)."""
    found = []
    for metric in MEASURED:
        query = make_query("quota_attainment", by="rep", where={"metric": metric})
        try:
            rows = engine.result(query).records()
        except (MissingTable, QuotaDoesNotFit):  # nothing to compare, or quotas per team
            continue
        ratios = [
            (r["numerator"] / r["denominator"], r)
            for r in rows
            if r["denominator"] and r["denominator"] > 0 and r["numerator"] is not None
        ]
        if not ratios:
            continue
        median = statistics.median(ratio for ratio, _ in ratios)
        if median < TOO_FAR:
            continue
        _, nearest = min(ratios, key=lambda pair: abs(pair[0] - median))
        found.append(
            QuotaScale(
                metric,
                median,
                len(ratios),
                nearest["rep"],
                float(nearest["numerator"]),
                float(nearest["denominator"]),
            )
        )
    return found


def scale_findings(engine: Engine, file: str, imports: list[ImportRecord]) -> list[Finding]:
    """The `quota_scale` warnings for the import of `file`, naming the quotas imports
    (of `imports`, every import of the workspace) to undo."""
    quotas = [i for i in imports if i.table == "quotas" and not i.undone]
    if not quotas:
        return []
    ids = ", ".join(str(i.id) for i in quotas)
    where = f"; the quotas came in with import {ids} ({quotas[-1].file})"
    return [
        Finding(
            "quota_scale",
            file,
            column="target",
            value=f"{scale.target:g}",
            message=scale.message + where,
            rows=scale.reps,
        )
        for scale in off_scale(engine)
    ]


def scorecard_note(rows: list[dict[str, Any]], by: str, label: str) -> str | None:
    """The scorecard's note when its members' median attainment in the period is
    `TOO_FAR` times their quota or more."""
    values = [r["value"] for r in rows if r["kpi"] == "quota_attainment" and r["value"] is not None]
    if not values:
        return None
    median = statistics.median(values)
    if median < TOO_FAR:
        return None
    return (
        f"Attainment: the median {by} reached {median:,.0f} times their quota in {label}: the "
        "targets look written in thousands. Import them again multiplied by 1,000 "
        "(docs/importing.md, Wide quota tables)."
    )
