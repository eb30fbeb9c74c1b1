"""The planted stories: one rep per block with a pattern the analytics must find, and two
product-line stories in every block's sales lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salespulse.demo.org import REPS_PER_BLOCK, person, rep_id


@dataclass(frozen=True)
class Story:
    """A planted pattern.

    `key` names the pattern, `rep` is the rep's id (as in every table), `name` the rep's
    display name, `summary` what was planted, `evidence` which KPI shows it and by roughly
    how much.
    """

    key: str
    rep: str
    name: str
    summary: str
    evidence: str


#: Position of each story's rep within a block (0..23; 8 reps per team, team by team).
POSITIONS: dict[str, int] = {
    "steady_top": 0,
    "activity_drop": 3,
    "poor_win_rate": 9,
    "spiky": 12,
    "fast_ramp": 14,
    "small_deals": 17,
    "slow_inbound": 20,
    "mix_shift": 1,
}
#: Stories planted in the sales lines alone: the plan treats their reps as ordinary (their
#: skill, win rate and deal size are their own), only their lines change.
LINE_STORY_REPS = ("mix_shift",)

_TEXT: dict[str, tuple[str, str]] = {
    "activity_drop": (
        "Activity fell by more than half over the last four months: fewer leads worked, "
        "fewer deals created, so bookings fell; win rate and deal size stayed normal.",
        "activities per month over the last 4 months about 0.4x the rep's earlier rate "
        "(peers flat or up); lead_work_rate ~97% -> ~65%; deals created per month and "
        "bookings in the last 3 full months about 0.2-0.4x the rep's earlier level; "
        "win_rate and avg_deal_size in line with the team.",
    ),
    "poor_win_rate": (
        "Normal activity and pipeline, but wins far less often than the team, losing "
        "mostly late (Proposal, Negotiation) to price and competitors.",
        "win_rate ~12% vs the team's ~31% (significant over the last 6 months); deals "
        "closed and activities per month normal; stage_conversion Negotiation -> Closed Won "
        "~25% vs ~70%; quota_attainment ~30-40%.",
    ),
    "small_deals": (
        "Wins many deals, but small ones.",
        "deals_won per month about 3x a teammate's; avg_deal_size about 0.3x the team's "
        "(~3.5k vs ~12k); win_rate normal; quota_attainment a little below the team "
        "(~85%).",
    ),
    "slow_inbound": (
        "Slow to answer inbound leads and leaves many untouched; everything else ordinary.",
        "speed_to_lead_minutes median several hours (~5-10 h, team ~10-20 minutes); almost "
        "none within 5 minutes (team ~15-25%); ~30% of inbound leads never touched (team "
        "under 10%); win rate, deal size and attainment ordinary.",
    ),
    "steady_top": (
        "Steady top performer: above quota every month with little variation.",
        "quota_attainment 105-125% in (nearly) every month, ~117% over a year; "
        "consistency (CV of monthly revenue) under 0.1 vs 0.3-0.7 for the team; share of "
        "months at quota ~100%.",
    ),
    "spiky": (
        "Spiky performer: big months alternate with near-empty ones, about on quota over a year.",
        "consistency: CV of monthly revenue ~0.9 (team ~0.3-0.7); months alternate ~185% "
        "and ~15% of quota (the last complete month is a big one); quota_attainment over "
        "12 months ~95-105%.",
    ),
    "fast_ramp": (
        "Fast-ramping new hire: hired five months before as_of, at full quota from month 3 "
        "where a typical hire needs about six.",
        "revenue by tenure month as a share of the full (unramped) quota: ~0.4, ~0.8, "
        "~1.15, then ~1.1 (typical hires ~0.05, 0.2, 0.4, 0.6, 0.8, 1.0); "
        "quota_attainment of the ramped quota (25/50/75/100%) ~140-160% in months 1-3.",
    ),
    "mix_shift": (
        "Revenue fell over the last three months because of the mix: the same number of "
        "units, but cheaper products (each at its usual price).",
        "units per month flat against the three months before; revenue and average selling "
        "price about 30% lower; the revenue bridge by product puts the fall in mix, with "
        "volume and price near zero; deals won about as before, avg_deal_size ~35% lower.",
    ),
}

KEYS: tuple[str, ...] = tuple(_TEXT)


def stories_for(scale: int = 1) -> list[Story]:
    """The planted rep stories of every block at `scale` (eight per block)."""
    out = []
    for block in range(scale):
        for key in KEYS:
            position = POSITIONS[key]
            name = person(block * (REPS_PER_BLOCK + 3) + position)[0]
            summary, evidence = _TEXT[key]
            out.append(Story(key, rep_id(block, position), name, summary, evidence))
    return out


#: The planted rep stories at scale 1 (block 0). Larger scales repeat them in every block at
#: the same positions: see `stories_for`.
STORIES: list[Story] = stories_for(1)


def drop_day(as_of: date) -> date:
    """First day of the activity drop: four months before as_of."""
    month = as_of.month - 4
    year = as_of.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(as_of.day, 28)
    return date(year, month, day)


#: Months before the as_of month (1 = the last complete month) in which the sales-line
#: stories play. The mix rep trades down in MIX_MONTHS (and the partial as_of month) and
#: keeps the monthly units of MIX_BASE_MONTHS; Seats drops in DROP_MONTHS (and the partial
#: as_of month); Services has its one bad month in NOISE_MONTH.
MIX_MONTHS = (3, 2, 1)
MIX_BASE_MONTHS = (6, 5, 4)
DROP_MONTHS = (4, 3, 2, 1)
NOISE_MONTH = 1


#: The product line with the real drop and the one with the noise month.
DROP_LINE = "Seats"
NOISE_LINE = "Services"


@dataclass(frozen=True)
class ProductStory:
    """A planted pattern in a product line (a category) of every block's sales lines:
    `months` (complete months before as_of: 1 = the last) where it plays."""

    key: str
    category: str
    months: tuple[int, ...]
    summary: str
    evidence: str


PRODUCT_STORIES: list[ProductStory] = [
    ProductStory(
        "real_drop",
        DROP_LINE,
        DROP_MONTHS,
        "A real, sustained drop: over the last four complete months (and the current one) "
        "deals carry far fewer user seats; reps sell sensor nodes (now and then a connector) "
        "instead, so their own revenue holds.",
        "Seats revenue per month at about a fifth of its trailing 12-month median, more "
        "than 3 robust SDs below it, four months running.",
    ),
    ProductStory(
        "noise_month",
        NOISE_LINE,
        (NOISE_MONTH,),
        "One bad month that is noise: Services revenue (a lumpy line of few, large lines) "
        "dipped in the last complete month, inside the spread of its own monthly series.",
        "Services revenue in the last complete month about a quarter below its trailing "
        "12-month median, one robust SD under it (a band of 2 robust SDs either side).",
    ),
]


def month_before(as_of: date, months: int) -> date:
    """First day of the month `months` before the month of `as_of` (1 = the month before)."""
    index = as_of.year * 12 + as_of.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)
