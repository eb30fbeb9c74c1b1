"""Alembic migrations of the app database, run in code (`appdb.migrate`): no alembic.ini."""
