"""Counts worded for people: "1 row", "2 rows", "1,250 rows" — never a "(s)" suffix."""

from __future__ import annotations


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """`count` followed by `noun`, in the plural unless the count is one (or minus one):
    plural(1, "row") is "1 row", plural(1250, "row") is "1,250 rows",
    plural(2, "activity", "activities") is "2 activities"."""
    word = noun if abs(count) == 1 else (plural_noun or noun + "s")
    return f"{count:,} {word}"
