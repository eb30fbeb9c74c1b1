"""A deliberately naive pure-Python implementation of every KPI, written from the
definitions in docs/kpis.md, to check the engine against on generated data.

It loops over plain dicts, groups with a dict of lists, and uses only the Python
calendar (`model/calendar.py`) and `stats`. It shares no code with the engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from salespulse import stats
from salespulse.model.calendar import next_period_start, period_start
from salespulse.model.settings import WEEKDAYS, Settings, stage_key

Row = dict[str, Any]
Data = dict[str, list[Row]]


class Q:
    def __init__(
        self,
        data: Data,
        by: Iterable[str] = (),
        period: str = "all",
        start: date | None = None,
        end: date | None = None,
        where: dict[str, Any] | None = None,
        as_of: date | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.data = data
        self.by = tuple([by] if isinstance(by, str) else by)
        self.period = period
        self.start, self.end, self.as_of = start, end, as_of
        self.where = {k: ([v] if isinstance(v, str) else list(v)) for k, v in (where or {}).items()}
        self.settings = settings or Settings()
        self.reps = {r["rep"]: r for r in data.get("reps", [])}

    # -- placing rows ------------------------------------------------------------------------
    def day(self, value: Any) -> date:
        return value.date() if isinstance(value, datetime) else value

    def in_window(self, value: Any, future: bool = False) -> bool:
        if value is None:
            return False
        d = self.day(value)
        if self.start and d < self.start:
            return False
        if self.end and d > self.end:
            return False
        return not (self.as_of and not future and d > self.as_of)

    def before_as_of(self, value: Any) -> bool:
        return self.as_of is None or (value is not None and self.day(value) <= self.as_of)

    def dim(self, row: Row, name: str) -> Any:
        if name in ("team", "manager") or (name == "region" and "rep" in row):
            own = row.get(name)
            if name == "region" and own is not None:
                return own
            rep = self.reps.get(row.get("rep"))
            return rep.get(name) if rep else None
        return row.get(name)

    def keep(self, row: Row) -> bool:
        for key, values in self.where.items():
            if key == "metric":
                continue
            if str(self.dim(row, key)) not in values:
                return False
        return True

    def key(self, row: Row, anchor: Any) -> tuple[Any, ...]:
        out = tuple(self.dim(row, d) for d in self.by)
        if self.period != "all":
            out += (period_start(self.day(anchor), self.period, self.settings),)  # type: ignore[arg-type]
        return out

    def group(
        self, rows: Iterable[Row], anchor: Callable[[Row], Any] | None, future: bool = False
    ) -> dict[tuple[Any, ...], list[Row]]:
        groups: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
        if not self.by and self.period == "all":
            groups[()] = []
        for row in rows:
            at = anchor(row) if anchor else None
            if anchor and not self.in_window(at, future):
                continue
            if not self.keep(row):
                continue
            groups[self.key(row, at)].append(row)
        return groups

    def out(
        self, groups: dict[tuple[Any, ...], Any], fn: Callable[[Any, tuple[Any, ...]], Row]
    ) -> list[Row]:
        rows = []
        for k in sorted(groups, key=lambda k: tuple((v is None, v) for v in k)):
            row: Row = dict(zip(self.by, k, strict=False))
            if self.period != "all":
                row["period"] = k[-1]
            row.update(fn(groups[k], k))
            rows.append(row)
        return rows

    # -- tables as of --------------------------------------------------------------------------
    def deals(self) -> list[Row]:
        out = []
        for d in self.data.get("deals", []):
            d = dict(d)
            if (
                self.as_of
                and d["created_at"] is not None
                and self.day(d["created_at"]) > self.as_of
            ):
                continue
            if (
                self.as_of
                and d["status"] in ("won", "lost")
                and self.day(d["closed_at"]) > self.as_of
            ):
                d["status"], d["closed_at"] = "open", None
            out.append(d)
        return out

    def sales(self) -> list[Row]:
        out = []
        for s in self.data.get("sales", []):
            s = dict(s)
            if s["amount"] is None and s["unit_price"] is not None:
                kept = 1 - (s.get("discount") or 0)
                s["amount"] = s["quantity"] * s["unit_price"] * kept - (
                    s.get("discount_amount") or 0
                )
            if self.before_as_of(s["date"]):
                out.append(s)
        return out

    def activities(self) -> list[Row]:
        out = []
        for a in self.data.get("activities", []):
            if not self.before_as_of(a["at"]):
                continue
            a = dict(a)
            a["direction"] = (a["direction"] or "outbound").lower()
            a["type"] = a["type"].lower() if a["type"] else None
            a["outcome"] = a["outcome"].lower() if a["outcome"] else None
            a["hour"] = a["at"].hour
            a["weekday"] = WEEKDAYS[a["at"].weekday()]
            out.append(a)
        return out


def _sum(values: Iterable[Any]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) if vals else None


def _div(a: Any, b: Any) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _prop(success: int, n: int) -> Row:
    ci = stats.wilson(success, n)
    return {
        "value": _div(success, n),
        "numerator": success,
        "denominator": n,
        "n": n,
        "ci_low": ci[0] if ci else None,
        "ci_high": ci[1] if ci else None,
    }


def _days(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 86400


def _cycle_known(r: Row) -> bool:
    """A creation date no later than the close: migrated deals (closed before they were
    created) have no cycle."""
    return r["created_at"] is not None and r["closed_at"] >= r["created_at"]


def _duration(values: list[float]) -> Row:
    return {
        "value": stats.median(values),
        "n": len(values),
        "mean": sum(values) / len(values) if values else None,
        "p90": stats.quantile(values, 0.9),
    }


# -- the KPIs ----------------------------------------------------------------------------------
def revenue(q: Q) -> list[Row]:
    g = q.group(q.sales(), lambda r: r["date"])
    return q.out(
        g,
        lambda rows, k: {
            "value": _sum(r["amount"] for r in rows),
            "n": sum(r["amount"] is not None for r in rows),
        },
    )


def units(q: Q) -> list[Row]:
    g = q.group(q.sales(), lambda r: r["date"])
    return q.out(g, lambda rows, k: {"value": _sum(r["quantity"] for r in rows), "n": len(rows)})


def _window(q: Q, days: list[date]) -> tuple[date, date] | None:
    first = q.start or (min(days) if days else None)
    last = q.end or (max(days) if days else None)
    if first is None or last is None:
        return None
    if q.as_of and last > q.as_of:
        last = q.as_of
    return first, last


def _placed(q: Q, rows: list[Row], anchor: Callable[[Row], Any]) -> list[Row]:
    return [r for r in rows if q.in_window(anchor(r)) and q.keep(r)]


def consistency(q: Q, measure: str = "amount") -> list[Row]:
    rows = _placed(q, q.sales(), lambda r: r["date"])
    win = _window(q, [r["date"] for r in rows])
    g = q.group(rows, lambda r: r["date"])

    def months_of(k: tuple[Any, ...]) -> list[date]:
        if win is None:
            return []
        first, last = win[0].replace(day=1), win[1].replace(day=1)
        if q.period != "all":
            p = k[-1]
            first, last = (
                max(first, p),
                min(last, next_period_start(p, q.period) - timedelta(days=1)),
            )  # type: ignore[arg-type]
        out, m = [], first
        while m <= last:
            out.append(m)
            m = next_period_start(m, "month")
        return out

    def fn(group: list[Row], k: tuple[Any, ...]) -> Row:
        months = months_of(k)
        totals = {m: None for m in months}
        for r in group:
            m = r["date"].replace(day=1)
            if r[measure] is not None:
                totals[m] = (totals[m] or 0) + r[measure]
        vals = [v or 0 for v in totals.values()]
        any_amount = any(v is not None for v in totals.values())
        n = len(months)
        mean = sum(vals) / n if n and any_amount else None
        sd = None
        if n >= 2 and any_amount:
            sd = (sum((v - mean) ** 2 for v in vals) / (n - 1)) ** 0.5  # type: ignore[operator]
        value = sd / mean if sd is not None and mean and mean > 0 else None
        return {"value": value, "numerator": sd, "denominator": mean, "n": n}

    return q.out(g, fn)


def units_consistency(q: Q) -> list[Row]:
    return consistency(q, "quantity")


def _closed_kpi(q: Q, statuses: tuple[str, ...], fn: Callable[[list[Row]], Row]) -> list[Row]:
    rows = [d for d in q.deals() if d["status"] in statuses]
    return q.out(q.group(rows, lambda r: r["closed_at"]), lambda rows, k: fn(rows))


def bookings(q: Q) -> list[Row]:
    return _closed_kpi(
        q,
        ("won",),
        lambda rows: {
            "value": _sum(r["amount"] for r in rows),
            "n": sum(r["amount"] is not None for r in rows),
        },
    )


def deals_won(q: Q) -> list[Row]:
    return _closed_kpi(q, ("won",), lambda rows: {"value": len(rows), "n": len(rows)})


def deals_lost(q: Q) -> list[Row]:
    return _closed_kpi(q, ("lost",), lambda rows: {"value": len(rows), "n": len(rows)})


def win_rate(q: Q) -> list[Row]:
    return _closed_kpi(
        q, ("won", "lost"), lambda rows: _prop(sum(r["status"] == "won" for r in rows), len(rows))
    )


def win_rate_value(q: Q) -> list[Row]:
    def fn(rows: list[Row]) -> Row:
        won = sum(r["amount"] for r in rows if r["status"] == "won" and r["amount"] is not None)
        total = _sum(r["amount"] for r in rows)
        return {
            "value": _div(won, total),
            "numerator": won,
            "denominator": total,
            "n": sum(r["amount"] is not None for r in rows),
        }

    return _closed_kpi(q, ("won", "lost"), fn)


def close_rate(q: Q) -> list[Row]:
    kept = [
        r for r in q.deals() if r["closed_at"] is None or r["created_at"] is None or _cycle_known(r)
    ]
    g = q.group(kept, lambda r: r["created_at"])
    return q.out(g, lambda rows, k: _prop(sum(r["status"] == "won" for r in rows), len(rows)))


def avg_deal_size(q: Q) -> list[Row]:
    def fn(rows: list[Row]) -> Row:
        amounts = [r["amount"] for r in rows if r["amount"] is not None]
        return {
            "value": _div(sum(amounts), len(amounts)),
            "numerator": sum(amounts) if amounts else None,
            "denominator": len(amounts),
            "n": len(amounts),
        }

    return _closed_kpi(q, ("won",), fn)


def _cycle(q: Q, status: str) -> list[Row]:
    return _closed_kpi(
        q,
        (status,),
        lambda rows: _duration(
            [_days(r["created_at"], r["closed_at"]) for r in rows if _cycle_known(r)]
        ),
    )


def sales_cycle_days(q: Q) -> list[Row]:
    return _cycle(q, "won")


def loss_cycle_days(q: Q) -> list[Row]:
    return _cycle(q, "lost")


# -- orders, customers, prices and margins ---------------------------------------------------
def _sold(s: Row) -> bool:
    return s["quantity"] is not None and s["quantity"] > 0


def _order_count(rows: list[Row]) -> int:
    """Distinct order numbers of the lines sold, plus one per line sold without one."""
    sold = [r for r in rows if _sold(r)]
    numbers = {r.get("order_id") for r in sold if r.get("order_id") is not None}
    return len(numbers) + sum(r.get("order_id") is None for r in sold)


def orders(q: Q) -> list[Row]:
    g = q.group([s for s in q.sales() if _sold(s)], lambda r: r["date"])
    return q.out(g, lambda rows, k: {"value": _order_count(rows), "n": len(rows)})


def avg_order_value(q: Q) -> list[Row]:
    def fn(rows: list[Row], k: Any) -> Row:
        revenue, count = _sum(r["amount"] for r in rows), _order_count(rows)
        return {
            "value": _div(revenue, count),
            "numerator": revenue,
            "denominator": count,
            "n": count,
        }

    g = q.group([s for s in q.sales() if s["amount"] is not None], lambda r: r["date"])
    return q.out(g, fn)


def largest_order(q: Q) -> list[Row]:
    def fn(rows: list[Row], k: Any) -> Row:
        totals: dict[Any, float] = {}
        for r in rows:
            totals[r["order_id"]] = totals.get(r["order_id"], 0.0) + r["amount"]
        return {"value": max(totals.values()) if totals else None, "n": len(totals)}

    lines = [
        s
        for s in q.sales()
        if _sold(s) and s["amount"] is not None and s.get("order_id") is not None
    ]
    return q.out(q.group(lines, lambda r: r["date"]), fn)


def active_customers(q: Q) -> list[Row]:
    def fn(rows: list[Row], k: Any) -> Row:
        named = [r for r in rows if r.get("customer") is not None]
        return {"value": len({r["customer"] for r in named}), "n": len(named)}

    return q.out(q.group([s for s in q.sales() if _sold(s)], lambda r: r["date"]), fn)


def new_customers(q: Q) -> list[Row]:
    first: dict[Any, date] = {}
    lines = [s for s in q.sales() if _sold(s) and s.get("customer") is not None]
    for s in lines:  # over every line up to as-of, whatever the window
        c = s["customer"]
        first[c] = min(first.get(c, s["date"]), s["date"])

    def fn(rows: list[Row], k: Any) -> Row:
        firsts = [r for r in rows if r["date"] == first[r["customer"]]]
        return {"value": len({r["customer"] for r in firsts}), "n": len(firsts)}

    return q.out(q.group(lines, lambda r: r["date"]), fn)


def _ratio(q: Q, rows: list[Row], num: Callable[[Row], Any], den: Callable[[Row], Any]) -> Any:
    def fn(group: list[Row], k: Any) -> Row:
        a, b = _sum(num(r) for r in group), _sum(den(r) for r in group)
        return {"value": _div(a, b), "numerator": a, "denominator": b, "n": len(group)}

    return q.out(q.group(rows, lambda r: r["date"]), fn)


def avg_selling_price(q: Q) -> list[Row]:
    rows = [s for s in q.sales() if s["amount"] is not None]
    return _ratio(q, rows, lambda r: r["amount"], lambda r: r["quantity"])


def _list_value(s: Row) -> float | None:
    if s["unit_price"] is not None:
        return float(s["quantity"] * s["unit_price"])
    kept = 1 - (s.get("discount") or 0)
    if s["amount"] is None or kept == 0:
        return None
    return float((s["amount"] + (s.get("discount_amount") or 0)) / kept)


def discount_rate(q: Q) -> list[Row]:
    rows = [
        s
        for s in q.sales()
        if (s.get("discount") is not None or s.get("discount_amount") is not None)
        and _list_value(s) is not None
        and s["amount"] is not None
    ]
    return _ratio(q, rows, lambda r: _list_value(r) - r["amount"], _list_value)  # type: ignore[operator]


def _profit(s: Row, unit_costs: dict[Any, float]) -> float | None:
    amount = s["amount"]
    if amount is not None and s.get("cost") is not None:
        return float(amount - s["cost"])
    if s.get("profit") is not None:
        return float(s["profit"])
    if amount is not None and s.get("margin") is not None:
        return float(s["margin"] * amount)
    if amount is not None and unit_costs.get(s["product"]) is not None:
        return float(amount - s["quantity"] * unit_costs[s["product"]])
    return None


def gross_margin(q: Q) -> list[Row]:
    unit_costs: dict[Any, float] = {}
    for p in q.data.get("products", []):
        if p.get("cost") is not None:
            unit_costs[p["product"]] = max(unit_costs.get(p["product"], p["cost"]), p["cost"])
    rows = [
        dict(s, _profit=_profit(s, unit_costs))
        for s in q.sales()
        if s["amount"] is not None and _profit(s, unit_costs) is not None
    ]
    return _ratio(q, rows, lambda r: r["_profit"], lambda r: r["amount"])


# -- quotas ------------------------------------------------------------------------------------
METRIC_ROWS: dict[str, Callable[[Q], list[tuple[Any, Any, float | None]]]] = {
    # metric -> (rep, day, value) of every row that counts toward it
    "revenue": lambda q: [(s["rep"], s["date"], s["amount"]) for s in q.sales()],
    "units": lambda q: [(s["rep"], s["date"], s["quantity"]) for s in q.sales()],
    "bookings": lambda q: [
        (d["rep"], d["closed_at"].date(), d["amount"]) for d in q.deals() if d["status"] == "won"
    ],
    "deals_won": lambda q: [
        (d["rep"], d["closed_at"].date(), 1) for d in q.deals() if d["status"] == "won"
    ],
    "activities": lambda q: [(a["rep"], a["at"].date(), 1) for a in q.activities()],
}


def _quota_rows(q: Q, allowed: tuple[str, ...]) -> tuple[list[Row], str]:
    quotas = [dict(r, metric=(r["metric"] or "revenue").lower()) for r in q.data.get("quotas", [])]
    present = {r["metric"] for r in quotas} & set(allowed)
    metric = q.where.get("metric", [None])[0] or (
        "revenue" if "revenue" in present or not present else sorted(present)[0]
    )
    rows = [r for r in quotas if r["metric"] == metric]
    level = "rep" if any(r["rep"] for r in rows) or not rows else "team"
    rows = [r for r in rows if (r["rep"] is not None) == (level == "rep")]
    facts = METRIC_ROWS[metric](q)
    out = []
    for r in rows:
        actual = 0.0
        for rep, day, value in facts:
            owner = rep if level == "rep" else (q.reps.get(rep) or {}).get("team")
            mine = owner == (r["rep"] if level == "rep" else r["team"])
            if mine and r["period_start"] <= day <= r["period_end"] and value is not None:
                actual += value
        month_end = next_period_start(r["period_start"], "month") - timedelta(days=1)
        out.append(
            {
                "rep": r["rep"],
                "team": r["team"] if level == "team" else None,
                "period_start": r["period_start"],
                "period_end": r["period_end"],
                "target": r["target"],
                "actual": actual,
                "is_month": r["period_start"].day == 1 and r["period_end"] == month_end,
            }
        )
    return out, level


def _quota_dim(q: Q, row: Row, name: str) -> Any:
    if name == "team" and row.get("team") is not None:
        return row["team"]
    return q.dim({"rep": row["rep"]}, name) if name != "rep" else row["rep"]


class _QuotaQ(Q):
    def dim(self, row: Row, name: str) -> Any:
        return _quota_dim(self.parent, row, name)  # type: ignore[attr-defined]


def _qq(q: Q) -> _QuotaQ:
    qq = _QuotaQ(q.data, q.by, q.period, q.start, q.end, q.where, q.as_of, q.settings)
    qq.parent = q  # type: ignore[attr-defined]
    return qq


def quota_attainment(q: Q) -> list[Row]:
    rows, _ = _quota_rows(q, ("revenue", "units", "bookings", "deals_won", "activities"))
    qq = _qq(q)
    g = qq.group(rows, lambda r: r["period_start"])
    return qq.out(
        g,
        lambda rs, k: {
            "value": _div(sum(r["actual"] for r in rs), sum(r["target"] for r in rs)),
            "numerator": sum(r["actual"] for r in rs) if rs else None,
            "denominator": sum(r["target"] for r in rs) if rs else None,
            "n": len(rs),
        },
    )


def reps_at_quota(q: Q) -> list[Row]:
    rows, _ = _quota_rows(q, ("revenue", "units", "bookings", "deals_won", "activities"))
    qq = _qq(q)
    g = qq.group(rows, lambda r: r["period_start"])

    def fn(rs: list[Row], k: tuple[Any, ...]) -> Row:
        per_rep: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for r in rs:
            per_rep[r["rep"]][0] += r["actual"]
            per_rep[r["rep"]][1] += r["target"]
        return _prop(sum(a >= t for a, t in per_rep.values()), len(per_rep))

    return qq.out(g, fn)


def months_at_quota(q: Q) -> list[Row]:
    rows, _ = _quota_rows(q, ("revenue", "units", "bookings", "deals_won", "activities"))
    qq = _qq(q)
    g = qq.group([r for r in rows if r["is_month"]], lambda r: r["period_start"])
    return qq.out(g, lambda rs, k: _prop(sum(r["actual"] >= r["target"] for r in rs), len(rs)))


# -- pipeline ----------------------------------------------------------------------------------
def _open_deals(q: Q) -> list[Row]:
    deals = q.deals()
    closed = [d for d in deals if d["status"] in ("won", "lost")]
    overall = _div(sum(d["status"] == "won" for d in closed), len(closed))
    status = {d["deal_id"]: d["status"] for d in closed}
    entered: dict[str, set[str]] = defaultdict(set)
    for s in q.data.get("deal_stages", []):
        if q.before_as_of(s["entered_at"]) and s["deal_id"] in status:
            entered[stage_key(s["stage"])].add(s["deal_id"])
    history = {k: sum(status[i] == "won" for i in ids) / len(ids) for k, ids in entered.items()}
    configured = {stage_key(k): v for k, v in q.settings.stage_probability.items()}
    out = []
    for d in deals:
        if d["status"] != "open":
            continue
        key = stage_key(d["stage"]) if d["stage"] else None
        p = d["probability"]
        for fallback in (configured.get(key), history.get(key), overall):  # type: ignore[arg-type]
            if p is None:
                p = fallback
        out.append(dict(d, probability=p))
    return out


def _pipeline(q: Q, measure: Callable[[Row], Any]) -> list[Row]:
    g = q.group(_open_deals(q), None)
    return q.out(
        g,
        lambda rows, k: {
            "value": _sum(measure(r) for r in rows),
            "n": sum(measure(r) is not None for r in rows),
            "without_amount": sum(r["amount"] is None for r in rows),
        },
    )


def pipeline_open(q: Q) -> list[Row]:
    return _pipeline(q, lambda r: r["amount"])


def pipeline_weighted(q: Q) -> list[Row]:
    return _pipeline(
        q,
        lambda r: (
            None
            if r["amount"] is None or r["probability"] is None
            else r["amount"] * r["probability"]
        ),
    )


def pipeline_coverage(q: Q) -> list[Row]:
    rows, level = _quota_rows(q, ("revenue", "bookings"))
    opened = [d for d in _open_deals(q) if d["expected_close"] is not None]
    for r in rows:
        mine = [
            d
            for d in opened
            if r["period_start"] <= d["expected_close"] <= r["period_end"]
            and (
                d["rep"] == r["rep"]
                if level == "rep"
                else (q.reps.get(d["rep"]) or {}).get("team") == r["team"]
            )
        ]
        r["pipeline"] = sum(d["amount"] for d in mine if d["amount"] is not None)
        r["open_deals"] = len(mine)
    qq = _qq(q)
    g = qq.group(rows, lambda r: r["period_start"], future=True)

    def fn(rs: list[Row], k: tuple[Any, ...]) -> Row:
        target, actual = sum(r["target"] for r in rs), sum(r["actual"] for r in rs)
        pipeline = sum(r["pipeline"] for r in rs)
        remaining = max(target - actual, 0) if rs else None
        return {
            "value": _div(pipeline, remaining),
            "numerator": pipeline if rs else None,
            "denominator": remaining,
            "n": sum(r["open_deals"] for r in rs),
            "target": target if rs else None,
            "actual": actual if rs else None,
        }

    return qq.out(g, fn)


def sales_velocity(q: Q) -> list[Row]:
    g = q.group(q.deals(), None)

    def fn(rows: list[Row], k: tuple[Any, ...]) -> Row:
        opened = sum(r["status"] == "open" for r in rows)
        closed = [r for r in rows if r["status"] in ("won", "lost")]
        won = [r for r in closed if r["status"] == "won"]
        amounts = [r["amount"] for r in won if r["amount"] is not None]
        wr = _div(len(won), len(closed))
        size = _div(sum(amounts), len(amounts))
        cycles = [_days(r["created_at"], r["closed_at"]) for r in won if _cycle_known(r)]
        cycle = stats.median(cycles)
        num = None if wr is None or size is None else opened * wr * size
        return {
            "value": _div(num, cycle),
            "numerator": num,
            "denominator": cycle,
            "n": len(closed),
            "open_deals": opened,
            "win_rate": wr,
            "avg_deal_size": size,
            "sales_cycle_days": cycle,
        }

    return q.out(g, fn)


# -- leads and activities ----------------------------------------------------------------------
def _leads(q: Q) -> list[Row]:
    touches = [
        a for a in q.activities() if a["direction"] == "outbound" and a["lead_id"] is not None
    ]
    out = []
    for lead in q.data.get("leads", []):
        if not q.before_as_of(lead["created_at"]):
            continue
        mine = [a for a in touches if a["lead_id"] == lead["lead_id"]]
        after = [a["at"] for a in mine if a["at"] >= lead["created_at"]]
        out.append(
            dict(
                lead,
                touches=len(mine),
                first=min(after) if after else None,
                inbound=True if lead["inbound"] is None else lead["inbound"],
            )
        )
    return out


def lead_work_rate(q: Q) -> list[Row]:
    g = q.group(_leads(q), lambda r: r["created_at"])
    return q.out(g, lambda rows, k: _prop(sum(r["touches"] > 0 for r in rows), len(rows)))


def touches_per_lead(q: Q) -> list[Row]:
    g = q.group([r for r in _leads(q) if r["touches"] > 0], lambda r: r["created_at"])
    return q.out(
        g,
        lambda rows, k: {
            "value": _div(sum(r["touches"] for r in rows), len(rows)),
            "numerator": sum(r["touches"] for r in rows) if rows else None,
            "denominator": len(rows),
            "n": len(rows),
        },
    )


def speed_to_lead_minutes(q: Q) -> list[Row]:
    g = q.group([r for r in _leads(q) if r["inbound"]], lambda r: r["created_at"])

    def fn(rows: list[Row], k: tuple[Any, ...]) -> Row:
        minutes = [(r["first"] - r["created_at"]).total_seconds() / 60 for r in rows if r["first"]]
        out = _duration(minutes)
        out["within_5_min"] = _div(sum(m <= 5 for m in minutes), len(rows))
        out["within_60_min"] = _div(sum(m <= 60 for m in minutes), len(rows))
        out["untouched"] = sum(r["first"] is None for r in rows)
        return out

    return q.out(g, fn)


def leads_worked_per_day(q: Q) -> list[Row]:
    business = {WEEKDAYS.index(d) for d in q.settings.business_days}
    rows = [a for a in q.activities() if a["direction"] == "outbound" and a["lead_id"] is not None]
    rows = _placed(q, rows, lambda r: r["at"])
    win = _window(q, [r["at"].date() for r in rows])
    g = q.group([r for r in rows if r["at"].weekday() in business], lambda r: r["at"])

    def fn(group: list[Row], k: tuple[Any, ...]) -> Row:
        first, last = win if win else (date(2000, 1, 2), date(2000, 1, 1))
        if q.period != "all":
            p = k[-1]
            first, last = (
                max(first, p),
                min(last, next_period_start(p, q.period) - timedelta(days=1)),
            )  # type: ignore[arg-type]
        days, d = 0, first
        while d <= last:
            days += d.weekday() in business
            d += timedelta(days=1)
        pairs = {(r["lead_id"], r["at"].date()) for r in group}
        return {
            "value": _div(len(pairs), days),
            "numerator": len(pairs),
            "denominator": days,
            "n": days,
        }

    return q.out(g, fn)


def activities(q: Q) -> list[Row]:
    g = q.group(q.activities(), lambda r: r["at"])
    return q.out(
        g,
        lambda rows, k: {
            "value": len(rows),
            "n": len(rows),
            "calls": sum(r["type"] == "call" for r in rows),
            "emails": sum(r["type"] == "email" for r in rows),
            "meetings": sum(r["type"] == "meeting" for r in rows),
        },
    )


def connect_rate(q: Q) -> list[Row]:
    calls = [
        a
        for a in q.activities()
        if a["type"] == "call" and a["direction"] == "outbound" and a["outcome"] is not None
    ]
    g = q.group(calls, lambda r: r["at"])
    return q.out(
        g, lambda rows, k: _prop(sum(r["outcome"] == "connected" for r in rows), len(rows))
    )


# -- stages ------------------------------------------------------------------------------------
def _entries(q: Q) -> list[Row]:
    def status(stage: str | None) -> str | None:
        return None if stage is None else q.settings.status_of_stage(stage)

    deals = {d["deal_id"]: d for d in q.deals()}
    by_deal: dict[str, list[Row]] = defaultdict(list)
    for s in q.data.get("deal_stages", []):
        if q.before_as_of(s["entered_at"]):
            by_deal[s["deal_id"]].append(s)
    out = []
    for deal_id, entries in by_deal.items():
        entries.sort(key=lambda s: (s["entered_at"], s["stage"]))
        deal = deals.get(deal_id, {})
        for i, s in enumerate(entries):
            nxt = entries[i + 1] if i + 1 < len(entries) else None
            if status(s["stage"]) != "open":
                continue
            out.append(
                {
                    **{k: deal.get(k) for k in ("rep", "product", "customer", "source")},
                    "stage": s["stage"],
                    "entered_at": s["entered_at"],
                    "next_at": nxt["entered_at"] if nxt else None,
                    "next_status": status(nxt["stage"]) if nxt else None,
                }
            )
    return out


def stage_conversion(q: Q) -> list[Row]:
    g = q.group(_entries(q), lambda r: r["entered_at"])
    return q.out(
        g,
        lambda rows, k: _prop(
            sum(r["next_status"] is not None and r["next_status"] != "lost" for r in rows),
            len(rows),
        ),
    )


def time_in_stage(q: Q) -> list[Row]:
    g = q.group(_entries(q), lambda r: r["entered_at"])

    def fn(rows: list[Row], k: tuple[Any, ...]) -> Row:
        out = _duration([_days(r["entered_at"], r["next_at"]) for r in rows if r["next_at"]])
        out["still_in_stage"] = sum(r["next_at"] is None for r in rows)
        return out

    return q.out(g, fn)


KPIS: dict[str, Callable[[Q], list[Row]]] = {
    f.__name__: f
    for f in (
        revenue,
        units,
        orders,
        avg_order_value,
        largest_order,
        active_customers,
        new_customers,
        avg_selling_price,
        discount_rate,
        gross_margin,
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


def compute(name: str, data: Data, **params: Any) -> list[Row]:
    return KPIS[name](Q(data, **params))
