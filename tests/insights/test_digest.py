"""The weekly digest on the demo (as of Sunday 2025-06-15: the week 2025-W24, June 9-15,
against June 2-8): every number is the one the KPI API, `salespulse forecast` and `coach
wins | flags | one-on-one` give for the same week; the app database's records land in
their sections; Markdown and HTML hold every value as text."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import salespulse
from salespulse.insights import Evidence, flags, wins
from salespulse.insights.digest import digest_html, digest_markdown
from salespulse.insights.digest.builder import RISK_KINDS, digests
from salespulse.insights.digest.result import Digest
from salespulse.insights.packet.records import ActionRecord, CheckInRecord, GoalRecord
from salespulse.insights.signals.deals_at_risk import deals_at_risk
from tests.svg_marks import fetches_nothing, marks, name, svgs

from . import digest_data as hostile
from .conftest import AS_OF
from .test_one_on_one import Outline

WEEK_START, WEEK_END = date(2025, 6, 9), date(2025, 6, 15)
BEFORE_START, BEFORE_END = date(2025, 6, 2), date(2025, 6, 8)
MANAGER = "Sofia Jackson"  # the demo's manager of team Atlas (R0001-R0008)
#: Goals, action items and check-ins as the app database would hand them over.
GOALS = [
    GoalRecord("R0001", "revenue", 60000, 61000, 30000, "met", 15000, 16000, "2025-06"),
    GoalRecord("R0004", "revenue", 60000, 10000, 30000, "behind", 15000, 2000, "2025-06"),
    GoalRecord("Atlas", "bookings", 500000, 200000, 230000, "on track", 120000, 90000, "2025-06"),
    GoalRecord("R0009", "revenue", 1, 1, 1, "met"),  # Beacon: in no Atlas digest
]
ACTIONS = [
    ActionRecord("Review the lost Quantum deal", "R0004", date(2025, 6, 12)),  # overdue
    ActionRecord("Shadow two calls of Amara", "R0004", date(2025, 6, 20)),  # due this week
    ActionRecord("Book the QBR", "R0004", date(2025, 7, 30)),  # not due yet
    ActionRecord("Done already", "R0004", date(2025, 6, 10), done=True),
    ActionRecord("Set the call-review routine", MANAGER, date(2025, 6, 18)),
]
CHECK_INS = [CheckInRecord(r, WEEK_START) for r in ("R0001", "R0002", "R0003")]
CHECK_INS += [CheckInRecord("R0004", WEEK_START, submitted=False)]
CHECK_INS += [CheckInRecord("R0005", WEEK_START - timedelta(days=7))]  # last week's only


@pytest.fixture(scope="module")
def atlas(demo_ev: Evidence) -> dict[str, Digest]:
    """Team Atlas's digests (its eight reps and its manager), by recipient key."""
    found = digests(
        demo_ev, for_="Atlas", as_of=AS_OF, goals=GOALS, actions=ACTIONS, check_ins=CHECK_INS
    )
    return {d.recipient.key: d for d in found}


def test_team_atlas_gets_its_reps_and_its_manager(atlas: dict[str, Digest]) -> None:
    reps = [f"R{i:04d}" for i in range(1, 9)]
    assert list(atlas) == [*reps, MANAGER]
    boss = atlas[MANAGER]
    assert boss.recipient.role == "manager" and boss.recipient.reps == tuple(reps)
    assert boss.recipient.email is None  # the demo's managers are no reps rows
    assert "[mail] managers" in boss.recipient.fix
    leo = atlas["R0004"]
    assert leo.recipient.email == "leo.green@pulse-demo.example"
    assert (leo.week.start, leo.week.end, leo.as_of) == (WEEK_START, WEEK_END, AS_OF)
    assert (leo.previous.start, leo.previous.end) == (BEFORE_START, BEFORE_END)
    assert leo.week_name == "2025-W24"


def _values(ws: salespulse.Workspace, by: str, start: date, end: date) -> dict[str, dict]:
    names = ["revenue", "units", "orders", "avg_order_value", "bookings", "deals_won"]
    found = ws.results([*names, "win_rate"], by=[by], start=start, end=end)
    return {n: {r[by]: r["value"] for r in res.records()} for n, res in found.items()}


def _pipeline(ws: salespulse.Workspace, by: str, day: date) -> dict[str, float]:
    return {r[by]: r["value"] for r in ws.result("pipeline_open", by=[by], as_of=day).records()}


def _expected(now: dict, before: dict, pipe: tuple[dict, dict], member: str) -> list[Any]:
    """kpi, this week, the week before, ... as the KPI API gives them: a sum or a count
    with no rows is 0, a ratio empty."""
    out: list[Any] = []
    for kpi in now:
        empty = None if kpi in ("avg_order_value", "win_rate") else 0.0
        out += [kpi, now[kpi].get(member, empty), before[kpi].get(member, empty)]
    return [*out, "pipeline_open", pipe[0].get(member, 0.0), pipe[1].get(member, 0.0)]


def _got(d: Digest) -> list[Any]:
    return [x for c in d.changes for x in (c.kpi, c.value, c.previous)]


