"""The goals half of the numbers API: a goal's progress, its weekly milestones, a team
goal split across its reps, this week's focus list and a development plan's progress —
each computed live by the reports (`salespulse.reports.goal_progress`, `milestones`,
`goal_split`, `focus`, `plan_focus`) over an engine opened like every other number's
(`workspace_numbers.Numbers.engine`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salespulse.workspace_numbers import Numbers

if TYPE_CHECKING:
    from salespulse.insights.packet.week_focus import WeekFocus
    from salespulse.reports.focus import FocusList
    from salespulse.reports.goal_progress import GoalProgress
    from salespulse.reports.goal_spec import GoalSpec
    from salespulse.reports.goal_split import Rollup
    from salespulse.reports.milestones import Milestone
    from salespulse.reports.plan_focus import FocusProgress


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
            owner,
            owner_kind,  # type: ignore[arg-type]  # GoalSpec refuses any other kind
            kpi,
            target,
            period,
            tuple((str(k), str(v)) for k, v in pairs),
            id,
        )
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

    def goal_numbers(
        self,
        spec: GoalSpec,
        children: list[GoalSpec] | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> dict[str, Any]:
        """Everything `goals show` computes, over one engine: the goal's progress
        (`GoalProgress.as_dict()`: actual, achieved, expected, projection, status, ...),
        its `milestones` and, for a team goal with `children`, their roll-up
        (`children`: Σ actual, Σ target, achieved = Σ actual ÷ Σ target, and each
        child's progress; None without children). Values as Python types (dates as ISO
        text)."""
        from salespulse.engine.query import to_date
        from salespulse.reports.goal_progress import goal_progress
        from salespulse.reports.goal_split import rollup
        from salespulse.reports.milestones import milestones

        day = to_date(as_of, "as_of")
        with self.engine(backend, source, spark_master) as engine:
            progress = goal_progress(engine, spec, day)
            weeks = milestones(engine, spec, day)
            team = rollup([goal_progress(engine, c, day) for c in children]) if children else None
        return {
            **progress.as_dict(),
            "milestones": [m.as_dict() for m in weeks],
            "children": team.as_dict() if team is not None else None,
        }

    def split_targets(
        self,
        spec: GoalSpec,
        how: str = "quota",
        manual: dict[str, float] | None = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> dict[str, float]:
        """A team goal's target split across its reps (`how` quota, equal or manual),
        rep → target, adding up to the team's target exactly (a rate: each rep's is the
        team's)."""
        from salespulse.reports.goal_split import split_targets

        with self.engine(backend, source, spark_master) as engine:
            return split_targets(engine, spec, how, manual)

    def rollup(
        self,
        children: list[GoalSpec],
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> Rollup:
        """A team goal's progress from its reps' goals: Σ actual, Σ target and achieved
        = Σ actual ÷ Σ target (never a mean of percentages), with each child's progress."""
        from salespulse.engine.query import to_date
        from salespulse.reports.goal_progress import goal_progress
        from salespulse.reports.goal_split import rollup

        day = to_date(as_of, "as_of")
        with self.engine(backend, source, spark_master) as engine:
            return rollup([goal_progress(engine, child, day) for child in children])

    def focus(
        self,
        rep: str,
        week: str | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> FocusList:
        """What `rep` (an id, or a unique full name) should work first this week: open
        deals by expected contribution to the week (`week` a label such as 2025-W24 or
        "week of 2025-06-09"; default the week holding `as_of`, else the end of the
        data), leads not yet worked, or — with sale lines only — the customers to win
        back. A rep the workspace does not know is a `UserError` naming the known ones."""
        from salespulse.engine.query import to_date
        from salespulse.insights.core.evidence import evidence
        from salespulse.reports.focus import focus

        with evidence(self.on(backend, source, spark_master)) as ev:
            who = ev.rep(rep).rep
            window, day = focus_window(ev.engine, week, to_date(as_of, "as_of"), self.settings)
            return focus(ev.engine, who, window, day)

    def week_focus(
        self,
        rep: str,
        week: str | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> WeekFocus:
        """This week's focus for the one-on-one packet: the top `week_focus.TOP` items of
        each kind of `focus(...)`, with its notes (a plain record)."""
        from salespulse.insights.packet.week_focus import WeekFocus

        found = self.focus(
            rep, week, as_of, backend=backend, source=source, spark_master=spark_master
        )
        return WeekFocus.of(found)

    def plan_baseline(
        self,
        rep: str,
        kpi: str,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> float | None:
        """A focus KPI's value for `rep` when a plan is made: over the 90 days to `as_of`."""
        from salespulse.engine.query import to_date
        from salespulse.reports.plan_focus import baseline

        day = to_date(as_of, "as_of")
        with self.engine(backend, source, spark_master) as engine:
            return baseline(engine, rep, kpi, day)

    def plan_focus(
        self,
        rep: str,
        kpi: str,
        baseline: float | None,
        target: float,
        by: Any = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        spark_master: str | None = None,
    ) -> FocusProgress:
        """A plan's focus KPI now (the 90 days to `as_of`) against its baseline and
        target: progress = (current − baseline) ÷ (target − baseline)."""
        from salespulse.engine.query import to_date
        from salespulse.reports.plan_focus import plan_focus_progress

        day, by_date = to_date(as_of, "as_of"), to_date(by, "by")
        with self.engine(backend, source, spark_master) as engine:
            return plan_focus_progress(engine, rep, kpi, baseline, target, by_date, day)


def focus_window(engine: Any, week: str | None, day: Any, settings: Any) -> tuple[Any, Any]:
    """(the week a focus list is for, the day it is read as of): `week` (a label), else
    the week holding `day`, else the week holding the end of the data; the day is `day`,
    else the week's end or the end of the data, whichever comes first."""
    from salespulse.model.periods import Window
    from salespulse.reports.goal_progress import as_of_day

    if week is None:
        return Window.period(as_of_day(engine, day), "week", settings), day
    window = focus_week(week, settings)
    return window, day if day is not None else min(window.end, as_of_day(engine, None))


def week_focuses(engine: Any, reps: list[str], window: Any, day: Any) -> dict[str, WeekFocus]:
    """Each rep's focus for `window` as of `day` (rep ids), on one engine: what the
    digest shows."""
    from salespulse.insights.packet.week_focus import WeekFocus
    from salespulse.reports.focus import focus

    return {rep: WeekFocus.of(focus(engine, rep, window, day)) for rep in reps}


def focus_week(label: str, settings: Any) -> Any:
    """The week a focus list is for, from its label (any period label reads; a week is
    meant)."""
    from salespulse.errors import UserError
    from salespulse.model.periods import Window

    try:
        return Window.from_label(label, settings)
    except UserError:
        raise UserError(
            f"`week` {label!r} is not a week.",
            fix="Give an ISO week (2025-W24) or the week's first day (week of 2025-06-09).",
            option="week",
        ) from None
