"""Who gets a weekly digest and at which address: reps from the reps table, managers by
the reps table's `manager` column — the email of the reps row it names (by id or name),
else `[mail] managers` — and one team digest (`*`) for the reps no manager is named for,
or for everyone without a reps table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import salespulse
from salespulse.errors import UserError
from salespulse.insights import evidence
from salespulse.insights.digest.recipients import UNNAMED, chosen, everyone

from .builders import workspace

SALES = [
    {"date": date(2025, 3, 3), "product": "P", "quantity": 1.0, "amount": 10.0, "rep": rep}
    for rep in ("R1", "R2", "R3", "M1")
]
REPS = [
    {"rep": "R1", "name": "Rita One", "team": "East", "manager": "Ann Boss", "email": "r1@x.io"},
    {"rep": "R2", "name": "Raj Two", "team": "East", "manager": "M1", "email": "r2@x.io"},
    {"rep": "R3", "name": "Rob Three", "team": "West", "manager": None, "email": None},
    {"rep": "M1", "name": "Mia Lead", "team": "East", "manager": None, "email": "mia@x.io"},
]


def test_managers_addresses(tmp_path: Path) -> None:
    workspace(tmp_path / "ws", {"reps": REPS, "sales": SALES})
    ws = salespulse.open(tmp_path / "ws", create=False, mail_managers={"Ann Boss": "ann@x.io"})
    with evidence(ws) as ev:
        found = {(p.role, p.key): p for p in everyone(ev)}
        assert list(found) == [
            ("rep", "M1"),
            ("rep", "R1"),
            ("rep", "R2"),
            ("rep", "R3"),
            ("manager", UNNAMED),
            ("manager", "Ann Boss"),
            ("manager", "M1"),
        ]
        ann, mia, rest = (
            found[("manager", "Ann Boss")],
            found[("manager", "M1")],
            found[("manager", UNNAMED)],
        )
        assert (ann.email, ann.reps, ann.address_note) == (
            "ann@x.io",
            ("R1",),
            "the settings' [mail] managers",
        )
        # M1 is a reps row: the manager's name and address are that row's
        assert (mia.name, mia.email, mia.reps) == ("Mia Lead", "mia@x.io", ("R2",))
        assert (rest.name, rest.email, rest.reps) == ("Sales manager", None, ("M1", "R3"))
        assert '[mail] managers = { "*" = "ADDRESS" }' in rest.fix
        assert found[("rep", "R3")].email is None and "email" in found[("rep", "R3")].fix
        # --for: a rep by id or name, a manager's name, a team
        assert [(p.role, p.key) for p in chosen(ev, "rita one")] == [("rep", "R1")]
        assert [(p.role, p.key) for p in chosen(ev, "Mia Lead")] == [
            ("rep", "M1"),
            ("manager", "M1"),
        ]
        west = [(p.role, p.key) for p in chosen(ev, "West")]
        assert west == [("rep", "R3"), ("manager", UNNAMED)]
        with pytest.raises(UserError, match="no rep, manager or team 'North'") as caught:
            chosen(ev, "North")
        assert "East, West" in caught.value.fix


def test_without_a_reps_table_one_team_digest(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", {"sales": SALES})
    with evidence(ws) as ev:
        found = everyone(ev)
    assert [(p.role, p.key) for p in found] == [
        *[("rep", r) for r in ("M1", "R1", "R2", "R3")],
        ("manager", UNNAMED),
    ]
    assert found[-1].reps == ("M1", "R1", "R2", "R3")
    assert all(p.email is None for p in found)
    assert "Import a reps table" in found[0].fix
