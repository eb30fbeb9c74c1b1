"""The revenue bridge drawn as a waterfall: base revenue, the five parts floating from the
running total, current revenue. `steps` and `floor` are shared by the terminal (block
characters), the dashboard's page and the HTML page; `chart` is the waterfall's one
Vega-Lite spec (`charts.waterfall`), drawn by the browser and rendered to inline SVG by
`svg` (vl-convert escapes every text); `summary` says it in one sentence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from salespulse import charts
from salespulse.kpis.display import money_short
from salespulse.reports.bridge import PARTS, Bridge

#: What each part means, in a manager's words.
MEANING = {
    "volume": "more or fewer units, at the base period's average price",
    "mix": "units moving between dearer and cheaper items",
    "price": "the same items sold at new prices",
    "new": "items that sell now and did not then",
    "lost": "items that sold then and do not now",
}


@dataclass(frozen=True)
class Step:
    """One bar: a total from 0 (`total`) or a part from `start` to `end`."""

    label: str
    start: float
    end: float
    total: bool

    @property
    def amount(self) -> float:
        return self.end if self.total else self.end - self.start


def steps(b: Bridge) -> list[Step]:
    out = [Step(f"Revenue {b.base.label}", 0.0, b.totals.revenue_base, True)]
    running = b.totals.revenue_base
    for part, value in b.parts().items():
        out.append(Step(part.capitalize(), running, running + value, False))
        running += value
    out.append(Step(f"Revenue {b.current.label}", 0.0, b.totals.revenue_current, True))
    return out


def floor(bars: list[Step]) -> float:
    """Where the bars start: 0, unless the parts are so small beside revenue that they
    would not show — then a little below the lowest running total (the caption says so)."""
    ends = [v for s in bars for v in ((s.end,) if s.total else (s.start, s.end))]
    lo, hi = min(ends), max(ends)
    if lo <= 0 or hi <= 0 or (hi - lo) * 4 >= hi:
        return min(0.0, lo)
    return lo - (hi - lo) * 0.5


def signed(value: float, currency: str) -> str:
    """+$12.3k, −$950 (a change), "0" for nothing."""
    if value == 0:
        return money_short(0.0, currency)
    text = money_short(abs(value), currency)
    return ("+" if value > 0 else "−") + text


def summary(b: Bridge, currency: str) -> str:
    """One sentence: how revenue changed, and the largest part."""
    t = b.totals
    share = t.change / t.revenue_base if t.revenue_base > 0 else 0.0
    rate = f" ({'+' if share > 0 else '−'}{abs(share):.1%})" if share else ""
    verb = "rose" if t.change > 0 else "fell" if t.change < 0 else "did not change"
    text = (
        f"Revenue {verb} from {money_short(t.revenue_base, currency)} in {b.base.label} to "
        f"{money_short(t.revenue_current, currency)} in {b.current.label}: "
        f"{signed(t.change, currency)}{rate}."
    )
    parts = b.parts()
    largest = max(PARTS, key=lambda p: abs(parts[p]))
    if parts[largest]:
        text += (
            f" The largest part is {largest} ({signed(parts[largest], currency)}): "
            f"{MEANING[largest]}."
        )
    return text


def chart(rows: Sequence[Mapping[str, Any]], description: str, base: float) -> dict[str, Any]:
    """The waterfall's Vega-Lite spec from the steps as records (`label`, `start`, `end`,
    `total`) and the `floor`: the one definition the dashboard's page draws in the browser
    and the HTML report renders to SVG."""
    keys = ("label", "start", "end", "total")
    return charts.waterfall([{k: r[k] for k in keys} for r in rows], description, floor=base)


def svg(b: Bridge, currency: str) -> str:
    """The waterfall as inline SVG (vl-convert): green parts raise revenue, red ones lower
    it; every text in it escaped."""
    bars = steps(b)
    return charts.svg(chart([asdict(s) for s in bars], summary(b, currency), floor(bars)))


def caption(b: Bridge, currency: str) -> str:
    bars = steps(b)
    base = floor(bars)
    text = "Green parts raise revenue, red parts lower it; they add up to the change."
    if base > 0:
        text += f" The bars start at {money_short(base, currency)}, not 0, so the parts show."
    return text
