"""The sales-lines part of a one-on-one packet: the rep's sales KPIs against the period
before and the team, the sales-lines diagnosis, the consistency of their months (band,
bad and great months, CV: `reports.consistency`) and where the current period will land
(`reports.projection`).

Team: the rep's teammates (everyone else when there are no teams), counts and money per
rep (the mean of their values), ratios pooled over their lines (the KPI over all their
lines: a ratio of sums)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from salespulse import kpis
from salespulse.errors import UserError
from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.core.evidence import Evidence, Rep, records
from salespulse.insights.core.windows import Window, trailing_months
from salespulse.insights.signals.kpi_lines import KpiLine

#: The sales KPIs of the packet, in order (a line is left out where the data has none).
SALES_KPIS = (
    "revenue",
    "units",
    "orders",
    "avg_order_value",
    "active_customers",
    "new_customers",
    "avg_selling_price",
    "discount_rate",
    "gross_margin",
)
SALES_TEAM_NOTE = (
    "Team: the rep's teammates (everyone else without teams), counts and money per rep, "
    "ratios pooled over their lines (ratios of sums)."
)
#: KPI kinds summed per rep (the team's value is the mean of its reps'); others are pooled.
PER_REP = ("sum", "count", "distinct")


@dataclass(frozen=True)
class SalesSection:
    kpis: list[KpiLine]
    diagnosis: Diagnosis | None
    consistency: dict[str, Any] | None
    projection: dict[str, Any] | None
    #: the months against their band (`band_records`) and their KPI, for the band chart
    #: (`chart`, drawn to SVG for HTML), and a sparkline (Markdown)
    band: list[dict[str, Any]] | None = None
    measure: str | None = None
    sparkline: str | None = None

    def chart(self) -> dict[str, Any] | None:
        """The band chart's spec (`reports.consistency_chart.chart`), built only when a
        page draws it (it needs Altair, which the Markdown and JSON packets do without)."""
        if not self.band or self.measure is None:
            return None
        from salespulse.reports.consistency_chart import chart

        return chart(self.band, self.measure)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpis": [k.as_dict() for k in self.kpis],
            "diagnosis": self.diagnosis.as_dict() if self.diagnosis else None,
            "consistency": self.consistency,
            "projection": self.projection,
        }


def sales_section(
    ev: Evidence,
    who: Rep,
    mates: list[Rep],
    window: Window,
    previous: Window,
    as_of: date,
    diagnosis: Diagnosis | None,
) -> SalesSection:
    consistency, band, spark = _consistency(ev, who, window, as_of)
    return SalesSection(
        sales_kpi_lines(ev, who, mates, window, previous, as_of),
        diagnosis,
        consistency,
        _projection(ev, who, as_of),
        band,
        consistency["measure"] if consistency else None,
        spark,
    )


def sales_kpi_lines(
    ev: Evidence, who: Rep, mates: list[Rep], window: Window, previous: Window, as_of: date
) -> list[KpiLine]:
    ids = [m.rep for m in mates]
    out = []
    for name in SALES_KPIS:
        k = kpis.get(name)
        try:
            now = ev.by_rep(name, window.start, window.end, as_of=as_of)
            before = ev.by_rep(name, previous.start, previous.end, as_of=as_of)
            team = _team(ev, name, k.spec.kind, ids, window, as_of, now)
        except UserError:
            continue  # a column this KPI needs is missing (no discounts, no costs)
        rep = now.get(who.rep, {}).get("value")
        if rep is None and team is None:
            continue
        out.append(
            KpiLine(
                name,
                k.label,
                k.unit,
                k.direction,
                rep,
                before.get(who.rep, {}).get("value"),
                team,
            )
        )
    return out


def _team(
    ev: Evidence,
    name: str,
    kind: str,
    ids: list[str],
    window: Window,
    as_of: date,
    now: dict[str, Any],
) -> float | None:
    if not ids:
        return None
    if kind in PER_REP:
        return sum(float(now.get(r, {}).get("value") or 0.0) for r in ids) / len(ids)
    df = ev.kpi(name, by=(), start=window.start, end=window.end, where={"rep": ids}, as_of=as_of)
    rows = records(df)
    return rows[0]["value"] if rows else None


def _consistency(
    ev: Evidence, who: Rep, window: Window, as_of: date
) -> tuple[dict[str, Any] | None, list[dict[str, Any]] | None, str | None]:
    """The rep's last twelve complete months: band, bad and great months, CV; with the
    months as the band chart draws them and the sparkline of `salespulse consistency`."""
    from salespulse.reports.consistency import consistency_by
    from salespulse.reports.consistency_chart import band_records, sparkline

    year = trailing_months(window.end, 12)
    report = consistency_by(ev.engine, "rep", year, as_of, {"rep": who.rep})
    member = next((m for m in report.members if str(m.member) == who.rep), None)
    if member is None:
        return None, None, None
    labels = {m.month: m.label for m in member.months}
    found = {
        **member.as_dict(),
        "bad_labels": [labels[d] for d in member.bad_months],
        "great_labels": [labels[d] for d in member.great_months],
    }
    spark = sparkline([m.value for m in member.months])
    return found, band_records(member) or None, spark


def _projection(ev: Evidence, who: Rep, as_of: date) -> dict[str, Any] | None:
    """Where the rep's current month will land (None once it is over)."""
    from salespulse.reports.projection import projection_by

    report = projection_by(ev.engine, "rep", "month", as_of, {"rep": who.rep})
    member = next((m for m in report.members if str(m.member) == who.rep), None)
    if member is None or member.landing.over:
        return None
    return member.summary()
