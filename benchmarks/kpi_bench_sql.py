"""Hand-written DuckDB SQL for every KPI by rep by month (by rep for snapshots and
consistency), with the default settings (weeks from Monday, calendar fiscal year,
business days Monday-Friday, the default stage mapping). Each query returns rep,
period (when monthly), value and n — what an analyst would write by hand."""

from __future__ import annotations

MONTH = "CAST(date_trunc('month', {}) AS DATE)"
AMOUNT = "coalesce(amount, quantity * unit_price)"
AT_MONTH = MONTH.format('"at"')
DAYS = "(epoch(closed_at) - epoch(created_at)) / 86400"
WON_KEYS = "('won', 'closedwon', 'dealwon', 'signed')"
LOST_KEYS = "('lost', 'closedlost', 'deallost', 'disqualified', 'closeddisqualified')"


def _consistency(measure: str) -> str:
    return f"""
WITH w AS (SELECT min(date) AS lo, max(date) AS hi FROM sales),
months AS (
    SELECT CAST(unnest(generate_series(date_trunc('month', lo), date_trunc('month', hi),
                                       INTERVAL 1 MONTH)) AS DATE) AS mo FROM w),
reps AS (SELECT DISTINCT rep FROM sales),
monthly AS (SELECT rep, {MONTH.format("date")} AS mo, sum({measure}) AS s FROM sales GROUP BY ALL),
grid AS (
    SELECT r.rep, m.mo, coalesce(x.s, 0) AS s
    FROM reps r CROSS JOIN months m
    LEFT JOIN monthly x ON x.rep IS NOT DISTINCT FROM r.rep AND x.mo = m.mo)
SELECT rep,
       CASE WHEN count(*) >= 2 AND avg(s) > 0 THEN stddev_samp(s) / avg(s) END AS value,
       count(*) AS n
FROM grid GROUP BY rep"""


def _quota_rows() -> str:
    return f"""
q AS (
    SELECT rep, period_start, period_end, sum(target) AS target FROM quotas
    WHERE coalesce(lower(trim(metric)), 'revenue') = 'revenue' AND rep IS NOT NULL
      AND period_start IS NOT NULL AND period_end IS NOT NULL
    GROUP BY ALL),
daily AS (SELECT rep, date AS day, sum({AMOUNT}) AS m FROM sales GROUP BY ALL),
qa AS (
    SELECT q.rep, q.period_start, q.period_end, q.target, coalesce(sum(d.m), 0) AS actual
    FROM q LEFT JOIN daily d ON d.rep = q.rep AND d.day BETWEEN q.period_start AND q.period_end
    GROUP BY ALL)"""


def _open_deals() -> str:
    return """
stage_hist AS (
    SELECT s.k,
           avg(CASE WHEN d.status = 'won' THEN 1.0 ELSE 0.0 END) AS rate
    FROM (SELECT DISTINCT deal_id, regexp_replace(lower(stage), '[^0-9a-z]+', '', 'g') AS k
          FROM deal_stages) s
    JOIN deals d ON d.deal_id = s.deal_id AND d.status IN ('won', 'lost')
    GROUP BY 1),
overall AS (
    SELECT avg(CASE WHEN status = 'won' THEN 1.0 ELSE 0.0 END) AS rate FROM deals
    WHERE status IN ('won', 'lost')),
open_deals AS (
    SELECT d.*, coalesce(d.probability, h.rate, o.rate) AS p
    FROM deals d
    LEFT JOIN stage_hist h ON h.k = regexp_replace(lower(d.stage), '[^0-9a-z]+', '', 'g')
    CROSS JOIN overall o
    WHERE d.status = 'open')"""


def _leads() -> str:
    return """
touch AS (
    SELECT lead_id, "at" FROM activities
    WHERE coalesce(lower(trim(direction)), 'outbound') = 'outbound' AND lead_id IS NOT NULL),
lt AS (
    SELECT l.lead_id, l.rep, l.created_at, coalesce(l.inbound, true) AS inbound,
           count(t.lead_id) AS touches,
           min(t."at") FILTER (WHERE t."at" >= l.created_at) AS first_at
    FROM leads l LEFT JOIN touch t ON t.lead_id = l.lead_id
    GROUP BY ALL)"""


def _stages() -> str:
    return """
e AS (
    SELECT s.deal_id, s.stage, s.entered_at,
           lead(s.entered_at) OVER w AS next_at, lead(s.stage) OVER w AS next_stage
    FROM deal_stages s
    WINDOW w AS (PARTITION BY s.deal_id ORDER BY s.entered_at, s.stage)),
entries AS (SELECT d.rep, e.* FROM e LEFT JOIN deals d ON d.deal_id = e.deal_id),
open_entries AS (SELECT * FROM entries WHERE stage NOT IN __WON__ AND stage NOT IN __LOST__)"""


