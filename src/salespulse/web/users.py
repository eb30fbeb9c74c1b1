"""Who a request acts for, and what they may see: the one dependency every route takes
(`current_user`) and the one function every role check goes through (`can_see`).

Logins, sessions and roles come with the users table (the app database). Until then the
server has one user: the local admin, for requests from this machine to a server that
listens on loopback only — a request that came through a proxy (it carries a
`Forwarded` or `X-Forwarded-For` header) is from someone else, and is refused.

The later pass fills in `current_user` (the session cookie or an API token → a `User`)
and `can_see` (admin: everyone; manager: their teams; rep: themselves); the routes and
page builders already call them wherever a rep's or team's numbers are shown."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

from fastapi import HTTPException, Request

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


def current_user(request: Request) -> User:
    """The user the request acts for (the later pass: from the session or a token)."""
    loopback = request.app.state.settings.loopback
    proxied = any(h in request.headers for h in PROXY_HEADERS)
    if loopback and not proxied and local(request.client.host if request.client else None):
        return LOCAL_ADMIN
    raise HTTPException(
        status_code=401,
        detail="Logins are not there yet: this server answers requests from its own "
        "machine only. Open it there, or wait for the release with users and logins.",
    )


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


def require(user: User, rep: str | None = None, team: str | None = None) -> None:
    """Refuse (403) a page the user may not see."""
    if not can_see(user, rep, team):
        raise HTTPException(status_code=403, detail="You may not see these numbers.")
