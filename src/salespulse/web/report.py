"""A report you can send: the team page, the leaderboard, the revenue bridge and each rep's
page as one self-contained HTML file (`salespulse report --out report.html`).

Each part is the dashboard's own page — built by the same function as the page and its
JSON twin, rendered by the same template — made to open anywhere: every chart drawn to
SVG offline (`charts.render.svg`, the browser's spec), the style sheet inlined, the
controls and scripts left out, and the links between parts of the report made links
within the file (links to pages outside it keep their text). Nothing in the file is
fetched from anywhere. `--pdf` prints the file through the system's Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from html import escape
from importlib.resources import files
from typing import Any

from salespulse.web.served import Served
from salespulse.web.templating import render_at
from salespulse.web.users import LOCAL_ADMIN

#: A chart's element as the templates write it (`macros.chart`, the team page's cards).
_CHART = re.compile(r'<div class="chart-body" id="([\w-]+)-drawn" data-chart="\1"></div>')
_MAIN = re.compile(r'<main id="main">(.*)</main>', re.DOTALL)
_FORM = re.compile(r'<form class="controls".*?</form>', re.DOTALL)
_LINK = re.compile(r'<a href="(/[^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
#: A sparkline's width offline (a card's), where the browser fits it to the card.
SPARK_WIDTH = 160
#: Offline charts shrink to their box (each SVG has its viewBox).
_STYLE = ".chart-body svg { max-width: 100%; height: auto; }"
_JSON_LINK = re.compile(r' · <a href="/api[^"]*">JSON</a>')


@dataclass
class Part:
    """One page of the report: its anchor, its title, its HTML (a `<section>`)."""

    anchor: str
    title: str
    html: str


@dataclass
class Report:
    title: str
    parts: list[Part] = field(default_factory=list)
    html: str = ""


def anchor_of(path: str) -> str:
    """The anchor a dashboard path has in the report: `/` → team, `/reps/R1` → rep-R1."""
    name = path.strip("/") or "team"
    return re.sub(r"[^\w-]", "-", name.replace("reps/", "rep-"))


def offline(html: str, drawn: dict[str, str], inside: set[str]) -> str:
    """A page's `<main>` made to open anywhere: charts as their SVG, no controls, no JSON
    link, links to parts of the report (`inside`) as anchors, other links as text."""
    found = _MAIN.search(html)
    body = found.group(1) if found else html
    body = _FORM.sub("", body)
    body = _JSON_LINK.sub("", body)

    def chart(match: re.Match[str]) -> str:
        svg = drawn.get(match.group(1), "")
        return f'<div class="chart-body" id="{match.group(1)}-drawn">{svg}</div>'

    def link(match: re.Match[str]) -> str:
        path, rest, text = match.group(1), match.group(2), match.group(3)
        target = path.split("?")[0]
        if target in inside:
            return f'<a href="#{anchor_of(target)}"{rest}>{text}</a>'
        return f"<span{rest}>{text}</span>"

    return _LINK.sub(link, _CHART.sub(chart, body))


def part(
    path: str,
    template: str,
    model: Callable[[], Any],
    charts: Callable[[Any], dict[str, dict[str, Any]]],
    inside: set[str],
) -> Part:
    """One page of the report: its model built, rendered as the dashboard renders it,
    then made to open anywhere."""
    from salespulse.charts.render import svg

    found = model()
    specs = charts(found)
    html = render_at(path, template, found, specs)
    drawn = {k: svg(v, SPARK_WIDTH if k.startswith("spark-") else 640) for k, v in specs.items()}
    anchor = anchor_of(path)
    section = offline(html, drawn, inside)
    return Part(anchor, found.title, f'<section id="{anchor}">{section}</section>')


def pages(
    where: Served, period: str = "month", team: str | None = None
) -> Iterator[tuple[str, Callable[[], Part]]]:
    """The report's parts in order, each as (path, build): the team page, the
    leaderboard, the bridge, then each rep's page (of `team`, else every rep)."""
    from salespulse.web import numbers
    from salespulse.web.routes.bridge import bridge_charts, bridge_page
    from salespulse.web.routes.leaderboard import board_charts, leaderboard_page
    from salespulse.web.routes.reps import rep_charts, rep_page
    from salespulse.web.routes.team import team_charts, team_page

    numbers.check_team(where, team)
    user = LOCAL_ADMIN
    reps = [r for r in numbers.facts(where).reps if team is None or r.team == team]
    board = "quarter" if period in ("quarter", "year") else "month"
    inside = {"/", "/leaderboard", "/bridge"} | {f"/reps/{r.rep}" for r in reps}
    todo: list[tuple[str, str, Callable[..., Any], tuple[Any, ...], Callable[[Any], Any]]]
    todo = [
        ("/", "team.html", team_page, (period, team), team_charts),
        ("/leaderboard", "leaderboard.html", leaderboard_page, (board, team), board_charts),
    ]
    if "sales" in numbers.present(where):
        todo.append(("/bridge", "bridge.html", bridge_page, (None, None, "product"), bridge_charts))
    todo += [(f"/reps/{r.rep}", "rep.html", rep_page, (r.rep,), rep_charts) for r in reps]
    for path, template, page, args, charts in todo:
        model = partial(page, where, user, *args)
        yield path, partial(part, path, template, model, charts, inside)


