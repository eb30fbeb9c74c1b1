"""The end of the data: the last day with a sale, a deal created or closed, a lead or an
activity. It stands in for "today" (a CRM export from last week is read as of last week)
for the scorecard and the insights alike."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from salespulse.model.calendar import day_of

if TYPE_CHECKING:
    from salespulse.engine.core import Engine

#: Tables whose last event marks the end of the data, with their time columns.
EVENT_COLUMNS = {
    "sales": ("date",),
    "deals": ("created_at", "closed_at"),
    "leads": ("created_at",),
    "activities": ("at",),
}


def data_end(engine: Engine) -> date | None:
    """The last day with any sale, deal, lead or activity; None when there is none. One
    statement, compiled once (`Engine.read`)."""

    def build() -> Any:
        from salespulse.engine.sources import normalize

        parts = []
        for table, columns in EVENT_COLUMNS.items():
            raw = engine.source.raw(table)
            if raw is None:
                continue
            t = normalize(raw, table, engine.settings, engine.source.label)
            parts.append(t.aggregate(**{f"{table}_{i}": t[c].max() for i, c in enumerate(columns)}))
        if not parts:
            return None
        out = parts[0]
        for part in parts[1:]:
            out = out.cross_join(part)
        return out

    rows = engine.read("data_end", tuple(EVENT_COLUMNS), build)
    days = [d for row in rows for d in (day_of(v) for v in row.values()) if d is not None]
    return max(days) if days else None
