"""Who gets a digest: every rep (their own numbers) and every manager (their reps'),
with the address to mail it to.

A rep's address is the reps table's `email`. A manager is named by the reps table's
`manager` column: when that names a rep (by id or by name), the manager's address is that
rep's email; otherwise the settings' `[mail] managers` table gives it by name. Reps no
manager is named for (and every rep of a workspace without a reps table) make one team
digest for the manager called `*` in that table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from salespulse.errors import UserError
from salespulse.insights.core.evidence import Evidence, Rep

#: The manager of the reps no manager is named for (`[mail] managers`' key for them).
UNNAMED = "*"
UNNAMED_NAME = "Sales manager"


@dataclass(frozen=True)
class Recipient:
    """A person who gets a digest: `key` is the rep's id, or the manager's name (`*` for
    the reps without one); `reps` are the reps the digest is about."""

    key: str
    name: str
    role: str  # rep or manager
    email: str | None
    reps: tuple[str, ...]
    teams: tuple[str, ...] = ()
    manager: str | None = None  # a rep's manager
    #: Where the address came from, or why there is none (with the fix).
    address_note: str = ""
    fix: str = field(default="", compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "role": self.role,
            "email": self.email,
            "reps": list(self.reps),
            "teams": list(self.teams),
            "manager": self.manager,
        }


def emails(ev: Evidence) -> dict[str, str]:
    """rep → email address, from the reps table (empty without one)."""
    if not ev.has("reps"):
        return {}

    def build(ctx: Any) -> Any:
        t = ctx.table("reps")
        return t.group_by(t.rep).aggregate(email=t.email.max())

    found = ev.rows("rep_emails", build)
    return {str(r["rep"]): str(r["email"]).strip() for r in found if r["email"]}


def everyone(ev: Evidence) -> list[Recipient]:
    """A digest for every rep, then one for every manager (by name)."""
    mail = emails(ev)
    reps = [_rep(r, mail, ev.has("reps")) for r in ev.roster.values()]
    managed: dict[str, list[Rep]] = {}
    for r in ev.roster.values():
        managed.setdefault(r.manager or UNNAMED, []).append(r)
    managers = [_manager(ev, name, members, mail) for name, members in sorted(managed.items())]
    return reps + managers


def chosen(ev: Evidence, for_: str | None) -> list[Recipient]:
    """The digests `for_` asks for: all (None or "all"); a rep (id or name: theirs); a
    manager's name (theirs); a team (its reps' and its managers')."""
    every = everyone(ev)
    if for_ is None or for_.strip().lower() in ("", "all"):
        return every
    wanted = for_.strip().lower()
    picked = [
        p
        for p in every
        if p.key.lower() == wanted
        or p.name.lower() == wanted
        or (wanted in (t.lower() for t in p.teams))
    ]
    if not picked:
        teams = sorted({t for p in every for t in p.teams})
        shown = [p.key for p in every if p.role == "rep"][:6]
        raise UserError(
            f"There is no rep, manager or team {for_!r} in this workspace.",
            fix="Use a rep id ("
            + ", ".join(shown)
            + "…), a manager's name"
            + (", a team (" + ", ".join(teams) + ")" if teams else "")
            + " or all.",
            option="for_",
        )
    return picked


def _rep(r: Rep, mail: dict[str, str], has_reps: bool) -> Recipient:
    email = mail.get(r.rep)
    note, fix = "the reps table", ""
    if email is None and has_reps:
        note = "no email in the reps table"
        fix = (
            "Fill in the rep's email in the reps table (salespulse import reps FILE "
            "--mode upsert, with rep and email columns)."
        )
    elif email is None:
        note = "no reps table, so no email"
        fix = "Import a reps table with rep and email columns (salespulse import reps FILE)."
    team = (r.team,) if r.team else ()
    return Recipient(r.rep, r.name, "rep", email, (r.rep,), team, r.manager, note, fix)


def _manager(ev: Evidence, name: str, members: list[Rep], mail: dict[str, str]) -> Recipient:
    teams = tuple(sorted({r.team for r in members if r.team}))
    ids = tuple(r.rep for r in members)
    same = [r for r in ev.roster.values() if name in (r.rep, r.name)]
    email, note = None, ""
    if same and mail.get(same[0].rep):
        email, note = mail[same[0].rep], f"the reps table (rep {same[0].rep})"
    elif name in ev.settings.mail_managers:
        email, note = ev.settings.mail_managers[name], "the settings' [mail] managers"
    shown = UNNAMED_NAME if name == UNNAMED else same[0].name if same else name
    fix = ""
    if email is None:
        note = "no address for this manager"
        fix = f'Add [mail] managers = {{ "{name}" = "ADDRESS" }} to salespulse.toml' + (
            ", or a reps row for them with an email." if name != UNNAMED else "."
        )
    return Recipient(name, shown, "manager", email, ids, teams, None, note, fix)
