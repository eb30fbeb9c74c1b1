"""The figures every insight is built from, read once per command: KPI results from the
engine (cached, one connection), the roster of reps, the end of the data, and the few
deal-level rows a KPI total cannot give (won deal amounts and cycles for a noise test,
open deals for the risk list).

Functions in `salespulse.insights` take a `Readable` (a `salespulse.Workspace`, or
anything that opens a `Source` and holds the settings) or an `Evidence`; passing the same
`Evidence` to several of them reuses its connection and its cached results. The insights
import no Workspace: the caller hands them what they read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from salespulse.engine.data_end import data_end
from salespulse.errors import MissingTable, UserError
from salespulse.model.calendar import day_of

if TYPE_CHECKING:
    import pandas as pd

    from salespulse.engine.core import Engine
    from salespulse.model.settings import Settings

T = TypeVar("T")

#: Months after the hire month before a rep counts as ramped (a benchmark peer).
RAMP_MONTHS = 6


@dataclass(frozen=True)
class Rep:
    """A rep as the roster knows them (name = id when there is no reps table)."""

    rep: str
    name: str
    team: str | None = None
    manager: str | None = None
    hire_date: date | None = None

    def tenure_months(self, on: date) -> int | None:
        """Calendar months from the hire month to `on`'s month (the hire month is 1)."""
        if self.hire_date is None:
            return None
        return (on.year - self.hire_date.year) * 12 + on.month - self.hire_date.month + 1

    def tenure_years(self, on: date) -> float | None:
        if self.hire_date is None:
            return None
        return (on - self.hire_date).days / 365.25

    def ramped_by(self, day: date) -> bool:
        """True when the rep was hired at least RAMP_MONTHS full months before `day`
        (or the hire date is unknown)."""
        months = self.tenure_months(day)
        return months is None or months > RAMP_MONTHS

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "name": self.name,
            "team": self.team,
            "manager": self.manager,
            "hire_date": self.hire_date.isoformat() if self.hire_date else None,
        }


class Readable(Protocol):
    """What the insights read from: a `salespulse.Workspace`, or anything that opens an
    `Engine` (over the workspace's DuckDB file, with its query caches) and holds the
    settings."""

    @property
    def settings(self) -> Settings: ...

    def engine(self) -> Engine: ...


#: The tables whose reps join the roster when the reps table does not list them.
SEEN_ON = ("deals", "sales", "activities", "leads")


