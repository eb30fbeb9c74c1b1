"""A goal on the terminal: its headline, details, steps and children; and what a
history row changed, in a few words."""

from __future__ import annotations

from typing import Any

from salespulse.cli.output import add_row, console, escape_markup, print_line
from salespulse.model.wording import plural

#: History columns that change with every change (not worth naming).
_ALWAYS = {"version", "updated_at", "updated_by"}


def target_text(kpi_name: str, target: float, currency: str) -> str:
    from salespulse import kpis
    from salespulse.kpis.display import fmt_unit

    kpi = kpis.REGISTRY.get(kpi_name)
    return fmt_unit(target, kpi.unit, currency) if kpi else str(target)


def print_goal(view: dict[str, Any], currency: str) -> None:
    from rich import box
    from rich.table import Table

    out = console()
    target = target_text(view["kpi"], view["target"], currency)
    print_line(
        out,
        "[bold]Goal {}[/]: {} — {} {} in {} ({}, version {})",
        view["id"],
        view["owner"] if view["owner_kind"] != "all" else "everyone",
        view["kpi"],
        target,
        view["period"],
        view["state"],
        view["version"],
    )
    details = [
        ("where", ", ".join(f"{k} = {' or '.join(v)}" for k, v in view["where"].items())),
        ("what", view["what"]),
        ("why", view["why"]),
        ("split", view["split"]),
        ("part of", f"goal {view['parent_id']}" if view["parent_id"] else None),
        ("added", f"{view['created_at']:%Y-%m-%d %H:%M} UTC by {view['created_by']}"),
    ]
    if view["version"] > 1:
        details.append(
            ("changed", f"{view['updated_at']:%Y-%m-%d %H:%M} UTC by {view['updated_by']}")
        )
    if view["closed_at"]:
        details.append(("closed", f"{view['closed_at']:%Y-%m-%d %H:%M} UTC"))
    for label, value in details:
        if value:
            print_line(out, "  {}: {}", label, value)
    _print_progress(out, view, currency)
    for title, rows, cols in (
        ("Steps", view["steps"], ("id", "text", "owner", "due", "done_at", "done_by")),
        ("This period's weeks", _weeks(view), ("week", "target", "actual", "status", "needs")),
        ("Child goals", view.get("children", []), _CHILD_COLUMNS),
    ):
        if not rows:
            continue
        grid = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, title_justify="left")
        for col in cols:
            grid.add_column(col.replace("_at", ""))
        for row in rows:
            add_row(grid, *(_cell(col, row[col], view["kpi"], currency) for col in cols))
        out.print(grid)
    changes = len(view.get("history", []))
    if changes:
        out.print(
            escape_markup(
                f"{plural(changes, 'change')} recorded: salespulse goals history {view['id']}"
            )
        )


_CHILD_COLUMNS = ("id", "owner", "target", "actual", "achieved", "status", "version")


def _print_progress(out: Any, view: dict[str, Any], currency: str) -> None:
    """The goal's live progress in two lines (or why it cannot be measured)."""
    if "progress_note" in view:
        print_line(out, "  progress: not measured — {}", view["progress_note"])
        return
    if "actual" not in view:
        return

    def money(value: float) -> str:
        return target_text(view["kpi"], value, currency)

    achieved = view["achieved"]
    print_line(
        out,
        "  progress as of {}: {} ({} of the target) — {}",
        view["as_of"],
        money(view["actual"]) if view["actual"] is not None else "no value yet",
        f"{achieved:.0%}" if achieved is not None else "—",
        view["status"],
    )
    if view["pace"] != "ratio" and view["expected"] is not None:
        print_line(
            out, "  expected by now: {} — {}", money(view["expected"]), view["expected_basis"]
        )
    if view["projection"] is not None:
        print_line(
            out, "  projection: {} — {}", money(view["projection"]), view["projection_basis"]
        )
    rollup = view.get("rollup")
    if rollup:
        print_line(
            out,
            "  its reps together: {} of {} = {}",
            money(rollup["actual"]) if rollup["actual"] is not None else "—",
            money(rollup["target"]),
            f"{rollup['achieved']:.0%}" if rollup["achieved"] is not None else "—",
        )


#: A driver's name for one of it ("1 order", not "1 orders").
ONE = {
    "deals to win": "deal to win",
    "deals to decide": "deal to decide",
    "leads to work": "lead to work",
    "activities": "activity",
    "orders": "order",
    "customers to reach": "customer to reach",
}


def _need(value: float, name: str) -> str:
    shown = f"{value:.0f}"
    return f"{shown} {ONE.get(name, name) if shown == '1' else name}"


def _weeks(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The weekly milestones as table rows: what each week needs, in words."""
    return [
        {
            "week": m["label"],
            "target": m["target"],
            "actual": m["actual"],
            "status": m["status"],
            "needs": "; ".join(_need(d["value"], d["name"]) for d in m.get("drivers") or []),
        }
        for m in view.get("milestones", [])
    ]


def _cell(col: str, value: Any, kpi: str, currency: str) -> str:
    if value is None:
        return ""
    if col in ("target", "actual"):
        return target_text(kpi, value, currency)
    if col == "achieved":
        return f"{value:.0%}"
    if col == "done_at":
        return f"{value:%Y-%m-%d}"
    return str(value)


def changed_fields(
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> str:
    """What a history row changed, in a few words: `added`, `target 50000 → 60000`,
    `step 3 done`."""
    label = "" if entity == "goal" else f"step {entity_id} "
    after = after or {}
    if before is None:
        return label + "added" + (f": {after['text']}" if entity != "goal" else "")
    if action in ("done", "close"):
        return label + ("done" if action == "done" else "closed")
    parts = [
        f"{k} {_value(before.get(k))} → {_value(after.get(k))}"
        for k in after
        if k not in _ALWAYS and before.get(k) != after.get(k)
    ]
    return label + ("; ".join(parts) or "no change")


def _value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "—" if value is None else str(value)
