"""The one-on-one packet as one self-contained HTML page: inline CSS, charts as inline
SVG, no scripts and nothing fetched — it opens offline, attached to a mail or printed."""

from __future__ import annotations

from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.packet import charts, coaching_tables, focus_tables, sales_html
from salespulse.insights.packet import one_on_one_tables as tables
from salespulse.insights.packet.html_parts import e, figure, table
from salespulse.insights.packet.one_on_one import NO_DIAGNOSIS, NO_RISK, TEAM_NOTE, Packet
from salespulse.insights.packet.one_on_one_markdown import KIND_WORDS
from salespulse.insights.packet.week_focus import WeekFocus
from salespulse.insights.signals.habits import busiest_sentence, speed_sentence

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;max-width:960px;
margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #d9e2ec;padding-bottom:.2rem;margin-top:2rem}
.facts{color:#52606d}table{border-collapse:collapse;width:100%;margin:.6rem 0}
th,td{border-bottom:1px solid #e4e7eb;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right}.struggling{color:#c92a2a}.thriving{color:#2f9e44}
.watch{color:#b7791f}.summary{font-size:1.05rem;background:#f5f7fa;padding:.7rem 1rem;
border-left:4px solid #3e7cb1}.muted{color:#7b8794;font-size:.9rem}figure{margin:1rem 0}
figcaption{color:#52606d;font-size:.9rem}
@media print{h2{break-after:avoid}section{break-inside:avoid}}
"""


def render(p: Packet) -> str:
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
    facts += [f"about {p.period.label}", f"data as of {p.as_of}"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>One-on-one: {e(r.name)} ({e(r.rep)})</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<header><h1>One-on-one: {e(r.name)} ({e(r.rep)})</h1>",
        f'<p class="facts">{e(" · ".join(facts))}</p>',
    ]
    if p.coaching is None:
        before, command, after = coaching_tables.start_hint(p)
        parts.append(f'<p class="muted">{e(before)}<code>{e(command)}</code>{e(after)}</p>')
    parts.append("</header>")
    if p.coaching is not None:
        parts.append(_since_last_time(p))
    items = "".join(f"<li>{e(w.text)}</li>" for w in p.wins)
    parts.append(
        '<section id="wins"><h2>Wins to celebrate</h2>'
        + (f"<ul>{items}</ul>" if items else f"<p>No wins found for {e(p.period.label)}.</p>")
        + "</section>"
    )
    if p.coaching is not None:
        parts.append(_goals(p))
        parts.append(_check_ins(p))
    if p.focus is not None:
        parts.append(focus_section(p.focus))
    if p.has_deals:  # the deals view first, the sales lines' beside it
        parts.append(_kpis(p))
        parts.append(_diagnosis(p.diagnosis, p.currency))
        parts.append(sales_html.kpis(p))
        if p.sales is not None and p.sales.diagnosis is not None:
            parts.append(_diagnosis(p.sales.diagnosis, p.currency, "Diagnosis on the sales lines"))
    else:
        parts.append(sales_html.kpis(p))
        parts.append(_diagnosis(p.diagnosis, p.currency))
    flags = "".join(
        f'<li><strong class="{f.kind}">{e(KIND_WORDS[f.kind])} — '
        f"{e(f.flag.replace('_', ' '))}</strong>: {e(f.evidence)}</li>"
        for f in p.flags
    )
    parts.append(
        '<section id="flags"><h2>Flags</h2>'
        + (f"<ul>{flags}</ul>" if flags else "<p>No flags.</p>")
        + "</section>"
    )
    parts.append(sales_html.consistency_and_projection(p))
    if p.has_deals:
        risky = table(tables.deals_at_risk(p)) if p.deals_at_risk else f"<p>{e(NO_RISK)}</p>"
        parts.append(f'<section id="deals-at-risk"><h2>Deals at risk</h2>{risky}</section>')
    if p.has_deals or p.habits.inbound or p.habits.connects or p.habits.outreach:
        parts.append(_habits(p))
    agenda = "".join(f"<li><strong>{e(a.topic)}</strong> — {e(a.question)}</li>" for a in p.agenda)
    parts.append(f'<section id="agenda"><h2>Suggested agenda</h2><ol>{agenda}</ol></section>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def focus_section(f: WeekFocus) -> str:
    """This week's focus (the packet's, and a rep's digest's)."""
    body = f"<p>{e(focus_tables.intro(f))}</p>"
    grid = focus_tables.grid(f)
    if grid.rows:
        body += table(grid)
    body += "".join(f'<p class="muted">{e(n)}</p>' for n in focus_tables.notes(f))
    return f'<section id="focus"><h2>This week\'s focus</h2>{body}</section>'


def _since_last_time(p: Packet) -> str:
    grid = coaching_tables.actions_grid(p)
    return (
        '<section id="since-last-time"><h2>Since the last one-on-one</h2>'
        f"<p>{e(coaching_tables.last_meeting_line(p))}</p>"
        + (table(grid) if grid.rows else "")
        + "</section>"
    )


def _goals(p: Packet) -> str:
    goals, plan = coaching_tables.goals_grid(p), coaching_tables.plan_grid(p)
    notes = "".join(f'<p class="muted">{e(n)}</p>' for n in coaching_tables.plan_notes(p))
    since = "".join(f"<p>{e(x)}</p>" for x in coaching_tables.goals_since_lines(p))
    return (
        '<section id="goals"><h2>Goals and development plan</h2>'
        + (table(goals) if goals.rows else "<p>No open goals.</p>")
        + since
        + (table(plan) if plan.rows else "<p>No development plan.</p>")
        + notes
        + "</section>"
    )


def _check_ins(p: Packet) -> str:
    grid = coaching_tables.check_ins_grid(p)
    lines = "".join(f"<p>{e(x)}</p>" for x in coaching_tables.ratings_lines(p))
    return (
        '<section id="check-ins"><h2>Check-ins and ratings</h2>'
        + (table(grid) if grid.rows else "<p>No check-ins yet.</p>")
        + lines
        + "</section>"
    )


def _kpis(p: Packet) -> str:
    grid = table(tables.kpis(p))
    chart = ""
    if p.months:
        chart = figure(
            charts.revenue_bars(
                [f"{m.start:%b}" for m in p.months],
                [m.revenue for m in p.months],
                [m.target for m in p.months],
                f"Monthly revenue of {p.rep.name} against quota",
            ),
            "Monthly revenue (bars, green at or above quota) and quota (black ticks), last 12 "
            "months.",
        )
    note = f'<p class="muted">{e(TEAM_NOTE)}</p>'
    title = f"KPIs: {p.period.label} against {p.previous.label} and the team"
    return f'<section id="kpis"><h2>{e(title)}</h2>{grid}{note}{chart}</section>'


def _diagnosis(d: Diagnosis | None, c: str, heading: str = "Diagnosis") -> str:
    ident = "diagnosis" if heading == "Diagnosis" else "sales-diagnosis"
    if d is None:
        return f'<section id="{ident}"><h2>{e(heading)}</h2><p>{e(NO_DIAGNOSIS)}</p></section>'
    chart = figure(
        charts.driver_bars(
            [(x.label, x.ratio, x.significant, x.better) for x in d.drivers],
            "Drivers against the benchmark",
        ),
        "Each driver against the benchmark (log scale, right is better): green better, red "
        "worse, faded when within noise.",
    )
    notes = "".join(f'<p class="muted">{e(n)}</p>' for n in d.notes)
    return (
        f'<section id="{ident}"><h2>{e(heading)}</h2>'
        f'<p class="muted">Over {e(d.window.label)}, against {e(d.benchmark_label)}.</p>'
        f'<p class="summary">{e(d.summary)}</p>'
        + table(tables.drivers(d, c))
        + chart
        + notes
        + "</section>"
    )


def _habits(p: Packet) -> str:
    h = p.habits
    out = [f'<section id="prospecting"><h2>Prospecting habits ({e(h.window.label)})</h2>']
    if h.inbound:
        out.append(f"<p>{e(speed_sentence(h))}</p>")
    busiest = busiest_sentence(h)
    if busiest:
        out.append(f"<p>{e(busiest)}</p>")
    if h.outreach:
        out.append(
            figure(
                charts.heatmap(h.outreach, "Activities by weekday and hour"),
                "Activities by weekday and hour of day (darker = more).",
            )
        )
    if h.connects:
        out.append(
            figure(
                charts.connect_bars(h.connects, h.team_connects, "Connect rate by hour"),
                "Share of outbound calls that connected, by hour of day: bars for the rep, dots "
                "for the team.",
            )
        )
    if len(out) == 1:
        out.append("<p>No activities in the window.</p>")
    return "".join(out) + "</section>"
