"""The app half of the Workspace API: goals and their steps, development plans,
one-on-ones, check-ins and users, kept in the app database (`salespulse.appdb`: SQLite
`app.db` in the workspace, or PostgreSQL). `ws.app()` opens it (migrating it to the
newest revision); every value is checked here (`workspace_app_checks`) before it is
stored, and every change records who made it (`by`, default the OS user) and when.

`goal_view` is the one place a stored goal becomes what a face shows (`goals show`,
`goals list`, the web's goal pages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from salespulse import workspace_app_checks as check
from salespulse.appdb import goals as goal_store
from salespulse.appdb.records import Change, Goal, Plan, Step
from salespulse.errors import UserError
from salespulse.workspace_coaching import Coaching
from salespulse.workspace_progress import Progress
from salespulse.workspace_users import Users

if TYPE_CHECKING:
    from salespulse.appdb.connection import AppDB
    from salespulse.inventory import Members
    from salespulse.reports.goal_spec import GoalSpec

SPLITS = goal_store.SPLITS
#: What `goal_view` shows of a goal's progress (`GoalProgress.as_dict`).
PROGRESS: tuple[str, ...] = ("start", "end", "as_of", "actual", "achieved", "expected")
PROGRESS += ("projection", "status", "elapsed", "pace", "unit")
PROGRESS += ("expected_basis", "projection_basis")


def open_app(ws: Progress, url: str | None = None) -> AppData:
    """The app database of `ws`: at `url`, else SALESPULSE_APP_DB, else the `[app]
    database` setting, else `app.db` in the workspace folder; migrated on open."""
    from salespulse.appdb.connection import open_app_db
    from salespulse.appdb.url import choose

    return AppData(ws, open_app_db(choose(url, ws.settings.app_database, ws.path)))


class AppData(Coaching, Users):
    """A workspace's goals, plans, one-on-ones, check-ins and users: goals here, plans,
    one-on-ones and check-ins in `workspace_coaching.Coaching`, users and their tokens in
    `workspace_users.Users`."""

    def __init__(self, ws: Progress, db: AppDB) -> None:
        self.ws = ws
        self.db = db
        self._members: tuple[Any, Members | None] | None = None

    def __repr__(self) -> str:
        return f"<salespulse app database {self.db.url.shown}>"

    @property
    def url(self) -> str:
        """Where the app database is, any password masked."""
        return self.db.url.shown

    def revision(self) -> str | None:
        """The migration the database stands at."""
        return self.db.revision()

    def close(self) -> None:
        self.db.close()

    def members(self) -> Members | None:
        """The reps and teams the workspace's data names (None: it holds no data); read
        again when the workspace's file has changed."""
        key = check.file_state(self.ws)
        if self._members is None or self._members[0] != key:
            self._members = (key, check.members(self.ws))
        return self._members[1]

    # -- goals ---------------------------------------------------------------------------
    def add_goal(
        self,
        owner: str,
        kpi: str,
        target: Any,
        period: str,
        where: Mapping[str, Any] | None = None,
        what: str | None = None,
        why: str | None = None,
        split: str | None = None,
        owner_kind: str | None = None,
        by: str | None = None,
        shares: Mapping[str, Any] | None = None,
    ) -> Goal:
        """A goal: `kpi` (from the registry) reaching `target` over `period` (`2026-11`,
        `2026-Q4`, `2026`, `2026-W45`) for `owner` — a rep, a team (`owner_kind` says
        which when the data holds none) or `all` — optionally narrowed by `where`
        ({"category": "Bikes"}). `split` (quota, equal or manual) shares a team goal out
        across its reps as child goals, stored with it: by their quotas, equally, or by
        `shares` ({rep: target}, adding up to the target) for manual."""
        who, kind = check.owner(owner, owner_kind, self.members())
        measure = check.kpi_for(kpi, kind)
        if split is not None and (split not in SPLITS or kind == "rep"):
            raise UserError(
                f"`split` {split!r} is not a way to share a team goal out."
                if split not in SPLITS
                else f"{who} is a rep: only a team's goal is split.",
                fix="Give `split` quota, equal or manual, for a team's goal.",
                option="split",
            )
        values: dict[str, Any] = {
            "owner": who,
            "owner_kind": kind,
            "kpi": measure.name,
            "target": check.target(target, measure),
            "period": check.period(period, self.ws.settings),
            "where": check.where(measure, where),
        }
        children = None
        if split is not None:  # the reps' targets, worked out before anything is stored
            spec = self.ws.goal_spec(**{**values, "where": _pairs(values["where"])})
            manual = {r: check.target(v, measure, "share") for r, v in (shares or {}).items()}
            children = self.ws.split_targets(spec, split, manual or None)
            members = self.members()
            children = {
                check.member(rep, "share", "rep", members): check.target(value, measure, "share")
                for rep, value in children.items()
            }
        return goal_store.add_goal(
            self.db,
            check.by(by),
            children,
            **values,
            what=check.text(what, "what"),
            why=check.text(why, "why"),
            split=split,
            parent_id=None,
        )

    def add_child_goals(
        self,
        parent_id: int,
        targets: Mapping[str, Any],
        by: str | None = None,
        expect_version: int | None = None,
        how: str | None = None,
    ) -> list[Goal]:
        """A team goal split across its reps: {rep: target}, each stored as a child goal
        with the team goal's KPI, period and filters; with `expect_version`, a team goal
        at any other version is refused (`VersionConflict`); `how` (quota, equal or
        manual) is kept on the team goal as its `split` (a new version of it)."""
        parent = self.goal(parent_id)
        measure = check.kpi_for(parent.kpi, "rep")
        members = self.members()
        checked = {
            check.member(rep, "targets", "rep", members): check.target(value, measure, "targets")
            for rep, value in targets.items()
        }
        return goal_store.add_children(
            self.db, parent_id, checked, check.by(by), expect_version, how
        )

    def split_goal(
        self,
        goal_id: int,
        how: str,
        shares: Mapping[str, Any] | None = None,
        by: str | None = None,
        expect_version: int | None = None,
    ) -> list[Goal]:
        """Split a stored team goal (or everyone's) across its reps, as `add_goal`'s
        `split` does at the start: by their quotas, equally, or by `shares` ({rep:
        target}, adding up to the target) for manual. Its child goals; the team goal
        keeps `how` as its `split` (a new version, history action "split"); refused when
        it is a rep's goal, already split for a rep, or not at `expect_version`."""
        goal = self.goal(goal_id)
        if how not in SPLITS:
            raise UserError(
                f"`split` {how!r} is not a way to share a team goal out.",
                fix="Give `split` quota, equal or manual.",
                option="split",
            )
        if goal.owner_kind == "rep":
            raise UserError(
                f"Goal {goal_id} is a rep's goal ({goal.owner}): only a team's goal is split.",
                fix="Split a team's or the whole business's goal.",
                option="split",
            )
        measure = check.kpi_for(goal.kpi, goal.owner_kind)
        manual = {r: check.target(v, measure, "share") for r, v in (shares or {}).items()}
        targets = self.ws.split_targets(self.goal_spec(goal), how, manual or None)
        return self.add_child_goals(goal_id, targets, by, expect_version, how)

    def goals(self, owner: str | None = None, state: str | None = None) -> list[Goal]:
        """The goals, oldest first: all, `owner`'s, or those `state` open or closed."""
        if state is not None and state not in ("open", "closed"):
            raise UserError(
                f"`state` {state!r} is not open or closed.", fix="Give `state` open or closed."
            )
        return goal_store.goals(self.db, owner, state)

    def goal(self, goal_id: int) -> Goal:
        return goal_store.goal(self.db, goal_id)

    def children(self, goal_id: int) -> list[Goal]:
        """A team goal's child goals (its split across reps)."""
        return goal_store.goals(self.db, parent_id=goal_id)

    def update_goal(
        self,
        goal_id: int,
        changes: Mapping[str, Any],
        by: str | None = None,
        expect_version: int | None = None,
    ) -> Goal:
        """Change a goal's target, period, what or why (a team goal's new period is its
        open shares' too; a share's period is refused: it is the team goal's). Another
        process's change made meanwhile is kept (this one is applied over it); with
        `expect_version`, a goal at any other version is refused (`VersionConflict`)."""
        current = self.goal(goal_id)
        measure = check.kpi_for(current.kpi, "all")
        checked: dict[str, Any] = {}
        for field, value in changes.items():
            if field == "target":
                checked[field] = check.target(value, measure)
            elif field == "period":
                checked[field] = check.period(value, self.ws.settings)
            elif field in ("what", "why"):
                checked[field] = check.text(value, field)
            else:
                checked[field] = value  # refused by the store, naming what can change
        return goal_store.update_goal(self.db, goal_id, checked, check.by(by), expect_version)

    def close_goal(
        self, goal_id: int, by: str | None = None, expect_version: int | None = None
    ) -> Goal:
        return goal_store.close_goal(self.db, goal_id, check.by(by), expect_version)

    def goal_history(self, goal_id: int) -> list[Change]:
        """Every change to the goal and its steps, oldest first."""
        return goal_store.goal_history(self.db, goal_id)

    def add_step(
        self, goal_id: int, text: str, owner: str, due: Any = None, by: str | None = None
    ) -> Step:
        """An operational step towards a goal, for `owner`, due on `due`."""
        words = check.text(text, "text")
        if words is None:
            raise UserError("A step needs its text.", fix="Say what is to be done.")
        return goal_store.add_step(
            self.db,
            goal_id,
            words,
            check.name(owner, "owner"),
            check.day(due, "due"),
            check.by(by),
        )

    def step_done(self, step_id: int, by: str | None = None) -> Step:
        return goal_store.step_done(self.db, step_id, check.by(by))

    def steps(self, goal_id: int) -> list[Step]:
        return goal_store.steps(self.db, goal_id)

    def goal_steps(self, owner: str | None = None) -> list[tuple[Goal, Step]]:
        """The steps towards the open goals (with their goal), by goal then step: all,
        or those of `owner`'s goals and those `owner` takes (compared ignoring case)."""
        who = None if owner is None else owner.strip().lower()
        return [
            (goal, step)
            for goal in self.goals(state="open")
            for step in self.steps(goal.id)
            if who is None or who in (goal.owner.strip().lower(), step.owner.strip().lower())
        ]

    def plan_view(self, plan: Plan, as_of: Any = None) -> dict[str, Any]:
        """The plan as `Coaching.plan_view` shows it, and `steps`: the operational steps
        towards the rep's open goals and those the rep takes, done or not, each with
        its `goal` (id, KPI, period)."""
        view = super().plan_view(plan, as_of)
        view["steps"] = [
            {**step.as_dict(), "goal": f"{goal.id}: {goal.kpi} {goal.period}"}
            for goal, step in self.goal_steps(plan.rep)
        ]
        return view

    def goal_view(self, goal: Goal, detail: bool = True, as_of: Any = None) -> dict[str, Any]:
        """A goal as the faces show it: its stored values, its steps, its live progress
        as of `as_of` (default the end of the data: `goal_numbers`), its children (a team
        goal's split), and with `detail` its milestones and history."""
        view: dict[str, Any] = {
            "id": goal.id,
            "owner": goal.owner,
            "owner_kind": goal.owner_kind,
            "kpi": goal.kpi,
            "target": goal.target,
            "period": goal.period,
            "where": goal.where,
            "what": goal.what,
            "why": goal.why,
            "split": goal.split,
            "parent_id": goal.parent_id,
            "state": goal.state,
            "closed_at": goal.closed_at,
            "version": goal.version,
            "created_at": goal.created_at,
            "created_by": goal.created_by,
            "updated_at": goal.updated_at,
            "updated_by": goal.updated_by,
            "steps": [s.as_dict() for s in self.steps(goal.id)],
        }
        view.update(self.goal_numbers(goal, detail, as_of))
        if detail:
            view["history"] = [c.as_dict() for c in self.goal_history(goal.id)]
        return view

    def goal_spec(self, goal: Goal) -> GoalSpec:
        """A stored goal as the numbers read it (`salespulse.reports.goal_spec`)."""
        return self.ws.goal_spec(
            goal.owner, goal.kpi, goal.target, goal.period, _pairs(goal.where),
            goal.owner_kind, goal.id,
        )  # fmt: skip

    def goal_numbers(self, goal: Goal, detail: bool, as_of: Any = None) -> dict[str, Any]:
        """A goal's live progress — actual, achieved, expected, projection, status (and
        with `detail` its weekly milestones) — measured from the data through the query
        path; a team goal's children each with theirs and, for a sum, the roll-up Σ
        actual ÷ Σ target. A goal the data cannot measure yet (no data, a KPI whose
        table is not imported) keeps its stored values and says why in `progress_note`."""
        children = self.children(goal.id)
        try:
            spec = self.goal_spec(goal)
            if detail:
                numbers = self.ws.goal_numbers(spec, None, as_of)
            else:
                numbers = self.ws.goal_progress(spec, as_of).as_dict()
            kids = [self.ws.goal_progress(self.goal_spec(c), as_of) for c in children]
        except UserError as error:  # stored, but not measurable from this data
            return {"progress_note": str(error)}
        shown = {k: numbers[k] for k in PROGRESS if k in numbers}
        if detail:
            shown["milestones"] = numbers["milestones"]
        shown["children"] = [
            {"id": c.id, "version": c.version, "state": c.state, **k.as_dict()}
            for c, k in zip(children, kids, strict=True)
        ]
        if kids and kids[0].pace != "ratio":
            from salespulse.reports.goal_split import rollup

            shown["rollup"] = rollup(kids).as_dict()
        return shown


def _pairs(where: Mapping[str, Any] | None) -> list[tuple[str, Any]]:
    """A goal's stored filters ({dimension: [values]}) as (dimension, value) pairs."""
    pairs: list[tuple[str, Any]] = []
    for dimension, values in (where or {}).items():
        for value in values if isinstance(values, list | tuple) else [values]:
            pairs.append((dimension, value))
    return pairs
