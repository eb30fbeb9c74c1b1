"""How a deal's status and dates are read from a CRM export.

- **Status**: a status column says it (open/won/lost, or a won or lost stage word);
  else the stage words decide (`salespulse.model.stage_words`), and where the stage does
  not, `IsClosed`/`IsWon` booleans do (closed and won: won; closed, not won: lost; not
  closed: open), and where there is neither, the won and lost dates (a won date: won; a
  lost date: lost). Every other deal is open, and the import lists each stage it read as
  open with its count, so a wrong reading is seen at once.
- **Dates**: for an open deal, a CRM's close date is the *expected* close: it goes to
  `expected_close`, never `closed_at`.
"""

from __future__ import annotations

from typing import Any

from salespulse.io.headers import Mapping
from salespulse.io.typed import raw
from salespulse.io.values import Reading, choose
from salespulse.model.settings import Settings
from salespulse.model.stage_words import by_status, stage_words, status_words
from salespulse.model.wording import plural
from salespulse.store import quote

#: The dates that say a deal's status in a file with no status, stage or IsClosed.
DATED = (("won_at", "won"), ("lost_at", "lost"))
#: Stages listed one by one in the "read as open" note; beyond, a count of the rest.
LISTED_OPEN_STAGES = 20


def status_reading(c: str, settings: Settings, overrides: dict[str, str]) -> Reading:
    """A status column: open/won/lost words and the stage words; anything else is NULL
    (and reported as `unknown_status`)."""
    return Reading(sql=choose(c, by_status(status_words(settings, overrides))))


def derived_status(mapping: Mapping, settings: Settings, overrides: dict[str, str]) -> str | None:
    """SQL for the status of a deals file without a status column (None when it has
    one): the stage words, then the booleans, then open."""
    if mapping.has("status"):
        return None
    parts = []
    if mapping.has("stage"):
        parts.append(choose(quote("stage"), by_status(stage_words(settings, overrides))))
    if mapping.has("is_closed"):
        parts.append(
            "CASE WHEN is_closed THEN (CASE WHEN is_won THEN 'won' ELSE 'lost' END) "
            "WHEN NOT is_closed THEN 'open' END"
        )
    elif mapping.has("is_won"):
        parts.append("CASE WHEN is_won THEN 'won' END")
    if not parts and (mapping.has("won_at") or mapping.has("lost_at")):
        dated = [f"WHEN {c} IS NOT NULL THEN '{s}'" for c, s in DATED if mapping.has(c)]
        parts.append(f"CASE {' '.join(dated)} END")
    parts.append("'open'")
    return f"COALESCE({', '.join(parts)})"


def derived(
    mapping: Mapping, settings: Settings, overrides: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The deals columns computed from others (status, closed_at, expected_close), as SQL
    over the read columns, and notes saying so."""
    out: dict[str, str] = {}
    notes: list[str] = []
    status = derived_status(mapping, settings, overrides)
    if status is not None:
        out["status"] = status
        if mapping.has("stage"):
            notes.append(
                "status from the stage words (the stage mapping in salespulse.toml, then the "
                "built-in words)"
                + (", else from IsClosed/IsWon" if mapping.has("is_closed") else "")
                + "; other stages are open"
            )
        elif mapping.has("is_closed") or mapping.has("is_won"):
            notes.append("status from IsClosed/IsWon (closed and won: won; closed: lost)")
        else:
            given = [(c, word) for c, word in DATED if mapping.has(c)]
            dates = " and ".join(mapping.header(c) for c, _ in given)
            says = "; ".join(f"a {word} date: {word}" for _, word in given)
            notes.append(f"status from {dates} ({says}; none: open)")
    else:
        status = quote("status")
    closed = quote("closed_at")
    if mapping.has("won_at") or mapping.has("lost_at"):
        closed = (
            f"COALESCE({closed}, CASE {status} WHEN 'won' THEN won_at WHEN 'lost' THEN lost_at END)"
        )
        notes.append("close date taken from the won and lost dates")
    if mapping.has("closed_at") or mapping.has("won_at") or mapping.has("lost_at"):
        out["closed_at"] = f"CASE WHEN {status} = 'open' THEN NULL ELSE {closed} END"
        out["expected_close"] = (
            f"COALESCE(expected_close, "
            f"CASE WHEN {status} = 'open' THEN CAST({quote('closed_at')} AS DATE) END)"
        )
    return out, notes


def notes(con: Any, mapping: Mapping, rows: str, parsed: str) -> list[str]:
    """After the rows are stored: the stages read as open, with their counts (when the
    status came from the stage), and how many open deals' close dates became expected
    closes. `rows` is the relation of the rows as read, `parsed` as stored."""
    out: list[str] = []
    if not mapping.has("status") and mapping.has("stage"):
        found = con.execute(
            f"SELECT stage, count(*) FROM {parsed} WHERE status = 'open' AND stage IS NOT NULL "
            f"GROUP BY stage ORDER BY min(__line)"
        ).fetchall()
        if found:
            shown = ", ".join(f"{s} ({n:,})" for s, n in found[:LISTED_OPEN_STAGES])
            more = len(found) - LISTED_OPEN_STAGES
            if more > 0:
                shown += f" and {more} more"
            out.append(f"read as open: {shown} (`stages` 'NAME=won' or 'NAME=lost' to change)")
    if mapping.has("closed_at"):
        moved = con.execute(
            f"SELECT count(*) FROM {parsed} p JOIN {rows} r ON p.__line = r.__line "
            f"WHERE p.status = 'open' AND (r.closed_at IS NOT NULL OR r.{raw('closed_at')} "
            "IS NOT NULL)"
        ).fetchone()[0]
        if moved:
            out.append(
                f"{mapping.header('closed_at')} of {plural(moved, 'open deal')} read as the "
                "expected close (expected_close), not as a close"
            )
    return out
