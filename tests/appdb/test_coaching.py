"""Development plans, one-on-ones and check-ins through the Workspace API, on SQLite and
PostgreSQL: what is kept, the history of each change, and the refusals (a rating outside
1..5, a week that is not one, a rep the data does not know, a KPI that is not one)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from salespulse.appdb.versioned import VersionConflict
from salespulse.errors import UserError


def test_plan_with_focus_actions_and_history(app: Any) -> None:
    plan = app.add_plan(
        "ann",
        [
            {"kpi": "win_rate", "target": "30%", "by": "2026-12-31", "skill": "Qualify; early"},
            {
                "kpi": "speed_to_lead_minutes",
                "target": 15,
                "baseline": 42,
                "baseline_at": "2026-11-01",
            },
        ],
        [{"text": "Review lost deals", "due": "2026-11-15"}],
        by="maria",
    )
    assert plan.version == 1 and plan.rep == "ann"
    assert [(f.kpi, f.target, f.by_date, f.skill) for f in plan.focus] == [
        ("win_rate", 0.3, date(2026, 12, 31), "Qualify; early"),
        ("speed_to_lead_minutes", 15, None, None),
    ]
    assert (plan.focus[1].baseline, plan.focus[1].baseline_at) == (42, date(2026, 11, 1))
    first = plan.actions[0]
    changed = app.update_plan(
        "ann",
        add_actions=[{"text": "Shadow cid", "due": "2026-11-20"}],
        done_actions=[first.id],
        by="ann",
        expect_version=1,
    )
    assert changed.version == 2
    assert [(a.text, a.status) for a in changed.actions] == [
        ("Review lost deals", "done"),
        ("Shadow cid", "open"),
    ]
    assert app.plan("ann") == changed and app.plans() == [changed]
    history = app.plan_history("ann")
    assert [(h.action, h.version, h.changed_by) for h in history] == [
        ("add", 1, "maria"),
        ("update", 2, "ann"),
    ]
    assert history[1].before == history[0].after  # the whole plan, actions included
    assert [a["status"] for a in history[1].after["actions"]] == ["done", "open"]
    with pytest.raises(VersionConflict, match="you expected version 1, it is at version 2"):
        app.update_plan("ann", done_actions=[changed.actions[1].id], expect_version=1)
    with pytest.raises(UserError, match="already done"):
        app.update_plan("ann", done_actions=[first.id])
    with pytest.raises(UserError, match="already has a development plan"):
        app.add_plan("ann", [{"kpi": "win_rate", "target": 0.3}])
    with pytest.raises(UserError, match="bob has no development plan"):
        app.plan("bob")
    assert len(app.plan_history("ann")) == 2  # the refusals changed nothing


def test_plan_actions_and_focus_changed_and_removed(app: Any) -> None:
    """An action's text and due date, a focus area's target, date and skill change; an
    action or a focus area is removed — one change, one version, its history keeping the
    plan before; another plan's parts and unchecked values are refused, nothing saved."""
    plan = app.add_plan(
        "bob",
        [{"kpi": "win_rate", "target": "30%"}, {"kpi": "units", "target": 50}],
        [{"text": "Review lost deals"}, {"text": "Shadow cid"}],
        by="maria",
    )
    rate, units = plan.focus
    review, shadow = plan.actions
    changed = app.update_plan(
        "bob",
        change_actions={review.id: {"text": "Review lost deals with ann", "due": "2026-11-30"}},
        drop_actions=[shadow.id],
        change_focus={rate.id: {"target": "35%", "by": "2026-12-31", "skill": "Qualify"}},
        drop_focus=[units.id],
        by="omar",
        expect_version=1,
    )
    assert changed.version == 2
    assert [(a.id, a.text, a.due, a.status) for a in changed.actions] == [
        (review.id, "Review lost deals with ann", date(2026, 11, 30), "open"),
    ]
    assert [(f.id, f.kpi, f.target, f.by_date, f.skill) for f in changed.focus] == [
        (rate.id, "win_rate", 0.35, date(2026, 12, 31), "Qualify"),
    ]
    (_, update) = app.plan_history("bob")
    assert (update.action, update.changed_by) == ("update", "omar")
    assert [a["text"] for a in update.before["actions"]] == ["Review lost deals", "Shadow cid"]
    assert [f["kpi"] for f in update.after["focus"]] == ["win_rate"]
    other = app.add_plan("ann", [{"kpi": "units", "target": 5}], [{"text": "Call"}])
    for refused, message in [
        ({"drop_actions": [other.actions[0].id]}, f"no action {other.actions[0].id}"),
        ({"change_focus": {other.focus[0].id: {"target": 1}}}, "no focus area"),
        ({"drop_focus": [units.id]}, f"no focus area {units.id}"),
        ({"change_focus": {rate.id: {"target": 3}}}, "more than 100%"),
        ({"change_actions": {review.id: {"text": " "}}}, "needs its text"),
    ]:
        with pytest.raises(UserError, match=message):
            app.update_plan("bob", **refused)
    assert app.plan("bob") == changed and len(app.plan_history("bob")) == 2


