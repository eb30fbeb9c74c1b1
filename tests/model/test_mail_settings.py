"""The `[mail]` settings of the weekly digest: checked like every setting, written to and
read back from salespulse.toml, and left out of the settings' repr (the caches are keyed
by it, and the mail server changes no number)."""

from __future__ import annotations

from pathlib import Path

import pytest

from salespulse.errors import UserError
from salespulse.model.settings import Settings, load, save


def test_mail_settings_round_trip(tmp_path: Path) -> None:
    custom = Settings().with_overrides(
        mail_host="smtp.example.com",
        mail_port=465,
        mail_security="ssl",
        mail_sender="digest@example.com",
        mail_username="digest@example.com",
        mail_managers={"Sofia Jackson": "sofia@example.com", "*": "sales@example.com"},
    )
    save(custom, tmp_path / "salespulse.toml")
    back = load(tmp_path / "salespulse.toml")
    assert back == custom and back.mail_managers["*"] == "sales@example.com"
    assert "sofia@example.com" not in repr(back) and repr(back) == repr(Settings())


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            {"mail_security": "tls"},
            "[mail] security = \"tls\": should be 'none', 'starttls' or 'ssl'",
        ),
        ({"mail_port": 0}, "[mail] port = 0: should be greater than or equal to 1"),
        (
            {"mail_sender": "Digest <d@example.com>"},
            '[mail] sender = "Digest <d@example.com>": is not an email address',
        ),
        (
            {"mail_managers": {"Ann": "ann at example"}},
            '[mail] managers.Ann = "ann at example": is not an email address',
        ),
        ({"mail_host": "smtp example"}, '[mail] host = "smtp example": is not a host name'),
    ],
)
def test_wrong_mail_settings_are_refused(change: dict[str, object], says: str) -> None:
    with pytest.raises(UserError) as caught:
        Settings().with_overrides(**change)
    assert says in caught.value.message and caught.value.fix
