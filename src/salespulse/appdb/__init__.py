"""The app database: users, goals and their steps, development plans, one-on-ones and
their action items, and weekly check-ins, with the history of every change. SQLite in
the workspace (`app.db`) by default, PostgreSQL for a team; SQLAlchemy 2 models
(`tables`), Alembic migrations run on open (`migrate`), optimistic concurrency
(`versioned`).

This layer stores checked values; the Workspace API (`salespulse.workspace_app`) checks
them (KPIs from the registry, periods, reps and teams from the data) and is the one to
call."""
