"""What the settings are made of and checked against: the weekdays, the default won and
lost stage names, how stage names compare, what an email address looks like, and how a
value is written in TOML.

Below both `settings` and its validation (`settings_schema`), so neither imports the
other to get them."""

from __future__ import annotations

import json
import re
from typing import Any

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


#: One email address as the digest's mail headers take it: no name, no spaces, one `@`.
EMAIL_ADDRESS = r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+$"


def stage_key(stage: str) -> str:
    """A stage name compared ignoring case, spaces and punctuation."""
    return re.sub(r"[^0-9a-z]+", "", stage.lower())


def toml_value(value: Any) -> str:
    """A value written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
        )
    raise TypeError(type(value))
