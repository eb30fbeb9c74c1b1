"""Counts worded for people: "1 row", "2 rows", "1,250 rows" — never a "(s)" suffix."""

from __future__ import annotations


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """`count` followed by `noun`, in the plural unless the count is one (or minus one):
    plural(1, "row") is "1 row", plural(1250, "row") is "1,250 rows",
    plural(2, "activity", "activities") is "2 activities"."""
    word = noun if abs(count) == 1 else (plural_noun or noun + "s")
    return f"{count:,} {word}"


#: The plural nouns the coaching sentences put after a formatted number, and their singular.
SINGULAR = {
    "activities": "activity",
    "customers": "customer",
    "days": "day",
    "deals": "deal",
    "lines": "line",
    "orders": "order",
    "times": "time",
}


def one_in_the_singular(text: str) -> str:
    """A sentence with a number formatted into a template ("sells to {e} customers"), its
    noun in the singular after a lone 1: "sells to 1 customer", "2 customers", "1.5 customers"."""
    import re

    nouns = "|".join(SINGULAR)
    return re.sub(rf"(?<![\d.,])(-?1) ({nouns})\b", lambda m: f"{m[1]} {SINGULAR[m[2]]}", text)
