"""One SMTP session: connect (plain, STARTTLS or SSL), log in when a username is set, send
each message, and turn every failure into words — what happened, the server's reply and
the fix — never a traceback. A failure to connect or log in fails every message; a
refused recipient fails only theirs."""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage

#: (status, reason, fix) for one message: status "sent" or "failed".
Outcome = tuple[str, str, str]

CHECK_SERVER = (
    "Check [mail] host and port in salespulse.toml, and that the mail server is running "
    "and reachable from here."
)
CHECK_SECURITY = (
    'Match [mail] security to the port: "starttls" for 587, "ssl" for 465, "none" for a '
    "relay without TLS (often 25)."
)


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str  # none, starttls or ssl
    sender: str
    username: str = ""
    password: str | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port} ({self.security})" if self.host else "not set up"


class Refused(Exception):
    """A failure of the whole session, in words."""

    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason, self.fix = reason, fix


def reply(exc: smtplib.SMTPResponseException) -> str:
    """The server's reply: its code and its words."""
    text = exc.smtp_error
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{exc.smtp_code} {words}".strip()


def connect(server: Server, timeout: float) -> smtplib.SMTP:
    """An open, logged-in session; `Refused` (in words) when that fails."""
    try:
        if server.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=timeout)
        if server.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if server.username:
            smtp.login(server.username, server.password or "")
        return smtp
    except (smtplib.SMTPException, OSError) as exc:
        raise refusal(exc, server, timeout) from None


def refusal(exc: Exception, server: Server, timeout: float) -> Refused:
    """What a failure to connect or log in means, and its fix."""
    where = f"{server.host}:{server.port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Refused(
            f"the mail server {where} refused the login of {server.username!r}: {reply(exc)}",
            "Check [mail] username and the password in SALESPULSE_SMTP_PASSWORD.",
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return Refused(
            f"the mail server {where} does not offer what [mail] asks for ({exc})",
            CHECK_SECURITY + " Leave [mail] username empty if the server takes no login.",
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return Refused(f"the mail server {where} answered {reply(exc)}", CHECK_SERVER)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return Refused(f"the mail server {where} closed the connection ({exc})", CHECK_SECURITY)
    if isinstance(exc, ssl.SSLError):
        return Refused(f"the TLS handshake with {where} failed ({exc.reason})", CHECK_SECURITY)
    if isinstance(exc, socket.gaierror):
        return Refused(f"the mail server's host {server.host!r} is unknown ({exc})", CHECK_SERVER)
    if isinstance(exc, TimeoutError):
        return Refused(
            f"the mail server {where} did not answer within {timeout:.0f} s", CHECK_SERVER
        )
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return Refused(f"could not connect to the mail server {where}: {reason}", CHECK_SERVER)


def deliver(messages: list[EmailMessage], server: Server, timeout: float) -> list[Outcome]:
    """Send each message in one session; an outcome for each, in order."""
    try:
        smtp = connect(server, timeout)
    except Refused as exc:
        return [("failed", exc.reason, exc.fix)] * len(messages)
    out: list[Outcome] = []
    try:
        for msg in messages:
            try:
                smtp.send_message(msg)
                out.append(("sent", "", ""))
            except smtplib.SMTPRecipientsRefused as exc:
                said = "; ".join(f"{a}: {c} {_text(m)}" for a, (c, m) in exc.recipients.items())
                out.append(
                    (
                        "failed",
                        f"the mail server refused the address ({said})",
                        "Check the address in the reps table (or in [mail] managers).",
                    )
                )
            except smtplib.SMTPSenderRefused as exc:
                reason = f"the mail server refused the sender {server.sender}: {reply(exc)}"
                fix = "Use a [mail] sender the server accepts (often the login's own address)."
                out += [("failed", reason, fix)] * (len(messages) - len(out))
                break
            except smtplib.SMTPResponseException as exc:
                out.append(("failed", f"the mail server refused the message: {reply(exc)}", ""))
            except (smtplib.SMTPException, OSError) as exc:
                reason = f"the connection to {server.host}:{server.port} was lost ({exc})"
                out += [("failed", reason, CHECK_SERVER)] * (len(messages) - len(out))
                break
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
    return out


def _text(words: bytes | str) -> str:
    return words.decode("utf-8", "replace") if isinstance(words, bytes) else words
