"""Changing a goal or a plan without losing anyone's change. Each carries a `version`;
a change reads the row, applies itself, and saves with `UPDATE ... WHERE version = the
version read` (SQLAlchemy's version counter), raising the version by one. When another
process saved in between, nothing matches: the change is read again and re-applied to
the newer row (a few times at most), so both changes survive. With `expect_version`
the caller says which version its change was made against; any other is refused with
a `VersionConflict` naming who changed it and when."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from salespulse.appdb import history
from salespulse.appdb.connection import AppDB, now
from salespulse.errors import UserError

#: Attempts before giving up on a row that keeps changing under a change.
RETRIES = 20


class VersionConflict(UserError):
    """The row is not at the version the change was made against."""

    exit_code = 3

    def __init__(
        self,
        what: str,
        expected: int,
        current: int,
        by: str | None,
        at: datetime | None,
        show: str,
    ) -> None:
        who = f" by {by} at {at:%Y-%m-%d %H:%M} UTC" if by and at else ""
        super().__init__(
            f"{what} has changed since you read it: you expected version "
            f"{expected}, it is at version {current} (last changed{who}). Nothing was saved.",
            fix=f"Read it again ({show}), check the change, then make yours against "
            f"`expect_version` {current}.",
            option="expect_version",
        )
        self.expected = expected
        self.current = current


def edit(
    db: AppDB,
    model: Any,
    row_id: int,
    *,
    entity: str,
    what: str,
    show: str,
    by: str,
    expect_version: int | None,
    apply: Callable[[Session, Any], str],
    snapshot: Callable[[Session, Any], dict[str, Any]],
) -> None:
    """Change the row `row_id` of `model` (a versioned table): `apply(session, row)`
    makes the change and returns its action (update, close, ...); the row, its history
    and anything `apply` added are saved in one transaction. `snapshot` is what the
    history keeps of the row before and after; `what` names the row in messages ("Goal
    3", "R0004's plan"), `show` the command that shows it."""
    from sqlalchemy.orm.exc import StaleDataError

    for attempt in range(RETRIES):
        try:
            with db.write() as session:
                row = session.get(model, row_id)
                if row is None:
                    raise UserError(f"{what} does not exist.", fix=f"See: {show}.")
                if expect_version is not None and row.version != expect_version:
                    last = history.last_change(session, entity, row_id)
                    raise VersionConflict(
                        what,
                        expect_version,
                        row.version,
                        last.changed_by if last else None,
                        last.changed_at if last else None,
                        show,
                    )
                before = snapshot(session, row)
                action = apply(session, row)
                stamp = now()
                row.updated_at, row.updated_by = stamp, by
                session.flush()  # UPDATE ... WHERE version = the version read
                after = snapshot(session, row)
                history.record(
                    session, entity, row_id, action, by, stamp, before, after, row.version
                )
            return
        except StaleDataError:  # saved by another process since it was read: again
            time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
    raise UserError(
        f"{what} kept changing while this change was saved ({RETRIES} tries); nothing was saved.",
        fix="Try again.",
    )
