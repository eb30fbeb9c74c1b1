"""Wins worth celebrating, each naming the rep, what happened, the number and when:
quota reached (and the 120%/150% milestones; for a week, the 50/90/100/120/150%
milestones of the month crossed during it), a personal best, the biggest deal of each
team, new customers won (`sales_wins`), streaks of months at quota, the most improved
rep (a rise larger than noise), the fastest response to inbound leads, and a fast
ramp-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from salespulse.errors import UserError
from salespulse.insights.coaching import sales_wins
from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Evidence, Readable, Rep, evidence, records
from salespulse.insights.core.funnel import won_in_window
from salespulse.insights.core.history import monthly
from salespulse.insights.core.sales_figures import require_sellers
from salespulse.insights.core.windows import Window, latest_complete, period_window, resolve
from salespulse.insights.signals.leaderboards import attainment
from salespulse.insights.signals.ramp import ramp_sentence, ramps
from salespulse.insights.signals.trends import moves

MONTH_MILESTONES = (1.0, 1.2, 1.5)
WEEK_MILESTONES = (0.5, 0.9, 1.0, 1.2, 1.5)
MIN_STREAK = 3
#: Periods of history a personal best must beat.
MIN_HISTORY = 6
_EPOCH = date(1900, 1, 1)


@dataclass(frozen=True)
class Win:
    rep: str
    rep_name: str
    team: str | None
    kind: str
    text: str
    value: float | None
    when: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "rep_name": self.rep_name,
            "team": self.team,
            "kind": self.kind,
            "text": self.text,
            "value": self.value,
            "when": self.when,
        }


@dataclass(frozen=True)
class WinReport:
    window: Window
    as_of: date
    wins: list[Win]

    def for_rep(self, rep: str) -> list[Win]:
        return [w for w in self.wins if w.rep == rep]

    def as_dict(self) -> dict[str, Any]:
        return {
            "window": self.window.as_dict(),
            "as_of": self.as_of.isoformat(),
            "wins": [w.as_dict() for w in self.wins],
        }


def wins(
    target: Readable | Evidence,
    *,
    period: str = "month",
    rep: str | None = None,
    team: str | None = None,
    as_of: Any = None,
) -> WinReport:
    """The wins of the latest complete week or month (or quarter) before the as-of date."""
    if period not in ("week", "month", "quarter"):
        raise UserError(f"Wins are for a week, a month or a quarter, not {period!r}.")
    with evidence(target) as ev:
        require_sellers(ev, "Celebrating wins")
        day = ev.as_of(as_of)
        window = resolve(ev.settings, day, period)
        if rep is not None:
            wanted = [ev.rep(rep)]
        elif team is not None:
            wanted = ev.team_reps(team)
        else:
            wanted = list(ev.roster.values())
        return WinReport(window, day, find(ev, window, period, day, wanted))


def find(ev: Evidence, window: Window, grain: str, as_of: date, wanted: list[Rep]) -> list[Win]:
    ids = {r.rep for r in wanted}
    out: list[Win] = []
    out += (
        _week_milestones(ev, window, as_of, ids)
        if grain == "week"
        else _quota(ev, window, as_of, ids)
    )
    out += _personal_best(ev, window, grain, as_of, ids)
    out += _biggest_deals(ev, window, ids)
    out += [
        _win(ev, f.rep, f.kind, f.text, f.value, f.when)
        for f in (
            *sales_wins.new_customers(ev, window, as_of, ids),
            *sales_wins.biggest_orders(ev, window, as_of, ids),
        )
    ]
    if grain != "week":
        out += _streaks(ev, window, as_of, ids)
        out += _most_improved(ev, window, as_of, wanted)
        out += _ramps(ev, window, as_of, ids)
    out += _fastest(ev, window, grain, as_of, ids)
    return out


def _win(ev: Evidence, rep: str, kind: str, text: str, value: float | None, when: str) -> Win:
    r = ev.roster.get(rep)
    return Win(rep, r.name if r else rep, r.team if r else None, kind, text, value, when)


def _quota(ev: Evidence, window: Window, as_of: date, ids: set[str]) -> list[Win]:
    out = []
    c = ev.currency
    for rep, (actual, target) in sorted(attainment(ev, window, as_of).items()):
        share = actual / target
        if rep not in ids or share < 1.0:
            continue
        milestone = max(m for m in MONTH_MILESTONES if share >= m)
        past = f" — past the {milestone:.0%} milestone" if milestone > 1 else ""
        text = (
            f"Reached {phrases.pct(share)} of the {window.label} quota "
            f"({phrases.money(actual, c)} of {phrases.money(target, c)}){past}."
        )
        out.append(_win(ev, rep, "quota", text, share, window.label))
    return out


def _week_milestones(ev: Evidence, window: Window, as_of: date, ids: set[str]) -> list[Win]:
    month = period_window(window.end, "month", ev.settings)
    after = attainment(ev, Window(month.start, month.end, month.label), min(window.end, as_of))
    before: dict[str, tuple[float, float]] = {}
    if window.start > month.start:
        before = attainment(
            ev, Window(month.start, month.end, month.label), window.start - timedelta(days=1)
        )
    out = []
    for rep, (actual, target) in sorted(after.items()):
        now = actual / target
        then = before[rep][0] / before[rep][1] if rep in before else 0.0
        crossed = [m for m in WEEK_MILESTONES if then < m <= now]
        if rep in ids and crossed:
            text = (
                f"Crossed {max(crossed):.0%} of the {month.label} quota in the {window.label} "
                f"(from {phrases.pct(then)} to {phrases.pct(now)})."
            )
            out.append(_win(ev, rep, "milestone", text, now, window.label))
    return out


def _personal_best(
    ev: Evidence, window: Window, grain: str, as_of: date, ids: set[str]
) -> list[Win]:
    if not ev.has("sales"):
        return []
    df = ev.kpi("revenue", by=("rep",), period=grain, start=_EPOCH, end=window.end, as_of=as_of)
    series: dict[str, list[tuple[date, float]]] = {}
    for r in records(df):
        series.setdefault(str(r["rep"]), []).append((r["period"], float(r["value"] or 0.0)))
    out = []
    for rep, values in sorted(series.items()):
        now = [v for p, v in values if p == window.start]
        earlier = [(p, v) for p, v in values if p < window.start]
        if rep not in ids or not now or len(earlier) < MIN_HISTORY:
            continue
        best_day, best = max(earlier, key=lambda pv: pv[1])
        if now[0] > best > 0:
            label = period_window(best_day, grain, ev.settings).label
            text = (
                f"Best {grain} yet: {phrases.money(now[0], ev.currency)} of revenue in "
                f"{window.label} (previous best {phrases.money(best, ev.currency)} in {label})."
            )
            out.append(_win(ev, rep, "personal_best", text, now[0], window.label))
    return out


def _biggest_deals(ev: Evidence, window: Window, ids: set[str]) -> list[Win]:
    if not ev.has("deals"):
        return []

    def build(ctx: Any) -> Any:
        won = won_in_window(ctx)
        won = won.filter(won.amount.notnull())
        return won.select(won.deal_id, won.rep, won.amount, won.customer, won.closed_at)

    rows = ev.rows("won_deals", build, kpi="bookings", start=window.start, end=window.end)
    best: dict[str | None, dict[str, Any]] = {}
    for row in rows:
        rep = ev.roster.get(str(row["rep"]))
        team = rep.team if rep else None
        if team not in best or row["amount"] > best[team]["amount"]:
            best[team] = row
    out = []
    for team, row in sorted(best.items(), key=lambda kv: str(kv[0])):
        if row["rep"] not in ids:
            continue
        where = f" in {team}" if team else ""
        customer = f" with {row['customer']}" if row["customer"] else ""
        closed = row["closed_at"].date() if hasattr(row["closed_at"], "date") else row["closed_at"]
        text = (
            f"Biggest deal of {window.label}{where}: {phrases.money(row['amount'], ev.currency)}"
            f"{customer} ({row['deal_id']}), closed {closed}."
        )
        out.append(
            _win(ev, str(row["rep"]), "biggest_deal", text, float(row["amount"]), str(closed))
        )
    return out


def _streaks(ev: Evidence, window: Window, as_of: date, ids: set[str]) -> list[Win]:
    last_month = latest_complete(window.end, "month", ev.settings)
    months = monthly(ev, _EPOCH, last_month.end, as_of)
    out = []
    for rep, ms in sorted(months.items()):
        quota_months = [m for m in ms if m.attainment is not None]
        if rep not in ids or not quota_months or quota_months[-1].start != last_month.start:
            continue
        run = 0
        for m in reversed(quota_months):
            if (m.attainment or 0) < 1.0:
                break
            run += 1
        if run >= MIN_STREAK:
            first = quota_months[-run].start
            record = ", every month on record" if run == len(quota_months) else ""
            text = f"{run} months in a row at quota ({first:%b %Y}–{last_month.label}{record})."
            out.append(_win(ev, rep, "streak", text, float(run), last_month.label))
    return out


def _most_improved(ev: Evidence, window: Window, as_of: date, wanted: list[Rep]) -> list[Win]:
    rising = [
        m
        for rep_moves in moves(ev, list(ev.roster.values()), as_of).values()
        for m in rep_moves
        if m.measure == "revenue" and m.direction == "rising"
    ]
    ids = {r.rep for r in wanted}
    if not rising:
        return []
    top = max(rising, key=lambda m: m.change or 0.0)
    if top.rep not in ids:
        return []
    text = (
        f"Most improved: revenue {phrases.updown(1 + (top.change or 0))} to "
        f"{phrases.money(top.recent, ev.currency)} a month over {top.recent_window.label} from "
        f"{phrases.money(top.before, ev.currency)} over {top.before_window.label} "
        f"(p = {top.p_value:.2g})."
    )
    return [_win(ev, top.rep, "most_improved", text, top.change, top.recent_window.label)]


def _ramps(ev: Evidence, window: Window, as_of: date, ids: set[str]) -> list[Win]:
    out = []
    for r in ramps(ev, as_of).values():
        if r.rep in ids and r.fast and r.shares[-1][1] >= window.start:
            out.append(_win(ev, r.rep, "ramp", ramp_sentence(ev, r), r.mean_share, window.label))
    return out


def _fastest(ev: Evidence, window: Window, grain: str, as_of: date, ids: set[str]) -> list[Win]:
    if not (ev.has("leads") and ev.has("activities")):
        return []
    rows = ev.by_rep("speed_to_lead_minutes", window.start, window.end, as_of=as_of)
    floor = 5 if grain == "week" else 10
    ranked = sorted(
        (r["value"], rep, r)
        for rep, r in rows.items()
        if r["value"] is not None and (r["n"] or 0) >= floor
    )
    if not ranked:
        return []
    everyone = ev.kpi(
        "speed_to_lead_minutes", by=(), start=window.start, end=window.end, as_of=as_of
    )
    overall = float(everyone["value"].iloc[0]) if not everyone.empty else None
    value, rep, row = ranked[0]
    if rep not in ids:
        return []
    text = (
        f"Fastest to answer inbound leads in {window.label}: median {phrases.minutes(value)} over "
        f"{row['n']} leads (everyone: {phrases.minutes(overall)}); "
        f"{phrases.pct(row['within_5_min'])} answered within 5 minutes."
    )
    return [_win(ev, rep, "fastest_response", text, float(value), window.label)]
