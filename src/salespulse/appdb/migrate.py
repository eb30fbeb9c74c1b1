"""The app database's schema, kept by Alembic and run in code: no alembic.ini, the
scripts ship in the package (`appdb/migrations/`). `upgrade` brings a database to the
newest revision (or the one named), `current` reads where it stands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The newest revision (tests/appdb/test_migrations.py checks it is the scripts' head).
HEAD = "0003"
SCRIPTS = Path(__file__).resolve().parent / "migrations"
#: Any number: PostgreSQL's lock on it lets one process at a time migrate.
_PG_LOCK = 7_230_514


def config(connection: Any = None) -> Any:
    """Alembic's configuration, in code, for the migrations to run on `connection`."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = connection
    return cfg


def current(connection: Any) -> str | None:
    """The revision the database stands at (None: an empty database)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Any, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the database to `revision` (default the newest) in one transaction, one
    process at a time; (from, to) revisions."""
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
        before = current(connection)
        if before != (HEAD if revision == "head" else revision):
            command.upgrade(config(connection), revision)
        return before, current(connection)
