"""Properties every result keeps, whatever the data (hypothesis):

- bounds: proportions in [0, 1] inside their interval, durations ≥ 0, nothing infinite,
  and a value is empty exactly when its denominator is 0;
- a team's win rate is Σ won ÷ Σ closed over its reps (not a mean of rates), and so is
  its quota attainment (Σ actual ÷ Σ target);
- additive KPIs sum from rep to team to total, and every row lands in exactly one period;
- shuffling the rows or splitting the import in two changes nothing;
- adding a won deal never lowers a win rate.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salespulse import kpis
from salespulse.engine import Engine, make_query
from salespulse.kpis.display import is_empty
from tests.engine import generate

# Each example runs dozens of queries (~60 ms each, mostly Ibis compiling): few examples,
# many KPIs and shapes per example.
SETTINGS = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ADDITIVE = (
    "revenue",
    "units",
    "bookings",
    "deals_won",
    "deals_lost",
    "activities",
    "pipeline_open",
)
seeds = st.integers(0, 2**31)


def run(data: generate.Data, name: str, **params: Any) -> list[dict[str, Any]]:
    with Engine(generate.duckdb_source(data)) as engine:
        df = engine.run(make_query(name, **params))
    return df.astype(object).where(df.notna(), None).to_dict("records")  # type: ignore[no-any-return]


@st.composite
def deal_lists(draw: Any) -> list[dict[str, Any]]:
    rows = []
    for i in range(draw(st.integers(0, 25))):
        created = generate.START + timedelta(minutes=draw(st.integers(0, 120 * 1440)))
        status = draw(st.sampled_from(["open", "won", "lost"]))
        rows.append(
            {
                "deal_id": f"D{i}",
                "rep": draw(st.sampled_from(generate.SELLERS)),
                "created_at": created,
                "status": status,
                "closed_at": None
                if status == "open"
                else created + timedelta(minutes=draw(st.integers(0, 60 * 1440))),
                "amount": draw(st.one_of(st.none(), st.integers(0, 10_000).map(float))),
            }
        )
    return rows


def with_deals(deals: list[dict[str, Any]]) -> generate.Data:
    return {"reps": generate.reps(), "deals": deals}


@FEW
@given(seeds)
def test_bounds_hold_for_every_kpi(seed: int) -> None:
    data = generate.dataset(seed)
    with Engine(generate.duckdb_source(data)) as engine:
        for name, kpi in kpis.REGISTRY.items():
            grain = "month" if "month" in kpi.grains else kpi.grains[0]
            for params in ({}, {"by": ["rep"], "period": grain}):
                for row in engine.run(make_query(name, **params)).to_dict("records"):
                    for key in kpi.columns:
                        v = row[key]
                        assert is_empty(v) or math.isfinite(float(v)), (name, key, row)
                    value, den = row["value"], row["denominator"]
                    if kpi.kind in ("proportion", "ratio", "daily_rate") and not is_empty(den):
                        assert is_empty(value) == (float(den) == 0), (name, row)
                    if is_empty(value):
                        continue
                    if kpi.kind == "proportion" or name == "win_rate_value":
                        assert 0 <= value <= 1, (name, row)
                    if kpi.kind == "proportion":
                        assert row["ci_low"] <= value + 1e-12 and value <= row["ci_high"] + 1e-12
                    if kpi.unit in ("days", "minutes"):
                        assert value >= 0 and row["p90"] >= 0, (name, row)


def _by_team(rows: list[dict[str, Any]], num: str, den: str) -> dict[Any, tuple[float, float]]:
    out: dict[Any, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in rows:
        team = generate.TEAMS.get(r["rep"])
        out[team][0] += float(r[num])
        out[team][1] += float(r[den])
    return {k: (v[0], v[1]) for k, v in out.items()}


@SETTINGS
@given(deal_lists())
def test_team_win_rate_is_a_ratio_of_sums_over_its_reps(deals: list[dict[str, Any]]) -> None:
    data = with_deals(deals)
    reps = run(data, "win_rate", by=["rep"])
    teams = {r["team"]: r for r in run(data, "win_rate", by=["team"])}
    for team, (won, closed) in _by_team(reps, "numerator", "denominator").items():
        row = teams[team]
        assert (row["numerator"], row["denominator"]) == (won, closed)
        assert math.isclose(row["value"], won / closed)


@SETTINGS
@given(seeds)
def test_team_attainment_is_a_ratio_of_sums_over_its_reps(seed: int) -> None:
    data = generate.dataset(seed)
    reps = run(data, "quota_attainment", by=["rep"], period="month")
    teams = {
        (r["team"], r["period"]): r
        for r in run(data, "quota_attainment", by=["team"], period="month")
    }
    sums: dict[Any, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in reps:
        key = (generate.TEAMS[r["rep"]], r["period"])
        sums[key][0] += r["numerator"]
        sums[key][1] += r["denominator"]
    assert set(sums) == set(teams)
    for key, (actual, target) in sums.items():
        assert math.isclose(teams[key]["value"], actual / target, rel_tol=1e-9)


def _total(rows: list[dict[str, Any]], key: str) -> float:
    return sum(0.0 if is_empty(r[key]) else float(r[key]) for r in rows)


@FEW
@given(seeds)
def test_additive_kpis_sum_from_rep_to_team_to_total_and_over_periods(seed: int) -> None:
    data = generate.dataset(seed)
    with Engine(generate.duckdb_source(data)) as engine:
        for name in ADDITIVE:
            kpi = kpis.get(name)
            total = engine.run(make_query(name)).to_dict("records")[0]
            for params in ({"by": ["rep"]}, {"by": ["team"]}, {"by": ["rep", "team"]}):
                rows = engine.run(make_query(name, **params)).to_dict("records")
                assert math.isclose(_total(rows, "value"), _total([total], "value"), abs_tol=1e-6)
                assert _total(rows, "n") == total["n"]
            for grain in kpi.grains:
                rows = engine.run(make_query(name, period=grain)).to_dict("records")
                assert _total(rows, "n") == total["n"], (name, grain)
                assert len({r.get("period") for r in rows}) == len(rows)


def _load_split(data: generate.Data, seed: int) -> Any:
    """The same rows, shuffled and brought in by two imports."""
    import ibis

    from salespulse.engine.sources import from_duckdb
    from salespulse.model.contract import TABLES
    from salespulse.store import quote, table_ddl
    from tests.golden.data import rows_for

    rng = random.Random(seed)
    con = ibis.duckdb.connect()
    for name, records in data.items():
        table = TABLES[name]
        con.con.execute(table_ddl(table))
        rows = rows_for(name, records)
        rng.shuffle(rows)
        half = len(rows) // 2
        cols = ", ".join([quote(c.name) for c in table.stored] + ["_import_id"])
        marks = ", ".join("?" for _ in range(len(table.stored) + 1))
        for import_id, part in ((1, rows[:half]), (2, rows[half:])):
            if part:
                con.con.executemany(
                    f"INSERT INTO {quote(name)} ({cols}) VALUES ({marks})",
                    [(*r, import_id) for r in part],
                )
    return from_duckdb(con, "split", close=True)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seeds)
def test_shuffling_or_splitting_the_import_changes_nothing(seed: int) -> None:
    data = generate.dataset(seed)
    with Engine(generate.duckdb_source(data)) as plain, Engine(_load_split(data, seed)) as split:
        for name, kpi in kpis.REGISTRY.items():
            params = {"by": ["rep"], "period": "month" if "month" in kpi.grains else "all"}
            a = plain.run(make_query(name, **params))
            b = split.run(make_query(name, **params))
            assert a.equals(b) or a.fillna(-1).round(9).equals(b.fillna(-1).round(9)), name


@SETTINGS
@given(
    deal_lists(),
    st.sampled_from(generate.SELLERS),
    st.integers(0, 120 * 1440),
    st.integers(0, 10_000),
)
def test_adding_a_won_deal_never_lowers_a_win_rate(
    deals: list[dict[str, Any]], rep: str, minute: int, amount: int
) -> None:
    closed = generate.START + timedelta(minutes=minute)
    won = {
        "deal_id": "NEW",
        "rep": rep,
        "created_at": closed - timedelta(days=3),
        "status": "won",
        "closed_at": closed,
        "amount": float(amount),
    }
    before, after = with_deals(deals), with_deals([*deals, won])
    month = datetime(closed.year, closed.month, 1).date()
    for params, pick in (
        ({}, lambda r: True),
        ({"by": ["rep"]}, lambda r: r["rep"] == rep),
        ({"period": "month"}, lambda r: r["period"] == month),
        ({"by": ["team"], "period": "week"}, lambda r: True),
    ):
        old = {
            tuple(v for k, v in r.items() if k in ("rep", "team", "period")): r["value"]
            for r in run(before, "win_rate", **params)
            if pick(r)
        }
        new = {
            tuple(v for k, v in r.items() if k in ("rep", "team", "period")): r["value"]
            for r in run(after, "win_rate", **params)
            if pick(r)
        }
        for key, value in old.items():
            if not is_empty(value):
                assert new[key] >= value - 1e-12, (params, key)
