"""Opening the app database: an engine (SQLite in WAL mode, a writer taking the write
lock when it begins and waiting for it; PostgreSQL through psycopg 3, in its schema),
the migrations run on open, and transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from salespulse.appdb.url import AppDbUrl
from salespulse.errors import UserError

#: Seconds a SQLite writer waits for another one to finish.
SQLITE_WAIT = 30.0


def now() -> datetime:
    """The time of a change, in UTC."""
    return datetime.now(UTC)


class AppDB:
    """An open app database: `write()` and `read()` give a session in one transaction."""

    def __init__(self, url: AppDbUrl, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._write = sessionmaker(engine, expire_on_commit=False)
        self._read = sessionmaker(engine.execution_options(write=False), expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose changes commit together on exit (or not at all)."""
        with self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read.begin() as session:
            yield session

    def revision(self) -> str | None:
        from salespulse.appdb.migrate import current

        with self.engine.connect() as connection:
            return current(connection)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> AppDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_app_db(url: AppDbUrl, migrate: bool = True) -> AppDB:
    """The database at `url`, migrated to the newest revision unless `migrate` is False."""
    from sqlalchemy.exc import OperationalError

    from salespulse.appdb.migrate import upgrade

    engine = _engine(url)
    try:
        if url.schema:
            with engine.begin() as connection:
                connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{url.schema}"')
        if migrate:
            upgrade(engine)
        else:
            with engine.connect():
                pass
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise UserError(
            f"Cannot open the app database {url.shown} (from {url.origin}): {reason}.",
            fix="Check the URL, that the server runs and accepts this user, or that the "
            "folder of the SQLite file can be written.",
        ) from None
    return AppDB(url, engine)


def _engine(url: AppDbUrl) -> Engine:
    from sqlalchemy import create_engine

    if url.kind == "postgresql":
        args = {"options": f"-csearch_path={url.schema}"} if url.schema else {}
        return create_engine(url.url, connect_args=args, pool_pre_ping=True)
    engine = create_engine(url.url, connect_args={"timeout": SQLITE_WAIT})

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # WAL's recommended durability: never corrupted; a power cut may lose the last commit
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_WAIT * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A writer takes the write lock at once (and waits for it): two processes that
        # read and then write the same goal never both read the old version.
        write = connection.get_execution_options().get("write", True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
