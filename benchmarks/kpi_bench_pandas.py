"""A straightforward pandas implementation of every KPI by rep by month (by rep for
snapshots and consistency), with the default settings — what an analyst would write in
a notebook. Each function takes the tables as DataFrames and returns rep, period (when
monthly), value and n."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

Tables = dict[str, pd.DataFrame]
WON = {"won", "closedwon", "dealwon", "signed"}
LOST = {"lost", "closedlost", "deallost", "disqualified", "closeddisqualified"}


def month(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).dt.to_period("M").dt.start_time


def key(s: pd.Series) -> pd.Series:
    return s.str.lower().str.replace(r"[^0-9a-z]+", "", regex=True)


def days(a: pd.Series, b: pd.Series) -> pd.Series:
    return (b - a).dt.total_seconds() / 86400


def out(g: pd.DataFrame) -> pd.DataFrame:
    return g.reset_index()


def amount(t: Tables) -> pd.Series:
    s = t["sales"]
    return s["amount"].fillna(s["quantity"] * s["unit_price"])


def revenue(t: Tables) -> pd.DataFrame:
    s = t["sales"].assign(a=amount(t), period=month(t["sales"]["date"]))
    g = s.groupby(["rep", "period"], dropna=False)["a"]
    return out(pd.DataFrame({"value": g.sum(min_count=1), "n": g.count()}))


def units(t: Tables) -> pd.DataFrame:
    s = t["sales"].assign(period=month(t["sales"]["date"]))
    g = s.groupby(["rep", "period"], dropna=False)["quantity"]
    return out(pd.DataFrame({"value": g.sum(min_count=1), "n": g.size()}))


def _consistency(t: Tables, values: pd.Series) -> pd.DataFrame:
    s = t["sales"].assign(x=values, m=month(t["sales"]["date"]))
    months = pd.date_range(s["m"].min(), s["m"].max(), freq="MS")
    wide = s.pivot_table(index="rep", columns="m", values="x", aggfunc="sum", dropna=False)
    wide = wide.reindex(columns=months).fillna(0.0)
    mean = wide.mean(axis=1)
    sd = wide.std(axis=1, ddof=1)
    value = (sd / mean).where((mean > 0) & (len(months) >= 2))
    return pd.DataFrame({"rep": wide.index, "value": value.values, "n": len(months)})


def consistency(t: Tables) -> pd.DataFrame:
    return _consistency(t, amount(t))


def units_consistency(t: Tables) -> pd.DataFrame:
    return _consistency(t, t["sales"]["quantity"])


def _closed(t: Tables, statuses: tuple[str, ...]) -> pd.DataFrame:
    d = t["deals"]
    d = d[d["status"].isin(statuses) & d["closed_at"].notna()]
    return d.assign(period=month(d["closed_at"]))


def bookings(t: Tables) -> pd.DataFrame:
    g = _closed(t, ("won",)).groupby(["rep", "period"], dropna=False)["amount"]
    return out(pd.DataFrame({"value": g.sum(min_count=1), "n": g.count()}))


def deals_won(t: Tables) -> pd.DataFrame:
    g = _closed(t, ("won",)).groupby(["rep", "period"], dropna=False).size()
    return out(pd.DataFrame({"value": g, "n": g}))


def deals_lost(t: Tables) -> pd.DataFrame:
    g = _closed(t, ("lost",)).groupby(["rep", "period"], dropna=False).size()
    return out(pd.DataFrame({"value": g, "n": g}))


def win_rate(t: Tables) -> pd.DataFrame:
    d = _closed(t, ("won", "lost")).assign(w=lambda x: x["status"] == "won")
    g = d.groupby(["rep", "period"], dropna=False)["w"]
    return out(pd.DataFrame({"value": g.mean(), "n": g.size()}))


def win_rate_value(t: Tables) -> pd.DataFrame:
    d = _closed(t, ("won", "lost"))
    d = d.assign(won_amount=d["amount"].where(d["status"] == "won", 0.0))
    g = d.groupby(["rep", "period"], dropna=False)
    total = g["amount"].sum(min_count=1)
    return out(
        pd.DataFrame(
            {"value": g["won_amount"].sum() / total.replace(0, np.nan), "n": g["amount"].count()}
        )
    )


def close_rate(t: Tables) -> pd.DataFrame:
    d = t["deals"][t["deals"]["created_at"].notna()]
    d = d.assign(period=month(d["created_at"]), w=d["status"] == "won")
    g = d.groupby(["rep", "period"], dropna=False)["w"]
    return out(pd.DataFrame({"value": g.mean(), "n": g.size()}))


def avg_deal_size(t: Tables) -> pd.DataFrame:
    g = _closed(t, ("won",)).groupby(["rep", "period"], dropna=False)["amount"]
    return out(pd.DataFrame({"value": g.sum() / g.count().replace(0, np.nan), "n": g.count()}))


def _cycle(t: Tables, status: str) -> pd.DataFrame:
    d = _closed(t, (status,))
    d = d.assign(c=days(d["created_at"], d["closed_at"]))
    g = d.groupby(["rep", "period"], dropna=False)["c"]
    return out(pd.DataFrame({"value": g.median(), "n": g.count()}))


def sales_cycle_days(t: Tables) -> pd.DataFrame:
    return _cycle(t, "won")


def loss_cycle_days(t: Tables) -> pd.DataFrame:
    return _cycle(t, "lost")


def _quota_rows(t: Tables) -> pd.DataFrame:
    q = t["quotas"]
    q = q[(q["metric"].fillna("revenue").str.strip().str.lower() == "revenue") & q["rep"].notna()]
    q = q.groupby(["rep", "period_start", "period_end"], as_index=False)["target"].sum()
    s = t["sales"].assign(a=amount(t))
    daily = s.groupby(["rep", "date"], as_index=False)["a"].sum()
    j = q.merge(daily, on="rep", how="left")
    inside = (j["date"] >= j["period_start"]) & (j["date"] <= j["period_end"])
    j["a"] = j["a"].where(inside, 0.0)
    qa = j.groupby(["rep", "period_start", "period_end", "target"], as_index=False)["a"].sum()
    return qa.rename(columns={"a": "actual"}).assign(period=month(qa["period_start"]))


def quota_attainment(t: Tables) -> pd.DataFrame:
    g = _quota_rows(t).groupby(["rep", "period"])
    return out(pd.DataFrame({"value": g["actual"].sum() / g["target"].sum(), "n": g.size()}))


def reps_at_quota(t: Tables) -> pd.DataFrame:
    g = _quota_rows(t).groupby(["rep", "period"])
    met = (g["actual"].sum() >= g["target"].sum()).astype(float)
    return out(pd.DataFrame({"value": met, "n": 1}))


def months_at_quota(t: Tables) -> pd.DataFrame:
    q = _quota_rows(t)
    ends = (pd.to_datetime(q["period_start"]) + pd.offsets.MonthEnd(0)).dt.date
    q = q[(pd.to_datetime(q["period_start"]).dt.day == 1) & (q["period_end"] == ends)]
    g = q.assign(met=q["actual"] >= q["target"]).groupby(["rep", "period"])["met"]
    return out(pd.DataFrame({"value": g.mean(), "n": g.size()}))


def _open_deals(t: Tables) -> pd.DataFrame:
    d = t["deals"]
    closed = d[d["status"].isin(["won", "lost"])]
    overall = (closed["status"] == "won").mean() if len(closed) else np.nan
    st = t["deal_stages"].assign(k=lambda x: key(x["stage"]))[["deal_id", "k"]].drop_duplicates()
    st = st.merge(closed[["deal_id", "status"]], on="deal_id")
    hist = (st["status"] == "won").groupby(st["k"]).mean()
    o = d[d["status"] == "open"].copy()
    o["p"] = o["probability"].fillna(key(o["stage"]).map(hist)).fillna(overall)
    return o


def pipeline_open(t: Tables) -> pd.DataFrame:
    g = t["deals"][t["deals"]["status"] == "open"].groupby("rep", dropna=False)["amount"]
    return out(pd.DataFrame({"value": g.sum(min_count=1), "n": g.count()}))


def pipeline_weighted(t: Tables) -> pd.DataFrame:
    o = _open_deals(t)
    g = (o["amount"] * o["p"]).groupby(o["rep"], dropna=False)
    return out(pd.DataFrame({"value": g.sum(min_count=1), "n": g.count()})).rename(
        columns={"index": "rep"}
    )


def pipeline_coverage(t: Tables) -> pd.DataFrame:
    qa = _quota_rows(t)
    o = _open_deals(t)
    o = o[o["expected_close"].notna()]
    j = qa.merge(o[["rep", "expected_close", "amount"]], on="rep", how="left")
    inside = (j["expected_close"] >= j["period_start"]) & (j["expected_close"] <= j["period_end"])
    j["amt"] = j["amount"].where(inside, np.nan)
    j["cnt"] = inside.astype(int)
    per = j.groupby(
        ["rep", "period_start", "period_end", "target", "actual", "period"], as_index=False
    ).agg(pipeline=("amt", "sum"), cnt=("cnt", "sum"))
    g = per.groupby(["rep", "period"])
    remaining = (g["target"].sum() - g["actual"].sum()).clip(lower=0).replace(0, np.nan)
    return out(pd.DataFrame({"value": g["pipeline"].sum() / remaining, "n": g["cnt"].sum()}))


def sales_velocity(t: Tables) -> pd.DataFrame:
    rows = []
    for rep, d in t["deals"].groupby("rep", dropna=False):
        closed = d[d["status"].isin(["won", "lost"])]
        won = d[d["status"] == "won"]
        wr = len(won) / len(closed) if len(closed) else np.nan
        size = won["amount"].sum() / won["amount"].count() if won["amount"].count() else np.nan
        cycle = days(won["created_at"], won["closed_at"]).median()
        value = (d["status"] == "open").sum() * wr * size / cycle if cycle else np.nan
        rows.append({"rep": rep, "value": value, "n": len(closed)})
    return pd.DataFrame(rows)


def _leads(t: Tables) -> pd.DataFrame:
    a = t["activities"]
    direction = a["direction"].str.strip().str.lower().fillna("outbound")
    touch = a[(direction == "outbound") & a["lead_id"].notna()][["lead_id", "at"]]
    leads = t["leads"][["lead_id", "rep", "created_at", "inbound"]]
    j = leads.merge(touch, on="lead_id", how="left")
    j["after"] = j["at"].where(j["at"] >= j["created_at"])
    per = j.groupby("lead_id").agg(touches=("at", "count"), first_at=("after", "min"))
    out_ = leads.merge(per, left_on="lead_id", right_index=True)
    out_["inbound"] = out_["inbound"].fillna(True).astype(bool)
    out_ = out_[out_["created_at"].notna()]
    return out_.assign(period=month(out_["created_at"]))


def lead_work_rate(t: Tables) -> pd.DataFrame:
    g = _leads(t).assign(w=lambda x: x["touches"] > 0).groupby(["rep", "period"], dropna=False)["w"]
    return out(pd.DataFrame({"value": g.mean(), "n": g.size()}))


def speed_to_lead_minutes(t: Tables) -> pd.DataFrame:
    ld = _leads(t)
    ld = ld[ld["inbound"]]
    ld = ld.assign(m=(ld["first_at"] - ld["created_at"]).dt.total_seconds() / 60)
    g = ld.groupby(["rep", "period"], dropna=False)["m"]
    return out(pd.DataFrame({"value": g.median(), "n": g.count()}))


def touches_per_lead(t: Tables) -> pd.DataFrame:
    ld = _leads(t)
    g = ld[ld["touches"] > 0].groupby(["rep", "period"], dropna=False)["touches"]
    return out(pd.DataFrame({"value": g.sum() / g.size(), "n": g.size()}))


def leads_worked_per_day(t: Tables) -> pd.DataFrame:
    a = t["activities"]
    direction = a["direction"].str.strip().str.lower().fillna("outbound")
    a = a[(direction == "outbound") & a["lead_id"].notna()]
    day = a["at"].dt.normalize()
    span = pd.date_range(day.min(), day.max(), freq="D")
    bdays = (
        pd.Series(span[span.dayofweek < 5])
        .groupby(month(pd.Series(span[span.dayofweek < 5])))
        .size()
    )
    a = a.assign(day=day, period=month(day))[day.dt.dayofweek < 5]
    pairs = (
        a.drop_duplicates(["rep", "lead_id", "day"]).groupby(["rep", "period"], dropna=False).size()
    )
    df = pairs.rename("pairs").reset_index()
    df["n"] = df["period"].map(bdays)
    return df.assign(value=df["pairs"] / df["n"])[["rep", "period", "value", "n"]]


def activities(t: Tables) -> pd.DataFrame:
    a = t["activities"]
    g = a.assign(period=month(a["at"])).groupby(["rep", "period"], dropna=False).size()
    return out(pd.DataFrame({"value": g, "n": g}))


def connect_rate(t: Tables) -> pd.DataFrame:
    a = t["activities"]
    direction = a["direction"].str.strip().str.lower().fillna("outbound")
    calls = a[
        (a["type"].str.strip().str.lower() == "call")
        & (direction == "outbound")
        & a["outcome"].notna()
    ]
    calls = calls.assign(
        period=month(calls["at"]), c=calls["outcome"].str.strip().str.lower() == "connected"
    )
    g = calls.groupby(["rep", "period"], dropna=False)["c"]
    return out(pd.DataFrame({"value": g.mean(), "n": g.size()}))


def _entries(t: Tables) -> pd.DataFrame:
    s = t["deal_stages"].sort_values(["deal_id", "entered_at", "stage"])
    g = s.groupby("deal_id")
    s = s.assign(next_at=g["entered_at"].shift(-1), next_stage=g["stage"].shift(-1))
    s = s.assign(k=key(s["stage"]), nk=key(s["next_stage"]))
    s = s[~s["k"].isin(WON | LOST)]
    s = s.merge(t["deals"][["deal_id", "rep"]], on="deal_id", how="left")
    return s.assign(period=month(s["entered_at"]))


def stage_conversion(t: Tables) -> pd.DataFrame:
    e = _entries(t)
    e = e.assign(moved=e["next_stage"].notna() & ~e["nk"].isin(LOST))
    g = e.groupby(["rep", "period"], dropna=False)["moved"]
    return out(pd.DataFrame({"value": g.mean(), "n": g.size()}))


def time_in_stage(t: Tables) -> pd.DataFrame:
    e = _entries(t)
    e = e.assign(d=days(e["entered_at"], e["next_at"]))
    g = e.groupby(["rep", "period"], dropna=False)["d"]
    return out(pd.DataFrame({"value": g.median(), "n": g.count()}))


KPIS: dict[str, Callable[[Tables], pd.DataFrame]] = {
    f.__name__: f
    for f in (
        revenue,
        units,
        consistency,
        units_consistency,
        bookings,
        deals_won,
        deals_lost,
        win_rate,
        win_rate_value,
        close_rate,
        avg_deal_size,
        sales_cycle_days,
        loss_cycle_days,
        quota_attainment,
        reps_at_quota,
        months_at_quota,
        pipeline_open,
        pipeline_weighted,
        pipeline_coverage,
        sales_velocity,
        lead_work_rate,
        speed_to_lead_minutes,
        touches_per_lead,
        leads_worked_per_day,
        activities,
        connect_rate,
        stage_conversion,
        time_in_stage,
    )
}
assert all(re.fullmatch(r"[a-z_]+", k) for k in KPIS)