def test_what_changed_is_the_kpi_api_for_each_rep(
    atlas: dict[str, Digest], demo_ws: salespulse.Workspace
) -> None:
    now = _values(demo_ws, "rep", WEEK_START, WEEK_END)
    before = _values(demo_ws, "rep", BEFORE_START, BEFORE_END)
    pipe = (_pipeline(demo_ws, "rep", WEEK_END), _pipeline(demo_ws, "rep", BEFORE_END))
    for rep, d in atlas.items():
        if d.recipient.role != "rep":
            continue
        assert _got(d) == pytest.approx(_expected(now, before, pipe, rep)), rep
    leo = {c.kpi: c for c in atlas["R0004"].changes}
    assert leo["pipeline_open"].over == "week end" and leo["revenue"].over == "week"


def test_a_managers_numbers_are_the_teams(
    atlas: dict[str, Digest], demo_ws: salespulse.Workspace
) -> None:
    """Sofia Jackson manages team Atlas: her reps together are the team, ratios pooled."""
    now = _values(demo_ws, "team", WEEK_START, WEEK_END)
    before = _values(demo_ws, "team", BEFORE_START, BEFORE_END)
    pipe = (_pipeline(demo_ws, "team", WEEK_END), _pipeline(demo_ws, "team", BEFORE_END))
    boss = atlas[MANAGER]
    assert _got(boss) == pytest.approx(_expected(now, before, pipe, "Atlas"))
    # each rep's line is the rep's own digest's
    for person in boss.people:
        assert person.changes == atlas[person.rep].changes
        assert person.series == atlas[person.rep].series
    # the weekly series ends with the week's revenue
    assert boss.series[-1] == pytest.approx(now["revenue"]["Atlas"])
    assert boss.series[-2] == pytest.approx(before["revenue"]["Atlas"])


def test_pacing_is_the_forecast(atlas: dict[str, Digest], demo_ws: salespulse.Workspace) -> None:
    by_rep = {m.member: m for m in demo_ws.projection(by="rep", as_of=AS_OF).members}
    by_team = {m.member: m for m in demo_ws.projection(by="team", as_of=AS_OF).members}
    for key, d in atlas.items():
        want = by_team["Atlas"] if d.recipient.role == "manager" else by_rep[key]
        own = d.pacing[0]
        assert (own.member, own.period.label) == (key, "Jun 2025")
        assert (own.actual, own.projected, own.low, own.high, own.target, own.chance) == (
            pytest.approx(
                (
                    want.actual,
                    want.projected,
                    want.landing.low,
                    want.landing.high,
                    want.target,
                    want.chance,
                )
            )
        )
    assert [p.member for p in atlas[MANAGER].pacing] == [MANAGER, *atlas[MANAGER].recipient.reps]


def test_wins_risks_and_deals_are_the_coaching_ones(
    atlas: dict[str, Digest], demo_ev: Evidence
) -> None:
    week_wins = wins(demo_ev, period="week", team="Atlas", as_of=AS_OF)
    assert (week_wins.window.start, week_wins.window.end) == (WEEK_START, WEEK_END)
    team_flags = flags(demo_ev, team="Atlas", as_of=AS_OF).flags
    risks = [f for f in team_flags if f.kind in RISK_KINDS]
    assert risks and {f.kind for f in risks} <= {"struggling", "watch"}
    for key, d in atlas.items():
        mine = set(d.recipient.reps)
        assert d.wins == [w for w in week_wins.wins if w.rep in mine], key
        assert d.flags == [f for f in risks if f.rep in mine], key
        deals = [(r, x) for r in d.recipient.reps for x in deals_at_risk(demo_ev, r, AS_OF)]
        assert sorted(d.deals_at_risk, key=lambda rd: (rd[0], rd[1].deal_id)) == sorted(
            deals, key=lambda rd: (rd[0], rd[1].deal_id)
        ), key
    boss = atlas[MANAGER]
    assert [x.amount or 0 for _, x in boss.deals_at_risk] == sorted(
        (x.amount or 0 for _, x in boss.deals_at_risk), reverse=True
    )


def test_goals_actions_and_check_ins_land_in_their_sections(atlas: dict[str, Digest]) -> None:
    amara, leo, boss = atlas["R0001"], atlas["R0004"], atlas[MANAGER]
    assert [g.owner for g in amara.goals or []] == ["R0001"]
    assert [g.owner for g in boss.goals or []] == ["R0001", "R0004", "Atlas"]
    # goals met and milestones hit are wins: Amara met hers and hit this week's
    assert amara.goal_wins == [
        "R0001: goal met — Revenue $61k of $60k for 2025-06.",
        "R0001: this week's milestone hit — Revenue $16k against $15k for 2025-06.",
    ]
    assert leo.goal_wins == []
    assert [a.text for a in leo.actions or []] == [
        "Review the lost Quantum deal",
        "Shadow two calls of Amara",
    ]
    assert [a.text for a in boss.actions or []] == [
        "Review the lost Quantum deal",
        "Set the call-review routine",
        "Shadow two calls of Amara",
    ]
    assert boss.check_ins_missing == ["R0004", "R0005", "R0006", "R0007", "R0008"]
    assert leo.check_ins_missing == ["R0004"] and amara.check_ins_missing == []
    text = digest_markdown.render(leo)
    assert "- [ ] Review the lost Quantum deal — Leo Green, due 2025-06-12 (overdue)" in text
    assert "`salespulse check-in R0004 --week 2025-W24 --confidence 4`" in text
    assert "| R0004 | Revenue (2025-06) | $60k | $10k | $30k | behind | $2.0k of $15k |" in text