def test_plan_focus_measured_from_the_data(app: Any) -> None:
    """A focus area without a baseline has it measured when the plan is made, and `plan_view`
    measures it again: both are `win_rate` for the rep over the 90 days to their day.

    bob's deals: D05 lost 2025-03-31, D06 won 2025-04-02.
    - baseline, the 90 days to 2025-03-31 (2025-01-01..03-31): D05 lost → 0 ÷ 1 = 0;
    - current, the 90 days to 2025-04-30 (2025-01-31..04-30): D05 lost, D06 won → 1 ÷ 2 = 0.5;
    - progress = (0.5 − 0) ÷ (0.6 − 0) = 0.8333.
    """
    ws = app.ws
    plan = app.add_plan(
        "bob",
        [
            {"kpi": "win_rate", "target": "60%", "by": "2025-06-30", "baseline_at": "2025-03-31"},
            {"kpi": "units", "target": 10},  # measured as of the end of the data
            {"kpi": "bookings", "target": 5000, "baseline": 100},  # given: kept
        ],
    )
    rate, units, bookings = plan.focus
    assert (rate.baseline, rate.baseline_at) == (0.0, date(2025, 3, 31))
    assert rate.baseline == ws.plan_baseline("bob", "win_rate", "2025-03-31")
    assert units.baseline == ws.plan_baseline("bob", "units")
    assert (bookings.baseline, bookings.baseline_at) == (100, app.plan("bob").focus[2].baseline_at)
    view = app.plan_view(plan, as_of="2025-04-30")
    item = view["focus"][0]
    kpi = ws.kpi("win_rate", where={"rep": "bob"}, start="2025-01-31", end="2025-04-30",
                 as_of="2025-04-30")  # fmt: skip
    assert (item["start"], item["end"]) == ("2025-01-31", "2025-04-30")
    assert item["current"] == pytest.approx(kpi["value"].iloc[0]) == 0.5
    assert item["n"] == kpi["n"].iloc[0] == 2
    assert item["progress"] == pytest.approx((0.5 - 0.0) / (0.6 - 0.0))
    assert (item["kpi"], item["baseline"], item["target"], item["by"]) == (
        "win_rate",
        0.0,
        0.6,
        date(2025, 6, 30),
    )
    added = app.update_plan("bob", add_focus=[{"kpi": "deals_won", "target": 3}])
    assert added.focus[3].baseline == ws.plan_baseline("bob", "deals_won")


def test_one_on_one_and_its_action_items(app: Any) -> None:
    meeting = app.add_one_on_one(
        "bob",
        "2026-11-03",
        "# Pipeline\n- thin in **Q4**",
        confidence="3",
        workload=4,
        actions=[
            {"text": "Book 10 discovery calls", "owner": "bob", "due": "2026-11-10"},
            {"text": "Send the territory list", "owner": "maria"},
        ],
        by="maria",
    )
    assert (meeting.date, meeting.confidence, meeting.workload) == (date(2026, 11, 3), 3, 4)
    assert meeting.notes.startswith("# Pipeline")
    done = app.action_done(meeting.actions[0].id, by="bob")
    assert done.done_by == "bob" and done.done_at is not None
    later = app.add_one_on_one("bob", "2026-11-10", by="maria")
    assert [m.id for m in app.one_on_ones("bob")] == [later.id, meeting.id]  # latest first
    assert app.one_on_ones("bob")[1].actions[0].done_by == "bob"
    history = app.history("action_item", [done.id])
    assert [(h.action, h.before["done_at"], h.after["done_by"]) for h in history] == [
        ("done", None, "bob")
    ]
    assert app.history("one_on_one", [meeting.id])[0].after["actions"][1]["owner"] == "maria"
    with pytest.raises(UserError, match="already done"):
        app.action_done(done.id)