def assemble(title: str, parts: list[Part], made: datetime) -> str:
    """The whole report: one HTML document, its style inlined, a contents list."""
    css = files("salespulse.web").joinpath("static/style.css").read_text(encoding="utf-8")
    contents = "".join(f'<li><a href="#{p.anchor}">{escape(p.title)}</a></li>' for p in parts)
    body = "\n".join(p.html for p in parts)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{css}\n{_STYLE}</style>\n</head>\n<body>\n"
        f'<main id="main" class="report">\n<h1>{escape(title)}</h1>\n'
        f'<p class="meta">Made {made:%Y-%m-%d %H:%M} by salespulse</p>\n'
        f'<nav aria-label="Contents"><ol>{contents}</ol></nav>\n{body}\n</main>\n'
        "</body>\n</html>\n"
    )


def make_report(
    settings: Any,
    period: str = "month",
    team: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    now: datetime | None = None,
) -> Report:
    """The report of the workspace of `settings` (`WebSettings`): `period` the team
    page's (week, month, quarter, year: the latest complete one), `team` only that
    team's numbers and reps. `progress(path, done, total)` is told of each part."""
    from salespulse.web.served import Served

    where = Served(settings)
    where.start(read_only=True)
    try:
        todo = list(pages(where, period, team))
        parts = []
        for n, (path, build) in enumerate(todo):
            if progress is not None:
                progress(path, n, len(todo))
            parts.append(build())
        if progress is not None:
            progress("", len(todo), len(todo))
    finally:
        where.stop()
    title = f"Team {team}: sales report" if team else "Sales report"
    report = Report(title, parts)
    report.html = assemble(title, parts, now or datetime.now())
    return report


#: Where the system's Chromium may be, in order.
CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def print_pdf(html_path: Any, pdf_path: Any, timeout: float = 120) -> None:
    """Print the report's HTML file to PDF through the system's Chromium (headless,
    nothing fetched: the file holds everything)."""
    import shutil
    import subprocess
    from pathlib import Path

    from salespulse.errors import UserError

    browser = next((found for name in CHROMIUMS if (found := shutil.which(name))), None)
    if browser is None:
        raise UserError(
            "No Chromium was found to print the PDF with.",
            fix="Install Chromium (Debian: apt-get install chromium), or open the HTML "
            "report in a browser and print it from there.",
            option="pdf",
        )
    source, target = Path(html_path).resolve(), Path(pdf_path).resolve()
    args = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
        f"--print-to-pdf={target}",
        source.as_uri(),
    ]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise UserError(
            f"Chromium did not print {source.name} within {timeout:.0f} s.",
            fix="Try again, or open the HTML report in a browser and print it.",
            option="pdf",
        ) from None
    if done.returncode != 0 or not target.exists():
        said = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise UserError(
            f"Chromium could not print {source.name} ({browser} said: {said[0]}).",
            fix="Open the HTML report in a browser and print it from there.",
            option="pdf",
        )
