"""The two periods a revenue bridge compares: each a period label (`2025`, `2025-Q3`,
`2025-03`, or any label `Window.from_label` reads) or a pair of dates, the base strictly
before the current one; by default the latest complete month and the month before."""

from __future__ import annotations

from typing import Any

from salespulse.engine.core import Engine
from salespulse.engine.data_end import data_end
from salespulse.engine.query import to_date
from salespulse.errors import UserError
from salespulse.model.periods import Window
from salespulse.model.settings import Settings

LABELS = "a label like 2025, 2025-Q3 or 2025-03"


def period(name: str, label: Any, start: Any, end: Any, settings: Settings) -> Window:
    """The window `name` (base or current) names: its label, or its `_start` and `_end`
    dates — one or the other."""
    first, last = to_date(start, f"{name}_start"), to_date(end, f"{name}_end")
    if label is not None and str(label).strip():
        if first or last:
            raise UserError(
                f"`{name}` is given both as a label and as dates.",
                fix=f"Give `{name}` {LABELS}, or `{name}_start` and `{name}_end`, not both.",
                option=name,
            )
        try:
            return Window.from_label(str(label), settings)
        except UserError:
            raise UserError(
                f"`{name}` {label!r} is not a period.",
                fix=f"Give {LABELS} (also May 2025, week of 2025-06-09, 2025-03-03..2025-03-09).",
                option=name,
            ) from None
    if first is None or last is None:
        missing = f"{name}_start" if first is None else f"{name}_end"
        raise UserError(
            f"The {name} period is not given: `{missing}` is missing."
            if first or last
            else f"The bridge needs a {name} period.",
            fix=f"Give `{name}` {LABELS}, or both `{name}_start` and `{name}_end`.",
            option=missing if first or last else name,
        )
    if first > last:
        raise UserError(
            f"`{name}_start` {first} is after `{name}_end` {last}.", option=f"{name}_start"
        )
    return Window.days_between(first, last)


def latest_months(engine: Engine) -> tuple[Window, Window]:
    """The month before the latest complete one, and that one (by the end of the data)."""
    end = data_end(engine)
    if end is None:
        raise UserError(
            "The bridge has no sales to compare: the workspace holds no dated rows yet.",
            fix="Import the sales lines (salespulse import sales FILE).",
        )
    month = Window.latest_complete("month", end, engine.settings)
    return month.previous(), month


def periods(
    base: Any,
    current: Any,
    base_start: Any,
    base_end: Any,
    current_start: Any,
    current_end: Any,
    settings: Settings,
) -> tuple[Window, Window]:
    """(base, current): two periods that do not overlap, the base first."""
    before = period("base", base, base_start, base_end, settings)
    now = period("current", current, current_start, current_end, settings)
    if (before.start, before.end) == (now.start, now.end):
        raise UserError(
            f"`base` and `current` are the same period ({before.label}).",
            fix="Compare two different periods, e.g. 2025-Q3 and 2026-Q3.",
            option="current",
        )
    if before.start > now.end:
        raise UserError(
            f"`base` {before.label} comes after `current` {now.label}.",
            fix="Swap them: `base` is the earlier period, `current` the later one.",
            option="base",
        )
    if before.end >= now.start:
        raise UserError(
            f"`base` {before.label} and `current` {now.label} overlap: a sale in both "
            "would count twice.",
            fix="Compare periods that do not overlap, e.g. 2025-Q3 and 2026-Q3.",
            option="current",
        )
    return before, now
