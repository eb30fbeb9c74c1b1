"""What the weekly digest takes from the app database (`workspace_app_digest`), on both
backends: the open goals of the digest's week with their progress as of the week's end
and that week's milestone — the same numbers `goal_progress` and `milestones` give —
the one-on-ones' action items and the check-ins; and the digest shows them."""

from __future__ import annotations

from datetime import date
from typing import Any

from salespulse.workspace_app_digest import digest_inputs

WEEK = "2025-W10"  # Monday 2025-03-03 to Sunday 2025-03-09
SUNDAY = date(2025, 3, 9)


def test_goals_actions_and_check_ins_for_the_week(app: Any) -> None:
    quarter = app.add_goal("ann", "bookings", 10000, "2025-Q1", what="A strong first quarter")
    app.add_goal("bob", "bookings", 5000, "2025-06")  # another period: not this week's
    app.check_in("ann", "2025-W10", confidence=4)
    app.add_one_on_one(
        "ann",
        date(2025, 3, 3),
        actions=[{"text": "Call the two stalled deals", "owner": "ann", "due": "2025-03-07"}],
    )
    records, unmeasured = digest_inputs(app, WEEK, SUNDAY)
    assert unmeasured == []  # every goal of the week is measured from this data
    [goal] = records["goals"]
    spec = app.goal_spec(quarter)
    progress = app.ws.goal_progress(spec, SUNDAY)
    [week] = [m for m in app.ws.milestones(spec, SUNDAY) if m.start == date(2025, 3, 3)]
    assert (goal.owner, goal.kpi, goal.target, goal.period) == ("ann", "bookings", 10000, "2025-Q1")
    assert (goal.actual, goal.expected, goal.status) == (
        progress.actual,
        progress.expected,
        progress.status,
    )
    assert (goal.week_target, goal.week_actual) == (week.target, week.actual)
    assert goal.what == "A strong first quarter"
    assert [(a.text, a.owner, a.due, a.done) for a in records["actions"]] == [
        ("Call the two stalled deals", "ann", date(2025, 3, 7), False)
    ]
    assert [(c.rep, c.week, c.submitted) for c in records["check_ins"]] == [
        ("ann", date(2025, 3, 3), True)
    ]
    [digest] = app.ws.digest(for_="ann", week=WEEK, as_of=SUNDAY, **records)
    assert [g.owner for g in digest.goals or []] == ["ann"]
    assert [a.text for a in digest.actions or []] == ["Call the two stalled deals"]
    assert digest.check_ins_missing == []
