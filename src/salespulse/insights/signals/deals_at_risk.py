"""Deals at risk: a rep's open deals (at the as-of date) that are past their expected close,
or idle in their stage longer than 90% of deals stay there (the `time_in_stage` KPI's
90th percentile for that stage), biggest first, each with its reasons and last touch —
for one rep, or for many at once (`deals_at_risk_by_rep`: three reads in all)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from salespulse.insights.core.evidence import Evidence, records
from salespulse.model.calendar import day_of
from salespulse.model.wording import plural

LIMIT = 10


@dataclass(frozen=True)
class RiskyDeal:
    deal_id: str
    customer: str | None
    amount: float | None
    stage: str | None
    expected_close: date | None
    days_in_stage: float | None
    usual_days: float | None  # 90% of deals leave this stage within this many days
    last_touch: date | None
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "deal_id": self.deal_id,
            "customer": self.customer,
            "amount": self.amount,
            "stage": self.stage,
            "expected_close": self.expected_close.isoformat() if self.expected_close else None,
            "days_in_stage": self.days_in_stage,
            "usual_days": self.usual_days,
            "last_touch": self.last_touch.isoformat() if self.last_touch else None,
            "reasons": self.reasons,
        }


def deals_at_risk(ev: Evidence, rep: str, as_of: date, limit: int = LIMIT) -> list[RiskyDeal]:
    """`rep`'s open deals at risk on `as_of`, biggest first (at most `limit`)."""
    return deals_at_risk_by_rep(ev, [rep], as_of, limit).get(rep, [])


def deals_at_risk_by_rep(
    ev: Evidence, reps: list[str], as_of: date, limit: int = LIMIT
) -> dict[str, list[RiskyDeal]]:
    """Each of `reps` → their open deals at risk on `as_of`, biggest first (at most
    `limit` each): the same three reads (the team's open deals, their stage entries and
    last touches; each compiled once and kept) whatever the number of reps."""
    if not ev.has("deals") or not reps:
        return {}
    wanted = set(reps)
    deals = [d for d in open_deals(ev, as_of) if str(d["rep"]) in wanted]
    if not deals:
        return {}
    entered = _stage_entries(ev, as_of)
    touched = _last_touches(ev, as_of)
    usual = _usual_days(ev, as_of)
    out: dict[str, list[RiskyDeal]] = {}
    for d in deals:
        found = _at_risk(d, entered, touched, usual, as_of)
        if found is not None:
            out.setdefault(str(d["rep"]), []).append(found)
    return {
        rep: sorted(found, key=lambda x: -(x.amount or 0.0))[:limit]
        for rep, found in sorted(out.items())
    }


def _open(ctx: Any) -> Any:
    """The deals open at the end of the as-of day (created by then, not closed by then)."""
    t = ctx.table("deals")
    end = ctx.as_of_end()
    return t.filter(
        (t.created_at.isnull() | (t.created_at < end))
        & ((t.status == "open") | (t.closed_at >= end))
    )


def open_deals(ev: Evidence, as_of: date) -> list[dict[str, Any]]:
    """Every deal open at the end of the as-of day, one read for the whole team (kept
    for the life of `ev`)."""

    def build(ctx: Any) -> Any:
        return _open(ctx).select("deal_id", "rep", "customer", "amount", "stage", "expected_close")

    return ev.memo(
        ("open_deals", as_of),
        lambda: ev.rows("open_deals", build, kpi="pipeline_open", as_of=as_of),
    )


def _at_risk(
    d: dict[str, Any],
    entered: dict[str, tuple[str, datetime]],
    touched: dict[str, date],
    usual: dict[str, float],
    as_of: date,
) -> RiskyDeal | None:
    """The deal with its reasons, or None when it is not at risk."""
    deal_id = str(d["deal_id"])
    stage, since = entered.get(deal_id, (d["stage"], None))
    days = (
        (datetime.combine(as_of + timedelta(days=1), datetime.min.time()) - since).total_seconds()
        / 86400
        if since
        else None
    )
    expected = day_of(d["expected_close"])
    reasons = []
    if expected is not None and expected < as_of:
        reasons.append(
            f"past its expected close ({expected}) by {plural((as_of - expected).days, 'day')}"
        )
    limit_days = usual.get(str(stage)) if stage else None
    if days is not None and limit_days is not None and days > limit_days:
        reasons.append(
            f"{days:.0f} days in {stage}, where 90% of deals move on within {limit_days:.0f}"
        )
    if not reasons:
        return None
    return RiskyDeal(
        deal_id,
        d["customer"],
        d["amount"],
        stage,
        expected,
        days,
        limit_days,
        touched.get(deal_id),
        reasons,
    )


def _stage_entries(ev: Evidence, as_of: date) -> dict[str, tuple[str, datetime]]:
    """Each open deal → (its stage at the as-of date, when it entered it)."""
    if not ev.has("deal_stages"):
        return {}

    def build(ctx: Any) -> Any:
        s = ctx.table("deal_stages")
        s = s.filter(s.deal_id.isin(_open(ctx).deal_id) & (s.entered_at < ctx.as_of_end()))
        return s.select("deal_id", "stage", "entered_at")

    def compute() -> dict[str, tuple[str, datetime]]:
        out: dict[str, tuple[str, datetime]] = {}
        for r in ev.rows("open_deal_stages", build, kpi="pipeline_open", as_of=as_of):
            key, at = str(r["deal_id"]), r["entered_at"]
            if key not in out or at >= out[key][1]:
                out[key] = (str(r["stage"]), at)
        return out

    return ev.memo(("open_deal_stages", as_of), compute)


def _last_touches(ev: Evidence, as_of: date) -> dict[str, date]:
    """Each open deal → the day of its last activity up to the as-of date."""
    if not ev.has("activities"):
        return {}

    def build(ctx: Any) -> Any:
        a = ctx.table("activities")
        a = a.filter(a.deal_id.isin(_open(ctx).deal_id) & (a.at < ctx.as_of_end()))
        return a.group_by(a.deal_id).aggregate(last=a.at.max())

    def compute() -> dict[str, date]:
        rows = ev.rows("open_deal_touches", build, kpi="pipeline_open", as_of=as_of)
        return {str(r["deal_id"]): d for r in rows if (d := day_of(r["last"])) is not None}

    return ev.memo(("open_deal_touches", as_of), compute)


def _usual_days(ev: Evidence, as_of: date) -> dict[str, float]:
    """stage → the 90th percentile of days spent in it (all reps, up to the as-of date)."""
    if not ev.has("deal_stages"):
        return {}
    df = ev.kpi("time_in_stage", by=("stage",), as_of=as_of)
    return {str(r["stage"]): float(r["p90"]) for r in records(df) if r["p90"] is not None}
