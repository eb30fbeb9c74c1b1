"""Users, passwords and API tokens, on SQLite and PostgreSQL: passwords kept only as an
argon2 hash and checked; a token shown once, kept only as its sha256, refused once
revoked; nothing secret in the history."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import select

from salespulse.appdb import tables
from salespulse.errors import UserError


def test_password_is_hashed_and_checked(app: Any) -> None:
    user = app.add_user(
        "maria", "manager", "correct horse", team="East", email="m@x.org", by="root"
    )
    assert (user.role, user.team, user.rep) == ("manager", "East", None)
    assert app.verify_password("maria", "correct horse") == user
    assert app.verify_password("maria", "wrong horse") is None
    assert app.verify_password("nobody", "correct horse") is None
    with app.db.read() as session:
        stored = session.scalars(select(tables.User.password_hash)).one()
    assert stored.startswith("$argon2") and "correct horse" not in stored
    history = app.history("user", [user.id])
    assert "password_hash" not in history[0].after and history[0].changed_by == "root"


def test_token_shown_once_stored_as_hash_and_revoked(app: Any) -> None:
    app.add_user("ann", "rep", "password1")  # the data knows rep ann: she is that rep
    token, record = app.issue_token("ann", by="root")
    assert len(token) >= 43 and record.user == "ann"
    with app.db.read() as session:
        kept = session.scalars(select(tables.ApiToken.token_hash)).one()
    assert kept == hashlib.sha256(token.encode()).hexdigest() and token not in kept
    assert app.user_for_token(token).rep == "ann"
    assert app.user_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert app.user_for_token("") is None
    second, _ = app.issue_token("ann")
    assert [t.id for t in app.revoke(record.id, by="root")] == [record.id]
    assert app.user_for_token(token) is None  # revoked
    assert app.user_for_token(second).name == "ann"  # the other still works
    assert [t.user for t in app.revoke("ann")] == ["ann"]
    assert app.user_for_token(second) is None
    assert app.revoke("ann") == []
    actions = [h.action for h in app.history("api_token", [t.id for t in app.tokens("ann")])]
    assert actions == ["add", "revoke", "add", "revoke"] or sorted(actions) == sorted(
        ["add", "add", "revoke", "revoke"]
    )
    with pytest.raises(UserError, match="There is no live token"):
        app.revoke(record.id)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("zoe", "boss", "password1"), {}, "`role` 'boss' is not admin, manager or rep"),
        (("zoe", "rep", "password1"), {}, "which rep is not given"),
        (("zoe", "rep", "password1"), {"rep": "zed"}, "There is no rep 'zed'"),
        (("zoe", "manager", "password1"), {"team": "North"}, "There is no team 'North'"),
        (("zoe", "admin", "short"), {}, "too short"),
        (("zoe", "admin", "password1"), {"email": "zoe"}, "not an email address"),
    ],
)
def test_refused_users(
    app: Any, args: tuple[str, ...], kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        app.add_user(*args, **kwargs)
    assert app.users() == []


def test_names_are_unique(app: Any) -> None:
    app.add_user("omar", "admin", "password1")
    with pytest.raises(UserError, match="already a user 'omar'"):
        app.add_user("omar", "manager", "password2")
    assert [u.name for u in app.users()] == ["omar"]
