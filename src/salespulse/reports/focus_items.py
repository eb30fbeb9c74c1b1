"""The items of a rep's focus list — open deals, leads not yet worked, customers to win
back — each ranked by a score and given its reason in words (`reports.focus` puts them
together).

- **Open deals** (at the as-of date) by their expected contribution to the period:
  amount × win probability (the deal's own, else the settings' for its stage, else its
  stage's history, else the overall win rate: `pipeline_weighted`'s) × timing × idle.
  Timing is 1 when the expected close falls in the period or before its end (an overdue
  deal is due now), `SOON` (0.5) when it falls in the `SOON_DAYS` after it or the deal
  has no expected close, `LATER` (0.25) beyond. Idle: a deal longer in its stage than 90%
  of deals stay there (the `time_in_stage` KPI's 90th percentile for the stage) is
  lowered by norm ÷ days (twice the norm: half).
- **Leads not yet worked** (no outbound touch by the as-of date, no deal, created in the
  last `LEAD_DAYS` days) by their source's rate ÷ (1 + age in weeks): the source's deals
  per lead over the `LOOKBACK_DAYS` before (the deals created from it, `close_rate`'s
  denominator, ÷ its leads created, `lead_work_rate`'s), a fresh lead before an old one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.query import make_query
from salespulse.errors import UserError
from salespulse.kpis.display import fmt_unit
from salespulse.model.calendar import day_of
from salespulse.model.periods import Window
from salespulse.model.wording import plural

SOON, LATER = 0.5, 0.25
SOON_DAYS = 28
LEAD_DAYS = 90
LOOKBACK_DAYS = 182


@dataclass(frozen=True)
class FocusItem:
    """One thing to work: a deal, a lead or a customer, its score and why."""

    kind: str  # "deal", "lead" or "customer"
    key: str
    label: str
    score: float
    reason: str
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        facts = {k: v.isoformat() if isinstance(v, date) else v for k, v in self.facts.items()}
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "score": self.score,
            "reason": self.reason,
            **facts,
        }


def _rows(
    engine: Engine,
    name: str,
    kpi: str,
    rep: str,
    as_of: date,
    build: Any,
    start: date | None = None,
) -> list[dict[str, Any]]:
    """A read of `rep`'s rows (`Engine.rows`: compiled once, the rep, the as-of day and
    `start` bound), empty values as None."""
    query = make_query(kpi, where={"rep": rep}, start=start, as_of=as_of)
    rows = engine.rows(name, query, build)
    return [{k: (None if v is None or v != v else v) for k, v in r.items()} for r in rows]


def _rep_open_deals(ctx: Any) -> Any:
    """The rep's (the query's filter) open deals at the as-of date, weighted."""
    return ctx.apply_where(ctx.relation("weighted_deals"))


def _stage_norms(engine: Engine, as_of: date) -> dict[str, float]:
    """stage → 90% of deals leave it within this many days (all reps, to the as-of date)."""
    try:
        rows = engine.result(make_query("time_in_stage", by="stage", as_of=as_of)).records()
    except UserError:
        return {}
    return {str(r["stage"]): float(r["p90"]) for r in rows if r["p90"] is not None}


def _entered(engine: Engine, rep: str, as_of: date) -> dict[str, datetime]:
    """Each of the rep's open deals → when it entered the stage it is in at the as-of date."""
    if not engine.source.has("deal_stages"):
        return {}

    def build(ctx: Any) -> Any:
        s = ctx.table("deal_stages")
        mine = _rep_open_deals(ctx).deal_id
        s = s.filter(s.deal_id.isin(mine) & (s.entered_at < ctx.as_of_end()))
        return s.group_by("deal_id").aggregate(at=s.entered_at.max())

    rows = _rows(engine, "focus_stage_entries", "pipeline_weighted", rep, as_of, build)
    return {str(r["deal_id"]): r["at"] for r in rows if r["at"] is not None}


def _timing(expected: date | None, window: Window) -> tuple[float, str]:
    if expected is None:
        return SOON, "no expected close date"
    if expected < window.start:
        return 1.0, f"past its expected close of {expected}: close it or move the date"
    if expected <= window.end:
        return 1.0, f"expected to close {expected}, in {window.label}"
    if expected <= window.end + timedelta(days=SOON_DAYS):
        return SOON, f"expected to close {expected}, soon after {window.label}"
    return LATER, f"expected to close {expected}, later"


