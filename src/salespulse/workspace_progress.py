"""The goals half of the numbers API: a goal's progress, its weekly milestones, a team
goal split across its reps, this week's focus list and a development plan's progress —
each computed live by the reports (`salespulse.reports.goal_progress`, `milestones`,
`goal_split`, `focus`, `plan_focus`) over an engine opened like every other number's
(`workspace_numbers.Numbers.engine`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salespulse.workspace_numbers import Numbers

if TYPE_CHECKING:
    from salespulse.reports.goal_progress import GoalProgress
    from salespulse.reports.goal_spec import GoalSpec
    from salespulse.reports.milestones import Milestone


class Progress(Numbers):
    """Goals, milestones, focus and plan progress over a workspace's numbers."""

    def goal_spec(
        self,
        owner: str,
        kpi: str,
        target: float,
        period: str,
        where: dict[str, Any] | list[tuple[str, Any]] | None = None,
        owner_kind: str | None = None,
        id: int | None = None,
    ) -> GoalSpec:
        """A checked goal: `owner` a rep id, a team name or "all" (`owner_kind` is found
        from the reps table when not given), a registry `kpi`, a `target` and a `period`
        label (2026-11, 2026-Q4, 2026, 2026-W45), `where` narrowing it ({"category":
        "Bikes"}; a list of pairs for several values of one dimension)."""
        from salespulse.reports.goal_spec import GoalSpec
        from salespulse.reports.members import owner_kind as kind_of

        pairs = list(where.items()) if isinstance(where, dict) else list(where or [])
        if owner_kind is None:
            with self.engine() as engine:
                owner_kind = kind_of(engine, owner)
        spec = GoalSpec(
            owner, owner_kind, kpi, target, period,  # type: ignore[arg-type]
            tuple((str(k), str(v)) for k, v in pairs), id,
        )  # fmt: skip
        spec.window(self.settings)
        return spec

    def goal_progress(
        self,
        spec: GoalSpec,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> GoalProgress:
        """The goal's actual, achieved, expected, projection and status as of `as_of`
        (default: the end of the data)."""
        from salespulse.engine.query import to_date
        from salespulse.reports.goal_progress import goal_progress

        day = to_date(as_of, "as_of")
        with self.engine(backend, source, spark_master) as engine:
            return goal_progress(engine, spec, day)

    def milestones(
        self,
        spec: GoalSpec,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> list[Milestone]:
        """The goal's weekly milestones: each week's target (adding up to the goal's),
        actual, status and the leading indicators it needs."""
        from salespulse.engine.query import to_date
        from salespulse.reports.milestones import milestones

        day = to_date(as_of, "as_of")
        with self.engine(backend, source, spark_master) as engine:
            return milestones(engine, spec, day)
