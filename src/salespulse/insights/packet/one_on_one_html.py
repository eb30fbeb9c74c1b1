"""The one-on-one packet as one self-contained HTML page: inline CSS, charts as inline
SVG, no scripts and nothing fetched — it opens offline, attached to a mail or printed."""

from __future__ import annotations

from html import escape

from salespulse.insights.packet import charts
from salespulse.insights.packet import one_on_one_tables as tables
from salespulse.insights.packet.one_on_one import NO_DIAGNOSIS, NO_RISK, TEAM_NOTE, Packet
from salespulse.insights.packet.one_on_one_markdown import KIND_WORDS
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


def _e(value: object) -> str:
    return escape(str(value))


def _table(grid: tables.Grid) -> str:
    head, rows, numeric = grid.head, grid.rows, grid.numeric
    cells = "".join(
        f"<th{' class=num' if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in numeric else ''}>{_e(c)}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>"


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
        f"<title>One-on-one: {_e(r.name)} ({_e(r.rep)})</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<header><h1>One-on-one: {_e(r.name)} ({_e(r.rep)})</h1>",
        f'<p class="facts">{_e(" · ".join(facts))}</p></header>',
    ]
    items = "".join(f"<li>{_e(w.text)}</li>" for w in p.wins)
    parts.append(
        '<section id="wins"><h2>Wins to celebrate</h2>'
        + (f"<ul>{items}</ul>" if items else f"<p>No wins found for {_e(p.period.label)}.</p>")
        + "</section>"
    )
    if p.goals is not None:
        goals = "".join(f"<li>{_e(k)}: {_e(v)}</li>" for k, v in p.goals.items())
        title = "<h2>Goals and last meeting's actions</h2>"
        parts.append(f'<section id="goals">{title}<ul>{goals}</ul></section>')
    parts.append(_kpis(p))
    parts.append(_diagnosis(p))
    flags = "".join(
        f'<li><strong class="{f.kind}">{_e(KIND_WORDS[f.kind])} — '
        f"{_e(f.flag.replace('_', ' '))}</strong>: {_e(f.evidence)}</li>"
        for f in p.flags
    )
    parts.append(
        '<section id="flags"><h2>Flags</h2>'
        + (f"<ul>{flags}</ul>" if flags else "<p>No flags.</p>")
        + "</section>"
    )
    risky = _table(tables.deals_at_risk(p)) if p.deals_at_risk else f"<p>{_e(NO_RISK)}</p>"
    parts.append(f'<section id="deals-at-risk"><h2>Deals at risk</h2>{risky}</section>')
    parts.append(_habits(p))
    agenda = "".join(
        f"<li><strong>{_e(a.topic)}</strong> — {_e(a.question)}</li>" for a in p.agenda
    )
    parts.append(f'<section id="agenda"><h2>Suggested agenda</h2><ol>{agenda}</ol></section>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _kpis(p: Packet) -> str:
    table = _table(tables.kpis(p))
    chart = ""
    if p.months:
        chart = _figure(
            charts.revenue_bars(
                [f"{m.start:%b}" for m in p.months],
                [m.revenue for m in p.months],
                [m.target for m in p.months],
                f"Monthly revenue of {p.rep.name} against quota",
            ),
            "Monthly revenue (bars, green at or above quota) and quota (black ticks), last 12 "
            "months.",
        )
    note = f'<p class="muted">{_e(TEAM_NOTE)}</p>'
    title = f"KPIs: {p.period.label} against {p.previous.label} and the team"
    return f'<section id="kpis"><h2>{_e(title)}</h2>{table}{note}{chart}</section>'


def _diagnosis(p: Packet) -> str:
    d, c = p.diagnosis, p.currency
    if d is None:
        return f'<section id="diagnosis"><h2>Diagnosis</h2><p>{_e(NO_DIAGNOSIS)}</p></section>'
    chart = _figure(
        charts.driver_bars(
            [(x.label, x.ratio, x.significant, x.better) for x in d.drivers],
            "Drivers against the benchmark",
        ),
        "Each driver against the benchmark (log scale, right is better): green better, red "
        "worse, faded when within noise.",
    )
    notes = "".join(f'<p class="muted">{_e(n)}</p>' for n in d.notes)
    return (
        '<section id="diagnosis"><h2>Diagnosis</h2>'
        f'<p class="muted">Over {_e(d.window.label)}, against {_e(d.benchmark_label)}.</p>'
        f'<p class="summary">{_e(d.summary)}</p>'
        + _table(tables.drivers(d, c))
        + chart
        + notes
        + "</section>"
    )


def _habits(p: Packet) -> str:
    h = p.habits
    out = [f'<section id="prospecting"><h2>Prospecting habits ({_e(h.window.label)})</h2>']
    if h.inbound:
        out.append(f"<p>{_e(speed_sentence(h))}</p>")
    busiest = busiest_sentence(h)
    if busiest:
        out.append(f"<p>{_e(busiest)}</p>")
    if h.outreach:
        out.append(
            _figure(
                charts.heatmap(h.outreach, "Activities by weekday and hour"),
                "Activities by weekday and hour of day (darker = more).",
            )
        )
    if h.connects:
        out.append(
            _figure(
                charts.connect_bars(h.connects, h.team_connects, "Connect rate by hour"),
                "Share of outbound calls that connected, by hour of day: bars for the rep, dots "
                "for the team.",
            )
        )
    if len(out) == 1:
        out.append("<p>No activities in the window.</p>")
    return "".join(out) + "</section>"
