"""`salespulse digest`: printing, `--out`, `--send` to a real SMTP server (aiosmtpd,
started here on 127.0.0.1), `--dry-run`, week labels and the messages a cron job reads —
on the small workspace of hostile names (`tests/insights/digest_data.py`): reps R1 and
R2 with an email, the rep `../../etc/passwd` without one, their manager `<b>Boss</b>`."""

from __future__ import annotations

import email
import json
import socket
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.cli import cli
from salespulse.cli.errors import run_safely
from salespulse.model.settings import save
from tests.insights import digest_data as data

AS_OF = data.AS_OF.isoformat()
BOSS_MAIL = "boss@example.com"


class Inbox:
    """An aiosmtpd handler keeping every envelope it is handed."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("digest") / "ws"
    data.hostile_workspace(folder)
    return folder


@pytest.fixture(scope="module")
def inbox() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def mail_to(path: Path, port: int) -> None:
    """The workspace's [mail] section: the local server, no TLS, the manager's address."""
    ws = salespulse.open(path, create=False)
    save(
        ws.settings.with_overrides(
            mail_host="127.0.0.1",
            mail_port=port,
            mail_security="none",
            mail_sender="digest@example.com",
            mail_managers={data.BOSS: BOSS_MAIL},
        ),
        ws.settings_path,
    )


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = run_safely(cli, ["--workspace", str(path), "digest", "--as-of", AS_OF, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def received(envelope: Any) -> EmailMessage:
    found = email.message_from_bytes(envelope.content, policy=policy.default)
    assert isinstance(found, EmailMessage)
    return found


def parts(msg: EmailMessage) -> dict[str, str]:
    return {p.get_content_type(): p.get_content() for p in msg.walk() if not p.is_multipart()}


def test_send_mails_each_person_theirs(
    capsys: pytest.CaptureFixture[str], path: Path, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    mail_to(path, port)
    before = len(handler.envelopes)
    code, out, _ = run(capsys, path, "--send")
    assert code == 3, out  # sent what had an address; one rep has none
    got = {tuple(e.rcpt_tos): e for e in handler.envelopes[before:]}
    assert set(got) == {("r1@example.com",), ("r2@example.com",), (BOSS_MAIL,)}
    assert all(e.mail_from == "digest@example.com" for e in got.values())
    r1 = received(got[("r1@example.com",)])
    assert r1.get_content_type() == "multipart/alternative"
    text, page = parts(r1)["text/plain"], parts(r1)["text/html"]
    assert text.startswith("# Weekly digest: &lt;script&gt;alert(1)&lt;/script&gt; (R1)")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "## The reps this week" not in text
    assert (
        r1["Subject"].strip().startswith("Weekly digest for <script>alert(1)</script>, 2025-W13:")
    )
    boss = received(got[(BOSS_MAIL,)])
    boss_text = parts(boss)["text/plain"]
    assert "## The reps this week" in boss_text and "## Check-ins missing" in boss_text
    for rep in ("R1", "R2", "../../etc/passwd"):  # the team's sections: every rep
        assert f"| {rep} |" in boss_text
    assert boss["Subject"].strip().startswith("Weekly digest for East team, 2025-W13: revenue ")
    assert boss["To"].addresses[0].addr_spec == BOSS_MAIL
    # the rep without an address is named, with the fix
    assert "Skipped [x](javascript:alert(1)) (rep): no email in the reps table. Fix:" in out
    assert "Digests: 3 sent, 1 skipped." in out


def test_dry_run_sends_nothing_and_out_writes_the_files(
    capsys: pytest.CaptureFixture[str], path: Path, inbox: tuple[Inbox, int], tmp_path: Path
) -> None:
    handler, port = inbox
    mail_to(path, port)
    before = len(handler.envelopes)
    code, out, err = run(
        capsys, path, "--for", "East", "--week", "2025-03-24", "--dry-run", "--out", str(tmp_path)
    )
    assert code == 0 and len(handler.envelopes) == before
    assert "Would send to *bold* <r2@example.com> (rep): Weekly digest for *bold*, 2025-W13" in out
    assert f"Would send to <b>Boss</b> <{BOSS_MAIL}> (manager)" in out
    assert "sections: 4 KPI changes; 3 reps; 4 pacing lines; 1 win;" in out
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [
        f"{stem}.{ext}"
        for stem in ("manager-b_Boss_b", "rep-R1", "rep-R2", "rep-etc_passwd")
        for ext in ("html", "md")
    ]
    assert (
        (tmp_path / "rep-R2.md")
        .read_text(encoding="utf-8")
        .startswith("# Weekly digest: \\*bold\\* (R2), 2025-W13\n")
    )
    assert "Wrote " in err and not (tmp_path.parent / "etc").exists()


def test_a_refused_connection_is_a_message_and_a_nonzero_exit(
    capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    port = free_port()  # nothing listens there
    mail_to(path, port)
    code, out, _ = run(capsys, path, "--for", "R1", "--send")
    assert code == 4
    assert (
        f"FAILED for <script>alert(1)</script> <r1@example.com> (rep): could not connect to "
        f"the mail server 127.0.0.1:{port}: Connection refused. Fix: Check [mail] host and port"
        in out
    )
    code, out, _ = run(capsys, path, "--for", "R1", "--send", "--format", "json")
    report = json.loads(out)
    assert code == 4 and [d["status"] for d in report["deliveries"]] == ["failed"]


def test_printing_and_week_labels(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code, out, _ = run(capsys, path, "--for", "R2", "--week", "2025-W12")
    assert code == 0 and out.startswith("# Weekly digest: \\*bold\\* (R2), 2025-W12\n")
    assert "2025-03-17 to 2025-03-23, against 2025-03-10 to 2025-03-16" in out
    code, out, _ = run(capsys, path, "--for", "R2", "--week", "2025-W12", "--format", "json")
    (found,) = json.loads(out)
    assert found["week"] == {
        "start": "2025-03-17",
        "end": "2025-03-23",
        "label": "week of 2025-03-17",
        "name": "2025-W12",
    }
    assert found["recipient"]["email"] == "r2@example.com"
    cases = {
        "2025-W60": ("'2025-W60' is not an ISO week.", "e.g. 2026-W45"),
        "2025-03-19": ("2025-03-19 is a Wednesday, and weeks start on Monday", "Use 2025-03-17"),
        "soon": ("--week 'soon' is not a week.", "2026-W45"),
        "2025-W20": ("The week of 2025-05-12 starts after 2025-03-30, the as-of date", "--as-of"),
    }
    for label, (message, fix) in cases.items():
        code, _, err = run(capsys, path, "--week", label)
        assert code == 1 and message in err and fix in err.split("Fix:")[1], (label, err)
    code, _, err = run(capsys, path, "--for", "nobody")
    assert code == 1 and "There is no rep, manager or team 'nobody'" in err
    code, _, err = run(capsys, path, "--format", "html")
    assert code == 1 and "--out DIR" in err


def test_send_without_a_mail_server_says_how_to_set_one_up(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, path: Path
) -> None:
    ws = salespulse.open(path, create=False)
    save(ws.settings.with_overrides(mail_host="", mail_sender=""), ws.settings_path)
    code, _, err = run(capsys, path, "--for", "R1", "--send")
    assert code == 1 and "No mail server is set up" in err and "[mail] section" in err
