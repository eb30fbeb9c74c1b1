"""The generated tables hang together: references, time order, nothing after as_of, sizes
and shapes as documented."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salespulse.demo import PRODUCTS
from salespulse.model.contract import ACTIVITY_TYPES

from .common import AS_OF, END, WINDOW_START

Frames = dict[str, pd.DataFrame]


def ts(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series)


def test_sizes_at_scale_one(frames: Frames) -> None:
    sizes = {name: len(df) for name, df in frames.items()}
    assert sizes["reps"] == 24
    assert 70_000 <= sizes["sales"] <= 130_000
    assert 6_000 <= sizes["deals"] <= 12_000
    assert 40_000 <= sizes["activities"] <= 150_000
    assert 15_000 <= sizes["leads"] <= 50_000
    assert sizes["deal_stages"] > 2.5 * sizes["deals"]
    assert 8 <= len(PRODUCTS) <= 12
    assert frames["sales"]["product"].nunique() == len(PRODUCTS)
    prices = [p.list_price for p in PRODUCTS]
    assert min(prices) < 100 and max(prices) >= 1000


def test_organisation(frames: Frames) -> None:
    reps = frames["reps"]
    assert reps.rep.is_unique and reps.name.is_unique and reps.email.is_unique
    assert reps.rep.str.fullmatch(r"R\d{4}").all()
    assert reps.groupby("team").size().tolist() == [8, 8, 8]
    assert reps.groupby("team").manager.nunique().eq(1).all()
    assert reps.groupby("team").region.nunique().eq(1).all()
    assert not set(reps.manager) & set(reps.name)
    tenure_years = (pd.Timestamp(AS_OF) - ts(reps.hire_date)).dt.days / 365.25
    assert tenure_years.max() > 6 and tenure_years.min() < 0.5
    assert (tenure_years > 0).all()


def test_everything_refers_to_known_reps(frames: Frames) -> None:
    known = set(frames["reps"].rep)
    for table in ("quotas", "leads", "activities", "deals", "sales"):
        assert set(frames[table].rep.dropna()) <= known, table
    assert frames["activities"].rep.notna().all() and frames["deals"].rep.notna().all()


def test_nothing_happens_after_as_of(frames: Frames) -> None:
    for table, column in (
        ("leads", "created_at"),
        ("leads", "converted_at"),
        ("activities", "at"),
        ("deals", "created_at"),
        ("deals", "closed_at"),
        ("deal_stages", "entered_at"),
    ):
        assert ts(frames[table][column]).max() <= END, f"{table}.{column}"
    assert ts(frames["sales"].date).max() <= END
    assert ts(frames["reps"].hire_date).max() <= END
    assert ts(frames["quotas"].period_start).max() <= END


def test_history_is_24_months(frames: Frames) -> None:
    sales_dates = ts(frames["sales"].date)
    assert sales_dates.min() >= WINDOW_START
    assert sales_dates.dt.to_period("M").nunique() == 24
    closed = ts(frames["deals"].closed_at).dropna()
    assert closed.min() >= WINDOW_START
    assert frames["quotas"].period.nunique() == 24
    assert frames["quotas"].period.min() == "2023-07" and frames["quotas"].period.max() == "2025-06"


def test_deal_status_fields(frames: Frames) -> None:
    deals = frames["deals"]
    assert deals.deal_id.is_unique
    assert set(deals.status) == {"open", "won", "lost"}
    won, lost, open_ = (deals[deals.status == s] for s in ("won", "lost", "open"))
    assert won.amount.notna().all() and (won.amount > 0).all()
    assert won.closed_at.notna().all() and lost.closed_at.notna().all()
    assert (won.stage == "Closed Won").all() and (lost.stage == "Closed Lost").all()
    assert lost.lost_reason.notna().all() and deals[deals.status != "lost"].lost_reason.isna().all()
    assert open_.closed_at.isna().all()
    assert not open_.stage.str.startswith("Closed").any()
    assert open_.probability.between(0, 1, inclusive="neither").all()
    assert open_.expected_close.notna().all() and open_.forecast_category.notna().all()
    assert deals[deals.status != "open"][["probability", "expected_close"]].isna().all().all()
    assert 0.8 < open_.amount.notna().mean() < 1.0  # usually an amount, a few without
    assert len(open_) > 200
    cycle = (ts(deals.closed_at) - ts(deals.created_at)).dt.days.dropna()
    assert (ts(deals.closed_at) > ts(deals.created_at)).sum() == len(cycle)
    assert 14 < cycle.median() < 90 and cycle.quantile(0.9) > 60
    win_rate = len(won) / (len(won) + len(lost))
    assert 0.25 < win_rate < 0.40


def test_stage_history(frames: Frames) -> None:
    deals = frames["deals"].set_index("deal_id")
    stages = frames["deal_stages"].copy()
    assert set(stages.deal_id) == set(deals.index)
    assert not stages.duplicated(["deal_id", "stage", "entered_at"]).any()
    stages["t"] = ts(stages.entered_at)
    first = stages.groupby("deal_id").first()
    assert (first.stage == "Prospecting").all()
    assert (first.t == ts(deals.created_at).reindex(first.index)).all()
    assert stages.groupby("deal_id").t.apply(lambda t: t.is_monotonic_increasing).all()
    last = stages.groupby("deal_id").last()
    assert (last.stage == deals.stage.reindex(last.index)).all()
    closed = deals[deals.status != "open"]
    assert (last.t.reindex(closed.index) == ts(closed.closed_at)).all()
    order = ["Prospecting", "Qualification", "Proposal", "Negotiation"]
    won_ids = deals.index[deals.status == "won"]
    won_paths = stages[stages.deal_id.isin(won_ids)].groupby("deal_id").stage.apply(tuple)
    assert (won_paths == (*order, "Closed Won")).all()
    lost_ids = deals.index[deals.status == "lost"]
    lost_last_open = stages[stages.deal_id.isin(lost_ids) & (stages.stage != "Closed Lost")]
    assert lost_last_open.groupby("deal_id").stage.last().nunique() == 4  # any stage


def test_sales_lines_add_up_to_won_deals(frames: Frames) -> None:
    sales, deals = frames["sales"], frames["deals"].set_index("deal_id")
    # amount = quantity × unit_price × (1 − discount), to the cent (no discount: list price).
    net = sales.quantity * sales.unit_price * (1 - sales.discount.fillna(0))
    assert (sales.amount - net).abs().max() <= 0.005 + 1e-9
    assert np.allclose(sales.amount * 100, np.round(sales.amount * 100), rtol=0, atol=1e-6)
    lines = sales[sales.deal_id.notna()]
    won = deals[deals.status == "won"]
    assert set(lines.deal_id) == set(won.index)
    per_deal = np.round(lines.groupby("deal_id").amount.sum() * 100)
    assert (per_deal == np.round(won.amount * 100).reindex(per_deal.index)).all()
    assert (lines.rep.values == deals.rep.reindex(lines.deal_id).values).all()
    assert (lines.customer.values == deals.customer.reindex(lines.deal_id).values).all()
    close_day = ts(deals.closed_at).dt.normalize().reindex(lines.deal_id).values
    assert (ts(lines.date).values >= close_day).all()
    assert lines.quantity.gt(0).all() and lines.order_id.notna().all()
    assert 25 <= len(sales) / len(won) <= 60
    assert sales.groupby("order_id").deal_id.nunique().le(1).all()


def test_sales_lines_carry_the_catalogue(frames: Frames) -> None:
    """Every line names its product's category and subcategory, is priced at the list price
    of the products table with a discount (a rate in half-percent steps, none at list
    price) and costs quantity × the product's unit cost."""
    sales, products = frames["sales"], frames["products"].set_index("product")
    assert list(products.index) == [p.name for p in PRODUCTS]
    assert (products.name == products.index).all()
    assert products.category.nunique() == 5 and products.subcategory.notna().all()
    assert (products.cost < products.unit_price).all()
    of = products.reindex(sales["product"])
    assert (sales.category.values == of.category.values).all()
    assert (sales.subcategory.values == of.subcategory.values).all()
    assert (sales.unit_price.values == of.unit_price.values).all()
    assert np.allclose(sales.cost.values, sales.quantity.values * of.cost.values)
    rate = sales.discount.dropna()
    assert rate.gt(0).all() and rate.le(0.35).all()
    assert np.allclose(rate * 200, np.round(rate * 200))
    assert 0.01 < sales.discount.isna().mean() < 0.2  # most lines carry a discount
    assert 0.05 < rate.mean() < 0.15
    margin = 1 - sales.cost.sum() / sales.amount.sum()
    assert 0.4 < margin < 0.7
    # A deal's product is the one its main line sells.
    deals = frames["deals"]
    won = deals[deals.status == "won"].set_index("deal_id")
    sold = sales[sales.deal_id.notna()].groupby("deal_id")["product"].agg(set)
    assert all(won.loc[d, "product"] in names for d, names in sold.items())


