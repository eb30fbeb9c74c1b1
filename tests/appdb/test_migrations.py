"""The app database's migrations on SQLite and PostgreSQL: an empty database is brought
to the newest revision on open; one made at the previous revision (0001: goals, plans,
one-on-ones, check-ins, history) keeps its rows when it is upgraded (0002 adds users and
API tokens, 0003 versions one-on-ones: one kept before is at version 1 and can be
changed); and the models say exactly what the migrations make."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from salespulse.appdb import goals, meetings, migrate
from salespulse.appdb.connection import open_app_db
from salespulse.appdb.tables import Base
from salespulse.appdb.url import parse

COACHING = {"goals", "goal_steps", "plans", "plan_focus", "plan_actions", "one_on_ones"}
COACHING |= {"action_items", "check_ins", "history"}
USERS = {"users", "api_tokens"}


def _url(url: str) -> Any:
    return parse(url, "the test", Path.cwd())


def _tables(db: Any) -> set[str]:
    with db.engine.connect() as con:
        return set(inspect(con).get_table_names()) - {"alembic_version"}


def test_head_is_the_scripts_head() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.config())
    assert scripts.get_current_head() == migrate.HEAD
    assert [s.revision for s in scripts.walk_revisions()] == ["0003", "0002", "0001"]


def test_empty_database_opens_at_the_newest_revision(fresh_url: str) -> None:
    db = open_app_db(_url(fresh_url))
    try:
        assert db.revision() == migrate.HEAD
        assert _tables(db) == COACHING | USERS
        before, after = migrate.upgrade(db.engine)  # again: nothing to do
        assert before == after == migrate.HEAD
    finally:
        db.close()


def test_upgrade_from_the_previous_revision_keeps_the_rows(fresh_url: str) -> None:
    url = _url(fresh_url)
    old = open_app_db(url, migrate=False)
    assert migrate.upgrade(old.engine, "0001") == (None, "0001")
    assert _tables(old) == COACHING
    goal = goals.add_goal(
        old,
        "maria",
        owner="ann",
        owner_kind="rep",
        kpi="revenue",
        target=500.0,
        period="2026-11",
        where={"category": ["Bikes"]},
        what="More bikes",
        why=None,
        split=None,
        parent_id=None,
    )
    meetings.check_in(old, "ann", "2026-W45", date(2026, 11, 2), {"confidence": 4}, "ann")
    with old.engine.begin() as con:  # a one-on-one as 0001 kept it (before its version)
        con.execute(
            text(
                "INSERT INTO one_on_ones (rep, date, notes, confidence, created_at, created_by)"
                " VALUES (:rep, :day, :notes, 2, :at, 'maria')"
            ),
            {"rep": "ann", "day": date(2026, 11, 3), "notes": "Old", "at": datetime(2026, 11, 3)},
        )
        con.execute(
            text(
                "INSERT INTO action_items (one_on_one_id, text, owner)"
                " SELECT id, 'Call Acme', 'ann' FROM one_on_ones"
            )
        )
    old.close()

    db = open_app_db(url)  # migrations run on open
    try:
        assert db.revision() == "0003"
        assert _tables(db) == COACHING | USERS
        assert goals.goal(db, goal.id) == goal
        assert goals.goal_history(db, goal.id)[0].after["where"] == {"category": ["Bikes"]}
        assert [(c.rep, c.week, c.confidence) for c in meetings.check_ins(db)] == [
            ("ann", "2026-W45", 4)
        ]
        [kept] = meetings.one_on_ones(db, "ann")  # 0003: at version 1, and can be changed
        assert (kept.notes, kept.version, kept.updated_by, len(kept.actions)) == ("Old", 1, None, 1)
        changed = meetings.update_one_on_one(db, kept.id, {"notes": "New"}, "omar", 1)
        assert (changed.notes, changed.version, changed.updated_by) == ("New", 2, "omar")
    finally:
        db.close()


def test_models_match_the_migrations(fresh_url: str) -> None:
    """What the models declare (tables, columns, types, nulls, keys, indexes) is what the
    migrations made: Alembic's comparison finds nothing to change."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = open_app_db(_url(fresh_url))
    try:
        with db.engine.connect() as con:
            context = MigrationContext.configure(con, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        db.close()


def test_a_second_process_opening_a_migrated_database_changes_nothing(tmp_path: Path) -> None:
    url = _url(f"sqlite:///{tmp_path / 'app.db'}")
    open_app_db(url).close()
    engine = create_engine(url.url)
    with engine.connect() as con:
        stamp = con.execute(text("SELECT version_num FROM alembic_version")).all()
    engine.dispose()
    open_app_db(url).close()
    assert stamp == [("0003",)]


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (
            "postgresql://coach:s3cret@db.example.com/sales",
            "postgresql+psycopg://coach:***@db.example.com/sales",
        ),
        (
            "postgres://coach:s3cret@db/sales?schema=team_a",
            "postgresql+psycopg://coach:***@db/sales?schema=team_a",
        ),
        ("postgresql+psycopg://u@h:5433/d", "postgresql+psycopg://u@h:5433/d"),
    ],
)
def test_urls_are_normalised_and_never_show_a_password(given: str, shown: str) -> None:
    url = _url(given)
    assert url.shown == shown and "s3cret" not in repr(url)
    assert url.url.startswith("postgresql+psycopg://") and "schema" not in url.url
