"""A digest as Markdown — the mail's plain-text part, and `--out`'s .md file. Every value
goes through `markdown_text` (`salespulse.model.safe_text`): HTML and Markdown syntax
escaped, nothing that breaks a table row or a line. Command hints are code spans built
only from words a shell reads as one (`salespulse.model.safe_text.shell_word`)."""

from __future__ import annotations

from salespulse.insights.digest import digest_tables as tables
from salespulse.insights.digest.result import Digest
from salespulse.insights.packet.one_on_one_markdown import focus_section
from salespulse.insights.packet.one_on_one_tables import Grid
from salespulse.model.safe_text import markdown_text as _e


def _table(grid: Grid) -> list[str]:
    align = ["---:" if i in grid.numeric else "---" for i in range(len(grid.head))]
    out = ["| " + " | ".join(_e(h) for h in grid.head) + " |", "|" + "|".join(align) + "|"]
    return out + ["| " + " | ".join(_e(c) for c in r) + " |" for r in grid.rows]


def _hint(parts: tuple[str, str, str]) -> str:
    before, command, after = parts
    return f"{_e(before)}`{command}`{_e(after)}"


def render(d: Digest) -> str:
    manager = d.recipient.role == "manager"
    out = [f"# {_e(tables.heading(d))}", "", _e(tables.facts(d))]
    out += ["", "## What changed since last week", ""]
    if d.changes:
        out += [*_table(tables.changes(d)), "", _e(tables.changes_note(d))]
    else:
        out.append(_e(f"Nothing sold or decided in {d.week.label} or the week before."))
    if d.series:
        out += ["", f"{_e(tables.series_text(d))}`{tables.spark(d.series)}`"]
    if manager:
        out += ["", "## The reps this week", ""]
        out += _table(tables.people(d)) if d.people else ["No reps."]
    out += ["", "## Where the month is heading", ""]
    lines = tables.pacing_lines(d)
    out += [f"- {_e(x)}" for x in lines] or [_e(tables.NO_PACING)]
    out += ["", "## Wins to celebrate", ""]
    out += [f"- {_e(x)}" for x in tables.win_lines(d)] or [_e(f"No wins in the {d.week.label}.")]
    out += ["", "## Risks", ""]
    out += [f"- **{_e(title)}**: {_e(text)}" for _, title, text in tables.flag_lines(d)]
    if d.deals_at_risk:
        out += ["", "Deals slipping (past their expected close, or idle in their stage):", ""]
        out += _table(tables.risky_deals(d))
        if tables.more_deals(d):
            out += ["", _e(tables.more_deals(d))]
    if not d.flags and not d.deals_at_risk:
        out.append("No flags, and no open deal past its expected close or idle in its stage.")
    out += ["", "## Goals and this week's milestones", ""]
    if d.goals is None:
        out.append(_hint(tables.goals_hint(d)))
    else:
        out += _table(tables.goals(d)) if d.goals else ["No goals for this period."]
    if d.focus is not None:
        out += ["", "## This week's focus", "", *_focus(d)]
    out += ["", "## Action items due", ""]
    if d.actions is None:
        out.append(_hint(tables.actions_hint(d)))
    else:
        out += [f"- [ ] {_e(x)}" for x in tables.action_lines(d)] or ["No action items due."]
    out += ["", "## Check-ins missing" if manager else "## Your check-in", ""]
    out += _check_ins(d)
    if d.notes:
        out += ["", *[f"- {_e(n)}" for n in d.notes]]
    return "\n".join(out) + "\n"


def _focus(d: Digest) -> list[str]:
    """A rep's focus list (its top items); a manager's: each rep's first item."""
    assert d.focus is not None
    if d.recipient.role == "rep":
        found = d.focus.get(d.recipient.key)
        return focus_section(found) if found else ["No focus list for this rep."]
    lines = tables.focus_lines(d)
    return [f"- {_e(x)}" for x in lines] or ["No reps."]


def _check_ins(d: Digest) -> list[str]:
    rep = d.recipient.reps[0] if d.recipient.reps else "REP"
    if d.check_ins_missing is None:
        hint = ("Check-ins are not in use yet: each rep sends one a week with ", "", ".")
        return [_hint((hint[0], tables.check_in_hint(d, rep), hint[2]))]
    if d.recipient.role == "manager":
        if not d.check_ins_missing:
            return [_e(f"Every rep checked in for {d.week_name}.")]
        return [f"- {_e(d.name_of(r))} ({_e(r)})" for r in d.check_ins_missing]
    if d.check_ins_missing:
        return [_hint((f"No check-in for {d.week_name} yet: ", tables.check_in_hint(d, rep), "."))]
    return [_e(f"Check-in for {d.week_name} received. Thank you.")]
