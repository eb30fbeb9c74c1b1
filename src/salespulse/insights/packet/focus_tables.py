"""This week's focus (`week_focus.WeekFocus`) as a grid and sentences for the packet's and
the digest's renderers (Markdown, HTML): decided once, here; the renderers escape every
value."""

from __future__ import annotations

from salespulse.insights.packet.one_on_one_tables import Grid
from salespulse.insights.packet.week_focus import KINDS, WeekFocus


def grid(f: WeekFocus) -> Grid:
    """One row per item: what it is, and why it comes first."""
    rows = [
        [str(rank), i.name, i.reason]
        for kind in KINDS
        for rank, i in enumerate(getattr(f, kind), 1)
    ]
    return Grid(["#", "work on", "why"], rows, {0})


def intro(f: WeekFocus) -> str:
    """The line above the list (or, when there is nothing to work, instead of it)."""
    if not f.items:
        why = f" {f.notes[0]}" if f.notes else ""
        return f"Nothing to work first for {f.week} (as of {f.as_of}).{why}"
    return f"What to work first in {f.week} (as of {f.as_of}), best first:"


def notes(f: WeekFocus) -> list[str]:
    """The notes not already said by `intro`."""
    return list(f.notes[1:] if not f.items else f.notes)


def top_line(f: WeekFocus, name: str) -> str:
    """A manager's line for one rep: their first thing to work, or why there is none."""
    first = f.top
    if first is None:
        why = f": {f.notes[0]}" if f.notes else "."
        return f"{name}: nothing to work first{why}"
    return f"{name}: {first.name} — {first.reason}"