class Evidence:
    """A read-only view of a workspace for the insights (close it, or use `evidence()`)."""

    def __init__(self, data: Readable) -> None:
        self.settings = data.settings
        self.currency = data.settings.currency
        self.engine = data.engine()
        self._cache: dict[Any, pd.DataFrame] = {}
        self._memo: dict[Any, Any] = {}
        self._roster: dict[str, Rep] | None = None
        self._end: date | None = None

    def close(self) -> None:
        self.engine.close()

    # -- tables ---------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return self.engine.source.has(name)

    def require(self, name: str, needed_for: str) -> None:
        if not self.has(name):
            raise MissingTable(name, needed_for)

    def table(self, name: str, needed_for: str = "This insight") -> Any:
        """The contract table `name` as an Ibis table, normalised like the engine reads it."""
        from salespulse.engine.sources import normalize

        raw = self.engine.source.raw(name)
        if raw is None:
            raise MissingTable(name, needed_for)
        return normalize(raw, name, self.settings, self.engine.source.label)

    def rows(
        self,
        name: str,
        build: Callable[[Any], Any],
        *,
        kpi: str = "revenue",
        start: date | None = None,
        end: date | None = None,
        as_of: date | None = None,
    ) -> list[dict[str, Any]]:
        """The rows of a read besides the KPIs, as dicts (`Engine.rows`: compiled once per
        name and shape, and kept). `build(ctx)` makes its Ibis table in the engine's
        `Context` for `kpi` over `start`..`end` up to `as_of`: it reads the tables and
        relations as the KPIs do (`ctx.table`, `ctx.relation`) and the window through
        `ctx.in_range` / `ctx.bound`, whose values are bound, never pasted."""
        from salespulse.engine.query import make_query

        query = make_query(kpi, start=start, end=end, as_of=as_of)
        return self.engine.rows(name, query, build)

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()`, once per key for the life of this Evidence."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    # -- KPIs -----------------------------------------------------------------------------
    def kpi(
        self,
        name: str,
        by: tuple[str, ...] | list[str] = ("rep",),
        period: str = "all",
        start: date | None = None,
        end: date | None = None,
        where: dict[str, Any] | None = None,
        as_of: date | None = None,
    ) -> pd.DataFrame:
        """A KPI result (cached): the engine's output contract, unchanged."""
        frozen_where = tuple(
            sorted(
                (k, tuple(sorted(v)) if isinstance(v, list | tuple | set | frozenset) else (v,))
                for k, v in (where or {}).items()
            )
        )
        key = (name, tuple(by), period, start, end, frozen_where, as_of)
        if key not in self._cache:
            self._cache[key] = self.engine.kpi(
                name,
                by=list(by),
                period=period,
                start=start,
                end=end,
                where={k: list(v) for k, v in frozen_where} or None,
                as_of=as_of,
            )
        return self._cache[key]

    def by_rep(self, name: str, start: date, end: date, **params: Any) -> dict[str, Any]:
        """A KPI over `start`..`end` as {rep: row (a dict)}."""
        df = self.kpi(name, by=("rep",), start=start, end=end, **params)
        return {str(r["rep"]): r for r in records(df)}

    # -- roster and time ------------------------------------------------------------------
    @property
    def roster(self) -> dict[str, Rep]:
        """Every rep, by id: from the reps table, else the reps seen on deals and sales."""
        if self._roster is None:
            self._roster = self._read_roster()
        return self._roster

    def _read_roster(self) -> dict[str, Rep]:
        """The reps table's reps, then those only seen on the data: two small reads,
        compiled once and kept (`Engine.read`), so a later process builds no Ibis here."""
        from salespulse.engine.sources import normalize

        engine = self.engine

        def table(name: str) -> Any:
            raw = engine.source.raw(name)
            return None if raw is None else normalize(raw, name, self.settings, engine.source.label)

        def listed() -> Any:
            t = table("reps")
            if t is None:
                return None
            return t.group_by(t.rep).aggregate(
                name=t.name.max(), team=t.team.max(), manager=t.manager.max(),
                hire_date=t.hire_date.min(),
            )  # fmt: skip

        def seen() -> Any:
            parts = [
                t.select(rep=t.rep.cast("string")) for n in SEEN_ON if (t := table(n)) is not None
            ]
            if not parts:
                return None
            return parts[0].union(*parts[1:], distinct=True) if parts[1:] else parts[0].distinct()

        out: dict[str, Rep] = {}
        for r in engine.read("roster", ("reps",), listed):
            rep = str(r["rep"])
            out[rep] = Rep(
                rep,
                str(r["name"]) if r["name"] else rep,
                r["team"] or None,
                r["manager"] or None,
                day_of(r["hire_date"]),
            )
        for r in engine.read("roster_seen", SEEN_ON, seen):
            rep = r["rep"]
            if isinstance(rep, str) and rep and rep not in out:
                out[rep] = Rep(rep, rep)
        return dict(sorted(out.items()))

    def rep(self, rep: str) -> Rep:
        """The roster entry for `rep` (by id, or by a unique name); UserError otherwise."""
        if rep in self.roster:
            return self.roster[rep]
        named = [r for r in self.roster.values() if r.name.lower() == rep.strip().lower()]
        if len(named) == 1:
            return named[0]
        if not self.roster:
            raise UserError(
                f"There is no rep {rep!r}: this workspace has no reps (no reps table, and no "
                "rep on its sale lines or deals).",
                fix="Import a reps table, or the sale lines with their salesperson column "
                "mapped onto rep (docs/importing.md).",
            )
        known = ", ".join(list(self.roster)[:8]) + (" …" if len(self.roster) > 8 else "")
        raise UserError(
            f"There is no rep {rep!r} in this workspace.",
            fix=f"Use a rep id from {'the reps table' if self.has('reps') else 'the data'} "
            f"({known}).",
        )

    def team_reps(self, team: str) -> list[Rep]:
        members = [r for r in self.roster.values() if (r.team or "").lower() == team.lower()]
        if not members:
            teams = sorted({r.team for r in self.roster.values() if r.team})
            raise UserError(
                f"There is no team {team!r}.",
                fix="Teams: " + (", ".join(teams) if teams else "none (no reps table)") + ".",
            )
        return members

    @property
    def data_end(self) -> date:
        """The last day with a sale, a deal created or closed, a lead or an activity."""
        if self._end is None:
            last = data_end(self.engine)
            if last is None:
                raise UserError(
                    "This workspace has no sales, deals, leads or activities yet.",
                    fix="Import some with: salespulse import deals FILE (or try salespulse demo).",
                )
            self._end = last
        return self._end

    def as_of(self, value: Any = None) -> date:
        """The as-of day: the one given, else the end of the data."""
        from salespulse.insights.core.windows import to_date

        return to_date(value, "as_of") or self.data_end


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A result's rows as dicts, empty values as None (never NaN or pd.NA)."""
    return [
        {str(k): (None if _empty(v) else v) for k, v in row.items()}
        for row in df.to_dict("records")
    ]


def _empty(value: Any) -> bool:
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):
        return True


@contextmanager
def evidence(target: Readable | Evidence) -> Iterator[Evidence]:
    """An `Evidence` for a workspace (closed afterwards), or the one given (left open)."""
    if isinstance(target, Evidence):
        yield target
        return
    ev = Evidence(target)
    try:
        yield ev
    finally:
        ev.close()
