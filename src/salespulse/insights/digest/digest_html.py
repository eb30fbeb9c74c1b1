"""A digest as one self-contained HTML page — the mail's HTML part, and `--out`'s .html
file: inline CSS (`reports.html_page`), the weekly series as a sparkline (the team
page's cards' `charts.sparkline`) and a manager's reps' weeks as one line chart
(`charts.trend`), each rendered to inline SVG (vl-convert), no script and nothing
fetched. Every value is escaped."""

from __future__ import annotations

from datetime import date
from typing import Any

from salespulse import charts
from salespulse.insights.digest import digest_tables as tables
from salespulse.insights.digest.result import Digest
from salespulse.insights.packet.html_parts import e, figure, table
from salespulse.insights.packet.one_on_one_html import focus_section
from salespulse.reports.html_page import page

#: The weekly sparkline's width (a card's on the team page is about as wide).
SPARK_WIDTH = 240


def _section(ident: str, title: str, body: str) -> str:
    return f'<section id="{ident}"><h2>{e(title)}</h2>{body}</section>'


def _list(lines: list[str], empty: str, tag: str = "ul") -> str:
    if not lines:
        return f"<p>{e(empty)}</p>"
    return f"<{tag}>" + "".join(f"<li>{e(x)}</li>" for x in lines) + f"</{tag}>"


def _hint(parts: tuple[str, str, str]) -> str:
    before, command, after = parts
    return f"<p>{e(before)}<code>{e(command)}</code>{e(after)}</p>"


def render(d: Digest) -> str:
    manager = d.recipient.role == "manager"
    parts = [f'<p class="facts">{e(tables.facts(d))}</p>']
    body = ""
    if d.changes:
        body = table(tables.changes(d)) + f'<p class="muted">{e(tables.changes_note(d))}</p>'
    else:
        body = f"<p>{e(f'Nothing sold or decided in {d.week.label} or the week before.')}</p>"
    if d.series:
        what = tables.series_text(d).rstrip(": ")
        spark = charts.sparkline(_weeks(d.series_starts, d.series), "week", "value", what)
        body += figure(charts.svg(spark, SPARK_WIDTH), what + ".")
    parts.append(_section("changes", "What changed since last week", body))
    if manager:
        parts.append(_section("people", "The reps this week", _people(d)))
    parts.append(
        _section(
            "pacing",
            "Where the month is heading",
            _list(tables.pacing_lines(d), tables.NO_PACING),
        )
    )
    wins = _list(tables.win_lines(d), f"No wins in the {d.week.label}.")
    parts.append(_section("wins", "Wins to celebrate", wins))
    parts.append(_section("risks", "Risks", _risks(d)))
    if d.goals is None:
        goals = _hint(tables.goals_hint(d))
    else:
        goals = table(tables.goals(d)) if d.goals else "<p>No goals for this period.</p>"
    parts.append(_section("goals", "Goals and this week's milestones", goals))
    if d.focus is not None:
        parts.append(_focus(d))
    if d.actions is None:
        actions = _hint(tables.actions_hint(d))
    else:
        actions = _list(tables.action_lines(d), "No action items due.")
    parts.append(_section("actions", "Action items due", actions))
    title = "Check-ins missing" if manager else "Your check-in"
    parts.append(_section("check-ins", title, _check_ins(d)))
    if d.notes:
        parts.append(_list(d.notes, ""))
    return page(tables.heading(d), *parts)


def _focus(d: Digest) -> str:
    """A rep's focus list (its top items); a manager's: each rep's first item."""
    assert d.focus is not None
    if d.recipient.role == "rep":
        found = d.focus.get(d.recipient.key)
        if found:
            return focus_section(found)
        return _section("focus", "This week's focus", "<p>No focus list for this rep.</p>")
    return _section("focus", "This week's focus", _list(tables.focus_lines(d), "No reps."))


def _people(d: Digest) -> str:
    """The reps' table (its last column the weeks in block characters), then their weeks
    as one line chart: a line per rep."""
    if not d.people:
        return "<p>No reps.</p>"
    out = table(tables.people(d))
    weeks = [
        {**row, "rep": p.name or p.rep}
        for p in d.people
        for row in _weeks(d.series_starts, p.series)
    ]
    if weeks:
        label = f"Weekly {d.series_measure} of each rep"
        spec = charts.trend(weeks, "week", "value", label, color="rep", height=180)
        out += figure(charts.svg(spec), label + ", oldest first.")
    return out


def _weeks(starts: list[date], values: list[float]) -> list[dict[str, Any]]:
    """A series as records (each week's first day, ISO), its last value the last week."""
    n = min(len(starts), len(values))
    return [
        {"week": s.isoformat(), "value": v}
        for s, v in zip(starts[len(starts) - n :], values[len(values) - n :], strict=True)
    ]


def _risks(d: Digest) -> str:
    out = ""
    if d.flags:
        items = "".join(
            f'<li><strong class="{"down" if kind == "struggling" else "muted"}">{e(title)}'
            f"</strong>: {e(text)}</li>"
            for kind, title, text in tables.flag_lines(d)
        )
        out += f"<ul>{items}</ul>"
    if d.deals_at_risk:
        out += "<p>Deals slipping (past their expected close, or idle in their stage):</p>"
        out += table(tables.risky_deals(d))
        if tables.more_deals(d):
            out += f'<p class="muted">{e(tables.more_deals(d))}</p>'
    return out or "<p>No flags, and no open deal past its expected close or idle in its stage.</p>"


def _check_ins(d: Digest) -> str:
    rep = d.recipient.reps[0] if d.recipient.reps else "REP"
    if d.check_ins_missing is None:
        before = "Check-ins are not in use yet: each rep sends one a week with "
        return _hint((before, tables.check_in_hint(d, rep), "."))
    if d.recipient.role == "manager":
        names = [f"{d.name_of(r)} ({r})" for r in d.check_ins_missing]
        return _list(names, f"Every rep checked in for {d.week_name}.")
    if d.check_ins_missing:
        return _hint((f"No check-in for {d.week_name} yet: ", tables.check_in_hint(d, rep), "."))
    return f"<p>{e(f'Check-in for {d.week_name} received. Thank you.')}</p>"
