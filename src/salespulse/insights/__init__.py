"""Coaching insights: the cause behind each gap, flags and leaderboards, wins worth
celebrating, stretch goals, peer-coaching pairs and one-on-one packets.

Each function takes a `Workspace` (or an `Evidence`, to share one connection and its
cached KPI results across several) and returns plain dataclasses with `as_dict()`.
"""

from __future__ import annotations

from salespulse.insights import one_on_one_html, one_on_one_markdown
from salespulse.insights.diagnosis import Diagnosis, diagnose
from salespulse.insights.evidence import Evidence, evidence
from salespulse.insights.flags import Flag, FlagReport, flags
from salespulse.insights.one_on_one import Packet, one_on_one
from salespulse.insights.pairing import Pair, Pairing, pairs
from salespulse.insights.stretch import Stretch, stretch
from salespulse.insights.wins import Win, WinReport, wins

__all__ = [
    "Diagnosis",
    "Evidence",
    "Flag",
    "FlagReport",
    "Packet",
    "Pair",
    "Pairing",
    "Stretch",
    "Win",
    "WinReport",
    "diagnose",
    "evidence",
    "flags",
    "one_on_one",
    "one_on_one_html",
    "one_on_one_markdown",
    "pairs",
    "stretch",
    "wins",
]
