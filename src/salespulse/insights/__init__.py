"""Coaching insights: the cause behind each gap, flags and leaderboards, wins worth
celebrating, stretch goals, peer-coaching pairs and one-on-one packets.

Each function takes a `Workspace` (or an `Evidence`, to share one connection and its
cached KPI results across several) and returns plain dataclasses with `as_dict()`. The
insights import no Workspace: they read through `core.evidence.Readable`, which a
Workspace is.

Four layers, each importing only those below it (an import-linter contract checks it):
`core` (evidence, windows, funnel figures, benchmark, noise, history, phrases) →
`signals` (drivers, trends, pace, consistency, ramp, habits, deals at risk, leaderboards,
KPI lines) → `coaching` (diagnosis, flags, wins, stretch, pairing) → `packet` (the
one-on-one packet: agenda, tables, Markdown, HTML, charts).
"""

from __future__ import annotations

from salespulse.insights.coaching.diagnosis import diagnose
from salespulse.insights.coaching.diagnosis_result import Diagnosis
from salespulse.insights.coaching.flags import Flag, FlagReport, flags
from salespulse.insights.coaching.pairing import Pair, Pairing, pairs
from salespulse.insights.coaching.sales_diagnosis import diagnose_sales
from salespulse.insights.coaching.sales_stretch import SalesStretch, sales_stretch
from salespulse.insights.coaching.stretch import Stretch, stretch
from salespulse.insights.coaching.stretch_views import stretch_goals
from salespulse.insights.coaching.wins import Win, WinReport, wins
from salespulse.insights.core.evidence import Evidence, evidence
from salespulse.insights.packet import one_on_one_html, one_on_one_markdown
from salespulse.insights.packet.one_on_one import Packet, one_on_one

__all__ = [
    "Diagnosis",
    "Evidence",
    "Flag",
    "FlagReport",
    "Packet",
    "Pair",
    "Pairing",
    "SalesStretch",
    "Stretch",
    "Win",
    "WinReport",
    "diagnose",
    "diagnose_sales",
    "evidence",
    "flags",
    "one_on_one",
    "one_on_one_html",
    "one_on_one_markdown",
    "pairs",
    "sales_stretch",
    "stretch",
    "stretch_goals",
    "wins",
]