def test_one_on_one_notes_and_ratings_changed(app: Any) -> None:
    """The values given only, as a new version with its history row (the action items
    kept); a change made against the older version is refused naming who changed it."""
    meeting = app.add_one_on_one(
        "bob", "2026-11-03", "First notes", confidence=3, workload=4,
        actions=[{"text": "Call Acme", "owner": "bob"}], by="maria",
    )  # fmt: skip
    assert meeting.version == 1 and meeting.updated_by is None
    changed = app.update_one_on_one(
        meeting.id, {"notes": "# Better notes", "workload": "2"}, by="omar", expect_version=1
    )
    assert (changed.notes, changed.confidence, changed.workload) == ("# Better notes", 3, 2)
    assert (changed.version, changed.updated_by) == (2, "omar")
    assert [a.text for a in changed.actions] == ["Call Acme"]
    assert app.one_on_one(meeting.id) == changed == app.one_on_ones("bob")[0]
    [add, update] = app.history("one_on_one", [meeting.id])
    assert (add.action, update.action, update.changed_by, update.version) == (
        "add", "update", "omar", 2,
    )  # fmt: skip
    assert (update.before["notes"], update.after["notes"]) == ("First notes", "# Better notes")
    assert (update.before["workload"], update.after["workload"]) == (4, 2)
    with pytest.raises(VersionConflict, match="last changed by omar") as refused:
        app.update_one_on_one(meeting.id, {"confidence": 5}, by="maria", expect_version=1)
    assert "it is at version 2" in str(refused.value) and refused.value.option == "expect_version"
    assert app.one_on_one(meeting.id).confidence == 3  # nothing saved
    cleared = app.update_one_on_one(meeting.id, {"confidence": ""}, by="maria")
    assert (cleared.confidence, cleared.version) == (None, 3)
    with pytest.raises(UserError, match="is not a rating"):
        app.update_one_on_one(meeting.id, {"workload": 6}, by="maria")
    with pytest.raises(UserError, match="date cannot be changed"):
        app.update_one_on_one(meeting.id, {"date": "2026-11-04"}, by="maria")
    with pytest.raises(UserError, match="One-on-one 999 does not exist"):
        app.update_one_on_one(999, {"notes": "x"}, by="maria")
    assert len(app.history("one_on_one", [meeting.id])) == 3


def test_check_in_once_a_week_a_second_changes_it(app: Any) -> None:
    first = app.check_in("cid", "2026-W45", confidence=4, wins="Closed Acme", by="cid")
    again = app.check_in("cid", "week of 2026-11-02", blockers="CRM down", by="cid")
    assert first.id == again.id and (again.week, again.week_start) == (
        "2026-W45",
        date(2026, 11, 2),
    )
    assert (again.confidence, again.wins, again.blockers) == (4, "Closed Acme", "CRM down")
    app.check_in("cid", "2026-11-09", confidence=2)  # a week's first day
    assert [c.week for c in app.check_ins("cid")] == ["2026-W46", "2026-W45"]
    history = app.history("check_in", [first.id])
    assert [h.action for h in history] == ["add", "update"]
    assert history[1].before["blockers"] is None and history[1].after["blockers"] == "CRM down"


@pytest.mark.parametrize(
    ("call", "message", "option"),
    [
        (
            lambda a: a.check_in("cid", "2026-W45", confidence=6),
            "`confidence` 6 is not a rating",
            "confidence",
        ),
        (lambda a: a.check_in("cid", "2026-W45", confidence="2.5"), "not a rating", "confidence"),
        (
            lambda a: a.check_in("cid", "2026-11", confidence=3),
            "`week` '2026-11' is not a week",
            "week",
        ),
        (lambda a: a.check_in("cid", "2026-11-04"), "is not a week", "week"),
        (lambda a: a.check_in("zed", "2026-W45"), "There is no rep 'zed'", "rep"),
        (lambda a: a.add_one_on_one("dee", workload=0), "`workload` 0 is not a rating", "workload"),
        (lambda a: a.add_one_on_one("dee", date="3 Nov"), "`date` '3 Nov' is not a date", "date"),
        (lambda a: a.add_one_on_one("East"), "There is no rep 'East'", "rep"),
        (lambda a: a.add_one_on_one("dee", notes="a\x00b"), "`notes` holds a NUL", "notes"),
        (lambda a: a.check_in("dee", "2026-W45", wins="\x00"), "`wins` holds a NUL", "wins"),
        (
            lambda a: a.add_plan("dee", [{"kpi": "wins", "target": 1}]),
            "There is no KPI called 'wins'",
            "",
        ),
        (
            lambda a: a.add_plan("dee", [{"kpi": "win_rate", "target": 2}]),
            "more than 100%",
            "target",
        ),
        (
            lambda a: a.add_plan("dee", [{"kpi": "units", "target": 1, "by": "soon"}]),
            "not a date",
            "by",
        ),
    ],
)
def test_refused_values(app: Any, call: Any, message: str, option: str) -> None:
    with pytest.raises(UserError, match=message) as refused:
        call(app)
    assert refused.value.option == option
    assert app.check_ins() == [] and app.one_on_ones() == [] and app.plans() == []
