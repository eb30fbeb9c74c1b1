"""Where the app database is: `sqlite:///PATH` (the default, `app.db` in the workspace
folder) or PostgreSQL (`postgresql://user@host/db`, optionally `?schema=NAME`), chosen
from the URL given in code or by `--app-db`, then `SALESPULSE_APP_DB`, then the
`[app] database` setting. The URL is shown with its password masked, never in clear."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from salespulse.errors import UserError

ENV_VAR = "SALESPULSE_APP_DB"
DEFAULT_FILE = "app.db"
FORMS = "postgresql://USER@HOST/DATABASE[?schema=NAME] or sqlite:///PATH"
_SCHEMA = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


@dataclass(frozen=True)
class AppDbUrl:
    """A SQLAlchemy URL (psycopg 3 for PostgreSQL), the schema it uses (PostgreSQL; None:
    the server's search path) and where it was given (for messages)."""

    url: str = field(repr=False)  # may hold a password: never shown (see `shown`)
    schema: str | None
    origin: str

    @property
    def kind(self) -> str:
        """sqlite or postgresql."""
        return "sqlite" if self.url.startswith("sqlite") else "postgresql"

    @property
    def shown(self) -> str:
        """The URL with any password masked (`***`), and the schema when there is one."""
        from sqlalchemy.engine import make_url

        text = make_url(self.url).render_as_string(hide_password=True)
        return text + (f"?schema={self.schema}" if self.schema else "")


def choose(given: str | None, setting: str, folder: Path) -> AppDbUrl:
    """The app database of the workspace `folder`: `given`, else `SALESPULSE_APP_DB`, else
    the `[app] database` setting, else `app.db` in the folder."""
    for value, origin in (
        (given, "`app_db`"),
        (os.environ.get(ENV_VAR), ENV_VAR),
        (setting, "the [app] database setting"),
    ):
        if value is not None and value.strip():
            return parse(value.strip(), origin, folder)
    return parse(f"sqlite:///{(folder / DEFAULT_FILE).resolve()}", "the default", folder)


def parse(text: str, origin: str, folder: Path) -> AppDbUrl:
    """`text` as a SQLAlchemy URL: `postgresql://` and `postgres://` use psycopg 3; a
    relative SQLite path is taken from the workspace folder."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except ArgumentError:
        raise _refused(text, origin, "is not a database URL") from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        schema = url.query.get("schema")
        if isinstance(schema, tuple):
            schema = schema[-1]
        if schema is not None and not _SCHEMA.match(schema):
            raise _refused(text, origin, f"names the schema {schema!r}, which is not a plain name")
        url = url.set(drivername="postgresql+psycopg").difference_update_query(["schema"])
        return AppDbUrl(url.render_as_string(hide_password=False), schema or None, origin)
    if backend == "sqlite":
        if url.drivername != "sqlite":
            raise _refused(text, origin, "uses a SQLite driver salespulse does not ship")
        database = url.database or ""
        if database in ("", ":memory:"):
            raise _refused(text, origin, "is a database in memory, which forgets everything")
        path = Path(database)
        if not path.is_absolute():
            path = folder / path
        return AppDbUrl(url.set(database=str(path)).render_as_string(False), None, origin)
    raise _refused(
        text, origin, f"is a {backend} database; the app database is SQLite or PostgreSQL"
    )


def _refused(text: str, origin: str, why: str) -> UserError:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        shown = make_url(text).render_as_string(hide_password=True)
    except ArgumentError:
        shown = re.sub(r"://([^:/@]*):[^@/]*@", r"://\1:***@", text)
    return UserError(f"The app database {shown!r} (from {origin}) {why}.", fix=f"Use {FORMS}.")