CLOSED = "status IN ('won', 'lost')"
BY_CLOSE = f"rep, {MONTH.format('closed_at')} AS period"


def stage_lists(con: object) -> dict[str, str]:
    """The won and lost stage names in the data (by the default mapping), as SQL lists
    for the __WON__ and __LOST__ placeholders: what an analyst who looked at the data
    would write."""
    import re

    names = [r[0] for r in con.sql("SELECT DISTINCT stage FROM deal_stages").fetchall()]  # type: ignore[attr-defined]

    def listed(keys: str) -> str:
        wanted = set(re.findall(r"'(\w+)'", keys))
        found = [n for n in names if n and re.sub(r"[^0-9a-z]+", "", n.lower()) in wanted]
        return "(" + ", ".join("'" + n.replace("'", "''") + "'" for n in found or [""]) + ")"

    return {"__WON__": listed(WON_KEYS), "__LOST__": listed(LOST_KEYS)}


SQL: dict[str, str] = {
    "revenue": f"SELECT rep, {MONTH.format('date')} AS period, sum({AMOUNT}) AS value, "
    f"count({AMOUNT}) AS n FROM sales GROUP BY ALL",
    "units": f"SELECT rep, {MONTH.format('date')} AS period, sum(quantity) AS value, "
    "count(*) AS n FROM sales GROUP BY ALL",
    "consistency": _consistency(AMOUNT),
    "units_consistency": _consistency("quantity"),
    "bookings": f"SELECT {BY_CLOSE}, sum(amount) AS value, count(amount) AS n FROM deals "
    "WHERE status = 'won' AND closed_at IS NOT NULL GROUP BY ALL",
    "deals_won": f"SELECT {BY_CLOSE}, count(*) AS value, count(*) AS n FROM deals "
    "WHERE status = 'won' AND closed_at IS NOT NULL GROUP BY ALL",
    "deals_lost": f"SELECT {BY_CLOSE}, count(*) AS value, count(*) AS n FROM deals "
    "WHERE status = 'lost' AND closed_at IS NOT NULL GROUP BY ALL",
    "win_rate": f"SELECT {BY_CLOSE}, count(*) FILTER (WHERE status = 'won') / count(*) AS value, "
    f"count(*) AS n FROM deals WHERE {CLOSED} AND closed_at IS NOT NULL GROUP BY ALL",
    "win_rate_value": f"SELECT {BY_CLOSE}, coalesce(sum(amount) FILTER (WHERE status = 'won'), 0)"
    f" / nullif(sum(amount), 0) AS value, count(amount) AS n FROM deals WHERE {CLOSED} "
    "AND closed_at IS NOT NULL GROUP BY ALL",
    "close_rate": f"SELECT rep, {MONTH.format('created_at')} AS period, "
    "count(*) FILTER (WHERE status = 'won') / count(*) AS value, count(*) AS n FROM deals "
    "WHERE created_at IS NOT NULL GROUP BY ALL",
    "avg_deal_size": f"SELECT {BY_CLOSE}, sum(amount) / nullif(count(amount), 0) AS value, "
    "count(amount) AS n FROM deals WHERE status = 'won' AND closed_at IS NOT NULL GROUP BY ALL",
    "sales_cycle_days": f"SELECT {BY_CLOSE}, median({DAYS}) AS value, count({DAYS}) AS n "
    "FROM deals WHERE status = 'won' AND closed_at IS NOT NULL GROUP BY ALL",
    "loss_cycle_days": f"SELECT {BY_CLOSE}, median({DAYS}) AS value, count({DAYS}) AS n "
    "FROM deals WHERE status = 'lost' AND closed_at IS NOT NULL GROUP BY ALL",
    "quota_attainment": f"WITH {_quota_rows()} SELECT rep, {MONTH.format('period_start')} AS "
    "period, sum(actual) / nullif(sum(target), 0) AS value, count(*) AS n FROM qa GROUP BY ALL",
    "reps_at_quota": f"WITH {_quota_rows()}, per_rep AS (SELECT rep, "
    f"{MONTH.format('period_start')} AS period, sum(actual) >= sum(target) AS met FROM qa "
    "GROUP BY ALL) SELECT rep, period, avg(CAST(met AS INT)) AS value, count(*) AS n "
    "FROM per_rep GROUP BY ALL",
    "months_at_quota": f"WITH {_quota_rows()} SELECT rep, {MONTH.format('period_start')} AS "
    "period, avg(CAST(actual >= target AS INT)) AS value, count(*) AS n FROM qa "
    "WHERE day(period_start) = 1 AND period_end = "
    "CAST(period_start + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) GROUP BY ALL",
    "pipeline_open": "SELECT rep, sum(amount) AS value, count(amount) AS n FROM deals "
    "WHERE status = 'open' GROUP BY ALL",
    "pipeline_weighted": f"WITH {_open_deals()} SELECT rep, sum(amount * p) AS value, "
    "count(amount * p) AS n FROM open_deals GROUP BY ALL",
    "pipeline_coverage": f"WITH {_quota_rows()}, {_open_deals()}, "
    "pipe AS (SELECT rep, expected_close AS day, sum(amount) AS amt, count(*) AS cnt "
    "FROM open_deals WHERE expected_close IS NOT NULL GROUP BY ALL), "
    "qp AS (SELECT qa.rep, qa.period_start, qa.target, qa.actual, "
    "coalesce(sum(p.amt), 0) AS pipeline, coalesce(sum(p.cnt), 0) AS cnt "
    "FROM qa LEFT JOIN pipe p ON p.rep = qa.rep "
    "AND p.day BETWEEN qa.period_start AND qa.period_end GROUP BY ALL) "
    f"SELECT rep, {MONTH.format('period_start')} AS period, sum(pipeline) / "
    "nullif(greatest(sum(target) - sum(actual), 0), 0) AS value, sum(cnt) AS n "
    "FROM qp GROUP BY ALL",
    "sales_velocity": f"""
SELECT rep,
       count(*) FILTER (WHERE status = 'open')
         * (count(*) FILTER (WHERE status = 'won')
            / nullif(count(*) FILTER (WHERE {CLOSED}), 0))
         * (sum(amount) FILTER (WHERE status = 'won')
            / nullif(count(amount) FILTER (WHERE status = 'won'), 0))
         / nullif(median({DAYS}) FILTER (WHERE status = 'won'), 0) AS value,
       count(*) FILTER (WHERE {CLOSED}) AS n
FROM deals GROUP BY rep""",
    "lead_work_rate": f"WITH {_leads()} SELECT rep, {MONTH.format('created_at')} AS period, "
    "avg(CASE WHEN touches > 0 THEN 1.0 ELSE 0.0 END) AS value, count(*) AS n FROM lt "
    "WHERE created_at IS NOT NULL GROUP BY ALL",
    "speed_to_lead_minutes": f"WITH {_leads()} SELECT rep, {MONTH.format('created_at')} AS "
    "period, median((epoch(first_at) - epoch(created_at)) / 60) AS value, count(first_at) AS n "
    "FROM lt WHERE inbound AND created_at IS NOT NULL GROUP BY ALL",
    "touches_per_lead": f"WITH {_leads()} SELECT rep, {MONTH.format('created_at')} AS period, "
    "sum(touches) / count(*) AS value, count(*) AS n FROM lt WHERE touches > 0 "
    "AND created_at IS NOT NULL GROUP BY ALL",
    "leads_worked_per_day": f"""
WITH t AS (
    SELECT rep, lead_id, CAST("at" AS DATE) AS day FROM activities
    WHERE coalesce(lower(trim(direction)), 'outbound') = 'outbound' AND lead_id IS NOT NULL),
w AS (SELECT min(day) AS lo, max(day) AS hi FROM t),
days AS (SELECT CAST(unnest(generate_series(lo, hi, INTERVAL 1 DAY)) AS DATE) AS day FROM w),
bdays AS (SELECT {MONTH.format("day")} AS period, count(*) AS n FROM days
          WHERE isodow(day) <= 5 GROUP BY 1),
pairs AS (SELECT DISTINCT rep, {MONTH.format("day")} AS period, lead_id, day FROM t
          WHERE isodow(day) <= 5)
SELECT p.rep, p.period, count(*) / b.n AS value, b.n AS n
FROM pairs p JOIN bdays b ON b.period = p.period GROUP BY p.rep, p.period, b.n""",
    "activities": f"SELECT rep, {AT_MONTH} AS period, count(*) AS value, count(*) AS n "
    "FROM activities GROUP BY ALL",
    "connect_rate": f"SELECT rep, {AT_MONTH} AS period, "
    "avg(CASE WHEN lower(trim(outcome)) = 'connected' THEN 1.0 ELSE 0.0 END) AS value, "
    "count(*) AS n FROM activities WHERE lower(trim(type)) = 'call' "
    "AND coalesce(lower(trim(direction)), 'outbound') = 'outbound' AND outcome IS NOT NULL "
    "GROUP BY ALL",
    "stage_conversion": f"WITH {_stages()} SELECT rep, {MONTH.format('entered_at')} AS period, "
    "avg(CASE WHEN next_stage IS NOT NULL AND next_stage NOT IN __LOST__ THEN 1.0 ELSE 0.0 END) "
    "AS value, count(*) AS n FROM open_entries GROUP BY ALL",
    "time_in_stage": f"WITH {_stages()} SELECT rep, {MONTH.format('entered_at')} AS period, "
    "median((epoch(next_at) - epoch(entered_at)) / 86400) AS value, count(next_at) AS n "
    "FROM open_entries GROUP BY ALL",
}
