"""Development plans, one-on-ones and check-ins: the coaching part of the app half of
the Workspace API (`salespulse.workspace_app.AppData` is a `Coaching`). Values are
checked (`workspace_app_checks`) before the app database (`salespulse.appdb`) keeps them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from salespulse import workspace_app_checks as check
from salespulse.appdb import meetings
from salespulse.appdb import plans as plan_store
from salespulse.appdb.records import ActionItem, Change, CheckIn, Focus, Goal, OneOnOne, Plan
from salespulse.errors import UserError

if TYPE_CHECKING:
    from salespulse.appdb.connection import AppDB
    from salespulse.inventory import Members
    from salespulse.workspace_progress import Progress


class Coaching:
    """A rep's development plan, one-on-ones (with their action items) and check-ins."""

    ws: Progress
    db: AppDB

    def members(self) -> Members | None:
        raise NotImplementedError  # AppData's

    add_goal: Callable[..., Goal]  # AppData's

    # -- stretch goals kept ----------------------------------------------------------------
    def accept_stretch(
        self, rep: str, tier: Any = None, by: str | None = None, as_of: Any = None
    ) -> Goal:
        """Keep the stretch goal `coach stretch` proposes for `rep` as a goal: the tier at
        level `tier` (1.2 or "120%"; default the first), its target on the quotas' metric
        (else revenue, from the rep's trend on the sales lines) for the month it is for,
        with the proposal's words as `what` and its reasoning as `why`. Refused when
        there is no stretch goal for `rep`."""
        from salespulse.insights.coaching.stretch_views import proposed_goal, stretch_goals

        who = check.member(rep, "rep", "rep", self.members())
        found, trend = stretch_goals(self.ws, rep=who, as_of=as_of)
        goal = proposed_goal(who, found, trend, tier)
        if goal is None:
            raise UserError(
                f"There is no stretch goal for {who}: stretch goals are for reps at or above "
                "quota in most of the last six months, or with six months of sales to read "
                "a trend from.",
                fix="See who has one (salespulse coach stretch), or set a goal yourself "
                "(salespulse goals add).",
            )
        from salespulse.model.periods import Window

        month = Window.from_label(goal.period, self.ws.settings).start  # kept as 2027-01
        return self.add_goal(
            who, goal.kpi, goal.target, f"{month:%Y-%m}", what=goal.what, why=goal.why,
            owner_kind="rep", by=by,
        )  # fmt: skip

    # -- development plans ---------------------------------------------------------------
    def _focus(self, rep: str, items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Focus areas checked; a baseline not given is measured from the data (the KPI
        over the 90 days to `baseline_at`, default the end of the data: `ws.plan_baseline`'s
        number), once every value is checked."""
        out: list[dict[str, Any]] = []
        for item in items:
            measure = check.kpi_for(item.get("kpi"), "rep")
            baseline = item.get("baseline")
            out.append(
                {
                    "kpi": measure.name,
                    "target": check.target(item.get("target"), measure),
                    "by_date": check.day(item.get("by"), "by"),
                    "skill": check.text(item.get("skill"), "skill"),
                    "baseline": None if baseline is None else check.target(baseline, measure),
                    "baseline_at": check.day(item.get("baseline_at"), "baseline_at"),
                }
            )
        for values in out:
            if values["baseline"] is not None:
                values["baseline_at"] = values["baseline_at"] or check.today(self.ws.settings)
                continue
            try:
                kpi, target, day = values["kpi"], values["target"], values["baseline_at"]
                now = self.ws.plan_focus(rep, kpi, None, target, as_of=day)
            except UserError:  # not measurable from this data yet: `plan_view` says why
                continue
            values["baseline"], values["baseline_at"] = now.current, now.window.end
        return out

    def plan_view(self, plan: Plan, as_of: Any = None) -> dict[str, Any]:
        """A plan as the faces show it (`plans show --format json`): its stored values and
        actions, and each focus area measured from the data as of `as_of` (default the
        end of the data): `kpi`, `skill`, `baseline` (with `baseline_at`), `current` (the
        KPI over the 90 days to `as_of`, from `start` to `end`, resting on `n`),
        `target`, `by` and `progress` = (current − baseline) ÷ (target − baseline). A
        focus KPI the data cannot measure keeps its stored values and says why in
        `note`."""
        view = plan.as_dict()
        view["focus"] = [self._focus_view(plan.rep, f, as_of) for f in plan.focus]
        return view

    def _focus_view(self, rep: str, focus: Focus, as_of: Any) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": focus.id,
            "kpi": focus.kpi,
            "skill": focus.skill,
            "baseline": focus.baseline,
            "baseline_at": focus.baseline_at,
            "current": None,
            "target": focus.target,
            "by": focus.by_date,
            "progress": None,
        }
        try:
            measured = self.ws.plan_focus(
                rep, focus.kpi, focus.baseline, focus.target, focus.by_date, as_of
            )
        except UserError as error:  # stored, but not measurable from this data
            return {**item, "note": str(error)}
        found = measured.as_dict()
        del found["rep"]
        return {**item, **found, "by": focus.by_date}

    def _actions(self, items: Iterable[Mapping[str, Any]], owner: bool) -> list[dict[str, Any]]:
        out = []
        for item in items:
            words = check.text(item.get("text"), "text")
            if words is None:
                raise UserError("An action needs its text.", fix="Say what is to be done.")
            try:
                due = check.day(item.get("due"), "due")
            except UserError:  # named as the action's date, not as an option of its own
                raise UserError(
                    f"The due date {item.get('due')!r} of the action {words!r} is not a date.",
                    fix="Write it as YYYY-MM-DD, e.g. 2025-03-31.",
                ) from None
            action: dict[str, Any] = {"text": words, "due": due}
            if owner:
                action["owner"] = check.name(item.get("owner"), "owner")
            out.append(action)
        return out

    def add_plan(
        self,
        rep: str,
        focus: Iterable[Mapping[str, Any]],
        actions: Iterable[Mapping[str, Any]] = (),
        by: str | None = None,
    ) -> Plan:
        """A rep's development plan. Each focus area: {"kpi", "target", "by" (a date),
        "skill", and the "baseline" (with "baseline_at", default today) when known};
        each action: {"text", "due"}."""
        who = check.member(rep, "rep", "rep", self.members())
        return plan_store.add_plan(
            self.db, who, self._focus(who, focus), self._actions(actions, False), check.by(by)
        )

    def plan(self, rep: str) -> Plan:
        return plan_store.plan(self.db, check.name(rep, "rep"))

    def plans(self) -> list[Plan]:
        return plan_store.plans(self.db)

    def update_plan(
        self,
        rep: str,
        add_focus: Iterable[Mapping[str, Any]] = (),
        add_actions: Iterable[Mapping[str, Any]] = (),
        done_actions: Iterable[int] = (),
        by: str | None = None,
        expect_version: int | None = None,
        change_actions: Mapping[int, Mapping[str, Any]] | None = None,
        drop_actions: Iterable[int] = (),
        change_focus: Mapping[int, Mapping[str, Any]] | None = None,
        drop_focus: Iterable[int] = (),
    ) -> Plan:
        """Add focus areas or actions to a rep's plan, mark actions done (by their id),
        change an action ({id: {"text", "due"}}) or a focus area ({id: {"target", "by",
        "skill"}}, the KPI and baseline stay; the values given only), remove actions or
        focus areas (by their id), as one change; refused when not at `expect_version`
        (if given)."""
        who = check.name(rep, "rep")
        return plan_store.update_plan(
            self.db,
            who,
            check.by(by),
            add_focus=self._focus(who, add_focus),
            add_actions=self._actions(add_actions, False),
            done_actions=[int(a) for a in done_actions],
            expect_version=expect_version,
            change_actions={
                int(i): self._action_changes(v) for i, v in (change_actions or {}).items()
            },
            drop_actions=[int(a) for a in drop_actions],
            change_focus=self._focus_changes(who, change_focus or {}),
            drop_focus=[int(f) for f in drop_focus],
        )

    def _action_changes(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """An action's new text and due date: those given (a due date None: none)."""
        checked = self._actions([{"text": values.get("text", "-"), **values}], False)[0]
        return {k: checked[k] for k in ("text", "due") if k in values}

    def _focus_changes(
        self, rep: str, changes: Mapping[int, Mapping[str, Any]]
    ) -> dict[int, dict[str, Any]]:
        """A focus area's new target (checked against its KPI), date and skill."""
        if not changes:
            return {}
        kpi_of = {f.id: f.kpi for f in self.plan(rep).focus}
        out: dict[int, dict[str, Any]] = {}
        for focus_id, values in changes.items():
            kpi = kpi_of.get(int(focus_id))
            if kpi is None:
                raise UserError(
                    f"{rep}'s plan has no focus area {focus_id}.",
                    fix=f"Its focus areas and their numbers: salespulse plans show {rep}.",
                )
            found: dict[str, Any] = {}
            if "target" in values:
                found["target"] = check.target(values["target"], check.kpi_for(kpi, "rep"))
            if "by" in values:
                found["by_date"] = check.day(values["by"], "by")
            if "skill" in values:
                found["skill"] = check.text(values["skill"], "skill")
            out[int(focus_id)] = found
        return out

    def plan_history(self, rep: str) -> list[Change]:
        return plan_store.plan_history(self.db, check.name(rep, "rep"))

    # -- one-on-ones and check-ins -------------------------------------------------------
    def add_one_on_one(
        self,
        rep: str,
        date: Any = None,
        notes: str = "",
        confidence: Any = None,
        workload: Any = None,
        actions: Iterable[Mapping[str, Any]] = (),
        by: str | None = None,
    ) -> OneOnOne:
        """A one-on-one with `rep` on `date` (default today): Markdown `notes`, the rep's
        `confidence` and `workload` (1 to 5) and action items ({"text", "owner", "due"})."""
        return meetings.add_one_on_one(
            self.db,
            check.member(rep, "rep", "rep", self.members()),
            check.day(date, "date") or check.today(self.ws.settings),
            check.writable(str(notes or ""), "notes"),
            check.rating(confidence, "confidence"),
            check.rating(workload, "workload"),
            self._actions(actions, True),
            check.by(by),
        )

    def one_on_ones(self, rep: str | None = None) -> list[OneOnOne]:
        """`rep`'s one-on-ones (everyone's without `rep`), the latest first."""
        return meetings.one_on_ones(self.db, None if rep is None else check.name(rep, "rep"))

    def one_on_one(self, meeting_id: int) -> OneOnOne:
        return meetings.one_on_one(self.db, int(meeting_id))

    def update_one_on_one(
        self,
        meeting_id: int,
        changes: Mapping[str, Any],
        by: str | None = None,
        expect_version: int | None = None,
    ) -> OneOnOne:
        """Change a one-on-one's `notes` (Markdown), `confidence` or `workload` (1 to 5;
        None or "" clears a rating): the values given only. Refused when it is not at
        `expect_version` (if given), naming who changed it."""
        checked: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "notes":
                checked[name] = check.writable(str(value or ""), "notes")
            elif name in ("confidence", "workload"):
                checked[name] = check.rating(value, name)
            else:
                checked[name] = value  # refused by name in appdb.meetings
        return meetings.update_one_on_one(
            self.db, int(meeting_id), checked, check.by(by), expect_version
        )

    def action_done(self, action_id: int, by: str | None = None) -> ActionItem:
        return meetings.action_done(self.db, action_id, check.by(by))

    def check_in(
        self,
        rep: str,
        week: Any,
        confidence: Any = None,
        wins: str | None = None,
        blockers: str | None = None,
        by: str | None = None,
    ) -> CheckIn:
        """`rep`'s own check-in for `week` (`2026-W45`): confidence (1 to 5), wins and
        blockers. A second one for the same week changes the values it gives."""
        label, first = check.week(week, self.ws.settings)
        values = {
            "confidence": check.rating(confidence, "confidence"),
            "wins": check.text(wins, "wins"),
            "blockers": check.text(blockers, "blockers"),
        }
        who = check.member(rep, "rep", "rep", self.members())
        return meetings.check_in(self.db, who, label, first, values, check.by(by))[0]

    def check_ins(self, rep: str | None = None) -> list[CheckIn]:
        return meetings.check_ins(self.db, None if rep is None else check.name(rep, "rep"))

    def history(self, entity: str, ids: list[int]) -> list[Change]:
        """The history of one-on-ones, action items, check-ins, users or API tokens."""
        return meetings.changes_of(self.db, entity, ids)
