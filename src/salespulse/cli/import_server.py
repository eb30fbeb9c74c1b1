"""`salespulse import TABLE FILE --server URL`: the import goes through a running
`salespulse serve` — the one process writing its workspace — instead of waiting for it.
The file is posted to the server's `POST /api/data/imports` with an API token
(`--token`, or SALESPULSE_TOKEN; `salespulse users token NAME` makes one for an admin),
and the server's validation report is shown as a local import's would be."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from salespulse.errors import UserError

TOKEN_VAR = "SALESPULSE_TOKEN"
#: The import options the server takes; the others are refused with --server.
TAKEN = ("mode", "force", "dry_run")


def post(server: str, token: str | None, table: str | None, file: Path, **options: Any) -> Any:
    """The server's report (`io.findings.Report`) on `file`: stored unless `dry_run`,
    or refused with nothing stored."""
    import httpx

    from salespulse.io.findings import Report

    token = token or os.environ.get(TOKEN_VAR)
    if not token:
        raise UserError(
            "Importing through a server needs an API token of an admin.",
            fix=f"Give --token TOKEN or set {TOKEN_VAR} (`salespulse users token NAME` on "
            "the server's workspace makes one).",
        )
    url = server.rstrip("/") + "/api/data/imports"
    form = {"table": table or "", "mode": options.get("mode", "append")}
    form |= {k: "true" for k in ("force", "dry_run") if options.get(k)}
    try:
        with file.open("rb") as body:
            answer = httpx.post(
                url,
                data=form,
                files={"file": (file.name, body)},
                headers={"authorization": f"Bearer {token}"},
                timeout=3600,
            )
    except OSError as exc:
        raise UserError(f"Cannot read {file}: {exc.strerror}.", fix="Check the path.") from None
    except httpx.HTTPError as exc:
        raise UserError(
            f"The server at {server} did not answer ({exc.__class__.__name__}: {exc}).",
            fix="Check --server (e.g. http://127.0.0.1:8000) and that `salespulse serve` runs.",
        ) from None
    if answer.status_code in (200, 422) and answer.headers.get("content-type", "").startswith(
        "application/json"
    ):
        found = answer.json()
        if "findings" in found:
            return Report.from_dict(found)
    said = answer.json().get("detail", "") if _is_json(answer) else answer.text[:200]
    raise UserError(
        f"The server at {server} refused the import ({answer.status_code}: {said}).",
        fix="An admin's API token is needed (401: unknown or revoked; 403: not an admin).",
    )


def _is_json(answer: Any) -> bool:
    try:
        answer.json()
    except ValueError:
        return False
    return True
