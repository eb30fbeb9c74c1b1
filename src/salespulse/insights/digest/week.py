"""Which week a digest is about: an ISO week (`2026-W45`), the week's first day
(`2026-11-02`, a day the settings' week starts on), or — by default — the last complete
week before the as-of date."""

from __future__ import annotations

from datetime import date

from salespulse.errors import UserError
from salespulse.model.periods import ISO_WEEK, Window, iso_week, iso_week_label
from salespulse.model.settings import Settings


def digest_week(label: str | None, settings: Settings, as_of: date) -> Window:
    """The week `label` names (see the module), refused when it starts after `as_of`."""
    if label is None or not label.strip():
        return Window.latest_complete("week", as_of, settings)
    text = label.strip()
    if ISO_WEEK.match(text):
        start, end = iso_week(text)
        week = Window.period(start, "week", settings)
        if week.start != start:  # the workspace's weeks do not start on Monday
            week = Window(start, end, f"ISO week {iso_week_label(start)}")
    else:
        week = _first_day(text, settings)
    if week.start > as_of:
        raise UserError(
            f"The {week.label} starts after {as_of}, the as-of date (the end of the data "
            "unless `as_of` says otherwise).",
            fix=f"Use a week up to {Window.latest_complete('week', as_of, settings).label}, "
            "or `as_of` a later date.",
            option="week",
        )
    return week


def _first_day(text: str, settings: Settings) -> Window:
    try:
        day = date.fromisoformat(text.removeprefix("week of ").strip())
    except ValueError:
        raise UserError(
            f"`week` {text!r} is not a week.",
            fix="Use an ISO week such as 2026-W45, or the week's first day such as 2026-11-02.",
            option="week",
        ) from None
    week = Window.period(day, "week", settings)
    if week.start != day:
        raise UserError(
            f"{day} is a {day:%A}, and weeks start on {settings.week_start.capitalize()} "
            "(the settings' [calendar] week_start).",
            fix=f"Use {week.start} (the first day of the week holding it) or "
            f"{iso_week_label(day)}.",
            option="week",
        )
    return week
