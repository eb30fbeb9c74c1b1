"""The plan of a block: per rep and month, how many deals close, how often they are won,
how big they are, how many leads arrive, and the quota — with seasonality, ramping new
hires and the planted stories."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salespulse.demo.org import BlockOrg
from salespulse.demo.stories import LINE_STORY_REPS, POSITIONS, drop_day
from salespulse.demo.timeline import SPD, Arr, Timeline

#: Deals closed (won + lost) per rep and month at full productivity.
BASE_CLOSED = 15.0
BASE_WIN = 0.33
#: Median target amount of a deal (lognormal) and its spread.
SIZE_MEDIAN = 11_000.0
SIZE_SIGMA = 0.45
#: Order lines round quantities to whole units, so a won deal books a little more than its
#: target (measured over many deals).
LINE_OVERSHOOT = 1.005
#: Mean booked amount of an ordinary rep's won deal.
MEAN_WON_AMOUNT = SIZE_MEDIAN * float(np.exp(SIZE_SIGMA**2 / 2)) * LINE_OVERSHOOT
#: Quotas are set so that an average rep lands at this attainment.
PLANNED_ATTAINMENT = 1.0
#: Deal closes by calendar month (Jan..Dec): quarter ends and Q4 strong, a summer dip.
SEASON = np.array([0.85, 0.9, 1.15, 0.9, 0.95, 1.15, 0.8, 0.75, 1.1, 1.0, 1.1, 1.3])
#: Leads and activities by calendar month: quieter in summer and late December.
ACTIVITY_SEASON = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.85, 0.8, 1.0, 1.05, 1.0, 0.85])
TEAM_FACTOR = np.array([1.0, 0.92, 1.08])
#: Yearly growth of quotas and productivity (a step each January).
GROWTH = 1.06
#: Productivity by tenure month (1 = hire month) for a typical hire, and for the fast one.
RAMP = np.array([0.05, 0.2, 0.4, 0.6, 0.8, 1.0])
FAST_RAMP = np.array([0.4, 0.8, 1.15, 1.12, 1.12, 1.12])
#: Quota by tenure month while ramping (then 100%).
QUOTA_RAMP = np.array([0.25, 0.5, 0.75, 1.0])
INBOUND_LEADS = 11.0
OUTBOUND_LEADS = 17.0
#: Share of lost deals dropping out at Prospecting, Qualification, Proposal, Negotiation.
LOST_AT = np.array([0.3, 0.3, 0.25, 0.15])
LOST_AT_LATE = np.array([0.08, 0.17, 0.4, 0.35])


def _ramp(tenure: Arr, table: Arr) -> Arr:
    index = np.clip(tenure, 1, table.size) - 1
    return np.where(tenure >= 1, table[index], 0.0)


@dataclass(frozen=True)
class Plan:
    tl: Timeline
    org: BlockOrg
    #: [rep, month] tenure month (1 = hire month; 0 or less before the hire).
    tenure: Arr
    #: [rep, month] expected deals closed.
    closed_rate: Arr
    #: [rep, month] bookings target of the reps whose wins are planned exactly (the steady,
    #: spiky and fast-ramping story reps; NaN for the others, whose wins are drawn).
    steady_target: Arr
    #: [rep, month] the quota (NaN where there is none), and the unramped quota.
    quota: Arr
    full_quota: Arr
    #: [rep, month] expected new leads (inbound, outbound) that do not become deals.
    inbound_rate: Arr
    outbound_rate: Arr
    #: Per rep.
    win_prob: Arr
    size_median: Arr
    lost_at: Arr
    speed_median_s: Arr
    inbound_work_prob: Arr
    probability_bias: Arr
    #: First business second of each rep's employment (or of the lead-in).
    start_b: Arr
    #: The activity-drop rep and the business second its drop starts.
    drop_rep: int
    drop_b: int
    slow_rep: int


def make_plan(tl: Timeline, org: BlockOrg, rng: np.random.Generator) -> Plan:
    n_reps, n_months = org.n_reps, tl.n_months
    month_abs = tl.months.astype(np.int64)
    hire_month = org.hire_day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    tenure = month_abs[None, :] - hire_month[:, None] + 1
    moy = month_abs % 12
    year = month_abs // 12
    growth = GROWTH ** (year - year[tl.first_hist]).astype(float)
    team_f = TEAM_FACTOR[org.team]
    hist = (np.arange(n_months) >= tl.first_hist) & (np.arange(n_months) <= tl.as_of_month)

    skill = rng.uniform(0.87, 1.08, n_reps)
    win = BASE_WIN * rng.uniform(0.93, 1.07, n_reps)
    size = SIZE_MEDIAN * rng.uniform(0.92, 1.08, n_reps)
    lost_at = np.tile(LOST_AT, (n_reps, 1))
    speed = rng.uniform(6, 16, n_reps) * 60
    work = rng.uniform(0.9, 0.97, n_reps)
    bias = rng.uniform(0.9, 1.2, n_reps)
    outbound = OUTBOUND_LEADS * rng.uniform(0.85, 1.15, n_reps)
    inbound = INBOUND_LEADS * team_f * rng.uniform(0.9, 1.1, n_reps)

    closes = np.arange(n_months) >= tl.first_hist

    full_quota = (BASE_CLOSED * BASE_WIN * MEAN_WON_AMOUNT / PLANNED_ATTAINMENT) * (
        team_f[:, None] * growth[None, :]
    )
    quota = np.round(full_quota * _ramp(tenure, QUOTA_RAMP) / 500) * 500
    quota = np.where(hist[None, :] & (tenure >= 1), quota, np.nan)
    steady = np.full((n_reps, n_months), np.nan)
    out_mult = np.ones((n_reps, n_months))

    # The story reps are ordinary (the baseline) except for their story.
    for key in POSITIONS:
        if key in LINE_STORY_REPS:
            continue
        r = POSITIONS[key]
        skill[r], win[r], size[r], speed[r], work[r] = 1.0, BASE_WIN, SIZE_MEDIAN, 600.0, 0.94

    ramp = _ramp(tenure, RAMP)
    prod = (skill * team_f)[:, None] * ramp * SEASON[moy][None, :] * growth[None, :]

    # Steady, fast-ramping and spiky reps win exactly their monthly target (their `prod` is
    # not used); their losses follow from their win rate.
    r = POSITIONS["steady_top"]
    win[r] = 0.36
    steady[r] = full_quota[r] * rng.uniform(1.14, 1.2, n_months)

    r = POSITIONS["fast_ramp"]
    steady[r] = full_quota[r] * _ramp(tenure[r], FAST_RAMP) * rng.uniform(0.96, 1.06, n_months)
    out_mult[r] = np.clip(_ramp(tenure[r], FAST_RAMP), 0.3, 1.0)

    r = POSITIONS["poor_win_rate"]
    win[r] = 0.12
    lost_at[r] = LOST_AT_LATE

    r = POSITIONS["small_deals"]
    prod[r] *= 3.0
    size[r] = SIZE_MEDIAN * 0.3
    out_mult[r] = 1.6

    r = POSITIONS["spiky"]
    big = (tl.as_of_month - np.arange(n_months)) % 2 == 1
    steady[r] = quota[r] * np.where(big, 1.9, 0.1) * rng.uniform(0.92, 1.08, n_months)

    r = POSITIONS["slow_inbound"]
    speed[r] = 5 * 3600
    work[r] = 0.4

    r = POSITIONS["activity_drop"]
    drop_b = int(tl.day_to_b(np.array([np.datetime64(drop_day(tl.as_of), "D").astype(int)]))[0])
    drop_month = int(tl.month_of_b(np.array([drop_b]))[0])
    prod[r, drop_month + 1 :] *= 0.35
    out_mult[r, drop_month + 1 :] = 0.5

    closed_rate = np.where(closes[None, :], BASE_CLOSED * prod, 0.0)
    steady = np.where(closes[None, :] & (tenure >= 1), steady, np.nan)
    lead_ramp = np.where(tenure >= 1, np.clip(ramp + 0.4, 0.0, 1.0), 0.0)
    upto = np.arange(n_months) <= tl.as_of_month
    season = ACTIVITY_SEASON[moy][None, :] * upto[None, :]
    hire_b = tl.day_to_b(org.hire_day)
    return Plan(
        tl=tl,
        org=org,
        tenure=tenure,
        closed_rate=closed_rate,
        steady_target=steady,
        quota=quota,
        full_quota=full_quota,
        inbound_rate=inbound[:, None] * lead_ramp * season,
        outbound_rate=outbound[:, None] * lead_ramp * season * out_mult * growth[None, :],
        win_prob=win,
        size_median=size,
        lost_at=lost_at,
        speed_median_s=speed,
        inbound_work_prob=work,
        probability_bias=bias,
        start_b=np.where(hire_b > 0, hire_b + SPD // 4, 0),
        drop_rep=POSITIONS["activity_drop"],
        drop_b=drop_b,
        slow_rep=POSITIONS["slow_inbound"],
    )
