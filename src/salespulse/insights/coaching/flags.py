"""Who is struggling, who is thriving, and why — each flag with its evidence — plus the
leaderboards on percent-to-goal and improvement.

Struggling: off pace for the current period, falling against their own trailing
average, below peers (with a cause larger than noise) — on deals and, where the sales
lines name their reps, on revenue, orders and customers (`sales_flags`). Thriving: ahead
of pace, rising, above peers, consistently at quota, ramping fast. Watch: volatile
months, or off pace by less than noise can tell yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse import kpis
from salespulse.insights.coaching import sales_flags
from salespulse.insights.coaching.diagnosis import diagnose_window
from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.coaching.sales_diagnosis import sales_diagnose_window
from salespulse.insights.core import phrases
from salespulse.insights.core.evidence import Evidence, Readable, Rep, evidence
from salespulse.insights.core.sales_figures import require_sellers, sells_by_rep, sells_elsewhere
from salespulse.insights.core.windows import Window, period_window, resolve, trailing_months
from salespulse.insights.signals.consistency import Steadiness, steadiness
from salespulse.insights.signals.leaderboards import Leaderboard, leaderboards
from salespulse.insights.signals.pace import Pace, paces
from salespulse.insights.signals.ramp import Ramp, ramps
from salespulse.insights.signals.sales_pace import sales_paces
from salespulse.insights.signals.trends import Move, moves

#: Off pace: projected below 80% of quota while the open pipeline expected to close in
#: the period does not cover the rest of the quota.
OFF_PACE = 0.8
AHEAD_OF_PACE = 1.2
#: Before this share of the period is gone, pace is not judged.
MIN_ELAPSED = 0.2
PEER_GAP = 0.2


@dataclass(frozen=True)
class Flag:
    rep: str
    rep_name: str
    team: str | None
    kind: str  # struggling, thriving or watch
    flag: str
    evidence: str
    significant: bool
    window: Window
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "rep_name": self.rep_name,
            "team": self.team,
            "kind": self.kind,
            "flag": self.flag,
            "evidence": self.evidence,
            "significant": self.significant,
            "window": self.window.as_dict(),
            "data": self.data,
        }


@dataclass(frozen=True)
class FlagReport:
    as_of: date
    period: Window
    flags: list[Flag]
    leaderboards: list[Leaderboard]

    def for_rep(self, rep: str) -> list[Flag]:
        return [f for f in self.flags if f.rep == rep]

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "period": self.period.as_dict(),
            "flags": [f.as_dict() for f in self.flags],
            "leaderboards": [b.as_dict() for b in self.leaderboards],
        }


def flags(
    target: Readable | Evidence,
    *,
    rep: str | None = None,
    team: str | None = None,
    period: str = "month",
    as_of: Any = None,
) -> FlagReport:
    """Flags for every rep (or `rep`, or `team`'s), for the period (month or quarter)
    containing the as-of date, and the leaderboards over the latest complete one."""
    from salespulse.errors import UserError

    if period not in ("month", "quarter"):
        raise UserError(f"Flags are for a month or a quarter, not {period!r}.")
    with evidence(target) as ev:
        require_sellers(ev, "Flagging")
        day = ev.as_of(as_of)
        reps = _selected(ev, rep, team)
        wanted = {r.rep for r in reps}
        found: list[Flag] = []
        current = period_window(day, period, ev.settings)
        paced = set()
        if ev.has("deals"):
            for p in paces(ev, day, period).values():
                paced.add(p.rep)
                if p.rep in wanted:
                    found.extend(_pace_flags(ev, p))
        with_sales = sells_by_rep(ev)
        if with_sales:
            for sp in sales_paces(ev, day, period).values():
                if sp.rep in wanted and sp.rep not in paced:
                    found.extend(_named(ev, [sales_flags.pace_flag(sp, ev.currency)]))
        everyone = list(ev.roster.values())
        for rep_moves in moves(ev, everyone, day).values():
            found.extend(_move_flags(ev, [m for m in rep_moves if m.rep in wanted]))
        recent = trailing_months(day, 3)
        who: dict[str, Any] = {"team": team} if rep is None else {"rep": rep}
        if ev.has("deals"):
            elsewhere = sells_elsewhere(ev, "deals")  # judged on their sale lines only
            for d in diagnose_window(ev, recent, day, **who):
                if d.rep not in elsewhere:
                    found.extend(_peer_flags(ev, d))
        if with_sales:
            elsewhere = sells_elsewhere(ev, "sales")  # judged on their deals only
            for d in sales_diagnose_window(ev, recent, day, **who):
                if d.rep not in elsewhere:
                    found.extend(_named(ev, [sales_flags.peer_flag(d, ev.currency)]))
        for s in steadiness(ev, everyone, day).values():
            if s.rep in wanted:
                found.extend(_steady_flags(ev, s))
        for r in ramps(ev, day).values():
            if r.rep in wanted and r.fast:
                found.append(_ramp_flag(ev, r))
        order = {"struggling": 0, "watch": 1, "thriving": 2}
        found.sort(key=lambda f: (order[f.kind], f.rep, f.flag))
        board_window = resolve(ev.settings, day, period)
        boards = leaderboards(ev, board_window, day, wanted)
        return FlagReport(day, current, found, boards)


def _selected(ev: Evidence, rep: str | None, team: str | None) -> list[Rep]:
    if rep is not None:
        return [ev.rep(rep)]
    if team is not None:
        return ev.team_reps(team)
    return list(ev.roster.values())


def _make(
    ev: Evidence,
    rep: str,
    kind: str,
    flag: str,
    text: str,
    significant: bool,
    window: Window,
    data: dict[str, Any],
) -> Flag:
    r = ev.roster.get(rep)
    return Flag(
        rep,
        r.name if r else rep,
        r.team if r else None,
        kind,
        flag,
        text,
        significant,
        window,
        data,
    )


def _named(ev: Evidence, found: list[sales_flags.Found | None]) -> list[Flag]:
    return [
        _make(ev, f.rep, f.kind, f.flag, f.text, f.significant, f.window, f.data)
        for f in found
        if f is not None
    ]


def _pace_flags(ev: Evidence, p: Pace) -> list[Flag]:
    if p.elapsed < MIN_ELAPSED:
        return []
    c = ev.currency
    text = (
        f"At {phrases.pct(p.attainment)} of the {p.period.label} quota "
        f"({phrases.money(p.actual, c)} of {phrases.money(p.target, c)}) with "
        f"{phrases.pct(p.elapsed)} of its business days gone; by now a period usually has "
        f"{phrases.pct(p.expected)} of its revenue in, so on pace for {phrases.pct(p.projected)}. "
        f"{p.won_to_date} deal{'s' * (p.won_to_date != 1)} won so far"
    )
    if p.needed_to_date is not None:
        text += f" against about {phrases.number(p.needed_to_date)} the pace needs"
    text += "."
    if p.coverage is not None:
        text += (
            f" Open pipeline expected to close in the period covers {p.coverage:.1f}× the "
            "quota still to reach."
        )
    thin_pipeline = p.coverage is None or p.coverage < 1.0
    if p.projected < OFF_PACE and thin_pipeline:
        if not p.significant:
            text += (
                " The shortfall is within what a few deals can change: watch, not yet struggling."
            )
        kind = "struggling" if p.significant else "watch"
        return [_make(ev, p.rep, kind, "off_pace", text, p.significant, p.period, p.as_dict())]
    if p.projected >= AHEAD_OF_PACE and (p.significant or p.attainment >= 1.0):
        return [
            _make(
                ev, p.rep, "thriving", "ahead_of_pace", text, p.significant, p.period, p.as_dict()
            )
        ]
    return []


def _move_flags(ev: Evidence, rep_moves: list[Move]) -> list[Flag]:
    out = []
    for direction, kind in (("falling", "struggling"), ("rising", "thriving")):
        hits = [m for m in rep_moves if m.direction == direction]
        if not hits:
            continue
        parts = []
        for m in hits:
            money = m.measure == "revenue"

            def fmt(v: float, money: bool = money) -> str:
                return phrases.money(v, ev.currency) if money else phrases.number(v, 1)

            team = (
                f"; teammates {phrases.updown(1 + m.team_change)}"
                if m.team_change is not None
                else ""
            )
            parts.append(
                f"{kpis.get(m.measure).label.lower()} {phrases.updown(1 + (m.change or 0))} "
                f"({fmt(m.recent)} a month over {m.recent_window.label} against {fmt(m.before)} "
                f"over {m.before_window.label}{team}; p = {m.p_value:.2g})"
            )
        text = f"{direction.capitalize()} against own trailing average: " + "; ".join(parts) + "."
        data = {"moves": [m.as_dict() for m in hits]}
        out.append(_make(ev, hits[0].rep, kind, direction, text, True, hits[0].recent_window, data))
    return out


def _peer_flags(ev: Evidence, d: Diagnosis) -> list[Flag]:
    if d.gap is None or abs(d.gap) < PEER_GAP or not ev.roster[d.rep].ramped_by(d.window.start):
        return []
    causes = [x for x in d.causes if x.role == "funnel"]
    if not causes:
        return []
    below = d.gap < 0
    att = ""
    if d.attainment is not None and d.benchmark_attainment is not None:
        att = (
            f"; attainment {phrases.pct(d.attainment)} against the peers' "
            f"{phrases.pct(d.benchmark_attainment)}"
        )
    cause = causes[0]
    text = (
        f"Bookings {phrases.change(1 + d.gap)} {d.benchmark_label} over {d.window.label}"
        f" ({phrases.money(d.outcome, ev.currency)} a month against "
        f"{phrases.money(d.benchmark, ev.currency)}){att}. Cause: {cause.label} — {cause.detail} "
        f"({cause.test})."
    )
    flag, kind = ("below_peers", "struggling") if below else ("above_peers", "thriving")
    data = {
        "gap": d.gap,
        "attainment": d.attainment,
        "benchmark_attainment": d.benchmark_attainment,
        "cause": cause.as_dict(),
    }
    return [_make(ev, d.rep, kind, flag, text, True, d.window, data)]


def _steady_flags(ev: Evidence, s: Steadiness) -> list[Flag]:
    out = []
    low, high = min(s.attainments), max(s.attainments)
    cv = (
        f"; CV of monthly revenue {s.cv:.2f} against {s.team_cv:.2f} for the team"
        if s.cv is not None and s.team_cv is not None
        else ""
    )
    if s.volatile:
        pattern = ""
        if s.alternation_p is not None and s.alternation_p < 0.05:
            pattern = (
                " Big and small months alternate more regularly than chance (permutation "
                f"test p = {s.alternation_p:.2g})."
            )
        text = (
            f"Spiky months over {s.window.label}: attainment moves by a median of "
            f"{(s.swing or 0) * 100:.0f} points of quota from one month to the next (teammates "
            f"{(s.team_swing or 0) * 100:.0f}); months from {phrases.pct(low)} to "
            f"{phrases.pct(high)} of quota, at quota in {s.months_at_quota} of {s.months}{cv}."
            f"{pattern}"
        )
        out.append(
            _make(ev, s.rep, "watch", "volatile", text, bool(pattern), s.window, s.as_dict())
        )
    if s.consistent:
        text = (
            f"At quota in {s.months_at_quota} of the last {s.months} months "
            f"({phrases.pct(low)}–{phrases.pct(high)}) against "
            f"{phrases.pct(s.team_share_at_quota)} of the team's months{cv}."
        )
        out.append(_make(ev, s.rep, "thriving", "consistent", text, True, s.window, s.as_dict()))
    return out


def _ramp_flag(ev: Evidence, r: Ramp) -> Flag:
    from salespulse.insights.signals.ramp import ramp_sentence

    window = Window(r.shares[0][1], r.shares[-1][1], "since hire")
    return _make(
        ev, r.rep, "thriving", "ramping_fast", ramp_sentence(ev, r), True, window, r.as_dict()
    )
