"""What the app half of the Workspace API checks before anything is stored: a KPI from
the registry (one a rep's or team's goal can follow, with filters it allows), a period
label, a target, a rating from 1 to 5, a date, a week, and who a goal, plan, one-on-one
or user is for — a rep or team the workspace's data names (anyone, while it holds none).
Each refusal is a `UserError` naming the value and the fix, and the parameter in
backticks as the API spells it."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from salespulse import kpis
from salespulse.errors import UserError
from salespulse.inventory import Members
from salespulse.kpis.model import KPI
from salespulse.model.settings import Settings
from salespulse.workspace_numbers import Numbers

#: Longest name and text kept (a name: a rep, a team, a user, who made a change).
NAME_LENGTH = 200
OWNER_KINDS = ("rep", "team", "all")
#: The owner of a goal for the whole business.
EVERYONE = "all"


def name(value: Any, what: str) -> str:
    """A name (rep, team, user, owner): text, not empty, at most 200 characters, with no
    control character."""
    text = str(value).strip() if value is not None else ""
    if not text or len(text) > NAME_LENGTH or any(unicodedata.category(c) == "Cc" for c in text):
        raise UserError(
            f"`{what}` {value!r} is not a name.",
            fix=f"Give `{what}` as text of 1 to {NAME_LENGTH} characters.",
            option=what,
        )
    return text


def by(value: Any) -> str:
    """Who makes a change: `by`, else the OS user."""
    from salespulse.store import os_user

    return name(value if value is not None and str(value).strip() else os_user(), "by")


def members(ws: Numbers) -> Members | None:
    """The reps and teams the workspace's data names (None: it holds no data)."""
    from salespulse.inventory import members as named

    if not ws.db_path.exists():
        return None
    with ws.connect(read_only=True) as con:
        return named(con)


