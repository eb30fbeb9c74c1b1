"""What a deal's stage says about its status: won, lost or open.

One home for the words, used by the importer (a status or a stage column) and by the
engine (stage history, a deals table without a status). In order, the first that
knows a stage decides: this import's `--stage` overrides, the settings' stage mapping
(`[stages] won`/`lost`), the built-in words below. Every other stage is open.
Stages are compared ignoring case, spaces and punctuation (`settings_values.stage_key`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from salespulse.model.settings_values import stage_key

STATUSES = ("open", "won", "lost")


class StageSettings(Protocol):
    """The stage mapping of the settings (`salespulse.model.settings.Settings` is one)."""

    @property
    def won_stages(self) -> tuple[str, ...]: ...

    @property
    def lost_stages(self) -> tuple[str, ...]: ...


#: Stage names that mean the deal was won or lost, whatever the settings say.
BUILT_IN_WON = ("won", "closed won", "signed", "booked", "purchased")
BUILT_IN_LOST = (
    "lost",
    "closed lost",
    "declined",
    "rejected",
    "dead",
    "disqualified",
    "cancelled",
    "canceled",
    "churned",
    "no decision",
)
#: Words a status column may use for an open deal (a stage is open when nothing else
#: decides it, so these matter for status columns only).
OPEN_WORDS = ("open", "active", "in progress", "pending", "new", "ongoing", "working")


def stage_words(
    settings: StageSettings, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """stage key -> status, for every stage whose status is decided by a word: the
    built-in words, overridden by the settings, overridden by `overrides` (stage ->
    status, e.g. {"declined": "won"} for one import)."""
    words: dict[str, str] = {}
    layers: list[tuple[str, tuple[str, ...]]] = [
        ("won", BUILT_IN_WON),
        ("lost", BUILT_IN_LOST),
        ("lost", tuple(settings.lost_stages)),
        ("won", tuple(settings.won_stages)),  # won over lost where the settings say both
    ]
    for status, names in layers:
        words.update((stage_key(n), status) for n in names)
    for name, status in (overrides or {}).items():
        words[stage_key(name)] = status
    return words


def status_words(
    settings: StageSettings, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """stage key -> status for a status column: the stage words and the open words."""
    words = {stage_key(w): "open" for w in OPEN_WORDS}
    words.update(stage_words(settings, overrides))
    return words


def by_status(words: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """status -> the keys that mean it (the shape SQL `CASE ... IN (...)` wants)."""
    out: dict[str, list[str]] = {s: [] for s in STATUSES}
    for key, status in words.items():
        out[status].append(key)
    return {s: tuple(sorted(keys)) for s, keys in out.items() if keys}


def status_of_stage(
    stage: str | None, settings: StageSettings, overrides: Mapping[str, str] | None = None
) -> str:
    """open, won or lost for a stage name (open for no stage)."""
    if stage is None:
        return "open"
    return stage_words(settings, overrides).get(stage_key(stage), "open")


def read_overrides(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """`--stage` pairs (stage, status) checked: the status must be open, won or lost."""
    from salespulse.errors import UserError

    out: dict[str, str] = {}
    for stage, status in pairs:
        status = status.strip().lower()
        if not stage.strip() or status not in STATUSES:
            raise UserError(
                f"`stages` {stage}={status} should name a stage and open, won or lost.",
                fix="Write it like `stages` 'Declined=lost'.",
                option="stages",
            )
        out[stage.strip()] = status
    return out
