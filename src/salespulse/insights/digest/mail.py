"""Mailing the digests: one message per person (multipart/alternative — the Markdown as
the text part, the HTML page as the HTML part), all through one SMTP connection to the
server of the settings' `[mail]` section.

Nothing fails silently and nothing raises: each digest ends as a `Delivery` that was
sent, failed (with the server's reply and the fix) or skipped (no address, with the
fix). `MailReport.exit_code` is what a cron job needs: 0 when every digest was sent, 3
when some had no address, 4 when some could not be sent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from salespulse.errors import UserError
from salespulse.insights.digest.result import Digest
from salespulse.insights.digest.smtp_session import Server, deliver
from salespulse.model.settings import Settings
from salespulse.model.settings_values import EMAIL_ADDRESS

#: Where the SMTP password is read from (never from salespulse.toml).
PASSWORD_VAR = "SALESPULSE_SMTP_PASSWORD"
SKIPPED_EXIT = 3
FAILED_EXIT = 4
TIMEOUT = 30.0
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")


@dataclass(frozen=True)
class Delivery:
    name: str
    role: str
    address: str | None
    subject: str
    sections: list[str]
    status: str  # sent, failed, skipped, or "would send" (a dry run)
    reason: str = ""
    fix: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "address": self.address,
            "subject": self.subject,
            "sections": self.sections,
            "status": self.status,
            "reason": self.reason,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class MailReport:
    server: str
    dry_run: bool
    deliveries: list[Delivery]

    def having(self, status: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.status == status]

    @property
    def exit_code(self) -> int:
        if self.having("failed"):
            return FAILED_EXIT
        return SKIPPED_EXIT if self.having("skipped") else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "dry_run": self.dry_run,
            "deliveries": [d.as_dict() for d in self.deliveries],
        }


def server_of(settings: Settings, password: str | None, dry_run: bool = False) -> Server:
    """The `[mail]` server, refused (unless only rehearsing) when it is not set up."""
    missing = [
        k for k, v in (("host", settings.mail_host), ("sender", settings.mail_sender)) if not v
    ]
    if missing and not dry_run:
        raise UserError(
            "No mail server is set up: salespulse.toml has no [mail] " + " or ".join(missing) + ".",
            fix='Add a [mail] section, e.g. host = "smtp.example.com", port = 587, security = '
            '"starttls", sender = "sales-digest@example.com" (see docs/settings.md).',
        )
    if settings.mail_username and not password and not dry_run:
        raise UserError(
            f"[mail] username is {settings.mail_username!r}, but {PASSWORD_VAR} is not set.",
            fix=f"Set the password in the environment variable {PASSWORD_VAR} (it is never "
            "kept in salespulse.toml), or leave [mail] username empty.",
        )
    return Server(
        settings.mail_host,
        settings.mail_port,
        settings.mail_security,
        settings.mail_sender,
        settings.mail_username,
        password,
    )


def one_line(text: str) -> str:
    """`text` fit for a mail header: control characters and line breaks as spaces."""
    return _CONTROL.sub(" ", text).strip()


def message(d: Digest, sender: str) -> EmailMessage:
    """The digest as a mail to its recipient: the Markdown, and the HTML beside it."""
    assert d.recipient.email is not None
    msg = EmailMessage()
    msg["Subject"] = one_line(d.subject)
    msg["From"] = sender
    msg["To"] = formataddr((one_line(d.recipient.name), d.recipient.email))
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(d.markdown)
    msg.add_alternative(d.html, subtype="html")
    return msg


def send(found: list[Digest], server: Server, *, dry_run: bool = False) -> MailReport:
    """Mail every digest that has an address (none when `dry_run`)."""
    outcome: dict[int, Delivery] = {}
    ready = []
    for i, d in enumerate(found):
        r = d.recipient
        if not r.email:
            outcome[i] = _delivery(d, "skipped", r.address_note, r.fix)
        elif not re.match(EMAIL_ADDRESS, r.email):
            outcome[i] = _delivery(
                d,
                "skipped",
                f"{r.email!r} is not an email address",
                "Correct it in the reps table (or in [mail] managers).",
            )
        elif dry_run:
            outcome[i] = _delivery(d, "would send")
        else:
            ready.append(i)
    if ready:
        messages = [message(found[i], server.sender) for i in ready]
        sent = deliver(messages, server, TIMEOUT)
        for i, (status, reason, fix) in zip(ready, sent, strict=True):
            outcome[i] = _delivery(found[i], status, reason, fix)
    return MailReport(server.label, dry_run, [outcome[i] for i in range(len(found))])


def _delivery(d: Digest, status: str, reason: str = "", fix: str = "") -> Delivery:
    r = d.recipient
    return Delivery(r.name, r.role, r.email, d.subject, d.outline(), status, reason, fix)
