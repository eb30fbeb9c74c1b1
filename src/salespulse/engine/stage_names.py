"""Stage names in SQL: their key (compared ignoring case, spaces and punctuation) and
their status (open, won or lost) by the stage words (`salespulse.model.stage_words`).

Given the stage names that occur (a small set), both are worked out in Python with
`settings.stage_key` and the SQL only compares plain strings: a regular expression on
every stage row costs more than the rest of a stage query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from salespulse.model.settings import Settings
from salespulse.sql import functions as fn

#: Above this many distinct stage names, stage keys are computed in SQL instead.
MAX_LISTED_STAGES = 500


def stage_key(stage: Any, names: Iterable[str] | None = None) -> Any:
    """A stage name compared ignoring case, spaces and punctuation (`settings.stage_key`).

    Given the stage names that occur, the keys are worked out in Python and the SQL maps
    plain strings (a regular expression on every row costs more than the rest of a
    stage query); without them, the SQL computes the key itself.
    """
    from salespulse.model.settings import stage_key as python_key

    if names is not None:
        mapping = {n: python_key(n) for n in names if n is not None}
        if len(mapping) <= MAX_LISTED_STAGES:
            return (
                stage.substitute(mapping, else_=fn.null("string"))
                if mapping
                else (fn.null("string"))
            )
    return stage.lower().re_replace(r"[^0-9a-z]+", "")


def stage_status(stage: Any, settings: Settings, names: Iterable[str] | None = None) -> Any:
    """open, won or lost for a stage expression, by the stage words (the settings' stage
    mapping, then the built-in words: `salespulse.model.stage_words`; empty for no
    stage). With the stage names that occur, the SQL compares plain strings."""
    from salespulse.model.stage_words import by_status, stage_words, status_of_stage

    if names is not None and len(set(names)) <= MAX_LISTED_STAGES:
        present = sorted({n for n in names if n is not None})
        won = [n for n in present if status_of_stage(n, settings) == "won"]
        lost = [n for n in present if status_of_stage(n, settings) == "lost"]
        cases = [(stage.isnull(), fn.null("string"))]
        if won:
            cases.append((stage.isin(won), fn.literal("won")))
        if lost:
            cases.append((stage.isin(lost), fn.literal("lost")))
        return fn.cases(*cases, else_=fn.literal("open"))
    key = stage.lower().re_replace(r"[^0-9a-z]+", "")
    keys = by_status(stage_words(settings))
    return fn.cases(
        (stage.isnull(), fn.null("string")),
        (key.isin(list(keys.get("won", ()))), "won"),
        (key.isin(list(keys.get("lost", ()))), "lost"),
        else_="open",
    )
