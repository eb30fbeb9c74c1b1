"""Prospecting habits for a one-on-one: speed to lead against the team, and when the rep
reaches out — activities by weekday and hour of day — with the connect rate of their
outbound calls by hour, next to the team's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from salespulse.insights.core.evidence import Evidence, Rep, records
from salespulse.insights.core.funnel import response_minutes
from salespulse.insights.core.windows import Window
from salespulse.model.settings import WEEKDAYS
from salespulse.model.wording import plural
from salespulse.stats import median


@dataclass(frozen=True)
class Habits:
    window: Window
    speed_median: float | None = None
    team_speed_median: float | None = None
    within_5: float | None = None
    within_60: float | None = None
    team_within_60: float | None = None
    inbound: int = 0
    untouched: int = 0
    #: (weekday, hour) → activities
    outreach: dict[tuple[str, int], int] = field(default_factory=dict)
    #: hour → (connected, calls) for the rep and for the team
    connects: dict[int, tuple[int, int]] = field(default_factory=dict)
    team_connects: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def busiest(self) -> tuple[str, int] | None:
        return max(self.outreach, key=lambda k: self.outreach[k]) if self.outreach else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "window": self.window.as_dict(),
            "speed_to_lead_minutes": self.speed_median,
            "team_speed_to_lead_minutes": self.team_speed_median,
            "within_5_min": self.within_5,
            "within_60_min": self.within_60,
            "team_within_60_min": self.team_within_60,
            "inbound_leads": self.inbound,
            "untouched": self.untouched,
            "outreach": [
                {"weekday": d, "hour": h, "activities": n}
                for (d, h), n in sorted(
                    self.outreach.items(), key=lambda kv: (WEEKDAYS.index(kv[0][0]), kv[0][1])
                )
            ],
            "connect_rate_by_hour": [
                {
                    "hour": h,
                    "connected": c,
                    "calls": n,
                    "team_connected": self.team_connects.get(h, (0, 0))[0],
                    "team_calls": self.team_connects.get(h, (0, 0))[1],
                }
                for h, (c, n) in sorted(self.connects.items())
            ],
        }


def habits(ev: Evidence, rep: Rep, teammates: list[str], window: Window, as_of: date) -> Habits:
    if not ev.has("activities"):
        return Habits(window)
    kw: dict[str, Any] = {"start": window.start, "end": window.end, "as_of": as_of}
    out: dict[str, Any] = {"window": window}
    if ev.has("leads"):
        speed = ev.by_rep("speed_to_lead_minutes", window.start, window.end, as_of=as_of).get(
            rep.rep
        )
        if speed is not None:
            inbound = int(speed["n"] or 0) + int(speed["untouched"] or 0)
            out.update(
                speed_median=speed["value"],
                within_5=speed["within_5_min"],
                within_60=speed["within_60_min"],
                inbound=inbound,
                untouched=int(speed["untouched"] or 0),
            )
        minutes = response_minutes(ev, window, as_of)
        out["team_speed_median"] = median([m for r in teammates for m in minutes.get(r, [])])
        team = (
            ev.kpi("speed_to_lead_minutes", by=(), where={"rep": teammates}, **kw)
            if teammates
            else None
        )
        if team is not None and not team.empty:
            out["team_within_60"] = records(team)[0]["within_60_min"]
    df = ev.kpi("activities", by=("weekday", "hour"), where={"rep": rep.rep}, **kw)
    out["outreach"] = {
        (str(r["weekday"]), int(r["hour"])): int(r["value"] or 0) for r in records(df)
    }
    out["connects"] = _connects(ev, [rep.rep], kw)
    out["team_connects"] = _connects(ev, teammates, kw) if teammates else {}
    return Habits(**out)


def _connects(ev: Evidence, reps: list[str], kw: dict[str, Any]) -> dict[int, tuple[int, int]]:
    df = ev.kpi("connect_rate", by=("hour",), where={"rep": reps}, **kw)
    return {
        int(r["hour"]): (int(r["numerator"] or 0), int(r["denominator"] or 0))
        for r in records(df)
        if r["hour"] is not None
    }


def speed_sentence(h: Habits) -> str:
    from salespulse.insights.core import phrases

    return (
        f"Speed to lead: median {phrases.minutes(h.speed_median)} (team "
        f"{phrases.minutes(h.team_speed_median)}); {phrases.pct(h.within_5)} answered within "
        f"5 minutes, {phrases.pct(h.within_60)} within an hour (team "
        f"{phrases.pct(h.team_within_60)}); {h.untouched} of {h.inbound} inbound leads never "
        "touched."
    )


def busiest_sentence(h: Habits) -> str | None:
    if not h.busiest:
        return None
    day, hour = h.busiest
    return (
        f"Busiest hour for outreach: {day.capitalize()} {hour:02d}:00 "
        f"({plural(h.outreach[h.busiest], 'activity', 'activities')})."
    )
