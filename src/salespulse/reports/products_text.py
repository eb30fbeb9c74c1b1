"""The words of a products report, the same in the terminal and in HTML: the title, the
summary lines (totals, the Pareto sentence, what it is compared with), the movers, and
how a figure or a change is written. Units and labels are the KPI registry's."""

from __future__ import annotations

from typing import Any

from salespulse import kpis
from salespulse.kpis.display import fmt_unit, is_empty, money_short
from salespulse.model.wording import plural
from salespulse.reports.product_movers import MOVERS, Mover
from salespulse.reports.product_ranking import NOUNS, OTHERS
from salespulse.reports.products import ProductReport


def title(report: ProductReport) -> str:
    noun = NOUNS[report.by][1].capitalize()
    text = f"{noun} by {kpis.get(report.measure).label.lower()}, {report.window.label}"
    if report.where:
        text += (
            " ("
            + "; ".join(f"{k} {', '.join(map(str, _values(v)))}" for k, v in report.where.items())
            + ")"
        )
    return text


def _values(value: Any) -> list[Any]:
    return [value] if isinstance(value, str | int) else list(value)


def one_year(report: ProductReport) -> bool:
    """True when the previous period is the year before too (a year's report): then the
    views show one change, not the same one twice."""
    return report.compared == report.year_ago


def headings(report: ProductReport) -> list[str]:
    """The headings of the change columns: "vs Oct 2026", "vs 2025-Q3" (or "vs previous"
    and "vs a year ago" when a label is too long for a column); one for a year."""
    pairs = [(report.compared, "vs previous"), (report.year_ago, "vs a year ago")]
    shown = [f"vs {w.label}" if len(w.label) <= 18 else short for w, short in pairs]
    return shown[:1] if one_year(report) else shown


def figure(value: Any, measure: str, currency: str) -> str:
    """Revenue in a narrow cell ($81.0k), units as counts; "—" when empty."""
    if is_empty(value):
        return "—"
    unit = kpis.get(measure).unit
    return (
        money_short(float(value), currency) if unit == "money" else fmt_unit(value, unit, currency)
    )


def change(delta: Any, before: Any, measure: str, currency: str) -> str:
    """ "+$12.3k (+15%)", "+$950 (new)" when nothing was sold before, "—" unknown."""
    if is_empty(delta) or is_empty(before):
        return "—"
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    text = sign + figure(abs(delta), measure, currency)
    if before > 0:
        ratio = abs(delta) / before
        text += f" ({sign}{ratio:.1%})" if ratio < 0.01 else f" ({sign}{ratio:.0%})"
    elif before == 0 and delta:
        text += " (new)"
    return text


def share(value: Any) -> str:
    return "—" if is_empty(value) else f"{value:.1%}"


def item(record: dict[str, Any], by: str) -> str:
    """An item as a manager reads it: the product's name and key, or the category."""
    key, name = record.get(by), record.get("name")
    if record.get("items"):  # the "all others" row
        return f"{OTHERS} ({plural(record['items'], *NOUNS[by])})"
    if key is None:
        return "(none)"
    return f"{name} ({key})" if name and name != key else str(key)


def summary(report: ProductReport, currency: str) -> list[str]:
    one, many = NOUNS[report.by]
    total = []
    if report.revenue is not None:
        total.append(f"{kpis.get('revenue').label} {figure(report.revenue, 'revenue', currency)}")
    total.append(f"{figure(report.units, 'units', currency)} units")
    lines = [
        f"{', '.join(total)}; {plural(report.items, one, many)} sold in {report.window.label}."
    ]
    if report.pareto:
        lines.append(report.pareto[0].upper() + report.pareto[1:] + ".")
    if one_year(report):
        lines.append(f"Changes are on {report.compared.label} (the year before).")
    else:
        lines.append(
            f"Changes are on {report.compared.label} (the previous period) and on "
            f"{report.year_ago.label} (a year earlier)."
        )
    return lines + report.notes


def movers(report: ProductReport, currency: str) -> list[tuple[str, list[str]]]:
    """The movers in words, as (heading, items): rises and falls beyond noise, the count
    within noise, new and lost items (the first `MOVERS` of each, then how many more)."""
    m = report.movers
    if not m.compared:
        return []
    groups: list[tuple[str, list[str]]] = []
    for heading, found in (("Rising beyond noise", m.rises), ("Falling beyond noise", m.falls)):
        said = [_mover(x, report, currency) for x in found[:MOVERS]] + _more(found)
        groups.append((f"{heading} ({len(found):,})", said) if found else (f"{heading}: none", []))
    if m.not_named:
        groups.append(
            (
                f"Not named: {plural(m.not_named, 'other change')}, within Poisson noise in "
                "units or sale lines (p ≥ 0.05), or with the units moving the other way",
                [],
            )
        )
    for heading, found, attr in (("New", m.new, "current"), ("Lost", m.lost, "previous")):
        if found:
            said = [
                f"{_name(x)}: {figure(getattr(x, attr), report.measure, currency)}"
                + (" this period" if attr == "current" else " the period before")
                for x in found[:MOVERS]
            ]
            groups.append((f"{heading} ({len(found):,})", said + _more(found)))
    return groups


def _mover(m: Mover, report: ProductReport, currency: str) -> str:
    moved = change(m.change, m.previous, report.measure, currency)
    return (
        f"{_name(m)}: {moved}; units {m.units_previous:,.0f} → {m.units:,.0f}, "
        f"lines {m.lines_previous:,} → {m.lines:,}"
    )


def _name(m: Mover) -> str:
    if m.key is None:
        return "(none)"
    return f"{m.name} ({m.key})" if m.name and m.name != m.key else str(m.key)


def _more(found: list[Mover]) -> list[str]:
    return [f"and {len(found) - MOVERS:,} more"] if len(found) > MOVERS else []