def test_a_handful_of_returns(frames: Frames) -> None:
    sales = frames["sales"]
    returns = sales[sales.quantity < 0]
    assert 3 <= len(returns) <= 100
    assert returns.deal_id.isna().all() and (returns.amount < 0).all()
    originals = set(sales.order_id)
    assert returns.order_id.str.removesuffix("-R").isin(originals).all()


def test_leads(frames: Frames) -> None:
    leads, deals = frames["leads"], frames["deals"].set_index("deal_id")
    assert leads.lead_id.is_unique
    assert deals.lead_id.notna().all() and deals.lead_id.isin(leads.lead_id).all()
    converted = leads[leads.deal_id.notna()].set_index("lead_id")
    assert len(converted) == len(deals) and converted.deal_id.is_unique
    assert (deals.loc[converted.deal_id, "lead_id"].values == converted.index.values).all()
    assert (
        ts(converted.converted_at).values == ts(deals.loc[converted.deal_id, "created_at"]).values
    ).all()
    assert (ts(converted.converted_at) >= ts(converted.created_at)).all()
    assert leads[leads.deal_id.isna()].converted_at.isna().all()
    assert leads.rep.notna().all()
    inbound = leads[leads.inbound]
    created = ts(inbound.created_at)
    in_hours = (created.dt.day_of_week < 5) & created.dt.hour.between(8, 17)
    assert 0.7 < in_hours.mean() < 0.9
    assert set(inbound.source) == {"web", "referral", "event", "webinar", "chat"}
    assert set(leads[~leads.inbound].source) == {"cold_outreach", "list", "linkedin"}
    assert 0.3 < leads.inbound.mean() < 0.7


