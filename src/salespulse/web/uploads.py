"""Files uploaded to the dashboard, kept until they are stored or given up.

An upload is written to the workspace's `.cache/web/uploads/<token>/` under a name of
its own (the uploaded name reduced to letters, digits, `-`, `_` and its extension: no
path from a request is ever used), refused past `MAX_UPLOAD_MB` or with a type the
importer does not read; its own name, made safe (`model.safe_text.file_name`), is kept
beside it (`.name`) for the import to record (`name_of`). The token (random, URL-safe)
is what the form carries from the validation report to "Store it"; uploads older than
`KEPT_HOURS` are removed."""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from fastapi import HTTPException, UploadFile

from salespulse.model.safe_text import file_name

#: The file types the importer reads.
TYPES = frozenset(
    (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".parquet", ".jsonl")
) | {".ndjson", ".json"}
#: Beside the kept file: the uploaded file's own name, made safe.
NAME_FILE = ".name"
#: The largest upload taken (the importer's own limits apply to what is inside).
MAX_UPLOAD_MB = 200
KEPT_HOURS = 6
_CHUNK = 1 << 20
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def folder(cache_dir: Path) -> Path:
    return cache_dir / "web" / "uploads"


def safe_name(name: str) -> str:
    """The uploaded file's name as kept: its stem reduced to safe characters, its type."""
    path = Path(name.replace("\\", "/")).name
    stem, suffix = Path(path).stem, Path(path).suffix.lower()
    return (re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:80] or "upload") + suffix


async def keep(upload: UploadFile, cache_dir: Path, limit_mb: int = MAX_UPLOAD_MB) -> str:
    """Write `upload` to a folder of its own; its token. 413 past the size limit, 415 for
    a type the importer does not read (nothing is kept then)."""
    name = safe_name(upload.filename or "")
    if Path(name).suffix not in TYPES:
        raise HTTPException(
            415,
            f"{upload.filename!r} is not a file salespulse imports: give CSV, TSV, Excel "
            "(.xlsx, .xls), OpenDocument (.ods), Parquet or JSON Lines.",
        )
    give_up(cache_dir)
    token = secrets.token_urlsafe(24)
    where = folder(cache_dir) / token
    where.mkdir(parents=True)
    written = 0
    try:
        with (where / name).open("wb") as out:
            while chunk := await upload.read(_CHUNK):
                written += len(chunk)
                if written > limit_mb << 20:
                    raise HTTPException(
                        413,
                        f"{upload.filename!r} is over {limit_mb} MB: import it with "
                        "`salespulse import` on the server's machine.",
                    )
                out.write(chunk)
        (where / NAME_FILE).write_text(file_name(upload.filename or "", name), encoding="utf-8")
    except BaseException:
        shutil.rmtree(where, ignore_errors=True)
        raise
    return token


def path_of(token: Any, cache_dir: Path) -> Path:
    """The kept upload of `token`; 404 when there is none (stored, given up or unknown)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise HTTPException(404, "There is no such upload: upload the file again.")
    where = folder(cache_dir) / token
    files = sorted(p for p in where.iterdir() if p.name != NAME_FILE) if where.is_dir() else []
    if not files:
        raise HTTPException(404, "That upload is gone (stored, or too old): upload it again.")
    return files[0]


def name_of(path: Path) -> str:
    """The uploaded file's own name (made safe) of the kept upload at `path`, else the
    name it is kept under."""
    try:
        return (path.parent / NAME_FILE).read_text(encoding="utf-8") or path.name
    except OSError:
        return path.name


def drop(token: str, cache_dir: Path) -> None:
    shutil.rmtree(folder(cache_dir) / token, ignore_errors=True)


def give_up(cache_dir: Path, hours: float = KEPT_HOURS) -> None:
    """Remove uploads older than `hours`."""
    root = folder(cache_dir)
    if not root.is_dir():
        return
    oldest = time.time() - hours * 3600
    for where in root.iterdir():
        try:
            if where.stat().st_mtime < oldest:
                shutil.rmtree(where, ignore_errors=True)
        except OSError:
            continue
