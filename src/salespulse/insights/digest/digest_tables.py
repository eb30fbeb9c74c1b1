"""What each section of a digest shows, as text cells and sentences, for both renderers
(Markdown, HTML): decided once, here. The renderers escape every value."""

from __future__ import annotations

from salespulse import kpis
from salespulse.insights.core import phrases
from salespulse.insights.digest.result import Digest
from salespulse.insights.packet import focus_tables
from salespulse.insights.packet.one_on_one_tables import Grid
from salespulse.model.safe_text import shell_word
from salespulse.reports.consistency_chart import sparkline

KIND_WORDS = {"struggling": "Struggling", "watch": "Watch"}
#: Deals slipping a manager's digest lists (the biggest; each rep's digest has theirs).
MANAGER_DEALS = 10
NO_PACING = (
    "No projection: it needs sale lines (on deals alone, a quota) this month or in the "
    "months before."
)


def heading(d: Digest) -> str:
    r = d.recipient
    if r.role == "rep":
        return f"Weekly digest: {r.name} ({r.key}), {d.week_name}"
    teams = ", ".join(r.teams)
    return f"Weekly digest for {r.name}: {teams + ' team' if teams else 'the team'}, {d.week_name}"


def facts(d: Digest) -> str:
    r = d.recipient
    parts = [
        f"{d.week.start} to {d.week.end}, against {d.previous.start} to {d.previous.end}",
        *([f"team {r.teams[0]}"] if r.role == "rep" and r.teams else []),
        *([f"manager {r.manager}"] if r.manager else []),
        *([f"{len(r.reps)} reps"] if r.role == "manager" else []),
        f"data as of {d.as_of}",
    ]
    return " · ".join(parts)


def changes(d: Digest) -> Grid:
    rows = [
        [c.label, c.shown(c.value, d.currency), c.shown(c.previous, d.currency), c.change()]
        for c in d.changes
    ]
    return Grid(["KPI", "this week", "the week before", "change"], rows, {1, 2, 3})


def changes_note(d: Digest) -> str:
    at_end = [c.label for c in d.changes if c.over == "week end"]
    note = "Change: percent for amounts and counts, points for rates."
    if at_end:
        note += f" {phrases.join(at_end)}: at the end of each week."
    return note


def series_text(d: Digest) -> str:
    label = kpis.get(d.series_measure).label.lower()
    return f"Weekly {label}, last {len(d.series)} weeks (oldest first): "


def spark(values: list[float]) -> str:
    return sparkline(values) if values else ""


def people(d: Digest) -> Grid:
    lead = [k for k in ("revenue", "bookings") if any(p.change_of(k) for p in d.people)]
    head = ["rep", "name"]
    for k in lead:
        head += [kpis.get(k).short, "change"]
    head += ["month projected", "chance", "12 weeks"]
    rows = []
    for p in d.people:
        row = [p.rep, p.name]
        for k in lead:
            c = p.change_of(k)
            row += [c.shown(c.value, d.currency), c.change()] if c else ["—", "—"]
        x = p.pacing
        if x is None:
            row += ["—", "—"]
        else:
            ahead = x.actual if x.over else x.projected
            row += [x.amount(ahead, d.currency), phrases.pct(x.chance)]
        rows.append([*row, spark(p.series)])
    return Grid(head, rows, set(range(2, len(head) - 1)))


def pacing_lines(d: Digest) -> list[str]:
    """The person's month in words; a manager's: the reps together (each rep's
    projection and chance are in the reps' table)."""
    own = [x for x in d.pacing if x.member == d.recipient.key]
    if d.recipient.role == "rep":
        return [x.sentence(d.currency) for x in own]
    return [f"The team: {x.sentence(d.currency)}" for x in own]


def win_lines(d: Digest) -> list[str]:
    manager = d.recipient.role == "manager"
    return [f"{w.rep_name}: {w.text}" if manager else w.text for w in d.wins] + d.goal_wins