def test_activities(frames: Frames) -> None:
    acts, leads, deals = frames["activities"], frames["leads"], frames["deals"]
    assert acts.activity_id.is_unique
    assert set(acts.type) <= set(ACTIVITY_TYPES) and set(acts.type) >= {"call", "email", "meeting"}
    assert set(acts.direction) == {"outbound", "inbound"}
    assert 0.75 < (acts.direction == "outbound").mean() < 0.95
    assert acts.lead_id.notna().sum() > 0 and acts.deal_id.notna().sum() > 0
    assert (acts.lead_id.notna() ^ acts.deal_id.notna()).all()
    assert acts.lead_id.dropna().isin(leads.lead_id).all()
    assert acts.deal_id.dropna().isin(deals.deal_id).all()
    at = ts(acts["at"])
    assert (at.dt.day_of_week < 5).all() and at.dt.hour.between(8, 17).all()
    by_hour = at.dt.hour.value_counts(normalize=True)
    assert by_hour[10] > by_hour[12] and by_hour[15] > by_hour[17]
    by_day = at.dt.day_of_week.value_counts(normalize=True)
    assert by_day[1] > by_day[4]
    calls = acts[(acts.type == "call") & (acts.direction == "outbound")]
    connect = (calls.outcome == "connected").mean()
    assert 0.2 < connect < 0.5
    assert set(calls.outcome) == {"connected", "no_answer", "voicemail"}


def test_activities_fall_inside_their_lead_or_deal(frames: Frames) -> None:
    acts = frames["activities"]
    leads = frames["leads"].set_index("lead_id")
    deals = frames["deals"].set_index("deal_id")
    on_leads = acts[acts.lead_id.notna()]
    at = ts(on_leads["at"]).values
    assert (at >= ts(leads.created_at).reindex(on_leads.lead_id).values).all()
    converted_at = ts(leads.converted_at).reindex(on_leads.lead_id).values
    assert (np.isnat(converted_at) | (at <= converted_at)).all()
    assert (on_leads.rep.values == leads.rep.reindex(on_leads.lead_id).values).all()
    on_deals = acts[acts.deal_id.notna()]
    at = ts(on_deals["at"]).values
    assert (at >= ts(deals.created_at).reindex(on_deals.deal_id).values).all()
    closed_at = ts(deals.closed_at).reindex(on_deals.deal_id).values
    assert (np.isnat(closed_at) | (at <= closed_at)).all()


