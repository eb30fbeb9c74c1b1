"""The revenue bridge drawn as a waterfall: base revenue, the five parts floating from the
running total, current revenue. `steps` and `floor` are shared by the terminal (block
characters) and the HTML page (inline SVG, `svg`); `summary` says it in one sentence.
Every value written into the SVG is escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

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
INK, MUTED, TOTAL, GAIN, FALL = "#1f2933", "#9aa5b1", "#3e7cb1", "#2f9e44", "#c92a2a"


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


def svg(b: Bridge, currency: str) -> str:
    """The waterfall as inline SVG: green parts raise revenue, red ones lower it."""
    bars = steps(b)
    width, height, left, top, bottom = 680, 280, 12, 24, 44
    base = floor(bars)
    hi = max(max(s.start, s.end) for s in bars)
    scale = (height - top - bottom) / ((hi - base) or 1.0)
    slot = (width - 2 * left) / len(bars)

    def y(value: float) -> float:
        return height - bottom - (value - base) * scale

    origin = max(base, 0.0)
    body = [
        f'<line x1="{left}" y1="{y(origin):.1f}" x2="{width - left}" '
        f'y2="{y(origin):.1f}" stroke="{MUTED}"/>'
    ]
    for i, s in enumerate(bars):
        first = origin if s.total else s.start
        lo, high = min(first, s.end), max(first, s.end)
        x = left + i * slot + slot * 0.15
        colour = TOTAL if s.total else GAIN if s.amount >= 0 else FALL
        amount = money_short(s.amount, currency) if s.total else signed(s.amount, currency)
        h = max(y(lo) - y(high), 1.0)
        body.append(
            ""
            if s.amount == 0 and not s.total
            else f'<rect x="{x:.1f}" y="{y(high):.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{escape(s.label)}: {escape(amount)}</title></rect>'
        )
        if i < len(bars) - 1:
            level = y(s.end)
            body.append(
                f'<line x1="{x + slot * 0.7:.1f}" y1="{level:.1f}" x2="{x + slot:.1f}" '
                f'y2="{level:.1f}" stroke="{MUTED}" stroke-dasharray="3,2"/>'
            )
        mid = x + slot * 0.35
        body.append(_text(mid, y(high) - 5, amount))
        for j, word in enumerate(_wrap(s.label)):
            body.append(_text(mid, height - bottom + 16 + 13 * j, word))
    title = f"Revenue bridge from {b.base.label} to {b.current.label}"
    return (
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="system-ui, sans-serif" font-size="11"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def caption(b: Bridge, currency: str) -> str:
    bars = steps(b)
    base = floor(bars)
    text = "Green parts raise revenue, red parts lower it; they add up to the change."
    if base > 0:
        text += f" The bars start at {money_short(base, currency)}, not 0, so the parts show."
    return text


def _text(x: float, y: float, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" fill="{INK}">{escape(text)}</text>'


def _wrap(label: str) -> list[str]:
    """A bar's label on at most two lines ("Revenue" above its period)."""
    head, _, rest = label.partition(" ")
    return [head, rest] if rest else [head]
