"""The weekly digest half of the Workspace API: `digest` builds each person's digest
(`salespulse.insights.digest`), `send_digests` mails them through the SMTP server of
the settings' `[mail]` section (the password from SALESPULSE_SMTP_PASSWORD, never kept
in the file)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salespulse.workspace_numbers import Numbers

if TYPE_CHECKING:
    from salespulse.insights.digest.mail import MailReport
    from salespulse.insights.digest.result import Digest
    from salespulse.insights.digest.smtp_session import Server
    from salespulse.insights.packet.records import ActionRecord, CheckInRecord, GoalRecord


class Digests(Numbers):
    """A workspace's numbers, and the weekly digest built from them."""

    def digest(
        self,
        for_: str | None = None,
        week: str | None = None,
        as_of: Any = None,
        *,
        goals: list[GoalRecord] | None = None,
        actions: list[ActionRecord] | None = None,
        check_ins: list[CheckInRecord] | None = None,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> list[Digest]:
        """The weekly digests of `for_` (None or "all": every rep and every manager; a rep
        by id or name; a manager's name; a team) about `week` (an ISO week such as
        "2026-W45" or the week's first day; default the last complete week before
        `as_of`, itself by default the end of the data). Each `Digest` has its
        `recipient` (name, email, role rep|manager), `subject`, `markdown`, `html` and
        `as_dict()` (the sections as data). `goals`, `actions` and `check_ins` are the app
        database's records (`salespulse.insights.packet.records`); without them each
        section says how to start. Each rep's focus for the week (`focus(...)`'s top
        items) is read from the data: a rep's digest lists theirs, a manager's names each
        rep's first one. `backend`, `source` and `spark_master` say where the numbers
        are read, as for every report (`Workspace.on`)."""
        from salespulse.insights.core.evidence import evidence
        from salespulse.insights.digest.builder import digests
        from salespulse.insights.digest.recipients import chosen
        from salespulse.insights.digest.week import digest_week
        from salespulse.model.periods import Window, iso_week_label
        from salespulse.workspace_progress import week_focuses

        # this week's focus of each rep, from the data alone
        with evidence(self.on(backend, source, spark_master)) as ev:
            day = ev.as_of(as_of)
            window = digest_week(week, ev.settings, day)
            if window.start.weekday() == 0:  # named as the digest names it: 2026-W45
                window = Window(window.start, window.end, iso_week_label(window.start))
            reps = sorted({rep for person in chosen(ev, for_) for rep in person.reps})
            focus = week_focuses(ev.engine, reps, window, min(window.end, day))
            return digests(
                ev,
                for_=for_,
                week=week,
                as_of=as_of,
                goals=goals,
                actions=actions,
                check_ins=check_ins,
                focus=focus,
            )

    def mail_server(self, *, dry_run: bool = False) -> Server:
        """The `[mail]` server digests are sent through (the password from
        SALESPULSE_SMTP_PASSWORD); a `UserError` with the fix when it is not set up
        (only a `dry_run` goes without)."""
        import os

        from salespulse.insights.digest.mail import PASSWORD_VAR, server_of

        return server_of(self.settings, os.environ.get(PASSWORD_VAR), dry_run)

    def send_digests(self, found: list[Digest], *, dry_run: bool = False) -> MailReport:
        """Mail each digest (text: the Markdown, HTML: the page) through the `[mail]`
        server: one `Delivery` per digest — sent, failed (with the server's reply and
        the fix) or skipped (no address, with the fix). `dry_run` sends nothing and
        says who would get what."""
        from salespulse.insights.digest.mail import send

        return send(found, self.mail_server(dry_run=dry_run), dry_run=dry_run)
