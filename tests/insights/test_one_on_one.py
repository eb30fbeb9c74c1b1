"""The one-on-one packet renders as Markdown and as self-contained offline HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from salespulse.insights import Evidence, one_on_one, one_on_one_html, one_on_one_markdown
from salespulse.insights.packet.one_on_one import Packet
from tests.svg_marks import fetches_nothing, marks, name, svgs

from .conftest import AS_OF, REP

#: The demo has deals and sales lines: the deals view first, the sales lines' beside it.
SECTIONS = [
    "wins",
    "kpis",
    "diagnosis",
    "sales-kpis",
    "sales-diagnosis",
    "flags",
    "consistency",
    "projection",
    "deals-at-risk",
    "prospecting",
    "agenda",
]


@pytest.fixture(scope="module")
def packet(demo_ev: Evidence) -> Packet:
    return one_on_one(demo_ev, REP["activity_drop"], as_of=AS_OF)


class Outline(HTMLParser):
    """Collects what the checks need: section ids in order, svg elements and where they
    sit, every tag and every attribute value."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.stack: list[str] = []
        self.svgs: dict[str, int] = {}
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        if tag == "section":
            self.sections.append(dict(attrs).get("id") or "")
            self.stack.append(self.sections[-1])
        if tag == "svg" and self.stack:
            self.svgs[self.stack[-1]] = self.svgs.get(self.stack[-1], 0) + 1
        self._in_h2 = tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.stack:
            self.stack.pop()
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.headings.append(data)


def test_markdown(packet: Packet) -> None:
    text = one_on_one_markdown.render(packet)
    assert text.startswith("# One-on-one: Leo Green (R0004)")
    heads = re.findall(r"^## (.+)$", text, flags=re.M)
    assert heads[:3] == [
        "Wins to celebrate",
        "KPIs: May 2025 against Apr 2025 and the team",
        "Diagnosis",
    ]
    assert {"Flags", "Deals at risk", "Suggested agenda"} <= set(heads)
    assert any(h.startswith("Prospecting habits") for h in heads)
    assert packet.diagnosis is not None and packet.diagnosis.summary in text
    assert "| Win rate |" in text and "Connect rate of outbound calls by hour" in text
    assert re.search(r"^1\. \*\*", text, flags=re.M)  # a numbered agenda


def test_html_is_self_contained_with_its_sections_and_charts(packet: Packet) -> None:
    html = one_on_one_html.render(packet)
    page = Outline()
    page.feed(html)
    assert page.sections == SECTIONS  # wins first, agenda last
    assert page.svgs.get("kpis") == 1  # revenue against quota
    assert page.svgs.get("diagnosis") == 1  # drivers against the benchmark
    assert page.svgs.get("prospecting") == 2  # outreach heatmap and connect rate by hour
    assert page.svgs.get("consistency") == 1  # the months against their band
    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert fetches_nothing(html)
    drawn = {name(svg): svg for svg in svgs(html)}
    revenue = drawn["Monthly revenue of Leo Green against quota"]
    assert len(marks(revenue, "bar")) == len(packet.months) == 12
    assert len(marks(drawn["Drivers against the benchmark"], "bar")) >= 1
    within = [v.replace("url(#", "") for k, v in page.attrs]  # a chart's own gradient
    assert not [v for k, v in page.attrs if k in ("src", "href")]
    assert not [v for v in within if "url(" in v]
    assert "<style>" in html and "Speed to lead" in html
    assert "Goals" not in " ".join(page.headings)  # no app database: no goals


def test_without_the_app_database_it_says_how_to_start(packet: Packet) -> None:
    """Given no records from the app database, the packet is as it was, plus one line."""
    assert packet.coaching is None and packet.as_dict()["coaching"] is None
    assert not {"Since last time", "Goals", "Confidence"} & {a.topic for a in packet.agenda}
    text = one_on_one_markdown.render(packet)
    assert "## Since the last one-on-one" not in text
    assert (
        "\n\nNothing is recorded from past meetings yet: keep this one with "
        '`salespulse one-on-ones add R0004 --action "TEXT; OWNER; DUE"`, and the next packet '
        "opens with its action items, the rep's goals, plan and check-ins.\n\n## Wins"
    ) in text
    assert "Nothing is recorded from past meetings yet" in one_on_one_html.render(packet)


def test_packet_contents(packet: Packet) -> None:
    assert packet.period.label == "May 2025" and packet.previous.label == "Apr 2025"
    assert [k.key for k in packet.kpis][:2] == ["quota_attainment", "revenue"]
    assert packet.agenda[-1].topic == "Next steps"
    assert any(a.topic == "Pipeline" for a in packet.agenda)
    assert all(q.question.endswith("?") for q in packet.agenda)
    assert packet.deals_at_risk and all(d.reasons for d in packet.deals_at_risk)
    assert sum(packet.habits.outreach.values()) > 100
    assert len(packet.months) == 12


def test_wins_come_first_for_a_winner(demo_ev: Evidence) -> None:
    p = one_on_one(demo_ev, REP["steady_top"], as_of=AS_OF)
    assert p.wins and p.agenda[0].topic == "Celebrate"
    text = one_on_one_markdown.render(p)
    assert text.index("## Wins to celebrate") < text.index("## KPIs")
    assert "in a row at quota" in text