def file_state(ws: Numbers) -> tuple[tuple[int, int] | None, ...]:
    """The size and time of the workspace's DuckDB file and its WAL: what changes when
    anything is stored."""
    out: list[tuple[int, int] | None] = []
    for path in (ws.db_path, ws.db_path.with_name(ws.db_path.name + ".wal")):
        try:
            stat = path.stat()
        except OSError:
            out.append(None)
        else:
            out.append((stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def text(value: Any, what: str) -> str | None:
    """Free text (what, why, wins, ...), None when empty."""
    if value is None:
        return None
    return writable(str(value), what).strip() or None


def writable(value: str, what: str) -> str:
    """`value`, unless it holds a NUL character (which no database keeps in text)."""
    if "\x00" in value:
        raise UserError(
            f"`{what}` holds a NUL character (\\0), which cannot be stored.",
            fix=f"Take it out of `{what}`.",
            option=what,
        )
    return value


def kpi_for(kpi_name: Any, owner_kind: str) -> KPI:
    """The registry's KPI, when a goal of `owner_kind` can follow it."""
    kpi = kpis.get(str(kpi_name))
    if owner_kind != EVERYONE and owner_kind not in kpi.dimensions:
        raise UserError(
            f"{kpi.name} cannot be computed per {owner_kind}, so it cannot be a {owner_kind}'s "
            "goal.",
            fix=f"Choose a KPI with {owner_kind} among its dimensions (salespulse kpis).",
            option="kpi",
        )
    return kpi


def where(kpi: KPI, given: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """The filters (`where`) as {dimension: [values]}, checked against the KPI."""
    from salespulse.engine.query import make_query

    checked = make_query(kpi, where=given or None).where
    return {dim: list(values) for dim, values in checked}


def target(value: Any, kpi: KPI, what: str = "target") -> float:
    """A target: a number (a ratio also as a percentage, `30%`), never negative."""
    raw = str(value).strip() if value is not None else ""
    percent = raw.endswith("%")
    try:
        number = float(raw.rstrip("%").replace(",", "")) if raw else math.nan
    except ValueError:
        number = math.nan
    if percent:
        number /= 100
    if not math.isfinite(number) or number < 0:
        raise UserError(
            f"`{what}` {value!r} is not a target for {kpi.name}.",
            fix=f"Give `{what}` as a number of 0 or more"
            + (", e.g. 0.3 or 30%." if kpi.unit == "ratio" else ", e.g. 50000."),
            option=what,
        )
    if kpi.unit == "ratio" and number > 1:
        raise UserError(
            f"`{what}` {value!r} is more than 100% for {kpi.name}, a ratio.",
            fix=f"Write it as a share: 0.3 or 30% (not {raw}).",
            option=what,
        )
    return number


def period(label: Any, settings: Settings, what: str = "period") -> str:
    """A period label as it is kept (`2026-11`, `2026-Q4`, `2026`, `2026-W45`, ...)."""
    from salespulse.model.periods import label_of

    try:
        return label_of(str(label), settings)
    except UserError as exc:
        raise UserError(f"`{what}` {label!r} is not a period.", fix=exc.fix, option=what) from None


def week(label: Any, settings: Settings) -> tuple[str, date]:
    """A week (`2026-W45` or `week of 2026-11-02`, or the date of its first day) as its
    label and first day."""
    from salespulse.model.periods import Window, iso_week_label

    text_value = str(label).strip() if label is not None else ""
    try:
        window = Window.from_label(text_value, settings)
    except UserError:
        window = None
    if window is not None and window.grain == "day":  # a week's first day
        window = Window.period(window.start, "week", settings)
        window = window if window.start.isoformat() == text_value else None
    if window is None or window.days != 7:
        raise UserError(
            f"`week` {label!r} is not a week.",
            fix="Give an ISO week such as 2026-W45, or the week's first day (2026-11-02).",
            option="week",
        )
    shown = iso_week_label(window.start) if window.start.weekday() == 0 else window.label
    return shown, window.start


def rating(value: Any, what: str) -> int | None:
    """A rating from 1 (low) to 5 (high), or None."""
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= 5 or str(value).strip() not in {str(n) for n in range(1, 6)}:
        raise UserError(
            f"`{what}` {value!r} is not a rating.",
            fix=f"Give `{what}` as a whole number from 1 (low) to 5 (high).",
            option=what,
        )
    return number


def today(settings: Settings) -> date:
    """Today in the workspace's time zone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(settings.time_zone)).date()


def day(value: Any, what: str) -> date | None:
    from salespulse.engine.query import to_date

    return to_date(value, what)


def _choices(values: frozenset[str]) -> str:
    ordered = sorted(values)
    shown = ", ".join(ordered[:8])
    return shown + (f" (and {len(ordered) - 8} more)" if len(ordered) > 8 else "")


def owner(value: Any, kind: str | None, members: Members | None) -> tuple[str, str]:
    """(owner, owner kind) of a goal: the whole business (`all`), else a rep or a team
    the data names — found by name unless `kind` says which. Without data, anyone (a rep
    unless `kind` says otherwise)."""
    if kind is not None and kind not in OWNER_KINDS:
        raise UserError(
            f"`owner_kind` {kind!r} is not one of rep, team, all.",
            fix="Give `owner_kind` rep, team or all.",
            option="owner_kind",
        )
    if kind == EVERYONE or (kind is None and str(value).strip().lower() == EVERYONE):
        return EVERYONE, EVERYONE
    who = name(value, "owner")
    if members is None or not (members.reps or members.teams):
        return who, kind or "rep"
    if kind in (None, "rep") and who in members.reps:
        return who, "rep"
    if kind in (None, "team") and who in members.teams:
        return who, "team"
    looked = {"rep": "rep", "team": "team"}.get(kind or "", "rep or team")
    fix = [f"reps: {_choices(members.reps)}"] if members.reps and kind != "team" else []
    fix += [f"teams: {_choices(members.teams)}"] if members.teams and kind != "rep" else []
    raise UserError(
        f"There is no {looked} {who!r} in this workspace's data.",
        fix="Use one of the " + "; ".join(fix) + " (or `owner` all for the whole business).",
        option="owner",
    )


def member(value: Any, what: str, kind: str, members: Members | None) -> str:
    """A rep (or team, by `kind`) the data names; anyone while it holds no data."""
    who = name(value, what)
    known = None if members is None else members.reps if kind == "rep" else members.teams
    if known and who not in known:
        raise UserError(
            f"There is no {kind} {who!r} in this workspace's data.",
            fix=f"Give one of the {kind}s: {_choices(known)}.",
            option=what,
        )
    return who
