"""Workspace settings, kept in `salespulse.toml` inside the workspace.

Layered: built-in defaults, then the file, then explicit overrides passed in code.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from salespulse.errors import UserError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

DEFAULT_WON = ("won", "closed won", "closed - won", "closed/won", "deal won", "signed")
DEFAULT_LOST = (
    "lost",
    "closed lost",
    "closed - lost",
    "closed/lost",
    "deal lost",
    "disqualified",
    "closed - disqualified",
)


def stage_key(stage: str) -> str:
    """A stage name compared ignoring case, spaces and punctuation."""
    return re.sub(r"[^0-9a-z]+", "", stage.lower())


@dataclass(frozen=True)
class Settings:
    #: First day of the week: monday .. sunday.
    week_start: str = "monday"
    #: Month (1-12) in which the fiscal year starts.
    fiscal_year_start_month: int = 1
    #: A fiscal year is named by the calendar year it "end"s in (FY2026 = Feb 2025..Jan
    #: 2026 when it starts in February) or the one it "start"s in.
    fiscal_year_named_by: str = "end"
    #: Currency code used to display money.
    currency: str = "USD"
    #: IANA time zone; timestamps with an offset are converted to it, others are taken as
    #: already in it.
    time_zone: str = "UTC"
    #: Business hours (local time), for speed to lead and leads worked per day.
    business_hours_start: str = "09:00"
    business_hours_end: str = "17:00"
    business_days: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday")
    #: Stage names that mean won / lost (compared ignoring case and punctuation).
    won_stages: tuple[str, ...] = DEFAULT_WON
    lost_stages: tuple[str, ...] = DEFAULT_LOST
    #: Read ambiguous dates like 03/04/2025 as day first.
    dayfirst: bool = False
    #: Optional win probability per open stage, 0..1 (else the stage's history decides).
    stage_probability: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = []
        if self.week_start not in WEEKDAYS:
            problems.append(f"week_start must be a weekday name, not {self.week_start!r}")
        if not 1 <= self.fiscal_year_start_month <= 12:
            problems.append("fiscal_year_start_month must be between 1 and 12")
        if self.fiscal_year_named_by not in ("start", "end"):
            problems.append('fiscal_year_named_by must be "start" or "end"')
        for name in ("business_hours_start", "business_hours_end"):
            if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", getattr(self, name)):
                problems.append(f"{name} must look like 09:00")
        bad_days = [d for d in self.business_days if d not in WEEKDAYS]
        if bad_days:
            problems.append(f"business_days has unknown days: {', '.join(bad_days)}")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.time_zone)
        except Exception:
            problems.append(f"time_zone {self.time_zone!r} is not an IANA time zone")
        if problems:
            raise UserError(
                "The settings are not valid: " + "; ".join(problems) + ".",
                fix="Correct salespulse.toml in the workspace.",
            )

    @property
    def week_start_index(self) -> int:
        """0 for Monday .. 6 for Sunday."""
        return WEEKDAYS.index(self.week_start)

    def status_of_stage(self, stage: str | None) -> str:
        """open, won or lost for a stage name: the stage mapping, then the built-in
        words (`salespulse.model.stage_words`)."""
        from salespulse.model.stage_words import status_of_stage

        return status_of_stage(stage, self)

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)


_SECTIONS: dict[str, tuple[str, ...]] = {
    "calendar": ("week_start", "fiscal_year_start_month", "fiscal_year_named_by", "time_zone"),
    "business_hours": ("business_hours_start", "business_hours_end", "business_days"),
    "money": ("currency",),
    "stages": ("won_stages", "lost_stages", "stage_probability"),
    "import": ("dayfirst",),
}
_SHORT = {
    "business_hours_start": "start",
    "business_hours_end": "end",
    "business_days": "days",
    "won_stages": "won",
    "lost_stages": "lost",
    "stage_probability": "probability",
}


def load(path: Path) -> Settings:
    """Settings from a `salespulse.toml` (defaults for what it leaves out)."""
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path} is not valid TOML: {exc}.", fix="Correct the file.") from None
    values: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)}
    for section, names in _SECTIONS.items():
        got = data.get(section, {})
        if not isinstance(got, dict):
            raise UserError(f"{path}: [{section}] must be a table.")
        short_to_name = {_SHORT.get(n, n): n for n in names}
        for key, value in got.items():
            if key not in short_to_name:
                raise UserError(
                    f"{path}: unknown setting {key!r} in [{section}].",
                    fix="Known: " + ", ".join(short_to_name) + ".",
                )
            name = short_to_name[key]
            values[name] = tuple(value) if isinstance(value, list) else value
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise UserError(
            f"{path}: unknown section(s) {', '.join(sorted(unknown))}.",
            fix="Known sections: " + ", ".join(_SECTIONS) + ".",
        )
    assert set(values) <= known
    try:
        return Settings(**values)
    except TypeError as exc:
        raise UserError(f"{path}: {exc}.") from None


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(f"{_toml_value(k)} = {_toml_value(v)}" for k, v in value.items())
            + " }"
        )
    raise TypeError(type(value))


def dump(settings: Settings) -> str:
    data = asdict(settings)
    lines = [
        "# salespulse workspace settings. Edit freely; `salespulse init` never overwrites.",
        "",
    ]
    for section, names in _SECTIONS.items():
        lines.append(f"[{section}]")
        lines.extend(f"{_SHORT.get(n, n)} = {_toml_value(data[n])}" for n in names)
        lines.append("")
    return "\n".join(lines)


def save(settings: Settings, path: Path) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".salespulse-", suffix=".toml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(dump(settings))
    os.replace(tmp, path)
