"""Coaching insights: the cause behind each gap, flags and leaderboards, wins worth
celebrating, stretch goals, peer-coaching pairs and one-on-one packets.

Each function takes a `Workspace` (or an `Evidence`, to share one connection and its
cached KPI results across several) and returns plain dataclasses with `as_dict()`.
"""

from __future__ import annotations

from salespulse.insights.diagnosis import Diagnosis, diagnose
from salespulse.insights.evidence import Evidence, evidence

__all__ = ["Diagnosis", "Evidence", "diagnose", "evidence"]
