"""The typed schema of `salespulse.toml`, checked strictly by pydantic-settings: built-in
defaults, then the file, then explicit overrides, each layer merged into the one below.

Imported only when settings are read or made (pydantic takes ~0.2 s to import, which
`salespulse --help` must not pay). Every refusal is a `UserError` naming the key as the
file writes it, the value and the fix.
"""

from __future__ import annotations

import contextvars
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from salespulse.errors import UserError
from salespulse.model.settings_values import (
    DEFAULT_LOST,
    DEFAULT_WON,
    EMAIL_ADDRESS,
    WEEKDAYS,
    stage_key,
)

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
Clock = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Probability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Stage = Annotated[str, Field(min_length=1)]
#: One email address, as the digest's mail headers take it (no name, no spaces).
Address = Annotated[str, Field(pattern=EMAIL_ADDRESS)]
_WORKDAYS: tuple[Weekday, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday")

#: How to correct each setting (by its name in the file).
FIXES = {
    "week_start": "Use a weekday name: " + ", ".join(WEEKDAYS) + ".",
    "fiscal_year_start_month": "Use a month number from 1 (January) to 12 (December).",
    "fiscal_year_named_by": 'Use "end" (FY2026 ends in 2026) or "start" (it starts in 2026).',
    "time_zone": 'Use an IANA time zone name such as "UTC", "Europe/Paris" or "America/Chicago".',
    "start": 'Use 24-hour times such as "09:00" and "17:30", the start before the end.',
    "end": 'Use 24-hour times such as "09:00" and "17:30", the start before the end.',
    "days": 'Use a list of weekday names, e.g. ["monday", "tuesday", "wednesday"].',
    "currency": 'Use a three-letter currency code such as "USD", "EUR" or "GBP".',
    "won": 'Use a list of stage names, e.g. ["closed won"]; no stage can be both won and lost.',
    "lost": 'Use a list of stage names, e.g. ["closed lost"]; no stage can be both won and lost.',
    "probability": 'Use a number from 0 to 1 for each stage, e.g. { "Proposal" = 0.4 }.',
    "dayfirst": "Use true or false.",
    "master": 'Use a Spark master URL such as "spark://HOST:7077", "yarn", "local[2]" or '
    '"sc://HOST:15002" (Spark Connect); "" computes on this machine (local[2]).',
    "database": 'Use a database URL such as "postgresql://USER@HOST/DATABASE" or '
    '"sqlite:///PATH"; "" keeps app.db in the workspace.',
    "host": 'Use the mail server\'s host name or address, e.g. "smtp.example.com".',
    "port": "Use the mail server's port: 587 (starttls), 465 (ssl) or 25 (none).",
    "security": 'Use "starttls" (port 587), "ssl" (port 465) or "none" (port 25, a local relay).',
    "sender": 'Use one email address, e.g. "sales-digest@example.com".',
    "username": "Use the login the mail server expects (often the sender's address).",
    "managers": 'Use a table of manager names and addresses, e.g. { "Sofia Jackson" = '
    '"sofia@example.com" }.',
}


#: What a value refused by its pattern should look like.
PATTERNS = {
    "start": 'should be a 24-hour time such as "09:00"',
    "end": 'should be a 24-hour time such as "17:00"',
    "currency": "should be a three-letter currency code in capitals",
    "master": "is not a Spark master URL",
    "database": "is not a PostgreSQL or SQLite URL",
    "host": "is not a host name",
    "sender": "is not an email address",
    "managers": "is not an email address",
}


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Calendar(_Section):
    week_start: Weekday = "monday"
    fiscal_year_start_month: int = Field(default=1, ge=1, le=12)
    fiscal_year_named_by: Literal["start", "end"] = "end"
    time_zone: str = "UTC"

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value)
        except Exception:
            raise PydanticCustomError("time_zone", "is not an IANA time zone") from None
        return value


class BusinessHours(_Section):
    start: Clock = "09:00"
    end: Clock = "17:00"
    days: list[Weekday] = Field(
        default_factory=lambda: list(_WORKDAYS),
        min_length=1,
    )

    @model_validator(mode="after")
    def _start_before_end(self) -> BusinessHours:
        if self.start >= self.end:
            raise PydanticCustomError(
                "business_hours",
                'start = "{start}" is not before end = "{end}"',
                {"start": self.start, "end": self.end},
            )
        return self


class Money(_Section):
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")


class Stages(_Section):
    won: list[Stage] = Field(default_factory=lambda: list(DEFAULT_WON))
    lost: list[Stage] = Field(default_factory=lambda: list(DEFAULT_LOST))
    probability: dict[str, Probability] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _won_or_lost(self) -> Stages:
        both = {stage_key(s) for s in self.won} & {stage_key(s) for s in self.lost}
        if both:
            names = ", ".join(f'"{s}"' for s in self.won if stage_key(s) in both)
            raise PydanticCustomError(
                "stages", "{names} is in both won and lost", {"names": names, "key": "won"}
            )
        return self


class Import(_Section):
    dayfirst: bool = False


