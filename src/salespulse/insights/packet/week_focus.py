"""This week's focus in the one-on-one packet and the weekly digest (issue 10 §3b): the
top few deals, leads and customers to win back of a rep's focus list
(`salespulse.reports.focus`), each with its reason — a plain record the workspace layer
fills (`WeekFocus.of(ws.focus(...))`) and hands to `one_on_one(..., focus=...)` and
`digests(..., focus=...)`. What the renderers show of it: `focus_tables`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salespulse.reports.focus import FocusList

#: How many items of each kind the packet and the digest show.
TOP = 3
KINDS = ("deals", "leads", "customers")


@dataclass(frozen=True)
class FocusLine:
    """One thing to work: `kind` deal, lead or customer; its key (a deal or lead id, a
    customer), its label (a deal's customer) and why, in words."""

    kind: str
    key: str
    label: str
    reason: str

    @property
    def name(self) -> str:
        """ "deal D001-08232 (Fairview Hotels)", "lead L0042", "customer Acme"."""
        named = f" ({self.label})" if self.label and self.label != self.key else ""
        return f"{self.kind} {self.key}{named}"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "label": self.label, "reason": self.reason}


@dataclass(frozen=True)
class WeekFocus:
    """A rep's focus for a week (`week` its label, as of `as_of`): at most `TOP` deals,
    leads and customers, best first, and the focus list's notes (why a kind is empty)."""

    rep: str
    week: str
    as_of: date
    deals: tuple[FocusLine, ...] = ()
    leads: tuple[FocusLine, ...] = ()
    customers: tuple[FocusLine, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, found: FocusList, top: int = TOP) -> WeekFocus:
        def lines(kind: str) -> tuple[FocusLine, ...]:
            items = getattr(found, kind)[:top]
            return tuple(FocusLine(i.kind, i.key, i.label, i.reason) for i in items)

        return cls(
            found.rep,
            found.window.label,
            found.as_of,
            deals=lines("deals"),
            leads=lines("leads"),
            customers=lines("customers"),
            notes=tuple(found.notes),
        )

    @property
    def items(self) -> list[FocusLine]:
        return [*self.deals, *self.leads, *self.customers]

    @property
    def top(self) -> FocusLine | None:
        """The first thing to work: the best deal, else lead, else customer."""
        return self.items[0] if self.items else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "week": self.week,
            "as_of": self.as_of.isoformat(),
            **{kind: [i.as_dict() for i in getattr(self, kind)] for kind in KINDS},
            "notes": list(self.notes),
        }
