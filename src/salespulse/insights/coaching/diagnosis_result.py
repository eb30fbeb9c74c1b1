"""A diagnosis: a rep's bookings against the benchmark over a window, the drivers the gap
splits into (each tested against noise) and the sentences that say it (see `diagnosis`
for how it is worked out, `diagnosis_text` for the sentences)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from salespulse.insights.core.windows import Window
from salespulse.insights.signals import drivers as drv


@dataclass(frozen=True)
class Diagnosis:
    rep: str
    rep_name: str
    team: str | None
    window: Window
    benchmark_kind: str
    benchmark_label: str
    peers: tuple[str, ...]
    outcome: float  # bookings a month (revenue a month for the sales view)
    benchmark: float | None
    gap: float | None  # outcome ÷ benchmark − 1
    drivers: list[drv.Driver]
    summary: str
    attainment: float | None = None
    benchmark_attainment: float | None = None
    notes: list[str] = field(default_factory=list)
    #: "deals" (bookings from won deals) or "sales" (revenue from the sales lines)
    view: str = "deals"
    #: beside a deals diagnosis: the same rep's diagnosis on the sales lines, if any
    sales: Diagnosis | None = None

    @property
    def outcome_unit(self) -> str:
        return "revenue a month" if self.view == "sales" else "bookings a month"

    def driver(self, key: str) -> drv.Driver | None:
        return next((d for d in self.drivers if d.driver == key), None)

    @property
    def causes(self) -> list[drv.Driver]:
        """Significant drivers that push the outcome in the gap's direction."""
        if self.gap is None or self.gap == 0:
            return []
        want_better = self.gap > 0
        return [d for d in self.drivers if d.significant and d.better is want_better]

    @property
    def main_cause(self) -> drv.Driver | None:
        """The funnel driver with the largest share among the causes (None: no cause is
        larger than noise)."""
        funnel = [d for d in self.causes if d.role == "funnel" and (d.share or 0) > 0]
        return funnel[0] if funnel else None

    @property
    def weaknesses(self) -> list[drv.Driver]:
        """Significant drivers where the rep does worse than the benchmark, worst first."""
        worse = [d for d in self.drivers if d.significant and d.better is False]
        return sorted(worse, key=lambda d: -abs(math.log(d.ratio)) if d.ratio else 0.0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "view": self.view,
            "rep": self.rep,
            "rep_name": self.rep_name,
            "team": self.team,
            "window": self.window.as_dict(),
            "outcome": self.outcome,
            "outcome_unit": self.outcome_unit,
            "benchmark": self.benchmark,
            "benchmark_kind": self.benchmark_kind,
            "benchmark_label": self.benchmark_label,
            "peers": list(self.peers),
            "gap": self.gap,
            "attainment": self.attainment,
            "benchmark_attainment": self.benchmark_attainment,
            "drivers": [d.as_dict() for d in self.drivers],
            "summary": self.summary,
            "notes": self.notes,
            **({"sales_lines": self.sales.as_dict()} if self.sales is not None else {}),
        }