class Spark(_Section):
    # the form only; fully checked when Spark starts (salespulse.engine.spark_master)
    master: str = Field(
        default="", pattern=r"^(|local(\[.*\])?|local-cluster\[.*\]|yarn|(spark|k8s|sc)://.+)$"
    )


class App(_Section):
    # the form only; the rest is checked when the app database opens (salespulse.appdb.url)
    database: str = Field(
        default="", pattern=r"^(|(postgresql|postgres)(\+psycopg)?://.+|sqlite:///.+)$"
    )


class Mail(_Section):
    host: str = Field(default="", pattern=r"^[A-Za-z0-9.:\[\]-]*$")
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["none", "starttls", "ssl"] = "starttls"
    sender: str = Field(default="", pattern="^$|" + EMAIL_ADDRESS)
    username: str = ""
    managers: dict[str, Address] = Field(default_factory=dict)


#: The file's layer while `layered` runs (pydantic-settings asks for it by class).
_FILE: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar("salespulse_toml")


class SettingsFile(BaseSettings):
    """salespulse.toml, section by section."""

    model_config = SettingsConfigDict(extra="forbid", strict=True, populate_by_name=True)

    calendar: Calendar = Field(default_factory=Calendar)
    business_hours: BusinessHours = Field(default_factory=BusinessHours)
    money: Money = Field(default_factory=Money)
    stages: Stages = Field(default_factory=Stages)
    import_: Import = Field(default_factory=Import, alias="import")
    spark: Spark = Field(default_factory=Spark)
    app: App = Field(default_factory=App)
    mail: Mail = Field(default_factory=Mail)

    SECTIONS: ClassVar[tuple[str, ...]] = (
        "calendar",
        "business_hours",
        "money",
        "stages",
        "import",
        "spark",
        "app",
        "mail",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # overrides (the keyword arguments), then the file; the defaults come last. No
        # environment variables: SALESPULSE_* choose the workspace and the lock wait.
        return (init_settings, InitSettingsSource(settings_cls, _FILE.get()))


def layered(
    file: dict[str, Any], overrides: dict[str, Any], source: str | None = None
) -> dict[str, dict[str, Any]]:
    """The settings, section by section: defaults, then `file` (the parsed TOML), then
    `overrides` (same shape). `source` names the file in messages."""
    token = _FILE.set(file)
    try:
        checked = SettingsFile(**overrides)
    except ValidationError as exc:
        raise _refusal(exc, source, overrides) from None
    finally:
        _FILE.reset(token)
    return checked.model_dump(by_alias=True)


def _refusal(exc: ValidationError, source: str | None, overrides: dict[str, Any]) -> UserError:
    problems: list[str] = []
    fixes: list[str] = []
    for error in exc.errors():
        problem, fix = _describe(error)
        loc = error["loc"]
        if len(loc) > 1 and loc[1] in overrides.get(str(loc[0]), {}):
            problem += " (given in code)"
        problems.append(problem)
        if fix not in fixes:
            fixes.append(fix)
    where = f"in {source} " if source else ""
    return UserError(
        f"The settings {where}are not valid: " + "; ".join(problems) + ".", fix=" ".join(fixes)
    )


def _describe(error: Any) -> tuple[str, str]:
    """One problem as `[section] key = value: what is wrong`, and its fix."""
    from salespulse.model.settings_values import toml_value

    loc = list(error["loc"])
    kind = error["type"]
    section = str(loc[0])
    if len(loc) == 1:
        if kind == "extra_forbidden":
            known = ", ".join(f"[{s}]" for s in SettingsFile.SECTIONS)
            return f"there is no section [{section}]", f"Known sections: {known}."
        if kind in ("business_hours", "stages"):
            ctx = error.get("ctx") or {}
            key = "start" if kind == "business_hours" else str(ctx.get("key"))
            return f"[{section}] {error['msg']}", FIXES[key]
        return (
            f"[{section}] must be a table of settings, not {_shown(error['input'], toml_value)}",
            f"Write it as a [{section}] section with its settings below it.",
        )
    key = str(loc[1])
    if kind == "extra_forbidden":
        known = ", ".join(_section_keys(section))
        return f"there is no setting {key!r} in [{section}]", f"Known in [{section}]: {known}."
    name = key + "".join(f".{p}" if isinstance(p, str) else f" (item {p + 1})" for p in loc[2:])
    reason = str(error["msg"]).replace("Input should", "should").replace("Value error, ", "")
    if kind == "string_pattern_mismatch":
        reason = PATTERNS.get(key, "is not written as expected")
    return (
        f"[{section}] {name} = {_shown(error['input'], toml_value)}: {reason}",
        FIXES.get(key, "Correct it in salespulse.toml."),
    )


def _section_keys(section: str) -> list[str]:
    model = SettingsFile.model_fields["import_" if section == "import" else section].annotation
    assert isinstance(model, type) and issubclass(model, BaseModel)
    return list(model.model_fields)


def _shown(value: Any, toml_value: Any) -> str:
    """The value as the file writes it, cut to 80 characters."""
    try:
        text = str(toml_value(value))
    except TypeError:
        text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"
