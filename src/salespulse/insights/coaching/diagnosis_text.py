"""The diagnosis in one to three sentences: the gap and its main cause, what moved
upstream (activity, response time, cycle), and what is in line or still undecided."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from salespulse.insights.core import phrases
from salespulse.insights.core.benchmark import Benchmark
from salespulse.insights.core.funnel import Figures
from salespulse.insights.signals.drivers import MIN_GAP

if TYPE_CHECKING:
    from salespulse.insights.coaching.diagnosis_result import Diagnosis

#: A change in activity on the previous window worth a sentence, when significant.
ACTIVITY_CHANGE = 0.10
#: A significant difference this large (15%) against the benchmark is worth a sentence.
MATERIAL = 0.15


def summarise(d: Diagnosis, f: Figures, b: Benchmark, currency: str) -> str:
    sentences = []
    tenure = next((n for n in d.notes if n.startswith("Hired")), None)
    if tenure is not None and d.rep and f.months:
        sentences.append(f"Still ramping ({tenure.split(': ')[1].split(' of tenure')[0]}).")
    headline = _headline(d, f, b, currency)
    sentences.append(headline)
    sentences.extend(_upstream(d))
    rest = _in_line(d, f, headline)
    if rest:
        sentences.append(rest)
    return " ".join(s[0].upper() + s[1:] for s in sentences if s)


def _headline(d: Diagnosis, f: Figures, b: Benchmark, currency: str) -> str:
    short, window = b.short, d.window.label
    against = f"{phrases.money(b.outcome, currency)} a month for {short}"
    if b.outcome <= 0:
        return f"No comparison: {short} booked nothing in {window}."
    if f.decided == 0:
        return (
            f"No deals decided in {window}, so no bookings against {against}; the whole gap "
            "is pipeline."
        )
    if f.won == 0:
        text = f"No deals won in {window}, so no bookings against {against}"
        pipe, wr = d.driver("pipeline"), d.driver("win_rate")
        if pipe is not None and pipe.significant and pipe.better is False:
            text += f"; the pipeline is short: {pipe.detail}"
        rate = f"0 of {f.decided} decided deals won against {phrases.pct(b.win_rate)}"
        if wr is not None and wr.significant:
            return f"{text}. {rate}: win rate is a cause ({wr.test})."
        return f"{text}. {rate}: with {f.decided} decided deals that is not yet more than noise."
    ratio = d.outcome / b.outcome
    rep_money, bench_money = phrases.money(d.outcome, currency), phrases.money(b.outcome, currency)
    amounts = f"({rep_money} a month against {bench_money})"
    if abs(math.log(ratio)) < MIN_GAP:
        worse = [x for x in d.drivers if x.role == "funnel" and x.significant and not x.better]
        better = [x for x in d.drivers if x.role == "funnel" and x.significant and x.better]
        if worse and better:
            return (
                f"Bookings in line with {short} {amounts}, with a different mix: "
                f"{worse[0].label} is weaker ({worse[0].detail}), made up by "
                f"{better[0].label} ({better[0].detail})."
            )
        return f"Bookings in line with {short} {amounts}."
    head = f"Bookings {phrases.change(ratio)} {short} {amounts}"
    causes = [x for x in d.causes if x.role == "funnel" and (x.share or 0) > 0]
    if not causes:
        biggest = next((x for x in d.drivers if x.role == "funnel" and x.share is not None), None)
        more = (
            f" ({biggest.label}: {biggest.more_data} would tell)"
            if biggest and biggest.more_data
            else ""
        )
        return f"{head}; no driver differs from the benchmark by more than noise{more}."
    offsets = [
        x
        for x in d.drivers
        if x.role == "funnel" and x.significant and x.share is not None and x.share < 0
    ]
    offset = f", partly offset by {offsets[0].label}: {offsets[0].detail}" if offsets else ""
    top = causes[0]
    assert top.share is not None
    if len(causes) > 1:
        second = causes[1]
        if offsets:
            clause = (
                f"it comes from {top.label} ({top.detail}) and {second.label} "
                f"({second.detail}){offset}"
            )
        else:
            clause = (
                f"{top.label} is {phrases.pct(top.share)} of the gap: {top.detail}; "
                f"{second.label} {phrases.pct(second.share)}: {second.detail}"
            )
    elif top.share >= 1.0:
        clause = f"{top.label} explains all of it: {top.detail}{offset}"
    elif top.share >= 0.5:
        clause = f"most of the gap ({phrases.pct(top.share)}) is {top.label}: {top.detail}"
    else:
        clause = f"the largest part ({phrases.pct(top.share)}) is {top.label}: {top.detail}"
    return f"{head}; {clause}."


def _upstream(d: Diagnosis) -> list[str]:
    out = []
    act = d.driver("activity")
    if act is not None:
        change = act.extra.get("change")
        if (
            change is not None
            and act.extra.get("change_significant")
            and abs(change) >= ACTIVITY_CHANGE
        ):
            months = d.window.months
            span = f"{months:.0f} months" if months != 1 else "month"
            out.append(
                f"Activity is {phrases.updown(1 + change)} on the previous {span} "
                f"({phrases.number(act.rep_value, 0)} a month)."
            )
        elif (act.significant and act.ratio is not None and act.ratio < 1 - MATERIAL) or (
            act.extra.get("lead_work_rate_significant") and "works" in act.detail
        ):
            out.append(f"Activity: {act.detail}.")
    for key, text in (
        ("speed_to_lead", "Slow to answer inbound leads"),
        ("cycle", "Deals take longer to close"),
    ):
        x = d.driver(key)
        slower = x is not None and x.ratio is not None and x.ratio > 1
        if x is not None and x.significant and x.better is False and slower:
            out.append(f"{text}: {x.detail}.")
    return out


def _in_line(d: Diagnosis, f: Figures, headline: str) -> str:
    """The funnel drivers the headline did not name: in line, strengths, or undecided."""
    funnel = [x for x in d.drivers if x.role == "funnel" and x.detail not in headline]
    in_line = [x.label for x in funnel if not x.significant and x.enough_data]
    thin = [x for x in funnel if not x.enough_data]
    strengths = [x for x in funnel if x.significant and x.better and (d.gap or 0) < 0]
    parts = []
    if in_line:
        verb = "is" if len(in_line) == 1 else "are"
        parts.append(f"{phrases.join(in_line)} {verb} in line.")
    for x in strengths:
        parts.append(f"{x.label} is a strength: {x.detail}.")
    if f.decided == 0:
        parts.append("win rate and deal size cannot be measured yet (no decided deals).")
        thin = []
    elif f.won == 0:
        parts.append("deal size cannot be measured yet (no won deals).")
        thin = [x for x in thin if x.driver != "deal_size"]
    for x in thin:
        more = f"; {x.more_data} would decide it" if x.more_data else ""
        parts.append(f"{x.label}: not enough data yet ({x.test}{more}).")
    return " ".join(p[0].upper() + p[1:] for p in parts)
