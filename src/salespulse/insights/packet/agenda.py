"""A suggested one-on-one agenda: celebrate first, then what changed since the last
meeting (with the app database), the biggest cause behind a gap, the flags, the deals at
risk — each as an open question about the *why*, never a verdict — and what the rep does
well enough to teach."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.coaching.flags import Flag
from salespulse.insights.coaching.wins import Win
from salespulse.insights.core import phrases
from salespulse.insights.signals.deals_at_risk import RiskyDeal
from salespulse.model.wording import one_in_the_singular


@dataclass(frozen=True)
class AgendaItem:
    topic: str
    question: str

    def as_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "question": self.question}


QUESTIONS = {
    "pipeline": "Fewer deals reach a decision than your peers' ({rep} a month against {bench}). "
    "What has changed in how you build your pipeline?",
    "win_rate": "You win {rep} of decided deals against {bench}. Walk me through the last two "
    "you lost: where did they stall, and why do you think they went elsewhere?",
    "deal_size": "Your average deal is {rep} against {bench}. What stops these customers from "
    "buying more, and how do you decide what to propose?",
    "activity": "You log {rep} activities a month against {bench}. What is taking the time "
    "that used to go to prospecting?",
    "cycle": "Your deals take {rep} days to win against {bench}. Where do they wait the "
    "longest, and what would move them on?",
    "speed_to_lead": "Inbound leads wait {rep} for a first touch against {bench}. What gets in "
    "the way of answering them quickly?",
    # the sales lines (signals.sales_drivers)
    "customers": "You sell to {rep} customers a month against {bench}. Which accounts have "
    "stopped buying, and who could you win next?",
    "orders_per_month": "You take {rep} orders a month against {bench}. Which customers could "
    "order more often, and who could you win next?",
    "orders_per_customer": "Your customers order {rep} times against {bench}. What would bring "
    "them back sooner?",
    "lines_per_order": "Your orders carry {rep} lines against {bench}. What goes with what they "
    "buy that you could offer?",
    "line_value": "Your average line is {rep} against {bench}. Are you selling smaller "
    "quantities, cheaper products or at bigger discounts?",
    "mix": "At the peers' prices your product mix is worth {rep} of theirs. Which products "
    "could you propose instead of the cheaper ones?",
}
FLAG_QUESTIONS = {
    "off_pace": "You are behind the pace for this period's quota. Which deals can still close "
    "in it, and what would it take?",
    "volatile": "Big months alternate with small ones. What happens in the month after a big "
    "one, and what would keep the pipeline filling?",
    "falling": "Your numbers are down on your own recent months. What has changed for you lately?",
}
SALES_PACE_QUESTION = (
    "This month is landing below your usual one (or your quota). Which customers could "
    "still order in it, and what would they need from you?"
)
FLAG_TOPICS = {"off_pace": "This period", "volatile": "Rhythm", "falling": "Trend"}


def _why(driver: str, rep_value: str, bench: str) -> str:
    return one_in_the_singular(QUESTIONS[driver].format(rep=rep_value, bench=bench))


def _values(d: Any, currency: str) -> tuple[str, str]:
    if d.driver == "win_rate":
        return phrases.pct(d.rep_value), phrases.pct(d.benchmark_value)
    if d.driver in ("deal_size", "line_value"):
        return phrases.money(d.rep_value, currency), phrases.money(d.benchmark_value, currency)
    if d.driver == "mix":
        return phrases.pct(d.rep_value), phrases.pct(d.benchmark_value)
    if d.driver == "speed_to_lead":
        return phrases.minutes(d.rep_value), phrases.minutes(d.benchmark_value)
    digits = 1 if d.driver in ("pipeline", "customers", "orders_per_month") else 0
    if d.driver in ("orders_per_customer", "lines_per_order"):
        digits = 1
    return phrases.number(d.rep_value, digits), phrases.number(d.benchmark_value, digits)


def agenda(
    wins: list[Win],
    diagnosis: Diagnosis | None,
    flags: list[Flag],
    risky: list[RiskyDeal],
    currency: str,
    since: Sequence[AgendaItem] = (),
) -> list[AgendaItem]:
    """The agenda: celebrate first, then `since` (what changed since the last meeting:
    `coaching_agenda.since_last_time`), the causes, flags and deals at risk, a strength,
    and the next steps."""
    out = []
    if wins:
        named = phrases.join([w.text.rstrip(".") for w in wins[:2]])
        out.append(AgendaItem("Celebrate", f"{named}. What made it work, and how do we repeat it?"))
    out += since
    asked = set()
    if diagnosis is not None:
        for d in diagnosis.weaknesses[:2]:
            if d.driver in asked or d.rep_value is None or d.benchmark_value is None:
                continue
            asked.add(d.driver)
            rep_value, bench = _values(d, currency)
            out.append(AgendaItem(d.label.capitalize(), _why(d.driver, rep_value, bench)))
    for f in flags:
        if f.flag not in FLAG_QUESTIONS or (f.flag == "falling" and "activity" in asked):
            continue
        question = FLAG_QUESTIONS[f.flag]
        if f.flag == "off_pace" and "against" in f.data:  # the sales lines' pace
            question = SALES_PACE_QUESTION
        out.append(AgendaItem(FLAG_TOPICS[f.flag], question))
        asked.add(f.flag)
    if risky:
        top = risky[0]
        out.append(
            AgendaItem(
                "Deals at risk",
                f"{len(risky)} open {'deals look' if len(risky) != 1 else 'deal looks'} stuck, "
                "the biggest "
                f"{top.deal_id}{f' ({top.customer})' if top.customer else ''}: what is the next "
                "step on each, and who owns it?",
            )
        )
    strengths = [x for x in (diagnosis.drivers if diagnosis else []) if x.significant and x.better]
    if strengths:
        s = strengths[0]
        out.append(
            AgendaItem(
                "Strength",
                f"Your {s.label} stands out ({s.detail}). What do you do that others could learn?",
            )
        )
    out.append(
        AgendaItem("Next steps", "What will you do before we meet again, and how can I help?")
    )
    return out
