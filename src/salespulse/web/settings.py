"""The web server's settings: which workspace it serves, where it listens and (for the
later pass) the app database. Typed and checked by pydantic-settings; each can also come
from the environment (`SALESPULSE_WORKSPACE`, `SALESPULSE_WEB_HOST`,
`SALESPULSE_WEB_PORT`, `SALESPULSE_WEB_APP_DB`, `SALESPULSE_WEB_READ_ONLY`,
`SALESPULSE_WAIT`), which is how
`uvicorn --factory salespulse.web:create_app` finds them. `salespulse serve` passes its
options."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from salespulse.workspace import DEFAULT_DIR


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SALESPULSE_WEB_", frozen=True, extra="forbid", populate_by_name=True
    )

    #: The workspace folder served (it must exist: the server never creates one).
    workspace: Path = Field(
        default=Path(DEFAULT_DIR),
        validation_alias="SALESPULSE_WORKSPACE",
    )
    #: The address to listen on; the default serves this machine only.
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    #: The app database (users, goals, plans, one-on-ones): a SQLAlchemy URL, e.g.
    #: postgresql+psycopg://user@host/db for a team; None: SQLite in the workspace. Read
    #: by the later pass that adds logins and the coaching pages.
    app_db: str | None = None
    #: Answer requests from this machine as the local admin, without a login (only
    #: on loopback; `salespulse serve --no-login`).
    no_login: bool = False
    #: Hold the workspace read-only: other salespulse commands read it while the server
    #: runs (a weekly digest from cron, a scorecard in a terminal); uploads and undos are
    #: refused, and imports wait for the server to stop (`salespulse serve --read-only`).
    read_only: bool = False
    #: Seconds to wait for the workspace when another program holds it.
    wait: float = Field(default=10.0, ge=0, validation_alias="SALESPULSE_WAIT")

    @property
    def loopback(self) -> bool:
        """Whether the server listens on this machine only (127.0.0.1, ::1, localhost)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False
