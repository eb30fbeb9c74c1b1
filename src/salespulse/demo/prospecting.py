"""Leads and activities.

Every deal came from a lead (converted when the deal opened); more leads arrive that never
become deals: inbound ones (mostly in business hours, some in the evening or at the weekend)
and outbound ones the rep sources. Reps touch their leads — the first outbound touch on an
inbound lead comes minutes after it arrives (speed to lead), follow-ups over the next days,
a meeting just before a lead converts — and work their open deals with calls, emails and
meetings until they close.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from salespulse.demo import tables
from salespulse.demo.pipeline import (
    INBOUND_SOURCE_P,
    INBOUND_SOURCES,
    OUTBOUND_SOURCE_P,
    SOURCES,
    Deals,
)
from salespulse.demo.plan import Plan
from salespulse.demo.timeline import SPD, Arr

TYPES = ("call", "email", "meeting")
OUTCOMES = (
    "connected", "no_answer", "voicemail", "replied", "no_reply",
    "held", "no_show", "rescheduled", "received",
)  # fmt: skip
#: Outcome probabilities by (work, type, direction): rows indexed by `_outcome_row`.
OUTCOME_P = np.array(
    [
        # prospecting (lead) touches, outbound: call, email, meeting
        [0.22, 0.5, 0.28, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0.08, 0.92, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0.86, 0.09, 0.05, 0],
        # deal work, outbound: call, email, meeting
        [0.5, 0.3, 0.2, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0.35, 0.65, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0.9, 0.05, 0.05, 0],
        # inbound (the prospect calls or writes): call, email
        [1.0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 1.0],
    ]
)
#: Share of inbound leads that arrive outside business hours.
OFF_HOURS_SHARE = 0.2
#: Share of activities the activity-drop rep still does after the drop.
DROP_KEEP = 1.0


@dataclass
class _Acts:
    """Activities under construction (parallel arrays, appended group by group)."""

    rep: list[Arr] = field(default_factory=list)
    at_b: list[Arr] = field(default_factory=list)
    type: list[Arr] = field(default_factory=list)
    lead: list[Arr] = field(default_factory=list)
    deal: list[Arr] = field(default_factory=list)
    inbound: list[Arr] = field(default_factory=list)
    deal_work: list[Arr] = field(default_factory=list)
    first: list[Arr] = field(default_factory=list)
    held: list[Arr] = field(default_factory=list)

    def add(
        self,
        rep: Arr,
        at_b: Arr,
        type_: Arr,
        *,
        lead: Arr | None = None,
        deal: Arr | None = None,
        inbound: Arr | None = None,
        first: bool = False,
        held: bool = False,
    ) -> None:
        n = rep.size
        self.rep.append(rep)
        self.at_b.append(at_b)
        self.type.append(type_)
        self.lead.append(np.full(n, -1) if lead is None else lead)
        self.deal.append(np.full(n, -1) if deal is None else deal)
        self.inbound.append(np.zeros(n, dtype=bool) if inbound is None else inbound)
        self.deal_work.append(np.full(n, deal is not None))
        self.first.append(np.full(n, first))
        self.held.append(np.full(n, held))


def _pick(rng: np.random.Generator, p: Arr, n: int) -> Arr:
    cum = np.cumsum(p) / np.sum(p)
    return np.minimum(np.searchsorted(cum, rng.random(n)), p.size - 1)


def _sources(rng: np.random.Generator, inbound: Arr) -> Arr:
    n = inbound.size
    return np.where(
        inbound,
        _pick(rng, INBOUND_SOURCE_P, n),
        len(INBOUND_SOURCES) + _pick(rng, OUTBOUND_SOURCE_P, n),
    )


def _new_leads(plan: Plan, rng: np.random.Generator) -> tuple[Arr, Arr, Arr]:
    """Leads that do not become deals: rep, created business second, inbound flag."""
    tl = plan.tl
    n_in = rng.poisson(plan.inbound_rate)
    n_out = rng.poisson(plan.outbound_rate)
    n_months = n_in.shape[1]
    cells = np.arange(n_in.size)
    cell = np.concatenate([np.repeat(cells, n_in.ravel()), np.repeat(cells, n_out.ravel())])
    inbound = np.arange(cell.size) < n_in.sum()
    rep, month = cell // n_months, cell % n_months
    created = tl.sample_month(rng, month, False)
    start = plan.start_b[rep]
    month_end = tl.month_b[month + 1] - 1
    late = created < start
    created = np.where(late, start + rng.random(cell.size) * (month_end - start), created)
    keep = created.astype(np.int64) <= tl.limit_b
    return rep[keep], created[keep].astype(np.int64), inbound[keep]


def leads_and_activities(
    plan: Plan, deals: Deals, rng: np.random.Generator
) -> tuple[Any, Any, Arr]:
    """The leads and activities chunks of a block, and the id number of each deal's lead."""
    tl, org = plan.tl, plan.org
    nd = deals.n

    # Leads: one per deal (converted when the deal opened), then the ones that never convert.
    inbound_d = deals.inbound
    age = np.exp(np.log(np.where(inbound_d, 1.5, 6.0)) + rng.normal(0, 0.8, nd)) * SPD
    lower = plan.start_b[deals.rep]
    lead_b = deals.created_b - age.astype(np.int64)
    early = lead_b < lower
    room = np.maximum(deals.created_b - lower, 0)
    lead_b = np.where(early, lower + (rng.random(nd) * room).astype(np.int64), lead_b)
    rep_n, lead_b_n, inbound_n = _new_leads(plan, rng)
    rep = np.concatenate([deals.rep, rep_n])
    created_b = np.concatenate([lead_b, lead_b_n])
    inbound = np.concatenate([inbound_d, inbound_n])
    source = np.concatenate([deals.source, _sources(rng, inbound_n)])
    deal_of = np.concatenate([np.arange(nd), np.full(rep_n.size, -1)])
    converted = deal_of >= 0
    conv_b = np.concatenate([deals.created_b, np.zeros(rep_n.size, dtype=np.int64)])
    n = rep.size
    created_s = tl.b_to_s(created_b)
    off = inbound & (rng.random(n) < OFF_HOURS_SHARE)
    created_s = np.where(off, tl.off_hours(rng, created_b), created_s)
    arrival_b = tl.s_to_b(created_s)

    # First touch: inbound within minutes (the rep's speed to lead), outbound within ~a day.
    delay = np.exp(np.log(plan.speed_median_s[rep]) + rng.normal(0, 1.0, n))
    delay = np.where(rep == plan.slow_rep, plan.speed_median_s[rep] * rng.gamma(2.0, 0.5, n), delay)
    first_b = arrival_b + np.where(inbound, np.maximum(delay, 30), rng.uniform(0.02, 1.5, n) * SPD)
    first_b = first_b.astype(np.int64)
    cap = conv_b - 900
    squeeze = converted & (first_b > cap)
    first_b = np.where(
        squeeze, arrival_b + (rng.random(n) * np.maximum(cap - arrival_b, 0)), first_b
    ).astype(np.int64)
    work_p = np.where(inbound, plan.inbound_work_prob[rep], 0.97)
    dropped = (rep == plan.drop_rep) & (created_b >= plan.drop_b)
    work_p = np.where(dropped, work_p * 0.65, work_p)
    worked = converted | ((rng.random(n) < work_p) & (first_b <= tl.limit_b))

    acts = _Acts()
    w = np.flatnonzero(worked)
    # Type 0 = call, 1 = email: inbound leads mostly get a call, outbound ones an email.
    first_type = (rng.random(w.size) < np.where(inbound[w], 0.35, 0.55)).astype(np.int64)
    acts.add(rep[w], first_b[w], first_type, lead=w, first=True)

    # Follow-ups until the lead converts (or for two to four weeks), then the meeting that
    # turns it into a deal.
    n_follow = np.where(converted[w], rng.poisson(1.2, w.size), rng.poisson(0.9, w.size))
    f = np.repeat(w, n_follow)
    end = np.where(converted[f], conv_b[f] - 1800, first_b[f] + rng.uniform(3, 20, f.size) * SPD)
    at = tl.sample_in(rng, first_b[f] + 60, np.maximum(end.astype(np.int64), first_b[f] + 60))
    before_deal = ~converted[f] | (at < conv_b[f])
    f, at = f[before_deal], at[before_deal]
    reply = rng.random(f.size) < 0.07
    follow_type = np.where(
        reply, rng.integers(0, 2, f.size), _pick(rng, np.array([0.45, 0.5, 0.05]), f.size)
    )
    acts.add(rep[f], at, follow_type, lead=f, inbound=reply)
    c = np.flatnonzero(converted)
    meet = np.maximum(first_b[c] + 60, conv_b[c] - rng.integers(600, 3 * 3600, c.size))
    acts.add(rep[c], np.minimum(meet, conv_b[c]), np.full(c.size, 2), lead=c, held=True)

    # Deal work: calls, emails and meetings while the deal is open.
    weeks = (deals.close_b - deals.created_b) / SPD / 5
    n_work = np.minimum(rng.poisson(1.0 + 0.35 * weeks), 25)
    d = np.repeat(np.arange(nd), n_work)
    hi = np.minimum(deals.close_b[d], tl.limit_b)
    at = tl.sample_in(rng, deals.created_b[d], hi)
    inbound_work = rng.random(d.size) < 0.15
    work_type = np.where(
        inbound_work, rng.integers(0, 2, d.size), _pick(rng, np.array([0.33, 0.4, 0.27]), d.size)
    )
    acts.add(deals.rep[d], at, work_type, deal=d, inbound=inbound_work)

    a_rep, a_b, a_type = (np.concatenate(x) for x in (acts.rep, acts.at_b, acts.type))
    a_lead, a_deal, a_in = (np.concatenate(x) for x in (acts.lead, acts.deal, acts.inbound))
    a_work, a_first = np.concatenate(acts.deal_work), np.concatenate(acts.first)
    a_held = np.concatenate(acts.held)
    keep = a_b <= tl.limit_b
    after_drop = (a_rep == plan.drop_rep) & (a_b >= plan.drop_b) & ~a_first
    keep &= ~after_drop | (rng.random(a_b.size) < DROP_KEEP)
    order = np.flatnonzero(keep)[np.argsort(a_b[keep], kind="stable")]
    a_rep, a_b, a_type = a_rep[order], a_b[order], a_type[order]
    a_lead, a_deal, a_in, a_work = a_lead[order], a_deal[order], a_in[order], a_work[order]
    a_held = a_held[order]
    m = order.size
    row = np.where(a_in, 6 + np.minimum(a_type, 1), np.where(a_work, 3, 0) + a_type)
    cum = np.cumsum(OUTCOME_P[row], axis=1)
    outcome = np.minimum((rng.random(m)[:, None] > cum).sum(axis=1), len(OUTCOMES) - 1)
    outcome = np.where(a_held, 5, outcome)

    # Ids: leads and activities numbered in time order.
    lead_order = np.argsort(created_s, kind="stable")
    lead_number = np.empty(n, dtype=np.int64)
    lead_number[lead_order] = np.arange(1, n + 1)
    block = org.block + 1
    leads = tables.build(
        "leads",
        n,
        {
            "lead_id": tables.ids(f"L{block:03d}-", lead_number[lead_order], 6),
            "created_at": tables.timestamps(created_s[lead_order]),
            "rep": tables.labels(org.rep_ids, rep[lead_order]),
            "source": tables.labels(SOURCES, source[lead_order]),
            "inbound": inbound[lead_order],
            "converted_at": tables.timestamps(
                tl.b_to_s(conv_b[lead_order]), mask=~converted[lead_order]
            ),
            "deal_id": tables.ids(
                f"D{block:03d}-", deal_of[lead_order] + 1, 5, mask=~converted[lead_order]
            ),
        },
    )
    activities = tables.build(
        "activities",
        m,
        {
            "rep": tables.labels(org.rep_ids, a_rep),
            "at": tables.timestamps(tl.b_to_s(a_b)),
            "activity_id": tables.ids(f"A{block:03d}-", np.arange(1, m + 1), 7),
            "type": tables.labels(TYPES, a_type),
            "lead_id": tables.ids(
                f"L{block:03d}-", lead_number[np.maximum(a_lead, 0)], 6, mask=a_lead < 0
            ),
            "deal_id": tables.ids(f"D{block:03d}-", a_deal + 1, 5, mask=a_deal < 0),
            "direction": tables.labels(("outbound", "inbound"), a_in.astype(np.int64)),
            "outcome": tables.labels(OUTCOMES, outcome),
        },
    )
    return leads, activities, lead_number[:nd]
