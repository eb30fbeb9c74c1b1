"""The one-on-one packet as Markdown (tables instead of charts). Every value goes
through `markdown_text` (`salespulse.model.safe_text`): HTML escaped, and nothing that
breaks a table row or a line."""

from __future__ import annotations

from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.core import phrases
from salespulse.insights.packet import coaching_tables, focus_tables, sales_tables
from salespulse.insights.packet import one_on_one_tables as tables
from salespulse.insights.packet.one_on_one import NO_DIAGNOSIS, NO_RISK, TEAM_NOTE, Packet
from salespulse.insights.packet.sales_section import SALES_TEAM_NOTE
from salespulse.insights.packet.week_focus import WeekFocus
from salespulse.insights.signals.habits import busiest_sentence, speed_sentence
from salespulse.model.safe_text import markdown_text as _e

KIND_WORDS = {"struggling": "Struggling", "watch": "Watch", "thriving": "Thriving"}


def _table(grid: tables.Grid) -> list[str]:
    align = ["---:" if i in grid.numeric else "---" for i in range(len(grid.head))]
    out = ["| " + " | ".join(_e(h) for h in grid.head) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(_e(c) for c in r) + " |" for r in grid.rows]
    return out


def header(p: Packet) -> list[str]:
    r = p.rep
    facts = [
        x
        for x in (
            r.team and f"team {r.team}",
            r.manager and f"manager {r.manager}",
            r.hire_date and f"hired {r.hire_date}",
        )
        if x
    ]
    return [
        f"# One-on-one: {_e(r.name)} ({_e(r.rep)})",
        "",
        _e(" · ".join([*facts, f"about {p.period.label}", f"data as of {p.as_of}"])),
    ]


def render(p: Packet) -> str:
    c = p.currency
    out = header(p)
    if p.coaching is None:
        before, command, after = coaching_tables.start_hint(p)
        out += ["", f"{_e(before)}`{command}`{_e(after)}"]
    else:
        out += _since_last_time(p)
    out += ["", "## Wins to celebrate", ""]
    out += [f"- {_e(w.text)}" for w in p.wins] or [_e(f"No wins found for {p.period.label}.")]
    if p.coaching is not None:
        out += _goals_and_check_ins(p)
    if p.focus is not None:
        out += ["", "## This week's focus", "", *focus_section(p.focus)]
    if p.has_deals:  # the deals view first, the sales lines' beside it
        heading = f"## KPIs: {p.period.label} against {p.previous.label} and the team"
        out += ["", _e(heading), "", *_table(tables.kpis(p)), "", _e(TEAM_NOTE)]
        out += _diagnosis("## Diagnosis", p.diagnosis, c)
        out += _sales_kpis(p)
        if p.sales is not None and p.sales.diagnosis is not None:
            out += _diagnosis("## Diagnosis on the sales lines", p.sales.diagnosis, c)
    else:
        out += _sales_kpis(p)
        out += _diagnosis("## Diagnosis", p.diagnosis, c)
    out += ["", "## Flags", ""]
    out += [
        f"- **{_e(KIND_WORDS[f.kind])} — {_e(f.flag.replace('_', ' '))}**: {_e(f.evidence)}"
        for f in p.flags
    ] or ["No flags."]
    if p.sales is not None:
        out += ["", "## Consistency month to month (last 12 months)", ""]
        out += [_e(line) for line in sales_tables.consistency_lines(p)]
        if p.sales.sparkline:
            out += ["", f"`{_e(p.sales.sparkline)}` (month by month, oldest first)"]
        grid = sales_tables.consistency_grid(p)
        if grid.rows:
            out += ["", *_table(grid)]
        out += ["", "## Where this month will land", ""]
        out += [_e(line) for line in sales_tables.projection_lines(p)]
    if p.has_deals:
        out += ["", "## Deals at risk", ""]
        out += _table(tables.deals_at_risk(p)) if p.deals_at_risk else [_e(NO_RISK)]
    if p.has_deals or p.habits.inbound or p.habits.connects:
        out += ["", f"## Prospecting habits ({_e(p.habits.window.label)})", ""]
        out += _habits(p)
    out += ["", "## Suggested agenda", ""]
    out += [f"{i}. **{_e(a.topic)}** — {_e(a.question)}" for i, a in enumerate(p.agenda, 1)]
    if p.months:
        out += ["", "## Monthly revenue against quota", ""]
        out += _table(tables.months(p))
    return "\n".join(out) + "\n"


def focus_section(f: WeekFocus) -> list[str]:
    """This week's focus, below its heading (the packet's, and a rep's digest's)."""
    out = [_e(focus_tables.intro(f))]
    grid = focus_tables.grid(f)
    out += ["", *_table(grid)] if grid.rows else []
    return (
        out
        + ([""] if focus_tables.notes(f) else [])
        + [f"- {_e(n)}" for n in focus_tables.notes(f)]
    )


def _since_last_time(p: Packet) -> list[str]:
    out = ["", "## Since the last one-on-one", "", _e(coaching_tables.last_meeting_line(p))]
    grid = coaching_tables.actions_grid(p)
    return out + (["", *_table(grid)] if grid.rows else [])


def _goals_and_check_ins(p: Packet) -> list[str]:
    goals, plan = coaching_tables.goals_grid(p), coaching_tables.plan_grid(p)
    out = ["", "## Goals and development plan", ""]
    out += _table(goals) if goals.rows else ["No open goals."]
    since = coaching_tables.goals_since_lines(p)
    out += ["", *(f"- {_e(line)}" for line in since)] if since else []
    out += ["", *_table(plan)] if plan.rows else ["", "No development plan."]
    out += [f"- {_e(n)}" for n in coaching_tables.plan_notes(p)]
    out += ["", "## Check-ins and ratings", ""]
    grid = coaching_tables.check_ins_grid(p)
    out += [*_table(grid), ""] if grid.rows else ["No check-ins yet.", ""]
    return out + [f"- {_e(line)}" for line in coaching_tables.ratings_lines(p)]


def _sales_kpis(p: Packet) -> list[str]:
    if p.sales is None:
        return []
    heading = f"## Sales lines: {p.period.label} against {p.previous.label} and the team"
    grid = sales_tables.kpi_grid(p, p.sales.kpis)
    return ["", _e(heading), "", *_table(grid), "", _e(SALES_TEAM_NOTE)]


def _diagnosis(heading: str, d: Diagnosis | None, currency: str) -> list[str]:
    out = ["", heading, ""]
    if d is None:
        return [*out, _e(NO_DIAGNOSIS)]
    out += [_e(f"Over {d.window.label}, against {d.benchmark_label}."), "", _e(d.summary), ""]
    out += _table(tables.drivers(d, currency))
    return out + [f"- {_e(n)}" for n in d.notes]


def _habits(p: Packet) -> list[str]:
    h = p.habits
    out = []
    if h.inbound:
        out.append(f"- {_e(speed_sentence(h))}")
    busiest = busiest_sentence(h)
    if busiest:
        out.append(f"- {_e(busiest)}")
    if h.connects:
        out += ["", "Connect rate of outbound calls by hour of day:", ""]
        rows = []
        for hour, (conn, calls) in sorted(h.connects.items()):
            tc, tn = h.team_connects.get(hour, (0, 0))
            rows.append(
                [
                    f"{hour:02d}:00",
                    str(calls),
                    phrases.pct(conn / calls if calls else None),
                    phrases.pct(tc / tn if tn else None),
                ]
            )
        out += _table(tables.Grid(["hour", "calls", "connect rate", "team"], rows, {1, 2, 3}))
    return out or ["No activities in the window."]
