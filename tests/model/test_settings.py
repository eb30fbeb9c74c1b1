"""Settings: layered (defaults, salespulse.toml, overrides) and checked strictly, each
refusal naming the key, the value and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import salespulse
from salespulse.errors import UserError
from salespulse.model import settings as settings_file
from salespulse.model.settings import Settings, dump, load, save
from salespulse.model.settings_schema import layered


def _refused(tmp_path: Path, toml: str) -> UserError:
    path = tmp_path / "salespulse.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load(path)
    return caught.value


@pytest.mark.parametrize(
    ("toml", "key_and_value", "fix"),
    [
        # wrong types
        (
            '[calendar]\nfiscal_year_start_month = "4"',
            '[calendar] fiscal_year_start_month = "4"',
            "month number",
        ),
        ("[import]\ndayfirst = 1", "[import] dayfirst = 1", "true or false"),
        ('[import]\ndayfirst = "yes"', '[import] dayfirst = "yes"', "true or false"),
        ('[stages]\nwon = "won"', '[stages] won = "won"', "list of stage names"),
        ("[money]\ncurrency = 978", "[money] currency = 978", "three-letter"),
        ("calendar = 5", "[calendar] must be a table of settings, not 5", "[calendar] section"),
        # out of range or badly written
        ("[calendar]\nfiscal_year_start_month = 13", "fiscal_year_start_month = 13", "1 (January)"),
        ('[calendar]\nfiscal_year_named_by = "middle"', 'fiscal_year_named_by = "middle"', '"end"'),
        ('[money]\ncurrency = "euro"', '[money] currency = "euro"', "three-letter"),
        (
            "[stages]\nprobability = { Proposal = 1.5 }",
            "[stages] probability.Proposal = 1.5",
            "from 0 to 1",
        ),
        (
            "[stages]\nprobability = { Demo = -0.1 }",
            "[stages] probability.Demo = -0.1",
            "from 0 to 1",
        ),
        (
            "[stages]\nprobability = { Demo = nan }",
            "[stages] probability.Demo = nan",
            "from 0 to 1",
        ),
        (
            "[stages]\nprobability = { Demo = true }",
            "[stages] probability.Demo = true",
            "from 0 to 1",
        ),
        (
            '[stages]\nwon = ["won", "Closed Lost"]',
            '"Closed Lost" is in both won and lost',
            "both won and lost",
        ),
        (
            '[business_hours]\nstart = "18:00"\nend = "09:00"',
            '[business_hours] start = "18:00" is not before end = "09:00"',
            "start before the end",
        ),
        ('[business_hours]\nstart = "9am"', '[business_hours] start = "9am"', "24-hour"),
        (
            '[business_hours]\ndays = ["monday", "funday"]',
            '[business_hours] days (item 2) = "funday"',
            "weekday names",
        ),
        ("[business_hours]\ndays = []", "[business_hours] days = []", "weekday names"),
        ('[calendar]\nweek_start = "Mon"', '[calendar] week_start = "Mon"', "monday, tuesday"),
        ('[calendar]\ntime_zone = "Mars/Olympus"', '[calendar] time_zone = "Mars/Olympus"', "IANA"),
        # unknown keys
        (
            "[calendar]\nweek_begins = 'monday'",
            "no setting 'week_begins' in [calendar]",
            "week_start",
        ),
        ("[colors]\nbackground = 'red'", "no section [colors]", "[business_hours]"),
    ],
)
def test_each_wrong_setting_is_refused_with_key_value_and_fix(
    tmp_path: Path, toml: str, key_and_value: str, fix: str
) -> None:
    error = _refused(tmp_path, toml)
    assert str(tmp_path / "salespulse.toml") in error.message
    assert key_and_value in error.message
    assert fix in error.fix


def test_every_problem_in_a_file_is_listed(tmp_path: Path) -> None:
    error = _refused(
        tmp_path, '[calendar]\nweek_start = "mon"\n[money]\ncurrency = "euro"\n[import]\nx = 1\n'
    )
    for part in ('week_start = "mon"', 'currency = "euro"', "no setting 'x' in [import]"):
        assert part in error.message


def test_invalid_toml_and_a_folder_are_refused(tmp_path: Path) -> None:
    assert "is not valid TOML" in _refused(tmp_path, "[calendar\n").message
    folder = tmp_path / "ws"
    (folder / "salespulse.toml").mkdir(parents=True)
    with pytest.raises(UserError, match="is a folder") as caught:
        salespulse.open(folder)
    assert "Move the folder away" in caught.value.fix


def test_a_refusal_reaches_the_command_line_as_a_message(tmp_path: Path) -> None:
    from tests.workspace.common import salespulse as run

    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "salespulse.toml").write_text("[stages]\nprobability = { Proposal = 2 }\n")
    result = run(ws, "tables")
    assert result.returncode == 1
    assert "[stages] probability.Proposal = 2" in result.stderr
    assert "Fix: Use a number from 0 to 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_layers_defaults_then_file_then_overrides(tmp_path: Path) -> None:
    path = tmp_path / "salespulse.toml"
    path.write_text(
        '[calendar]\nweek_start = "sunday"\nfiscal_year_start_month = 4\n'
        '[business_hours]\nstart = "08:00"\n'
        "[stages]\nprobability = { Proposal = 0.4 }\n",
        encoding="utf-8",
    )
    s = load(path, fiscal_year_start_month=7, currency="EUR")
    assert s.week_start == "sunday" and s.week_start_index == 6  # the file
    assert s.fiscal_year_start_month == 7 and s.currency == "EUR"  # the overrides
    assert s.business_hours_start == "08:00" and s.business_hours_end == "17:00"  # one key
    assert s.stage_probability == {"Proposal": 0.4}
    assert s.won_stages == Settings().won_stages and isinstance(s.business_days, tuple)
    # salespulse.open layers the same way, for this session only
    ws = salespulse.open(tmp_path, currency="GBP")
    assert ws.settings.currency == "GBP" and ws.settings.week_start == "sunday"
    assert salespulse.open(tmp_path).settings.currency == "USD"
    assert s.with_overrides(week_start="monday").fiscal_year_start_month == 7


def test_overrides_are_checked_like_the_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"currency = 5: should be a valid string \(given in code"):
        salespulse.open(tmp_path / "ws", currency=5)
    with pytest.raises(UserError, match="There is no setting called 'colour'"):
        Settings().with_overrides(colour="red")
    with pytest.raises(UserError, match="fiscal_year_start_month = 0"):
        Settings(fiscal_year_start_month=0)


def test_the_defaults_are_the_schemas_and_round_trip(tmp_path: Path) -> None:
    nested = layered({}, {})
    defaults = Settings()
    assert nested["calendar"]["week_start"] == defaults.week_start
    assert tuple(nested["stages"]["won"]) == defaults.won_stages
    assert tuple(nested["business_hours"]["days"]) == defaults.business_days
    custom = Settings(
        week_start="tuesday",
        currency="EUR",
        won_stages=('Won "big"', "signé"),
        stage_probability={"Demo \\ call": 0.25},
        dayfirst=True,
    )
    path = tmp_path / "salespulse.toml"
    save(custom, path)
    assert load(path) == custom
    text = dump(custom)
    assert all(f"[{section}]" in text for section in settings_file._SECTIONS)
    assert 'won = ["Won \\"big\\"", "signé"]' in text


def test_help_does_not_import_pydantic() -> None:
    import subprocess
    import sys

    from tests.workspace.common import environment

    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "salespulse", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=environment(),
    )
    assert "salespulse.cli" in result.stderr and "pydantic" not in result.stderr
