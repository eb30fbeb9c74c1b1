"""Uploads and undo through the server (issue 11 §1-§2, /data): the validation report
comes before anything is stored; "Store it" imports through the server's own write
connection while pages keep answering; an import is undone from its page; the JSON API
(`POST /api/data/imports`) takes an API token; admins only, CSRF on every form, hostile
names escaped, types and sizes limited. On a small workspace of its own (the golden
dataset's sales: 13 lines), not the shared demo."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

import salespulse
from salespulse.web import create_app
from salespulse.web.served import Served
from salespulse.web.settings import WebSettings
from tests.golden import data
from tests.web.conftest import HOSTILE

PASSWORD = "correct horse battery"
NEW_SALES = (
    "date,product,quantity,unit_price,rep\n2025-07-01,Pro,2,100,ann\n2025-07-02,Pro,1,100,bob\n"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("uploads")
    ws = salespulse.init(folder / "ws")
    with ws.connect() as con:
        data.load_duckdb(con)
    url = f"sqlite:///{folder / 'app.db'}"
    app_data = ws.app(url)
    app_data.add_user("ada", "admin", PASSWORD)
    app_data.add_user("mia", "manager", PASSWORD, team="East")
    found = Served(WebSettings(workspace=ws.path, app_db=url))
    found.start()
    yield found
    for opened in OPENED:
        opened.__exit__(None, None, None)
    found.stop()


OPENED: list[TestClient] = []


def client(served: Served, name: str | None) -> TestClient:
    """A client of the served app, logged in as `name` (None: nobody)."""
    app = create_app(served.settings, served)
    c = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    c.__enter__()  # the app's lifespan: it serves `served`
    OPENED.append(c)
    if name:
        form = c.get("/login")
        csrf = _csrf(form.text)
        done = c.post("/login", data={"username": name, "password": PASSWORD, "csrf": csrf})
        assert done.status_code == 303
    return c


def _csrf(text: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', text)
    assert found is not None, text[:500]
    return found.group(1)


def sales_rows(served: Served) -> int:
    rows: int = next(t.rows for t in served.ws.tables() if t.name == "sales")
    return rows


def test_upload_shows_the_report_then_stores_then_undoes(served: Served) -> None:
    admin = client(served, "ada")
    before = sales_rows(served)
    csrf = _csrf(admin.get("/data/upload").text)
    name = "C:\\Users\\ada\\july\u202e  sales <b>.csv"  # a path and a right-to-left override
    files = {"file": (name, NEW_SALES.encode(), "text/csv")}
    checked = admin.post("/data/upload", data={"csrf": csrf, "table": ""}, files=files)
    assert checked.status_code == 200, checked.text[:500]
    assert "july sales &lt;b&gt;.csv: sales (guessed from the headers)" in checked.text
    assert "2 rows read" in checked.text and "Store it (append into sales)" in checked.text
    assert sales_rows(served) == before  # nothing stored yet
    assert 'href="/api/data' not in checked.text  # a form has no JSON twin to link to
    page_before = admin.get("/api/").json()
    token = re.search(r'name="token" value="([^"]+)"', checked.text)
    assert token is not None
    form = {"csrf": csrf, "token": token.group(1), "table": "sales", "mode": "append"}
    stored = admin.post("/data/store", data=form)
    said = "Stored 2 rows of july sales &lt;b&gt;.csv into sales"
    assert stored.status_code == 200 and said in stored.text
    assert sales_rows(served) == before + 2
    recorded = served.ws.imports()[-1]  # the uploaded file's own name, the signed-in user
    assert (recorded.file, recorded.user) == ("july sales <b>.csv", "ada")
    assert admin.get("/api/").json() != page_before  # pages see the new data at once
    again = admin.post("/data/store", data=form)  # the upload is gone once stored
    assert again.status_code == 404
    newest = served.ws.imports()[-1]
    undo_page = admin.get(f"/data/imports/{newest.id}")
    assert undo_page.status_code == 200 and "Undo this import" in undo_page.text
    undone = admin.post(f"/data/imports/{newest.id}/undo", data={"csrf": _csrf(undo_page.text)})
    assert undone.status_code == 200 and "removed 2 from sales" in undone.text
    assert sales_rows(served) == before


def test_a_refused_file_stores_nothing_and_says_why(served: Served) -> None:
    admin = client(served, "ada")
    csrf = _csrf(admin.get("/data/upload").text)
    bad = f"date,product,quantity,rep\n{HOSTILE},Pro,2,ann\n2025-07-01,Pro,1,ann\n"
    files = {"file": ("bad.csv", bad.encode(), "text/csv")}
    before = sales_rows(served)
    got = admin.post("/data/upload", data={"csrf": csrf, "table": "sales"}, files=files)
    assert got.status_code == 422 and "Nothing was stored" in got.text
    assert "Store it" not in got.text and "<code>unreadable_value</code>" in got.text
    assert HOSTILE not in got.text, got.text[got.text.find(HOSTILE) - 300 :][:400]
    assert "&lt;script&gt;" in got.text
    assert sales_rows(served) == before
    wrong = admin.post("/data/upload", data={"csrf": csrf}, files={"file": ("x.exe", b"MZ", "x/y")})
    assert wrong.status_code == 415 and "not a file salespulse imports" in wrong.text


def test_forms_need_their_csrf_token_and_an_admin(served: Served) -> None:
    admin, manager, anonymous = client(served, "ada"), client(served, "mia"), client(served, None)
    files = {"file": ("s.csv", NEW_SALES.encode(), "text/csv")}
    assert admin.post("/data/upload", data={"csrf": "guessed"}, files=files).status_code == 403
    assert admin.post("/data/imports/1/undo", data={}).status_code == 403
    manager_csrf = _csrf(manager.get("/login").text)
    for path in ("/data/upload", "/data/imports/1"):
        assert manager.get(path).status_code == 403
        assert anonymous.get(path).status_code == 303
    got = manager.post("/data/upload", data={"csrf": manager_csrf}, files=files)
    assert got.status_code == 403
    assert anonymous.post("/api/data/imports", files=files).status_code == 401


def test_the_json_api_takes_an_api_token(served: Served) -> None:
    app = served.ws.app(served.settings.app_db)
    token, _ = app.issue_token("ada")
    api = client(served, None)
    api.headers["authorization"] = f"Bearer {token}"
    files = {"file": ("more.csv", NEW_SALES.encode(), "text/csv")}
    before = sales_rows(served)
    dry = api.post("/api/data/imports", data={"table": "sales", "dry_run": "true"}, files=files)
    assert dry.status_code == 200 and dry.json()["rows_read"] == 2 and not dry.json()["stored"]
    assert sales_rows(served) == before
    done = api.post("/api/data/imports", data={"table": "sales"}, files=files)
    assert done.status_code == 200 and done.json()["rows_stored"] == 2
    assert done.json()["file"] == "more.csv"  # the uploaded name, not where it was kept
    assert (served.ws.imports()[-1].file, served.ws.imports()[-1].user) == ("more.csv", "ada")
    again = api.post("/api/data/imports", data={"table": "sales"}, files=files)
    assert again.status_code == 422
    assert [f["code"] for f in again.json()["findings"]] == ["already_imported"]
    newest = served.ws.imports()[-1].id
    assert (
        api.post(f"/api/data/imports/{newest}/undo")
        .json()["done"]
        .startswith(f"Import {newest} undone")
    )
    assert sales_rows(served) == before


def test_uploads_never_stored_are_given_up(served: Served) -> None:
    import os

    from salespulse.web import uploads

    where = uploads.folder(served.ws.cache_dir) / ("x" * 32)
    where.mkdir(parents=True)
    (where / "old.csv").write_text(NEW_SALES)
    day_ago = where.stat().st_mtime - 24 * 3600
    os.utime(where, (day_ago, day_ago))
    fresh = uploads.folder(served.ws.cache_dir) / ("y" * 32)
    fresh.mkdir()
    uploads.give_up(served.ws.cache_dir)
    assert not where.exists() and fresh.exists()
    with pytest.raises(Exception, match="no such upload"):
        uploads.path_of("../../etc", served.ws.cache_dir)
    assert uploads.safe_name("../../a b;c.CSV") == "a_b_c.csv"
    from salespulse.model.safe_text import FILE_NAME_MAX, file_name

    assert file_name("../../a b;c.CSV") == "a b;c.CSV" and file_name("\x00/\u200b\t") == "upload"
    long = file_name("x" * 500 + ".xlsx")
    assert len(long) == FILE_NAME_MAX and long.endswith("x.xlsx")


@pytest.fixture(scope="module")
def server_url(served: Served) -> Iterator[str]:
    """The module's app under uvicorn on a free loopback port (a thread of this process)."""
    from tests.web.conftest import free_port, serve_in_thread

    yield from serve_in_thread(create_app(served.settings, served), free_port())


def cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from salespulse.cli import cli as command
    from salespulse.cli.errors import run_safely

    with CliRunner().isolation() as (out, err, _):
        code = run_safely(command, list(args))
    return code, out.getvalue().decode() + err.getvalue().decode()


def test_import_through_the_server(served: Served, server_url: str, tmp_path: Any) -> None:
    """`salespulse import sales FILE --server URL` stores through the running server (the
    workspace's one writer) and prints the server's report as a local import would."""
    file = tmp_path / "august.csv"
    file.write_text(NEW_SALES.replace("2025-07", "2025-08"), encoding="utf-8")
    admin_token, _ = served.ws.app(served.settings.app_db).issue_token("ada")
    before = sales_rows(served)
    args = ["import", "sales", str(file), "--server", server_url]
    code, said = cli(*args)
    assert code == 1 and "needs an API token" in said and "Traceback" not in said
    code, said = cli(*args, "--token", admin_token, "--dry-run")
    assert code == 0 and sales_rows(served) == before, said
    code, said = cli(*args, "--token", admin_token, "--format", "json")
    assert code == 0, said
    assert '"rows_stored": 2' in said and sales_rows(served) == before + 2
    code, said = cli(*args, "--token", admin_token)  # the same file again: refused
    assert code == 2 and "already_imported" in said
    manager_token, _ = served.ws.app(served.settings.app_db).issue_token("mia")
    code, said = cli(*args, "--token", manager_token)
    assert code == 1 and "403" in said
    code, said = cli(*args, "--token", admin_token, "--map", "Qty=quantity")
    assert code == 1 and "--map cannot go through --server" in said
    code, said = cli("import", "sales", str(file), "--server", "http://127.0.0.1:9", "--token", "x")
    assert code == 1 and "did not answer" in said
    newest = served.ws.imports()[-1].id
    served.ws.undo_import(newest)
    assert sales_rows(served) == before
