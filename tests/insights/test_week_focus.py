"""This week's focus in the one-on-one packet and the weekly digest (issue 10 §3b): the
top three deals and leads of `ws.focus(rep, week=...)` for the packet's week (the one
holding the data's end) and the digest's (the last complete week), each with its
reason; a manager's digest names each rep's first item. From the data alone: no app
database is opened. A hand case checks the record, the empty list's line and the
escaping."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import salespulse
from salespulse.insights import one_on_one, one_on_one_html, one_on_one_markdown
from salespulse.insights.packet import focus_tables
from salespulse.insights.packet.week_focus import TOP, FocusLine, WeekFocus
from salespulse.model.periods import Window
from salespulse.reports.focus import FocusList
from salespulse.reports.focus_items import FocusItem

from .conftest import AS_OF, REP
from .test_one_on_one import Outline

TOP_REP = REP["steady_top"]  # R0001, team Atlas
MANAGER = "Sofia Jackson"  # Atlas's manager: R0001-R0008


def _expected(
    ws: salespulse.Workspace, rep: str, week: str | None = None, as_of: date | None = None
) -> WeekFocus:
    found = ws.focus(rep, week=week, as_of=as_of)
    return WeekFocus(
        rep,
        found.window.label,
        found.as_of,
        tuple(FocusLine(i.kind, i.key, i.label, i.reason) for i in found.deals[:TOP]),
        tuple(FocusLine(i.kind, i.key, i.label, i.reason) for i in found.leads[:TOP]),
        (),
        tuple(found.notes),
    )


def test_the_packet_shows_the_top_of_the_weeks_focus_list(demo_ws: salespulse.Workspace) -> None:
    """The packet's week is the one holding the end of the data (9-15 June 2025, read as
    of Friday the 13th, the last day with data): the focus list's first three deals and
    first three leads, in its order, with its reasons — in Markdown, HTML and JSON
    (`coach one-on-one` shows it: tests/cli/test_coaching_commands.py)."""
    want = _expected(demo_ws, TOP_REP)
    assert want.week == "week of 2025-06-09" and len(want.deals) == len(want.leads) == TOP
    assert demo_ws.week_focus(TOP_REP) == want
    packet = one_on_one(demo_ws, TOP_REP, focus=want)
    md = one_on_one_markdown.render(packet)
    section = md.split("## This week's focus\n", 1)[1].split("\n## ", 1)[0]
    assert "What to work first in week of 2025-06-09 (as of 2025-06-13), best first:" in section
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0] == "| # | work on | why |"
    for rank, item in [*enumerate(want.deals, 1), *enumerate(want.leads, 1)]:
        assert f"| {rank} | {item.kind} {item.key}" in section
    assert rows[1].startswith(f"| 1 | deal {want.deals[0].key} ({want.deals[0].label}) | ")
    assert len(rows) == 1 + 2 * TOP
    outline = Outline()
    outline.feed(one_on_one_html.render(packet))
    assert "focus" in outline.sections
    assert packet.as_dict()["focus"] == json.loads(json.dumps(want.as_dict()))


def test_a_reps_digest_lists_their_focus_and_a_managers_each_reps_first_item(
    demo_ws: salespulse.Workspace,
) -> None:
    """The digest of 2025-W24 (read as of Sunday 15 June) for team Atlas: each rep's
    digest has their own top items for that week; the manager's one line per rep, in
    the reps' order, with the rep's first deal and its reason."""
    found = {d.recipient.key: d for d in demo_ws.digest(for_="Atlas", as_of=AS_OF)}
    leo, boss = found["R0004"], found[MANAGER]
    want = _expected(demo_ws, "R0004", week="2025-W24", as_of=AS_OF)
    assert leo.focus == {"R0004": want}
    section = leo.markdown.split("## This week's focus\n", 1)[1].split("\n## ", 1)[0]
    assert "What to work first in 2025-W24 (as of 2025-06-15), best first:" in section
    assert f"| 1 | deal {want.deals[0].key} ({want.deals[0].label}) |" in section
    assert leo.as_dict()["focus"]["R0004"]["deals"][0]["key"] == want.deals[0].key
    assert set(boss.focus or {}) == set(boss.recipient.reps)
    lines = boss.markdown.split("## This week's focus\n", 1)[1].split("\n## ", 1)[0]
    bullets = [x for x in lines.splitlines() if x.startswith("- ")]
    assert len(bullets) == len(boss.recipient.reps) == 8
    first = (boss.focus or {})["R0001"].deals[0]
    assert bullets[0].startswith(f"- {boss.name_of('R0001')} (R0001): deal {first.key} (")
    for d in (leo, boss):
        outline = Outline()
        outline.feed(d.html)
        assert outline.sections.index("focus") == outline.sections.index("goals") + 1
    assert "focus item" in leo.outline()[-1]


def _item(kind: str, key: str, label: str, score: float, reason: str) -> FocusItem:
    return FocusItem(kind, key, label, score, reason)


def test_hand_case_top_three_the_empty_line_and_escaping() -> None:
    """Five deals: the record keeps the first three, in the list's order; no lead; a
    hostile customer name and reason come out as text in Markdown and HTML. An empty
    list says why in one line (its first note)."""
    week = Window(date(2025, 6, 9), date(2025, 6, 15), "2025-W24")
    hostile = "<script>alert(1)</script> | *bold* [x](javascript:alert(1))"
    deals = [
        _item("deal", f"D{i}", hostile if i == 1 else f"C{i}", 10 - i, hostile) for i in range(1, 6)
    ]
    found = FocusList("R9", week, date(2025, 6, 11), deals=deals, notes=["A note."])
    got = WeekFocus.of(found)
    assert [d.key for d in got.deals] == ["D1", "D2", "D3"] and got.leads == ()
    assert got.top == got.deals[0] and got.notes == ("A note.",)
    md = "\n".join(one_on_one_markdown.focus_section(got))
    html = one_on_one_html.focus_section(got)
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "\\*bold\\*" in md and "\\[x\\]" in md
    rows = [line for line in md.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + TOP and "\\|" in rows[2]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 4 for row in rows), "3 cells a row"
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A note." in md and "A note." in html
    empty = WeekFocus.of(FocusList("R9", week, date(2025, 6, 11), notes=["R9 has no open deal."]))
    assert focus_tables.intro(empty) == (
        "Nothing to work first for 2025-W24 (as of 2025-06-11). R9 has no open deal."
    )
    assert focus_tables.grid(empty).rows == [] and focus_tables.notes(empty) == []
    assert one_on_one_markdown.focus_section(empty) == [_md(focus_tables.intro(empty))]
    assert (
        focus_tables.top_line(empty, "Ann (R9)")
        == "Ann (R9): nothing to work first: R9 has no open deal."
    )
    assert focus_tables.top_line(got, "Ann") == f"Ann: deal D1 ({hostile}) — {hostile}"


def _md(text: str) -> str:
    from salespulse.model.safe_text import markdown_text

    return markdown_text(text)


def test_a_sales_only_workspace_names_customers_to_win_back(tmp_path: Path) -> None:
    """Without deals or leads (the sale lines name their reps by name) the focus is the
    customers to win back: the packet's section lists the first three with what they
    bought before."""
    from salespulse.demo_workspace import write_demo

    ws = salespulse.open(tmp_path / "ws")
    write_demo(ws, seed=7, as_of=AS_OF, only="sales")
    name = str(ws.kpi("revenue", by="rep").sort_values("value")["rep"].iloc[-1])  # the top
    rep = ws.focus(name)
    got = ws.week_focus(name)
    assert [c.key for c in got.customers] == [c.key for c in rep.customers[:TOP]]
    assert got.deals == got.leads == () and got.customers
    md = one_on_one_markdown.render(one_on_one(ws, name, focus=got))
    assert f"| 1 | customer {got.customers[0].key} | bought " in md