def open_deals(engine: Engine, rep: str, window: Window, as_of: date) -> list[FocusItem]:
    """The rep's open deals at `as_of`, by expected contribution to `window`."""

    def build(ctx: Any) -> Any:
        return _rep_open_deals(ctx).select(
            "deal_id", "customer", "amount", "probability", "stage", "expected_close", "created_at"
        )

    deals = _rows(engine, "focus_open_deals", "pipeline_weighted", rep, as_of, build)
    entered = _entered(engine, rep, as_of) if deals else {}
    norms = _stage_norms(engine, as_of) if entered else {}
    currency = engine.settings.currency
    out = []
    for d in deals:
        key, amount, chance = str(d["deal_id"]), d["amount"], d["probability"]
        if amount is None or chance is None:
            continue
        timing, when = _timing(day_of(d["expected_close"]), window)
        since = entered.get(key) or d["created_at"]
        days = (as_of - day_of(since)).days if since is not None else None  # type: ignore[operator]
        norm = norms.get(str(d["stage"])) if d["stage"] is not None else None
        idle, words = 1.0, [f"{fmt_unit(amount, 'money', currency)} × {chance:.0%} win chance"]
        words.append(when)
        if days is not None and norm and days > norm:
            idle = norm / days
            words.append(
                f"idle {plural(days, 'day')} in {d['stage']}, where 90% move on within {norm:.0f}"
            )
        score = float(amount) * float(chance) * timing * idle
        out.append(
            FocusItem(
                "deal",
                key,
                str(d["customer"] or key),
                score,
                "; ".join(words),
                {
                    "amount": float(amount),
                    "probability": float(chance),
                    "stage": d["stage"],
                    "expected_close": day_of(d["expected_close"]),
                    "days_in_stage": days,
                },
            )
        )
    return sorted(out, key=lambda i: (-i.score, i.key))


def source_rates(engine: Engine, as_of: date) -> dict[str, float]:
    """source → deals created per lead created over the `LOOKBACK_DAYS` to `as_of`."""
    start = as_of - timedelta(days=LOOKBACK_DAYS - 1)
    found: dict[str, dict[str, float]] = {}
    for kpi in ("close_rate", "lead_work_rate"):
        query = make_query(kpi, by="source", start=start, end=as_of, as_of=as_of)
        found[kpi] = {
            str(r["source"]): float(r["denominator"] or 0) for r in engine.result(query).records()
        }
    return {s: found["close_rate"].get(s, 0.0) / n for s, n in found["lead_work_rate"].items() if n}


def fresh_leads(engine: Engine, rep: str, as_of: date) -> list[FocusItem]:
    """The rep's leads with no touch and no deal yet, by source rate and freshness."""

    def build(ctx: Any) -> Any:
        t = ctx.apply_where(ctx.relation("leads"))
        t = t.filter((t.touches == 0) & ctx.bound(t.created_at, "start", ">="))
        raw = ctx.apply_where(ctx.table("leads"))
        taken = raw.filter(
            raw.lead_id.notnull() & (raw.deal_id.notnull() | raw.converted_at.notnull())
        ).lead_id  # (NOT IN a list holding a NULL would keep no lead at all)
        fresh = t.lead_id.isnull() | ~t.lead_id.isin(taken)
        return t.filter(fresh).select("lead_id", "created_at", "source")

    oldest = as_of - timedelta(days=LEAD_DAYS)
    leads = _rows(engine, "focus_fresh_leads", "lead_work_rate", rep, as_of, build, oldest)
    rates = source_rates(engine, as_of)
    out = []
    for lead in leads:
        key = str(lead["lead_id"])
        age = (as_of - day_of(lead["created_at"])).days  # type: ignore[operator]
        source = lead["source"]
        rate = rates.get(str(source), 0.0) if source is not None else 0.0
        where = f"from {source}" if source else "with no source"
        when = "today" if age == 0 else f"{plural(age, 'day')} ago"
        reason = (
            f"new {when} {where}, whose leads turn into deals {rate:.0%} of the time; "
            "not touched yet"
        )
        out.append(
            FocusItem(
                "lead",
                key,
                key,
                rate / (1 + age / 7),
                reason,
                {
                    "created_at": day_of(lead["created_at"]),
                    "age_days": age,
                    "source": source,
                    "source_rate": rate,
                },
            )
        )
    return sorted(out, key=lambda i: (-i.score, i.key))
