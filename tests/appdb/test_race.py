"""Two processes changing the same goal at once, on SQLite and PostgreSQL.

Without `expect_version`, neither loses the other's change: process A sets the target six
times (100 .. 105), process B the reason six times (w0 .. w5), started together at a
barrier. Afterwards the goal holds A's last target and B's last reason at version 13
(1 + 12 changes), and its history is one unbroken chain: versions 1..13, each change's
`before` exactly the previous change's `after` — a change saved over a stale read would
break it (its `before` would miss the other process's value).

With `expect_version`, both processes change a goal they read at the same version, three
rounds over: in each round exactly one is saved and the other refused, naming the
version it expected and the one the goal is at."""

from __future__ import annotations

import itertools
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from salespulse.appdb import goals
from salespulse.appdb.connection import open_app_db
from salespulse.appdb.url import parse

CHANGES = 6
ROUNDS = 3


def _open(url: str) -> Any:
    return open_app_db(parse(url, "the test", Path.cwd()))


def _race(url: str, goal_id: int, other_id: int, field: str, barrier: Any, results: Any) -> None:
    """One racing process: first its changes to `goal_id`'s `field`, then the rounds of
    changes to `other_id` expecting a version; each start waits for the other process."""
    from salespulse.appdb.versioned import VersionConflict

    db = _open(url)
    barrier.wait()
    for i in range(CHANGES):
        value = 100.0 + i if field == "target" else f"w{i}"
        goals.update_goal(db, goal_id, {field: value}, by=f"process {field}")
    for r in range(ROUNDS):
        barrier.wait()
        try:
            goals.update_goal(db, other_id, {"what": field}, by=field, expect_version=1 + r)
            results.put((r, field, "saved"))
        except VersionConflict as exc:
            results.put((r, field, str(exc)))
    db.close()


#: Forked, the racing processes start at once (the parent holds no connection then: see
#: `test_two_processes`); each opens the database afresh.
CONTEXT = multiprocessing.get_context("fork")


def _run(targets: list[tuple[Any, tuple[Any, ...]]]) -> None:
    processes = [CONTEXT.Process(target=t, args=a) for t, a in targets]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=120)
        assert p.exitcode == 0, f"a racing process failed (exit code {p.exitcode})"


def _goal(db: Any) -> Any:
    return goals.add_goal(
        db,
        "maria",
        owner="ann",
        owner_kind="rep",
        kpi="revenue",
        target=1.0,
        period="2026-11",
        where={},
        what=None,
        why=None,
        split=None,
        parent_id=None,
    )


@pytest.mark.slow
def test_two_processes(fresh_url: str) -> None:
    db = _open(fresh_url)
    goal, other = _goal(db), _goal(db)
    db.close()  # no connection is shared with the forked processes
    barrier, results = CONTEXT.Barrier(2), CONTEXT.Queue()
    _run([(_race, (fresh_url, goal.id, other.id, f, barrier, results)) for f in ("target", "why")])

    # without expect_version: both processes' changes survive
    final = goals.goal(db, goal.id)
    assert (final.target, final.why, final.version) == (105.0, "w5", 1 + 2 * CHANGES)
    chain = [c for c in goals.goal_history(db, goal.id) if c.entity == "goal"]
    assert [c.version for c in chain] == list(range(1, 2 + 2 * CHANGES))
    for earlier, later in itertools.pairwise(chain):
        assert later.before == earlier.after
    # each process's changes landed in its own order
    targets = [c.after["target"] for c in chain if c.changed_by == "process target"]
    reasons = [c.after["why"] for c in chain if c.changed_by == "process why"]
    assert targets == [100.0 + i for i in range(CHANGES)]
    assert reasons == [f"w{i}" for i in range(CHANGES)]

    # with expect_version: in each round one is saved, the other refused
    outcomes = [results.get(timeout=10) for _ in range(2 * ROUNDS)]
    for r in range(ROUNDS):
        this_round = sorted((o[2] for o in outcomes if o[0] == r), key=lambda t: t != "saved")
        assert this_round[0] == "saved", this_round
        assert f"you expected version {1 + r}, it is at version {2 + r}" in this_round[1]
    assert goals.goal(db, other.id).version == 1 + ROUNDS
    assert len(goals.goal_history(db, other.id)) == 1 + ROUNDS
    db.close()
