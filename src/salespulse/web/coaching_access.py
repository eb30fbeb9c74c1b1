"""Who may see and change the app database's records (goals, plans, one-on-ones,
check-ins), through `users.can_see`: a rep's records are seen by the rep, their team's
manager and the admins; a team's goal by its manager and the admins; a goal for the
whole business (`all`) by the admins. Changing (setting goals, writing plans,
recording one-on-ones) is for the managers and admins who see the rep or team; a
check-in is the rep's own."""

from __future__ import annotations

from fastapi import HTTPException

from salespulse.web import numbers
from salespulse.web.served import Served
from salespulse.web.users import RANK, User, can_see


def roster(where: Served) -> dict[str, numbers.Member]:
    """The reps the data names, by id."""
    return {m.rep: m for m in numbers.facts(where).reps}


def team_of(where: Served, rep: str) -> str | None:
    found = roster(where).get(rep)
    return found.team if found else None


def sees_owner(user: User, where: Served, owner: str, kind: str) -> bool:
    """Whether `user` sees the records of `owner` (a rep, a team or `all`)."""
    if kind == "rep":
        return can_see(user, owner, team_of(where, owner))
    if kind == "team":
        return can_see(user, None, owner)
    return user.role == "admin"


def coaches(user: User, where: Served, owner: str, kind: str = "rep") -> bool:
    """Whether `user` may set goals, plans and one-on-ones for `owner`."""
    return RANK[user.role] >= RANK["manager"] and sees_owner(user, where, owner, kind)


def require_sight(user: User, where: Served, owner: str, kind: str = "rep") -> None:
    if not sees_owner(user, where, owner, kind):
        raise HTTPException(403, "You may not see these records.")


def require_coach(user: User, where: Served, owner: str, kind: str = "rep") -> None:
    if not coaches(user, where, owner, kind):
        raise HTTPException(
            403,
            "Only a manager of this rep or team, or an admin, may change this."
            if RANK[user.role] < RANK["manager"]
            else "You may not change the records of this rep or team.",
        )


def rep_named(where: Served, rep: str) -> numbers.Member:
    """The rep `rep` names (their id), else 404."""
    found = roster(where).get(rep)
    if found is None:
        raise HTTPException(404, f"There is no rep {rep!r} in this workspace.")
    return found
