"""Where the app database is: the URL given (`--app-db`), else SALESPULSE_APP_DB, else the
`[app] database` setting, else `app.db` in the workspace; PostgreSQL through psycopg 3,
in its schema; refusals that name the URL without its password."""

from __future__ import annotations

from pathlib import Path

import pytest

from salespulse.appdb.url import ENV_VAR, choose, parse
from salespulse.errors import UserError


def test_the_first_given_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert choose(None, "", tmp_path).url == f"sqlite:///{tmp_path / 'app.db'}"
    assert choose(None, "", tmp_path).origin == "the default"
    setting = choose(None, "sqlite:///team.db", tmp_path)
    assert (setting.url, setting.origin) == (
        f"sqlite:///{tmp_path / 'team.db'}",  # relative to the workspace
        "the [app] database setting",
    )
    monkeypatch.setenv(ENV_VAR, "postgresql://u@h/d")
    assert choose(None, "sqlite:///team.db", tmp_path).origin == ENV_VAR
    given = choose("postgres://u@h/other?schema=s1", "", tmp_path)
    assert (given.url, given.schema, given.origin) == (
        "postgresql+psycopg://u@h/other",
        "s1",
        "`app_db`",
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("mysql://root:pw@h/d", "is a mysql database"),
        ("sqlite://", "in memory"),
        ("sqlite:///:memory:", "in memory"),
        ("sqlite+pysqlcipher:///x.db", "SQLite driver"),
        ("postgresql://u:pw@h/d?schema=a;drop", "not a plain name"),
        ("not a url", "is not a database URL"),
    ],
)
def test_refused_urls_never_show_the_password(tmp_path: Path, text: str, why: str) -> None:
    with pytest.raises(UserError, match=why) as refused:
        parse(text, "`app_db`", tmp_path)
    assert "pw" not in str(refused.value) and "postgresql://" in refused.value.fix