def test_ordinary_speed_to_lead_is_minutes(frames: Frames) -> None:
    from salespulse.demo import STORIES

    slow = {s.rep for s in STORIES if s.key == "slow_inbound"}
    minutes = _speed_to_lead(frames)
    ordinary = minutes[~minutes.index.get_level_values("rep").isin(slow)]
    assert ordinary.median() < 30
    assert ordinary.dropna().lt(60).mean() > 0.6


def _speed_to_lead(frames: Frames) -> pd.Series:
    leads, acts = frames["leads"], frames["activities"]
    outbound = acts[(acts.direction == "outbound") & acts.lead_id.notna()]
    first = ts(outbound.groupby("lead_id")["at"].min())
    inbound = leads[leads.inbound].set_index(["rep", "lead_id"])
    touched = first.reindex(inbound.index.get_level_values("lead_id")).values
    minutes = (touched - ts(inbound.created_at).values) / np.timedelta64(1, "m")
    return pd.Series(minutes, index=inbound.index)


def test_people_only_work_after_their_hire_date(frames: Frames) -> None:
    hired = ts(frames["reps"].set_index("rep").hire_date)
    for table, column in (("deals", "created_at"), ("activities", "at"), ("sales", "date")):
        df = frames[table]
        assert (ts(df[column]).values >= hired.reindex(df.rep).values).all(), table


def test_quotas(frames: Frames) -> None:
    quotas, reps = frames["quotas"], frames["reps"].set_index("rep")
    assert (quotas.metric == "revenue").all() and quotas.team.isna().all()
    assert quotas.period.str.fullmatch(r"\d{4}-\d{2}").all()
    start, end = ts(quotas.period_start), ts(quotas.period_end)
    assert (start.dt.strftime("%Y-%m") == quotas.period).all() and (start.dt.day == 1).all()
    assert (end == start + pd.offsets.MonthEnd(0)).all()
    assert not quotas.duplicated(["rep", "period"]).any()
    veterans = reps.index[ts(reps.hire_date) < WINDOW_START]
    assert quotas[quotas.rep.isin(veterans)].groupby("rep").size().eq(24).all()
    # New hires ramp: 25%, 50%, 75%, then the team's full quota, from their hire month.
    team = quotas.rep.map(reps.team)
    full = quotas.groupby([team, quotas.period]).target.transform("max")
    share = (quotas.target / full).round(3)
    recent = reps[ts(reps.hire_date) >= pd.Timestamp("2024-06-01")].index
    assert len(recent) >= 3
    for rep in recent:
        mine = quotas.rep == rep
        ramp = share[mine].to_numpy()[np.argsort(quotas.period[mine].to_numpy())]
        assert ramp[:4] == pytest.approx([0.25, 0.5, 0.75, 1.0][: len(ramp)], abs=0.01), rep


def test_typical_attainment_and_seasonality(frames: Frames) -> None:
    from salespulse.demo import STORIES

    sales, quotas = frames["sales"], frames["quotas"]
    story_reps = {s.rep for s in STORIES}
    months = ts(sales.date).dt.strftime("%Y-%m")
    revenue = sales.groupby([sales.rep, months]).amount.sum()
    target = quotas.set_index(["rep", "period"]).target
    complete = target[target.index.get_level_values("period") < "2025-06"]
    attainment = (
        revenue.reindex(complete.index).fillna(0).groupby(level="rep").sum()
        / complete.groupby(level="rep").sum()
    )
    ordinary = attainment.drop(list(story_reps))
    assert 0.8 <= ordinary.median() <= 1.1
    by_month = ts(sales.date).dt.month
    per_month = sales.amount.groupby(by_month).sum()
    assert per_month[12] > 1.4 * per_month[8]  # strong Q4, summer dip
    assert per_month[[3, 6, 9, 12]].mean() > per_month[[1, 4, 7, 10]].mean()
