"""Each planted story is visible in the raw tables with a plain pandas computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salespulse.demo import STORIES

from .common import AS_OF, WINDOW_START

Frames = dict[str, pd.DataFrame]
STORY = {s.key: s.rep for s in STORIES}
#: The last 12 and 6 complete months before as_of (2025-06-15).
LAST_12 = pd.period_range("2024-06", "2025-05", freq="M")
SIX_MONTHS_AGO = pd.Timestamp("2024-12-15")
DROP = pd.Timestamp("2025-02-15")


def ts(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series)


def peers(frames: Frames, rep: str) -> list[str]:
    """Ordinary, fully ramped reps of the same team."""
    reps = frames["reps"].set_index("rep")
    same = reps[(reps.team == reps.team[rep]) & (ts(reps.hire_date) < WINDOW_START)]
    return [r for r in same.index if r not in STORY.values()]


def closed_since(frames: Frames, start: pd.Timestamp) -> pd.DataFrame:
    deals = frames["deals"]
    return deals[deals.status.isin(["won", "lost"]) & (ts(deals.closed_at) >= start)]


def win_rate(deals: pd.DataFrame) -> float:
    return float((deals.status == "won").mean())


def monthly_revenue(frames: Frames) -> pd.DataFrame:
    sales = frames["sales"]
    month = ts(sales.date).dt.to_period("M")
    return sales.groupby([sales.rep, month]).amount.sum().unstack(fill_value=0.0)


def monthly_quota(frames: Frames) -> pd.DataFrame:
    q = frames["quotas"]
    return q.assign(month=pd.PeriodIndex(q.period, freq="M")).pivot(
        index="rep", columns="month", values="target"
    )


def z_score(mine: pd.DataFrame, team: pd.DataFrame) -> float:
    """Two-proportion z statistic of the win rates (negative: `mine` wins less often)."""
    p1, p2, n1, n2 = win_rate(mine), win_rate(team), len(mine), len(team)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    return float((p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)))


def cv(values: pd.Series) -> float:
    return float(values.std() / values.mean())


def test_activity_drop(frames: Frames) -> None:
    rep = STORY["activity_drop"]
    acts = frames["activities"]
    at = ts(acts["at"][acts.rep == rep])
    before = ((at >= WINDOW_START) & (at < DROP)).sum() / (DROP - WINDOW_START).days
    after = (at >= DROP).sum() / (pd.Timestamp(AS_OF) - DROP).days
    assert after < 0.5 * before  # activities down well over half (planted: ~60%)

    leads = frames["leads"][frames["leads"].rep == rep]
    worked = leads.lead_id.isin(acts.lead_id[acts.direction == "outbound"])
    recent = ts(leads.created_at) >= DROP
    assert worked[recent].mean() < 0.8 < 0.9 < worked[~recent].mean()

    deals = frames["deals"]
    mine = deals[deals.rep == rep]
    created = ts(mine.created_at)
    per_month_before = ((created >= WINDOW_START) & (created < "2025-02-01")).sum() / 19
    per_month_after = ((created >= "2025-03-01") & (created < "2025-06-01")).sum() / 3
    assert per_month_after < 0.6 * per_month_before
    won = mine[mine.status == "won"]
    closed = ts(won.closed_at)
    booked_before = won.amount[(closed >= WINDOW_START) & (closed < "2025-02-01")].sum() / 19
    booked_after = won.amount[(closed >= "2025-03-01") & (closed < "2025-06-01")].sum() / 3
    assert booked_after < 0.6 * booked_before

    # ... while win rate and deal size stay normal.
    year = closed_since(frames, pd.Timestamp("2024-06-15"))
    team = year[year.rep.isin(peers(frames, rep))]
    assert abs(z_score(year[year.rep == rep], team)) < 3
    size = year[(year.rep == rep) & (year.status == "won")].amount.mean()
    assert 0.7 < size / team[team.status == "won"].amount.mean() < 1.4


def test_poor_win_rate(frames: Frames) -> None:
    rep = STORY["poor_win_rate"]
    recent = closed_since(frames, SIX_MONTHS_AGO)
    mine, team = recent[recent.rep == rep], recent[recent.rep.isin(peers(frames, rep))]
    assert win_rate(mine) < 0.6 * win_rate(team)
    assert z_score(mine, team) < -2.5  # significant over six months
    # ... with a normal pipeline: as many deals closed and as much activity as peers.
    per_peer = len(team) / len(peers(frames, rep))
    assert 0.7 < len(mine) / per_peer < 1.4
    acts = frames["activities"]
    acts = acts[ts(acts["at"]) >= SIX_MONTHS_AGO]
    peer_acts = acts.rep.isin(peers(frames, rep)).sum() / len(peers(frames, rep))
    assert 0.7 < (acts.rep == rep).sum() / peer_acts < 1.4


def test_small_deals(frames: Frames) -> None:
    rep = STORY["small_deals"]
    recent = closed_since(frames, SIX_MONTHS_AGO)
    won = recent[recent.status == "won"]
    mine, team = won[won.rep == rep], won[won.rep.isin(peers(frames, rep))]
    assert len(mine) > 2 * len(team) / len(peers(frames, rep))
    assert mine.amount.mean() < 0.45 * team.amount.mean()
    assert mine.amount.median() < 0.45 * team.amount.median()
    rates = win_rate(recent[recent.rep == rep]) / win_rate(
        recent[recent.rep.isin(peers(frames, rep))]
    )
    assert 0.75 < rates < 1.3


def test_slow_inbound(frames: Frames) -> None:
    rep = STORY["slow_inbound"]
    leads, acts = frames["leads"], frames["activities"]
    inbound = leads[leads.inbound & (ts(leads.created_at) >= SIX_MONTHS_AGO)]
    outbound = acts[(acts.direction == "outbound") & acts.lead_id.notna()]
    first = ts(outbound.groupby("lead_id")["at"].min())
    minutes = (first.reindex(inbound.lead_id).values - ts(inbound.created_at).values) / (
        np.timedelta64(1, "m")
    )
    inbound = inbound.assign(minutes=minutes)
    mine, team = inbound[inbound.rep == rep], inbound[inbound.rep.isin(peers(frames, rep))]
    assert mine.minutes.median() > 180  # several hours
    assert team.minutes.median() < 30  # minutes
    assert (mine.minutes < 5).mean() < 0.05
    assert mine.minutes.isna().mean() > 0.2 > 0.1 > team.minutes.isna().mean()
    # Everything else ordinary: the win rate is not significantly different.
    year = closed_since(frames, pd.Timestamp("2024-06-15"))
    assert abs(z_score(year[year.rep == rep], year[year.rep.isin(peers(frames, rep))])) < 3


def test_steady_top(frames: Frames) -> None:
    rep = STORY["steady_top"]
    revenue = monthly_revenue(frames).reindex(columns=LAST_12)
    attainment = revenue.loc[rep] / monthly_quota(frames).loc[rep, LAST_12]
    assert (attainment >= 1.0).sum() >= 11 and attainment.min() > 0.9  # nearly every month
    assert attainment.between(1.05, 1.35).mean() >= 10 / 12
    assert 1.1 <= attainment.mean() <= 1.25
    team_cv = np.median([cv(revenue.loc[r]) for r in peers(frames, rep)])
    assert cv(revenue.loc[rep]) < 0.15 < 0.3 < team_cv


def test_spiky(frames: Frames) -> None:
    rep = STORY["spiky"]
    revenue = monthly_revenue(frames).reindex(columns=LAST_12)
    mine = revenue.loc[rep]
    team_cv = np.median([cv(revenue.loc[r]) for r in peers(frames, rep)])
    assert cv(mine) > 0.6 and cv(mine) > 1.4 * team_cv
    year = mine.sum() / monthly_quota(frames).loc[rep, LAST_12].sum()
    assert 0.8 < year < 1.2  # about on quota over a year
    changes = np.sign(np.diff(mine.to_numpy()))
    assert (changes[1:] != changes[:-1]).sum() >= 9  # big and near-empty months alternate
    big, small = np.sort(mine.to_numpy())[6:], np.sort(mine.to_numpy())[:6]
    assert big.mean() > 4 * small.mean()


def test_fast_ramp(frames: Frames) -> None:
    rep = STORY["fast_ramp"]
    reps = frames["reps"].set_index("rep")
    hired = ts(reps.hire_date)
    assert 4 <= (pd.Timestamp(AS_OF) - hired[rep]).days / 30.4 <= 6

    revenue = monthly_revenue(frames)
    quota = monthly_quota(frames)
    team_full = quota.loc[peers(frames, rep)].max()  # the team's unramped quota

    def ramp(r: str) -> np.ndarray:
        """Revenue in tenure months 1, 2, 3 as a share of the full quota."""
        months = pd.period_range(hired[r].to_period("M"), periods=3, freq="M")
        return (revenue.reindex(columns=months).fillna(0).loc[r] / team_full[months]).to_numpy()

    fast = ramp(rep)
    assert fast[2] >= 1.0  # at full quota in month 3
    typical = [
        r
        for r in reps.index
        if r not in STORY.values()
        and pd.Timestamp("2024-06-15") <= hired[r] <= pd.Timestamp("2024-12-15")
    ]
    assert len(typical) >= 2
    usual = np.mean([ramp(r) for r in typical], axis=0)
    assert usual.mean() < 0.6  # typical hires are far from it in their first months
    assert fast.sum() > 1.5 * usual.sum()


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.key)
def test_story_reps_are_ordinary_elsewhere(frames: Frames, story: object) -> None:
    """Every story rep works leads, has deals and sales: the data is complete for them."""
    rep = story.rep  # type: ignore[attr-defined]
    for table in ("leads", "activities", "deals", "sales", "quotas"):
        assert (frames[table].rep == rep).sum() > 0, table
