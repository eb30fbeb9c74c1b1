"""Workspace settings, kept in `salespulse.toml` inside the workspace.

Layered: built-in defaults, then the file, then explicit overrides passed in code, and
checked strictly with types (`settings_schema`, through pydantic-settings): a wrong value
is refused with its key, the value and the fix.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from salespulse.errors import UserError

# Re-exported: the settings' own vocabulary, also read as `salespulse.model.settings.X`.
from salespulse.model.settings_values import DEFAULT_LOST as DEFAULT_LOST
from salespulse.model.settings_values import DEFAULT_WON as DEFAULT_WON
from salespulse.model.settings_values import WEEKDAYS as WEEKDAYS
from salespulse.model.settings_values import stage_key as stage_key
from salespulse.model.settings_values import toml_value as toml_value


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
    #: The Spark master for --backend pyspark ("": local[2]), e.g. spark://host:7077; the
    #: --spark-master flag and SALESPULSE_SPARK_MASTER come before it.
    spark_master: str = ""
    #: The app database (goals, plans, one-on-ones, check-ins, users): "" is `app.db`
    #: in the workspace; a PostgreSQL URL for a team. `--app-db` and SALESPULSE_APP_DB
    #: come before it.
    app_database: str = ""
    #: The mail server `salespulse digest --send` sends through ("": none yet), its port,
    #: security (none, starttls or ssl), the From address and the login (the password
    #: is SALESPULSE_SMTP_PASSWORD, never kept in the file). Left out of the repr: the
    #: caches are keyed by it, and the mail server changes no number.
    mail_host: str = field(default="", repr=False)
    mail_port: int = field(default=587, repr=False)
    mail_security: str = field(default="starttls", repr=False)
    mail_sender: str = field(default="", repr=False)
    mail_username: str = field(default="", repr=False)
    #: Manager name -> email address, for managers who are no reps row with an email
    #: ("*": the manager of the reps no manager is named for).
    mail_managers: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        checked = _check({}, _nested(asdict(self)))
        for name, value in checked.items():  # lists come back as tuples
            object.__setattr__(self, name, value)

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
        """These settings with `changes` (by attribute name) layered over them."""
        return Settings(**_check(_nested(asdict(self)), _nested(changes)))


_SECTIONS: dict[str, tuple[str, ...]] = {
    "calendar": ("week_start", "fiscal_year_start_month", "fiscal_year_named_by", "time_zone"),
    "business_hours": ("business_hours_start", "business_hours_end", "business_days"),
    "money": ("currency",),
    "stages": ("won_stages", "lost_stages", "stage_probability"),
    "import": ("dayfirst",),
    "spark": ("spark_master",),
    "app": ("app_database",),
    "mail": (
        "mail_host",
        "mail_port",
        "mail_security",
        "mail_sender",
        "mail_username",
        "mail_managers",
    ),
}
_SHORT = {
    "business_hours_start": "start",
    "business_hours_end": "end",
    "business_days": "days",
    "won_stages": "won",
    "lost_stages": "lost",
    "stage_probability": "probability",
    "spark_master": "master",
    "app_database": "database",
    "mail_host": "host",
    "mail_port": "port",
    "mail_security": "security",
    "mail_sender": "sender",
    "mail_username": "username",
    "mail_managers": "managers",
}


def _nested(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Settings by attribute name -> the file's layout ({section: {key: value}})."""
    out: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        section = next((sec for sec, names in _SECTIONS.items() if name in names), None)
        if section is None:
            known = ", ".join(f.name for f in fields(Settings))
            raise UserError(f"There is no setting called {name!r}.", fix=f"Known: {known}.")
        out.setdefault(section, {})[_SHORT.get(name, name)] = (
            list(value) if isinstance(value, tuple) else value
        )
    return out


def _check(
    file: dict[str, Any], overrides: dict[str, Any], source: Path | None = None
) -> dict[str, Any]:
    """Defaults, then `file`, then `overrides` (both in the file's layout), validated;
    returned by attribute name. Layers that only repeat the defaults (a fresh
    salespulse.toml) are not checked again: that spares importing pydantic (~0.2 s)."""
    defaults = _nested({f.name: _default(f.name) for f in fields(Settings)})
    if _within(file, defaults) and _within(overrides, defaults):
        checked = defaults
    else:
        from salespulse.model.settings_schema import layered

        checked = layered(file, overrides, str(source) if source else None)
    return {
        name: tuple(value) if isinstance(value, list) else value
        for section, names in _SECTIONS.items()
        for name in names
        for value in [checked[section][_SHORT.get(name, name)]]
    }


def _default(name: str) -> Any:
    spec = Settings.__dataclass_fields__[name]
    return spec.default_factory() if spec.default_factory is not MISSING else spec.default


def _within(layer: Any, defaults: Any) -> bool:
    """Whether every value in `layer` is the default one, of the same type (so 0 is not
    taken for false)."""
    if type(layer) is not type(defaults):
        return False
    if isinstance(layer, dict):
        return all(k in defaults and _within(v, defaults[k]) for k, v in layer.items())
    if isinstance(layer, list):
        return len(layer) == len(defaults) and all(map(_within, layer, defaults))
    return bool(layer == defaults)


def load(path: Path, **overrides: Any) -> Settings:
    """Settings from a `salespulse.toml` (defaults for what it leaves out), with
    `overrides` (by attribute name) layered over it."""
    data: dict[str, Any] = {}
    if path.is_dir():
        raise UserError(
            f"{path} is a folder, but the workspace's settings file should be there.",
            fix="Move the folder away: salespulse then uses the default settings "
            "(`salespulse init` writes them to the file).",
        )
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UserError(f"{path} is not valid TOML: {exc}.", fix="Correct the file.") from None
        except OSError as exc:
            raise UserError(
                f"{path} cannot be read ({exc.strerror}).",
                fix="Check the file's permissions.",
            ) from None
    return Settings(**_check(data, _nested(overrides), path))


def dump(settings: Settings) -> str:
    data = asdict(settings)
    lines = [
        "# salespulse workspace settings. Edit freely; `salespulse init` never overwrites.",
        "",
    ]
    for section, names in _SECTIONS.items():
        lines.append(f"[{section}]")
        lines.extend(f"{_SHORT.get(n, n)} = {toml_value(data[n])}" for n in names)
        lines.append("")
    return "\n".join(lines)


def save(settings: Settings, path: Path) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".salespulse-", suffix=".toml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(dump(settings))
    os.replace(tmp, path)
