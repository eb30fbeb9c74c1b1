"""Users of the web app and their API tokens: the part of the app half of the Workspace
API that says who may sign in (`salespulse.workspace_app.AppData` is a `Users`). Passwords
are kept only as argon2 hashes and tokens only as their hashes (`salespulse.appdb`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salespulse import workspace_app_checks as check
from salespulse.appdb import passwords
from salespulse.appdb import users as user_store
from salespulse.appdb.records import Token, User
from salespulse.errors import UserError

if TYPE_CHECKING:
    from salespulse.appdb.connection import AppDB
    from salespulse.inventory import Members

ROLES = user_store.ROLES


class Users:
    """Add users (admin, manager or rep), check passwords, issue and revoke tokens."""

    db: AppDB

    def members(self) -> Members | None:
        raise NotImplementedError  # AppData's

    def add_user(
        self,
        name: str,
        role: str,
        password: str | None,
        rep: str | None = None,
        team: str | None = None,
        email: str | None = None,
        by: str | None = None,
    ) -> User:
        """A user of the web app: `role` admin, manager or rep; a rep user is `rep` (the
        rep id in the data; default their name when the data knows it), a manager may
        lead `team`. The password is kept only as its argon2 hash."""
        who = check.name(name, "name")
        if role not in ROLES:
            raise UserError(
                f"`role` {role!r} is not admin, manager or rep.",
                fix="Give `role` admin, manager or rep.",
                option="role",
            )
        members = self.members()
        if role == "rep" and rep is None:
            if members is None or who not in members.reps:
                raise UserError(
                    f"{who} is a rep user, but which rep is not given.",
                    fix="Give `rep`: the rep id the data uses for them.",
                    option="rep",
                )
            rep = who
        if password is not None and len(password) < passwords.MIN_LENGTH:
            raise UserError(
                f"The password is too short ({len(password)} characters).",
                fix=f"Use at least {passwords.MIN_LENGTH} characters.",
            )
        mail = check.text(email, "email")
        if mail is not None and ("@" not in mail or len(mail) > 320 or " " in mail):
            raise UserError(f"`email` {mail!r} is not an email address.", option="email")
        return user_store.add_user(
            self.db,
            who,
            role,
            None if password is None else passwords.hash_password(password),
            None if rep is None else check.member(rep, "rep", "rep", members),
            None if team is None else check.member(team, "team", "team", members),
            mail,
            check.by(by),
        )

    def users(self) -> list[User]:
        return user_store.users(self.db)

    def user(self, name: str) -> User:
        return user_store.user(self.db, name)

    def verify_password(self, name: str, password: str) -> User | None:
        """The user when `password` is theirs, else None."""
        return user_store.verify_password(self.db, str(name), str(password))

    def issue_token(self, name: str, by: str | None = None) -> tuple[str, Token]:
        """A new API token for user `name`: (the token, shown once and never stored; its
        record)."""
        token = passwords.new_token()
        return token, user_store.add_token(self.db, name, passwords.token_hash(token), check.by(by))

    def user_for_token(self, token: str) -> User | None:
        """The user whose live token this is (None: unknown or revoked)."""
        if not token:
            return None
        return user_store.user_for_token_hash(self.db, passwords.token_hash(str(token)))

    def tokens(self, name: str | None = None) -> list[Token]:
        return user_store.tokens(self.db, name)

    def revoke(self, name_or_token: str | int, by: str | None = None) -> list[Token]:
        """Revoke token `name_or_token` (its id) or every live token of that user."""
        known = {u.name for u in self.users()}
        if isinstance(name_or_token, int) or (
            str(name_or_token).isdigit() and str(name_or_token) not in known
        ):
            return user_store.revoke(self.db, None, int(name_or_token), check.by(by))
        return user_store.revoke(self.db, check.name(name_or_token, "name"), None, check.by(by))
