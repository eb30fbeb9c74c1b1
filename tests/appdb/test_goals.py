"""Goals in the app database through the Workspace API, on SQLite and PostgreSQL: what
is stored, the history of every change (who, when, before and after), the version
check, and the refusals of values that name no KPI, period, target or rep."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salespulse.appdb.versioned import VersionConflict
from salespulse.errors import UserError


def test_add_and_read_back(app: Any) -> None:
    goal = app.add_goal(
        "ann", "revenue", "50,000", "2026-3", where={"category": "Bikes"}, what=" More ", by="maria"
    )
    assert (goal.owner, goal.owner_kind, goal.kpi, goal.target) == ("ann", "rep", "revenue", 50000)
    # labels are kept the one way: 2026-3 is 2026-03
    assert (goal.period, goal.where, goal.what, goal.why) == (
        "2026-03",
        {"category": ["Bikes"]},
        "More",
        None,
    )
    assert (goal.version, goal.state, goal.created_by, goal.updated_by) == (
        1,
        "open",
        "maria",
        "maria",
    )
    assert app.goal(goal.id) == goal
    assert app.goals(owner="ann") == [goal] and app.goals(owner="bob") == []
    team = app.add_goal("East", "win_rate", "30%", "2026-Q1", split="equal", by="maria")
    assert (team.owner_kind, team.target, team.split) == ("team", pytest.approx(0.3), "equal")
    # a split team goal is stored with its reps' child goals (a rate: each rep's is the team's)
    assert [(c.owner, c.target) for c in app.children(team.id)] == [("ann", 0.3), ("bob", 0.3)]
    everyone = app.add_goal("all", "units", 900, "2026", by="maria")
    assert (everyone.owner, everyone.owner_kind) == ("all", "all")
    assert [g.id for g in app.goals() if g.parent_id is None] == [goal.id, team.id, everyone.id]


def test_every_change_has_its_history(app: Any) -> None:
    goal = app.add_goal("bob", "bookings", 1000, "2026-W45", by="maria")
    assert goal.period == "2026-W45"
    app.update_goal(goal.id, {"target": 1200, "why": "new territory"}, by="omar")
    step = app.add_step(goal.id, "Call the ten biggest accounts", "bob", "2026-11-06", by="maria")
    app.step_done(step.id, by="bob")
    closed = app.close_goal(goal.id, by="maria")
    assert (closed.state, closed.version, closed.target, closed.why) == (
        "closed",
        3,
        1200,
        "new territory",
    )
    changes = app.goal_history(goal.id)
    assert [(c.entity, c.action, c.version, c.changed_by) for c in changes] == [
        ("goal", "add", 1, "maria"),
        ("goal", "update", 2, "omar"),
        ("goal_step", "add", None, "maria"),
        ("goal_step", "done", None, "bob"),
        ("goal", "close", 3, "maria"),
    ]
    first, update = changes[0], changes[1]
    assert first.before is None and first.after["target"] == 1000
    assert update.before == first.after  # nothing changes without its history row
    assert (update.after["target"], update.after["why"], update.after["version"]) == (
        1200,
        "new territory",
        2,
    )
    assert changes[3].after["done_by"] == "bob" and changes[3].before["done_at"] is None
    assert changes[4].before == update.after and changes[4].after["state"] == "closed"
    assert all(c.changed_at.tzinfo is not None for c in changes)
    with pytest.raises(UserError, match="closed on"):
        app.update_goal(goal.id, {"target": 5})
    with pytest.raises(UserError, match="already done"):
        app.step_done(step.id)


def test_expect_version_refuses_a_stale_change(app: Any) -> None:
    goal = app.add_goal("cid", "revenue", 100, "2026-11", by="maria")
    app.update_goal(goal.id, {"target": 150}, by="omar", expect_version=1)
    with pytest.raises(VersionConflict) as refused:
        app.update_goal(goal.id, {"target": 200}, by="maria", expect_version=1)
    message = str(refused.value)
    assert f"Goal {goal.id} has changed since you read it" in message
    assert "you expected version 1, it is at version 2" in message
    assert "last changed by omar at" in message
    assert f"salespulse goals show {goal.id}" in message
    assert refused.value.option == "expect_version"
    assert app.goal(goal.id).target == 150 and len(app.goal_history(goal.id)) == 2


def test_team_goal_split_into_children(app: Any) -> None:
    with pytest.raises(UserError):  # shares that do not add up to the target: nothing stored
        app.add_goal("West", "revenue", 1000, "2026-Q1", split="manual", shares={"cid": 600})
    assert app.goals(owner="West") == []
    team = app.add_goal(
        "West", "revenue", 1000, "2026-Q1", split="manual", shares={"cid": 600, "dee": "400"}
    )
    children = app.children(team.id)
    assert [(c.owner, c.owner_kind, c.target, c.parent_id, c.kpi, c.period) for c in children] == [
        ("cid", "rep", 600, team.id, "revenue", "2026-Q1"),
        ("dee", "rep", 400, team.id, "revenue", "2026-Q1"),
    ]
    view = app.goal_view(app.goal(team.id))
    assert [c["owner"] for c in view["children"]] == ["cid", "dee"]
    for key in ("id", "owner", "owner_kind", "kpi", "target", "period", "where", "what", "why"):
        assert key in view
    for key in ("state", "version", "steps", "children", "history", "created_at", "created_by"):
        assert key in view
    with pytest.raises(UserError, match="already has a child goal for cid"):
        app.add_child_goals(team.id, {"cid": 1})
    with pytest.raises(UserError, match="There is no rep 'zed'"):
        app.add_child_goals(team.id, {"zed": 1})
    with pytest.raises(UserError, match="only a team's or the whole business's goal"):
        app.add_child_goals(children[0].id, {"dee": 1})


def test_a_stored_team_goal_is_split_and_its_period_followed(app: Any) -> None:
    """`split_goal` shares a stored team goal out as `add_goal`'s `split` does (equally:
    half each of West's two reps), at the version read; a new period of the team goal is
    its shares' too (each with its history row); a share's own period is refused."""
    team = app.add_goal("West", "revenue", 1000, "2026-Q1", by="maria")
    app.update_goal(team.id, {"what": "Grow West"}, by="omar")
    with pytest.raises(VersionConflict, match="last changed by omar"):
        app.split_goal(team.id, "equal", by="maria", expect_version=1)
    assert app.children(team.id) == []
    shares = app.split_goal(team.id, "equal", by="maria", expect_version=2)
    assert [(c.owner, c.target, c.period, c.created_by) for c in shares] == [
        ("cid", 500, "2026-Q1", "maria"),
        ("dee", 500, "2026-Q1", "maria"),
    ]
    split = app.goal(team.id)  # the team goal keeps how it was split: a new version
    assert (split.split, split.version, split.updated_by) == ("equal", 3, "maria")
    *_, update, record = app.goal_history(team.id)
    assert (record.action, record.version, record.before) == ("split", 3, update.after)
    assert (record.before["split"], record.after["split"]) == (None, "equal")
    with pytest.raises(UserError, match="already has a child goal for cid, dee"):
        app.split_goal(team.id, "manual", {"cid": 600, "dee": 400})
    with pytest.raises(UserError, match="is not a way to share"):
        app.split_goal(team.id, "evenly")
    with pytest.raises(UserError, match="only a team's goal is split"):
        app.split_goal(shares[0].id, "equal")
    app.update_goal(team.id, {"period": "2026-Q2", "why": "New hires"}, by="omar")
    assert [(c.period, c.version, c.updated_by) for c in app.children(team.id)] == [
        ("2026-Q2", 2, "omar"),
        ("2026-Q2", 2, "omar"),
    ]
    (_, moved) = app.goal_history(shares[0].id)
    assert (moved.before["period"], moved.after["period"]) == ("2026-Q1", "2026-Q2")
    assert app.goal(team.id).why == "New hires"
    with pytest.raises(UserError, match="its period is the team goal's") as refused:
        app.update_goal(shares[0].id, {"period": "2026-Q3"})
    assert refused.value.option == "period" and app.goal(shares[0].id).period == "2026-Q2"
    manual = app.add_goal("East", "revenue", 900, "2026-Q1", by="maria")
    with pytest.raises(UserError, match="short"):
        app.split_goal(manual.id, "manual", {"ann": 100, "bob": 200})
    split = app.split_goal(manual.id, "manual", {"ann": "600", "bob": 300})
    assert [(c.owner, c.target) for c in split] == [("ann", 600), ("bob", 300)]


@pytest.mark.parametrize(
    ("args", "message", "option"),
    [
        (("ann", "revenu", 1, "2026-11"), "There is no KPI called 'revenu'", ""),
        (("ann", "revenue", 1, "2026-13"), "`period` '2026-13' is not a period", "period"),
        (("ann", "revenue", 1, "2026-W54"), "`period` '2026-W54' is not a period", "period"),
        (("ann", "revenue", "lots", "2026-11"), "`target` 'lots' is not a target", "target"),
        (("ann", "revenue", -5, "2026-11"), "`target` -5 is not a target", "target"),
        (("ann", "win_rate", 30, "2026-11"), "more than 100% for win_rate", "target"),
        (("zed", "revenue", 1, "2026-11"), "There is no rep or team 'zed'", "owner"),
        (("an\tn", "revenue", 1, "2026-11"), "`owner` 'an\\\\tn' is not a name", "owner"),
        (("East", "speed_to_lead_minutes", 1, "2026-11"), "", ""),
    ],
)
def test_refused_values(app: Any, args: tuple[Any, ...], message: str, option: str) -> None:
    if not message:  # a team goal on a KPI computed per team is fine
        assert app.add_goal(*args).owner_kind == "team"
        return
    with pytest.raises(UserError, match=message) as refused:
        app.add_goal(*args)
    assert refused.value.option == option
    assert app.goals() == []  # nothing stored


def test_refused_filters_and_splits(app: Any) -> None:
    with pytest.raises(UserError, match="revenue cannot be filtered by 'colour'"):
        app.add_goal("ann", "revenue", 1, "2026-11", where={"colour": "red"})
    with pytest.raises(UserError, match="only a team's goal is split"):
        app.add_goal("ann", "revenue", 1, "2026-11", split="equal")
    with pytest.raises(UserError, match="not a way to share"):
        app.add_goal("East", "revenue", 1, "2026-11", split="evenly")
    with pytest.raises(UserError, match="There is no team 'ann'"):
        app.add_goal("ann", "revenue", 1, "2026-11", owner_kind="team")
    with pytest.raises(UserError, match="cannot be changed"):
        app.update_goal(app.add_goal("ann", "revenue", 1, "2026-11").id, {"owner": "bob"})
    with pytest.raises(UserError, match="There is no goal 99"):
        app.goal(99)


def test_goal_without_data_takes_any_owner(tmp_path: Any, fresh_url: str) -> None:
    import salespulse

    empty = salespulse.open(tmp_path / "empty")
    app = empty.app(fresh_url)
    try:
        assert app.add_goal("Newcomer", "revenue", 10, "2026").owner_kind == "rep"
        assert app.add_goal("Squad", "revenue", 10, "2026", owner_kind="team").owner_kind == "team"
        assert app.goals()[0].created_by  # the OS user by default
    finally:
        app.close()


CHANGE = st.fixed_dictionaries(
    {},
    optional={
        "target": st.integers(0, 10**6),
        "what": st.text(max_size=20) | st.just("a\x00b"),
        "why": st.sampled_from([None, "Q4 quota", "new territory"]),
        "period": st.sampled_from(["2026-11", "2026-Q4", "2026", "2026-W45"]),
    },
)


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(CHANGE, max_size=6))
def test_history_is_an_unbroken_chain(app: Any, changes: list[dict[str, Any]]) -> None:
    """Whatever the changes, the history is one row per change saved, versions 1..n, each
    change's `before` the previous one's `after`, the last `after` the goal as stored; a
    refused change leaves no trace."""
    goal = app.add_goal("dee", "units", 10, "2026-11")
    saved = 0
    for change in changes:
        if "\x00" in change.get("what", ""):  # no database keeps a NUL in text
            with pytest.raises(UserError, match="`what` holds a NUL character"):
                app.update_goal(goal.id, change)
            continue
        goal = app.update_goal(goal.id, change)
        saved += 1
    chain = app.goal_history(goal.id)
    assert [c.version for c in chain] == list(range(1, saved + 2)) == [*range(1, goal.version + 1)]
    for earlier, later in itertools.pairwise(chain):
        assert later.before == earlier.after
    stored = {k: v for k, v in chain[-1].after.items() if k in ("target", "what", "why", "period")}
    assert stored == {
        "target": goal.target,
        "what": goal.what,
        "why": goal.why,
        "period": goal.period,
    }
