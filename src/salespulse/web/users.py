"""Who a request acts for, and what they may see: the one dependency every route takes
(`current_user`) and the one function every role check goes through (`can_see`).

A request acts for the user of its `Authorization: Bearer TOKEN` header (a live API token
of the app database) or of its session cookie (`web.sessions`, set by `/login`). Without
either, a page redirects to `/login` and the JSON answers 401. A server started with
`--no-login` (loopback only) answers requests from this machine as the local admin.

`can_see`: an admin sees everything, a manager their teams, a rep only themselves;
`require_role` keeps a page to managers (products, bridge, KPIs) or admins (data)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import HTTPException, Request

from salespulse.errors import UserError
from salespulse.web.sessions import session

Role = Literal["admin", "manager", "rep"]
PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    #: the rep a rep-role user is (their own pages and rows)
    rep: str | None = None
    #: the teams a manager sees
    teams: tuple[str, ...] = ()

    @property
    def scope(self) -> tuple[str, str | None, tuple[str, ...]]:
        """What the user may see, as a cache key: pages built for one scope are served
        to every user with the same scope."""
        return (self.role, self.rep, self.teams)


LOCAL_ADMIN = User("local admin", "admin")


class LoginNeeded(HTTPException):
    """No user: a page redirects to /login, the JSON answers 401."""

    def __init__(self, detail: str = "Log in first: no session and no API token.") -> None:
        super().__init__(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def of_record(found: Any) -> User:
    """The web user of an app-database user record (role, rep, team)."""
    teams = (found.team,) if found.team else ()
    return User(found.name, found.role, rep=found.rep, teams=teams)


def app_data(request: Request) -> Any:
    """The app database of the served workspace (users and tokens)."""
    return request.app.state.served.ws.app(request.app.state.settings.app_db)


def current_user(request: Request) -> User:
    """The user the request acts for: its bearer token's, else its session's."""
    settings = request.app.state.settings
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        found = app_data(request).user_for_token(header[7:].strip())
        if found is None:
            raise LoginNeeded("The API token is unknown or revoked.")
        return of_record(found)
    name = session(request).get("user")
    if isinstance(name, str) and name:
        try:
            return of_record(app_data(request).user(name))
        except UserError:
            raise LoginNeeded("The session's user is no longer there: log in again.") from None
    proxied = any(h in request.headers for h in PROXY_HEADERS)
    client = request.client.host if request.client else None
    if settings.no_login and settings.loopback and not proxied and local(client):
        return LOCAL_ADMIN
    raise LoginNeeded()


def local(client: str | None) -> bool:
    """Whether a request's client is this machine: a loopback address, or no network
    address at all (a Unix socket, or an in-process caller such as a test client)."""
    if client is None:
        return True
    try:
        return ipaddress.ip_address(client).is_loopback
    except ValueError:
        return True  # not an IP address: no network between the caller and the server


def can_see(user: User, rep: str | None = None, team: str | None = None) -> bool:
    """Whether `user` may see the numbers of `rep` (of `team`), or of the whole team
    when `rep` is None: an admin sees everything; a manager their teams; a rep only
    themselves."""
    if user.role == "admin":
        return True
    if user.role == "manager":
        return team is not None and team in user.teams
    return rep is not None and rep == user.rep


RANK = {"rep": 0, "manager": 1, "admin": 2}


def require_role(user: User, role: Role) -> None:
    """Refuse (403) a page kept to `role` and above (rep < manager < admin)."""
    if RANK[user.role] < RANK[role]:
        raise HTTPException(status_code=403, detail=f"This page is for the {role}s only.")


def require(user: User, rep: str | None = None, team: str | None = None) -> None:
    """Refuse (403) a page the user may not see."""
    if not can_see(user, rep, team):
        raise HTTPException(status_code=403, detail="You may not see these numbers.")
