"""Splitting a total into parts by weight so that the parts add up to it: a goal's target
into weekly milestones, a team's target into its reps' (pure Python).

The total is counted in cents and the cents are shared by the largest remainder: each
part gets the whole cents of its exact share, and the cents left over go one each to the
parts with the largest fractions (ties to the earlier part). A total with a fraction of a
cent keeps it in the last part with a positive weight. So the parts, in cents, add up to
the total exactly (`sum(Decimal(str(p)) for p in parts) == Decimal(str(total))` for a
total in whole cents)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from salespulse.errors import UserError

CENTS = 100


def allocate(total: float, weights: Sequence[float]) -> list[float]:
    """`total` shared in proportion to `weights` (each ≥ 0, not all 0), to the cent."""
    if not weights:
        raise UserError("There is nothing to share the target between.")
    if any(w < 0 or not math.isfinite(w) for w in weights):
        raise ValueError(f"weights must be finite and ≥ 0: {list(weights)}")
    mass = math.fsum(weights)
    if mass <= 0:
        raise ValueError("at least one weight must be positive")
    cents = round(total * CENTS)
    exact = [cents * (w / mass) for w in weights]
    whole = [math.floor(x) for x in exact]
    left = cents - sum(whole)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - whole[i]), i))
    for i in order[:left]:
        whole[i] += 1
    parts = [c / CENTS for c in whole]
    rest = total - cents / CENTS  # a fraction of a cent, when the total has one
    if rest:
        last = max(i for i, w in enumerate(weights) if w > 0)
        parts[last] += rest
    return parts
