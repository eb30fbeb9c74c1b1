"""The one-on-one packet as Markdown (tables instead of charts). Every value goes
through `markdown_text` (`salespulse.model.safe_text`): HTML escaped, and nothing that
breaks a table row or a line."""

from __future__ import annotations

from salespulse.insights.core import phrases
from salespulse.insights.packet import one_on_one_tables as tables
from salespulse.insights.packet.one_on_one import NO_DIAGNOSIS, NO_RISK, TEAM_NOTE, Packet
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
    out += ["", "## Wins to celebrate", ""]
    out += [f"- {_e(w.text)}" for w in p.wins] or [_e(f"No wins found for {p.period.label}.")]
    if p.goals is not None:
        out += ["", "## Goals and last meeting's actions", ""]
        out += [f"- {_e(k)}: {_e(v)}" for k, v in p.goals.items()]
    out += ["", _e(f"## KPIs: {p.period.label} against {p.previous.label} and the team"), ""]
    out += _table(tables.kpis(p))
    out += [
        "",
        _e(TEAM_NOTE),
    ]
    d = p.diagnosis
    out += ["", "## Diagnosis", ""]
    if d is None:
        out += [_e(NO_DIAGNOSIS)]
    else:
        out += [_e(f"Over {d.window.label}, against {d.benchmark_label}."), "", _e(d.summary), ""]
        out += _table(tables.drivers(d, c))
        out += [f"- {_e(n)}" for n in d.notes]
    out += ["", "## Flags", ""]
    out += [
        f"- **{_e(KIND_WORDS[f.kind])} — {_e(f.flag.replace('_', ' '))}**: {_e(f.evidence)}"
        for f in p.flags
    ] or ["No flags."]
    out += ["", "## Deals at risk", ""]
    if p.deals_at_risk:
        out += _table(tables.deals_at_risk(p))
    else:
        out += [_e(NO_RISK)]
    out += ["", f"## Prospecting habits ({_e(p.habits.window.label)})", ""]
    out += _habits(p)
    out += ["", "## Suggested agenda", ""]
    out += [f"{i}. **{_e(a.topic)}** — {_e(a.question)}" for i, a in enumerate(p.agenda, 1)]
    if p.months:
        out += ["", "## Monthly revenue against quota", ""]
        out += _table(tables.months(p))
    return "\n".join(out) + "\n"


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
