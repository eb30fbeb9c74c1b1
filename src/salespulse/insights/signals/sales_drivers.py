"""The drivers of a gap in revenue on sales lines, each measured for the rep and the
benchmark and tested against noise.

revenue a month = customers a month × orders per customer × lines per order × average
line value (average order value = lines per order × line value); without customers,
orders a month × lines per order × line value. With logarithms the factors' effects add
up to the whole gap, so their shares add to 1 (`sales_benchmark.log_split`).

Noise tests: the counts by an exact Poisson test — customers against the benchmark's
customers a month over the rep's months, orders against the benchmark's orders per
customer times the rep's customers; lines per order by a Mann-Whitney test on the lines
of each order (lines cluster in orders: they are not a Poisson count); line value by
Welch's t-test on the log amounts of the lines sold.

Mix, a part of line value: the revenue bridge's mix part with the benchmark group's
products as the base and the rep's as the current (`reports.bridge_parts.split`): what
the rep's units would bring at the peers' prices per product, against the same units at
the peers' average price. Its ratio 1 + mix ÷ (units × average price) is the factor by
which the rep's product mix alone moves the line value; tested by a chi-square test of
the rep's lines over the products against the peers', and called only beyond 5%.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from salespulse.insights.core import noise, phrases
from salespulse.insights.core.sales_benchmark import SalesBenchmark
from salespulse.insights.core.sales_figures import SalesFigures
from salespulse.insights.signals.drivers import Driver, log_ratio, share_of

MONTHS = "months of data at this pace"
#: A mix within this much (5%) of the peers' is not called a difference, however sure the
#: chi-square test is that the lines spread differently over the products.
MIN_MIX = 0.05


def _driver(
    key: str,
    rep: float | None,
    bench: float | None,
    unit: str,
    v: noise.Verdict,
    gap: float | None,
    detail: str,
    **extra: Any,
) -> Driver:
    e = log_ratio(rep, bench)
    return Driver(
        key,
        rep,
        bench,
        unit,
        "funnel",
        v.significant,
        v.test,
        share_of(e, gap),
        e,
        v.more_text,
        detail,
        extra=extra,
        enough_data=v.enough,
    )


def factors(f: SalesFigures, b: SalesBenchmark, gap: float | None, currency: str) -> list[Driver]:
    """customers (or orders) a month, orders per customer, lines per order and average line
    value for one rep against the benchmark."""
    out = []
    months = f.months
    if f.customers is not None and b.customers_per_month is not None:
        cpm = b.customers_per_month
        v = noise.poisson_count(f.customers, cpm * months, months, MONTHS)
        out.append(
            _driver(
                "customers",
                f.customers_per_month,
                cpm,
                "customers a month",
                v,
                gap,
                f"{phrases.number(f.customers_per_month)} customers a month against "
                f"{phrases.number(cpm)}",
                customers=f.customers,
                months=round(months, 2),
            )
        )
        opc = b.orders_per_customer
        v = noise.poisson_count(f.orders, (opc or 0.0) * f.customers, months, MONTHS)
        out.append(
            _driver(
                "orders_per_customer",
                f.orders_per_customer,
                opc,
                "orders per customer",
                v,
                gap,
                f"{phrases.number(f.orders_per_customer, 2)} orders per customer against "
                f"{phrases.number(opc, 2)}",
                orders=f.orders,
                customers=f.customers,
            )
        )
    else:
        opm = b.orders_per_month
        v = noise.poisson_count(f.orders, (opm or 0.0) * months, months, MONTHS)
        out.append(
            _driver(
                "orders_per_month",
                f.orders_per_month,
                opm,
                "orders a month",
                v,
                gap,
                f"{phrases.number(f.orders_per_month)} orders a month against "
                f"{phrases.number(opm)}",
                orders=f.orders,
                months=round(months, 2),
            )
        )
    lpo = b.lines_per_order
    v = noise.shifted(f.order_lines, b.pooled.order_lines, "orders")
    out.append(
        _driver(
            "lines_per_order",
            f.lines_per_order,
            lpo,
            "lines per order",
            v,
            gap,
            f"{phrases.number(f.lines_per_order, 2)} lines per order against "
            f"{phrases.number(lpo, 2)}",
            lines=f.lines,
            orders=f.orders,
        )
    )
    v = noise.log_means(f.amounts, b.pooled.amounts, "lines sold")
    out.append(
        _driver(
            "line_value",
            f.line_value,
            b.line_value,
            "revenue per line sold",
            v,
            gap,
            f"average line {phrases.money(f.line_value, currency)} against "
            f"{phrases.money(b.line_value, currency)}",
            lines=f.lines,
        )
    )
    return out


def mix(f: SalesFigures, b: SalesBenchmark, gap: float | None, currency: str) -> Driver | None:
    """The product mix against the benchmark group's (None without products both sell)."""
    from salespulse.reports.bridge_parts import Sold, split

    peers = b.pooled.products
    rows = [
        Sold(p, None, peers.get(p, (None,))[0], q, peers.get(p, (0, None))[1], v)
        for p, (q, v, _) in f.products.items()
    ]
    parts, items = split(rows)
    both = [i for i in items if i.status == "both"]
    peer_units = sum(i.units_base for i in both)
    if not both or peer_units <= 0:
        return None
    average = sum(i.revenue_base for i in both) / peer_units
    at_average = sum(i.units_current for i in both) * average
    if at_average <= 0:
        return None
    ratio = 1 + parts.mix / at_average
    v = _spread(f, b)
    e = log_ratio(ratio, 1.0)
    if v.significant and (e is None or abs(e) < MIN_MIX):
        v = replace(v, significant=False, test=v.test + f"; within {MIN_MIX:.0%} of the peers'")
    return Driver(
        "mix",
        ratio,
        1.0,
        "price of the rep's mix at the peers' prices ÷ the peers' average price",
        "part",
        v.significant,
        v.test,
        share_of(e, gap),
        e,
        None,
        f"the mix {'adds' if parts.mix >= 0 else 'costs'} "
        f"{phrases.money(abs(parts.mix), currency)} at the peers' prices "
        f"({phrases.updown(ratio)} on the peers' average price)",
        part_of="line_value",
        extra={"mix": parts.mix, "products": len(both)},
        enough_data=v.enough,
    )


def _spread(f: SalesFigures, b: SalesBenchmark) -> noise.Verdict:
    """Chi-square test: are the rep's lines spread over the products like the peers'?"""
    from salespulse import significance

    products = sorted(set(f.products) | set(b.pooled.products), key=str)
    mine = [f.products.get(p, (0, 0, 0))[2] for p in products]
    theirs = [b.pooled.products.get(p, (0, 0, 0))[2] for p in products]
    kept = [(m, t) for m, t in zip(mine, theirs, strict=True) if m + t > 0]
    if len(kept) < 2 or sum(m for m, _ in kept) < noise.MIN_AMOUNTS or not any(t for _, t in kept):
        return noise.Verdict(False, "too few lines to compare the mix", enough=False)
    p = significance.chi_square_p([[m for m, _ in kept], [t for _, t in kept]])
    return noise.Verdict(
        p < noise.ALPHA,
        f"chi-square test of lines by product ({len(kept)} products): p = {p:.3g}",
        p,
    )