def flag_lines(d: Digest) -> list[tuple[str, str, str]]:
    """(kind, title, evidence) for each flag."""
    manager = d.recipient.role == "manager"
    return [
        (
            f.kind,
            f"{KIND_WORDS[f.kind]} — {f.flag.replace('_', ' ')}"
            + (f" ({f.rep_name})" if manager else ""),
            f.evidence,
        )
        for f in d.flags
    ]


def risky_deals(d: Digest) -> Grid:
    manager = d.recipient.role == "manager"
    head = [*(["rep"] if manager else []), "deal", "customer", "amount", "stage", "why"]
    head.append("last touch")
    rows = [
        [
            *([d.name_of(rep)] if manager else []),
            x.deal_id,
            x.customer or "—",
            phrases.money(x.amount, d.currency),
            x.stage or "—",
            "; ".join(x.reasons),
            str(x.last_touch) if x.last_touch else "—",
        ]
        for rep, x in d.deals_at_risk[: MANAGER_DEALS if manager else None]
    ]
    return Grid(head, rows, {head.index("amount")})


def more_deals(d: Digest) -> str:
    """What the table leaves out, in words (empty when it shows every deal)."""
    left = len(d.deals_at_risk) - MANAGER_DEALS
    if d.recipient.role != "manager" or left <= 0:
        return ""
    return f"And {left} smaller deals slipping: each rep's digest lists theirs."


def goals(d: Digest) -> Grid:
    rows = []
    for g in d.goals or []:
        unit = kpis.get(g.kpi).unit if g.kpi in kpis.names() else "number"
        label = kpis.get(g.kpi).label if g.kpi in kpis.names() else g.kpi

        def v(value: float | None, unit: str = unit) -> str:
            return phrases.value(unit, value, d.currency)

        week = f"{v(g.week_actual)} of {v(g.week_target)}" if g.week_target is not None else "—"
        rows.append(
            [
                g.owner,
                label + (f" ({g.period})" if g.period else ""),
                v(g.target),
                v(g.actual),
                v(g.expected),
                g.status,
                week,
            ]
        )
    head = ["owner", "goal", "target", "actual", "expected by now", "status", "this week"]
    return Grid(head, rows, {2, 3, 4})


def focus_lines(d: Digest) -> list[str]:
    """A manager's digest: each rep's first thing to work this week, or why none."""
    return [
        focus_tables.top_line(f, f"{d.name_of(rep)} ({rep})") for rep, f in (d.focus or {}).items()
    ]


def action_lines(d: Digest) -> list[str]:
    out = []
    for a in d.actions or []:
        late = " (overdue)" if a.due is not None and a.due < d.week.end else ""
        out.append(f"{a.text} — {d.name_of(a.owner)}, due {a.due}{late}")
    return out


def owner_word(d: Digest) -> str:
    r = d.recipient
    if r.role == "rep":
        return shell_word(r.key, "REP")
    return shell_word(r.teams[0], "TEAM") if len(r.teams) == 1 else "REP"


def goals_hint(d: Digest) -> tuple[str, str, str]:
    """(before, command, after): how to set the first goal."""
    own = d.pacing[0] if d.pacing else None
    target = f"{own.target:.0f}" if own and own.target and own.measure != "quota" else "TARGET"
    period = f"{d.as_of:%Y-%m}"
    command = (
        f"salespulse goals add --owner {owner_word(d)} --kpi {d.series_measure} "
        f"--target {target} --period {period}"
    )
    return "No goals yet: set one with ", command, "."


def actions_hint(d: Digest) -> tuple[str, str, str]:
    rep = shell_word(d.recipient.reps[0], "REP") if d.recipient.reps else "REP"
    command = f'salespulse one-on-ones add {rep} --action "TEXT; OWNER; DUE"'
    return "No action items yet: they come from one-on-ones, e.g. ", command, "."


def check_in_hint(d: Digest, rep: str) -> str:
    return f"salespulse check-in {shell_word(rep, 'REP')} --week {d.week_arg} --confidence 4"