def test_without_the_app_database_each_section_says_how_to_start(
    atlas: dict[str, Digest],
) -> None:
    leo = replace(atlas["R0004"], goals=None, actions=None, check_ins_missing=None)
    text = digest_markdown.render(leo)
    assert "No goals yet: set one with `salespulse goals add --owner R0004 --kpi revenue" in text
    assert '`salespulse one-on-ones add R0004 --action "TEXT; OWNER; DUE"`' in text
    assert "Check-ins are not in use yet" in text
    page = digest_html.render(leo)
    assert "<code>salespulse goals add --owner R0004 --kpi revenue" in page
    assert leo.outline()[-3:] == [
        "goal: not in use yet",
        "action item: not in use yet",
        "check-in missing: not in use yet",
    ]


REP_HEADINGS = [
    "What changed since last week",
    "Where the month is heading",
    "Wins to celebrate",
    "Risks",
    "Goals and this week's milestones",
    "Action items due",
    "Your check-in",
]


def test_markdown_and_html_sections(atlas: dict[str, Digest]) -> None:
    leo, boss = atlas["R0004"], atlas[MANAGER]
    assert leo.markdown == digest_markdown.render(leo) and leo.html == digest_html.render(leo)
    assert leo.markdown.startswith("# Weekly digest: Leo Green (R0004), 2025-W24\n")
    assert re.findall(r"^## (.+)$", leo.markdown, flags=re.M) == REP_HEADINGS
    heads = re.findall(r"^## (.+)$", boss.markdown, flags=re.M)
    assert heads == [
        *REP_HEADINGS[:1],
        "The reps this week",
        *REP_HEADINGS[1:-1],
        "Check-ins missing",
    ]
    for rep in boss.recipient.reps:  # one row per rep, named
        assert f"| {rep} | {boss.name_of(rep)} |" in boss.markdown
    assert leo.subject.startswith("Weekly digest for Leo Green, 2025-W24: revenue ")
    assert boss.subject.startswith("Weekly digest for Atlas team, 2025-W24: revenue ")
    for d, ids in ((leo, 0), (boss, 1)):
        outline = Outline()
        outline.feed(d.html)
        want = ["changes", *(["people"] if ids else []), "pacing", "wins", "risks", "goals"]
        assert outline.sections == [*want, "actions", "check-ins"]
        assert outline.svgs["changes"] == 1
        assert outline.svgs.get("people", 0) == ids  # one chart: a line per rep
        assert fetches_nothing(d.html)
        assert "script" not in outline.tags and "img" not in outline.tags
        assert not [v for k, v in outline.attrs if k in ("src", "href")], "nothing fetched"
    charts = {name(svg): svg for svg in svgs(boss.html)}
    weeks = charts["Weekly revenue of each rep"]
    lines = marks(weeks, "line mark")  # a line per rep, each named
    assert len(lines) == len(boss.people)
    assert all(any(f"; rep: {p.name};" in x for x in lines) for p in boss.people)
    assert len(marks(weeks, "point")) == sum(len(p.series) for p in boss.people)


def test_hostile_names_render_as_text(tmp_path: Path) -> None:
    ws = hostile.hostile_workspace(tmp_path / "ws")
    found = {d.recipient.key: d for d in ws.digest(as_of=hostile.AS_OF)}
    assert list(found) == [hostile.TRAVERSAL, "R1", "R2", hostile.BOSS]
    every_md = "".join(d.markdown for d in found.values())
    every_html = "".join(d.html for d in found.values())
    assert "<script" not in every_md and "<b>" not in every_md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in every_md
    assert "\\*bold\\*" in every_md and "*bold*" not in every_md.replace("\\*", "")
    assert "\\[x\\](javascript:alert(1))" in every_md
    assert not re.search(r"(?<!\\)[*\]]", every_md.replace("**", "")), "no unescaped * or ]"
    assert "<script" not in every_html and "<b>Boss" not in every_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in every_html and "*bold*" in every_html
    # command hints never carry a hostile value: a placeholder stands in
    assert "`salespulse one-on-ones add REP --action" in found[hostile.BOSS].markdown
    assert "--owner East" in found[hostile.BOSS].markdown
    # a file name is never a path
    stems = [d.file_stem for d in found.values()]
    assert stems == ["rep-etc_passwd", "rep-R1", "rep-R2", "manager-b_Boss_b"]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", s) for s in stems)
    # the rep without an email is said to have none, with the fix
    lost = found[hostile.TRAVERSAL].recipient
    assert lost.email is None and "email" in lost.fix
