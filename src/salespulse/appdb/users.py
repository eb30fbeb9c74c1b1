"""Users (name, role, the rep or team they are or manage, email, argon2 password hash)
and their API tokens (only each token's sha256). Every change has its history row; the
history never holds a password's or a token's hash."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from salespulse.appdb import history, passwords, tables
from salespulse.appdb.connection import AppDB, now
from salespulse.appdb.records import Token, User, from_row
from salespulse.errors import UserError

ROLES = ("admin", "manager", "rep")
_SECRET = ("password_hash", "token_hash")


def _row(session: Session, name: str) -> tables.User:
    row = session.scalars(select(tables.User).filter_by(name=name)).first()
    if row is None:
        raise UserError(f"There is no user {name!r}.", fix="List them: salespulse users list.")
    return row


def add_user(
    db: AppDB,
    name: str,
    role: str,
    password_hash: str | None,
    rep: str | None,
    team: str | None,
    email: str | None,
    by: str,
) -> User:
    with db.write() as session:
        if session.scalars(select(tables.User.id).filter_by(name=name)).first() is not None:
            raise UserError(f"There is already a user {name!r}.", fix="Choose another name.")
        stamp = now()
        row = tables.User(
            name=name,
            role=role,
            rep=rep,
            team=team,
            email=email,
            password_hash=password_hash,
            created_at=stamp,
            created_by=by,
        )
        session.add(row)
        session.flush()
        after = history.snapshot(row, _SECRET)
        history.record(session, "user", row.id, "add", by, stamp, None, after)
        return from_row(User, row)


def users(db: AppDB) -> list[User]:
    with db.read() as session:
        return [from_row(User, r) for r in session.scalars(select(tables.User).order_by("name"))]


def user(db: AppDB, name: str) -> User:
    with db.read() as session:
        return from_row(User, _row(session, name))


def verify_password(db: AppDB, name: str, password: str) -> User | None:
    """The user when `password` is theirs, else None (as long either way); a hash made
    with older argon2 settings is replaced by one with the current ones."""
    with db.read() as session:
        row = session.scalars(select(tables.User).filter_by(name=name)).first()
        stored = row.password_hash if row is not None else None
        if not passwords.check_password(stored, password) or row is None:
            return None
        found = from_row(User, row)
    if stored and passwords.needs_rehash(stored):
        with db.write() as session:
            _row(session, name).password_hash = passwords.hash_password(password)
    return found


def add_token(db: AppDB, name: str, token_hash: str, by: str) -> Token:
    with db.write() as session:
        owner = _row(session, name)
        stamp = now()
        row = tables.ApiToken(
            user_id=owner.id, token_hash=token_hash, created_at=stamp, created_by=by
        )
        session.add(row)
        session.flush()
        after = history.snapshot(row, _SECRET)
        history.record(session, "api_token", row.id, "add", by, stamp, None, after)
        return from_row(Token, row, user=name)


def user_for_token_hash(db: AppDB, token_hash: str) -> User | None:
    """The user a token (by its hash) belongs to, unless it was revoked."""
    with db.read() as session:
        found = session.execute(
            select(tables.ApiToken, tables.User)
            .join(tables.User, tables.User.id == tables.ApiToken.user_id)
            .where(tables.ApiToken.token_hash == token_hash)
        ).first()
        if found is None:
            return None
        token, owner = found
        if token.revoked_at is not None or not passwords.same_hash(token.token_hash, token_hash):
            return None
        return from_row(User, owner)


def tokens(db: AppDB, name: str | None = None) -> list[Token]:
    query = (
        select(tables.ApiToken, tables.User.name)
        .join(tables.User, tables.User.id == tables.ApiToken.user_id)
        .order_by(tables.ApiToken.id)
    )
    if name is not None:
        query = query.where(tables.User.name == name)
    with db.read() as session:
        return [from_row(Token, t, user=n) for t, n in session.execute(query)]


def revoke(db: AppDB, name: str | None, token_id: int | None, by: str) -> list[Token]:
    """Revoke one token (`token_id`) or every live token of user `name`; the tokens revoked."""
    with db.write() as session:
        query = select(tables.ApiToken, tables.User.name).join(
            tables.User, tables.User.id == tables.ApiToken.user_id
        )
        if token_id is not None:
            query = query.where(tables.ApiToken.id == token_id)
        else:
            query = query.where(tables.User.id == _row(session, str(name)).id)
        found = list(session.execute(query.where(tables.ApiToken.revoked_at.is_(None))))
        if token_id is not None and not found:
            raise UserError(
                f"There is no live token {token_id}.",
                fix="The tokens and whose they are: salespulse users list.",
            )
        stamp = now()
        done = []
        for token, owner in found:
            before = history.snapshot(token, _SECRET)
            token.revoked_at = stamp
            session.flush()
            after = history.snapshot(token, _SECRET)
            history.record(session, "api_token", token.id, "revoke", by, stamp, before, after)
            done.append(from_row(Token, token, user=owner))
        return done
