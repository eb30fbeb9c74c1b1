"""The one-on-one packet: everything a manager needs for the meeting with one rep — with
the app database, what happened since the last meeting first (its action items, done or
not), the goals and the plan with their progress, the last check-ins and the ratings'
trend; then wins, the KPIs against the period before and the team, the diagnosis, the
flags, the deals at risk, prospecting habits and a suggested agenda of open questions.

Render it with `one_on_one_markdown.render(packet)` or `one_on_one_html.render(packet)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from salespulse.insights.coaching.diagnosis import diagnose_window
from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.coaching.flags import Flag, flags
from salespulse.insights.coaching.sales_diagnosis import sales_diagnose_window
from salespulse.insights.coaching.wins import Win, find
from salespulse.insights.core.evidence import Evidence, Readable, Rep, evidence
from salespulse.insights.core.history import Month, monthly
from salespulse.insights.core.sales_figures import sells_by_rep
from salespulse.insights.core.windows import Window, describe, resolve, trailing_months
from salespulse.insights.packet.agenda import AgendaItem, agenda
from salespulse.insights.packet.coaching_agenda import since_last_time
from salespulse.insights.packet.records import CoachingRecords
from salespulse.insights.packet.sales_section import SalesSection, sales_section
from salespulse.insights.packet.week_focus import WeekFocus
from salespulse.insights.signals.deals_at_risk import RiskyDeal, deals_at_risk
from salespulse.insights.signals.habits import Habits, habits
from salespulse.insights.signals.kpi_lines import KpiLine, kpi_lines


@dataclass(frozen=True)
class Packet:
    rep: Rep
    as_of: date
    period: Window
    previous: Window
    currency: str
    wins: list[Win]
    kpis: list[KpiLine]
    diagnosis: Diagnosis | None
    flags: list[Flag]
    deals_at_risk: list[RiskyDeal]
    habits: Habits
    agenda: list[AgendaItem]
    months: list[Month] = field(default_factory=list)
    #: the sales-lines view (KPIs, diagnosis, consistency, projection) where the sales
    #: lines name their reps; beside the deals view when there are deals too
    sales: SalesSection | None = None
    #: False on a workspace without deals: the deal KPIs and deals at risk are left out
    has_deals: bool = True
    #: The app database's records for this rep (one-on-ones, goals, plan, check-ins);
    #: None while it is not in use (the packet says how to start)
    coaching: CoachingRecords | None = None
    #: This week's focus (the top deals, leads or customers to win back of the rep's
    #: focus list, filled by the workspace layer); None leaves the section out
    focus: WeekFocus | None = None

    def with_coaching(self, coaching: CoachingRecords | None) -> Packet:
        """This packet with the rep's records from the app database (None: not in use):
        their sections, and the agenda asking what changed since the last meeting —
        what `one_on_one(..., coaching=coaching)` makes, without reading the data again
        (a page keeps the packet per data version and adds the records, which change
        without the data)."""
        since = since_last_time(coaching, self.rep, self.currency) if coaching else []
        found = agenda(
            self.wins, self.diagnosis, self.flags, self.deals_at_risk, self.currency, since
        )
        return replace(self, coaching=coaching, agenda=found)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep.as_dict(),
            "as_of": self.as_of.isoformat(),
            "period": self.period.as_dict(),
            "previous": self.previous.as_dict(),
            "currency": self.currency,
            "wins": [w.as_dict() for w in self.wins],
            "kpis": [k.as_dict() for k in self.kpis],
            "diagnosis": self.diagnosis.as_dict() if self.diagnosis else None,
            "flags": [f.as_dict() for f in self.flags],
            "deals_at_risk": [d.as_dict() for d in self.deals_at_risk],
            "habits": self.habits.as_dict(),
            "agenda": [a.as_dict() for a in self.agenda],
            "months": [
                {
                    "month": m.start.isoformat(),
                    "revenue": m.revenue,
                    "target": m.target,
                    "attainment": m.attainment,
                }
                for m in self.months
            ],
            "coaching": self.coaching.as_dict() if self.coaching else None,
            "focus": self.focus.as_dict() if self.focus else None,
            "sales": self.sales.as_dict() if self.sales else None,
        }


TEAM_NOTE = (
    "Team: the rep's ramped teammates, counts and money per rep, rates pooled (ratios of sums)."
)
NO_RISK = "No open deal is past its expected close or idle longer than usual for its stage."
NO_DIAGNOSIS = "No diagnosis: the rep was not employed in the window."


def one_on_one(
    target: Readable | Evidence,
    rep: str,
    *,
    period: str | None = None,
    as_of: Any = None,
    coaching: CoachingRecords | None = None,
    focus: WeekFocus | None = None,
) -> Packet:
    """The packet for `rep` about the latest complete month (or `period`); `coaching`
    the rep's records from the app database (`salespulse.insights.packet.records`,
    filled by the workspace layer), None while it is not in use; `focus` this week's
    focus (`salespulse.insights.packet.week_focus`, from the data alone), None to leave
    it out."""
    with evidence(target) as ev:
        day = ev.as_of(as_of)
        who = ev.rep(rep)
        window = resolve(ev.settings, day, period)
        previous = window.previous()
        diag_window = window if window.months >= 3 else trailing_months(window.end, 3)
        if diag_window.start < window.start and window.months < 3:
            diag_window = Window(
                diag_window.start, window.end, describe(diag_window.start, window.end)
            )
        mates = [
            r
            for r in ev.roster.values()
            if r.team == who.team and r.rep != who.rep and r.ramped_by(window.start)
        ]
        has_deals, with_sales = ev.has("deals"), sells_by_rep(ev)
        found = diagnose_window(ev, diag_window, day, rep=who.rep) if has_deals else []
        diagnosis = found[0] if found else None
        sales = None
        if with_sales:
            beside = sales_diagnose_window(ev, diag_window, day, rep=who.rep)
            sales = sales_section(
                ev, who, mates, window, previous, day, beside[0] if beside else None
            )
            if not has_deals:
                diagnosis = sales.diagnosis
        grain = "month" if window.months == 1 else "quarter"
        rep_wins = find(ev, window, grain, day, [who])
        rep_flags = flags(ev, rep=who.rep, as_of=day).for_rep(who.rep)
        risky = deals_at_risk(ev, who.rep, day)
        year = trailing_months(window.end, 12)
        months = monthly(ev, year.start, year.end, day).get(who.rep, [])
        return Packet(
            rep=who,
            as_of=day,
            period=window,
            previous=previous,
            currency=ev.currency,
            wins=rep_wins,
            kpis=kpi_lines(ev, who, mates, window, previous, day) if has_deals else [],
            diagnosis=diagnosis,
            flags=rep_flags,
            deals_at_risk=risky,
            habits=habits(ev, who, [m.rep for m in mates], diag_window, day),
            agenda=[],
            months=months,
            focus=focus,
            sales=sales,
            has_deals=has_deals,
        ).with_coaching(coaching)
