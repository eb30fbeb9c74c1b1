"""The caches of the query path, kept in a folder (the workspace's `.cache/`):

- `sql/`: compiled SQL per query shape — the KPI, dimensions, grain, which filters and
  dates, the backend, the settings, the salespulse and Ibis versions and salespulse's own
  files (`code_fingerprint`: a checkout changed by `git pull` or an edit keeps its version
  number, and must not replay what older code wrote) — and per what
  its building looked at: the columns of the tables it read, the query's values if it
  read them, and what its preliminary reads of the data gave (`engine/reads.py`).
- `variants/`: for SQL built from reads of the data (`engine/reads.py`), which of its
  kept variants fits a data version, so that a later process skips the reads.
- `output/`: a report command's printed output per data version (`cli/output_cache.py`).
- `results/`: a query's normalised rows per (query, values, data version, settings).
  The data version changes with every committed import, undo or repair, so nothing
  stale is ever read; results of other versions are simply never looked up again (the
  oldest files are pruned).

Files are written whole (a temporary file renamed over the old one): a reader never
sees half an entry, whatever kills a writer. An unreadable entry is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

#: Result files kept per workspace before the oldest are removed.
MAX_RESULTS = 4000
#: The layout of the compiled-SQL entries (part of every key: a new layout never reads an
#: older one's entries).
FORMAT = 2


@cache
def versions() -> str:
    """salespulse's and Ibis's versions (read from the installed metadata, no import) and
    the fingerprint of salespulse's files."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("salespulse", "ibis-framework", "sqlglot"):
        try:
            found.append(version(package))
        except PackageNotFoundError:
            found.append("?")
    found.append(code_fingerprint(Path(__file__).resolve().parents[1]))
    return "/".join(found)


def code_fingerprint(root: Path) -> str:
    """A digest of every file under `root` (compiled bytecode aside): its path, size and
    modification time, 2–3 ms for the package's 380 files. An installed release changes it only
    with its version; a source checkout with every change to its code."""
    seen = hashlib.sha256()
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            relative = os.path.relpath(os.path.join(folder, name), root)
            seen.update(f"{relative}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return seen.hexdigest()[:16]


def digest(*parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class QueryCache:
    """Where compiled SQL and results are kept, and the data version results belong to
    (None: the data's version is not known, so results are not kept)."""

    folder: Path | None
    data_version: str | None = None
    #: False: look up and keep compiled SQL only (benchmarks time the queries themselves)
    keep_results: bool = True

    def read(self, kind: str, key: str) -> dict[str, Any] | None:
        if self.folder is None:
            return None
        import orjson

        try:
            data = orjson.loads((self.folder / kind / f"{key}.json").read_bytes())
        except (OSError, ValueError):  # (orjson.JSONDecodeError is a ValueError)
            return None
        return data if isinstance(data, dict) else None

    def write(self, kind: str, key: str, data: dict[str, Any]) -> None:
        if self.folder is None:
            return
        import orjson

        folder = self.folder / kind
        text = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "wb") as out:
                out.write(text)
            os.replace(tmp, folder / f"{key}.json")
        except OSError:
            return  # a cache that cannot be written is only slower, never wrong
        if kind != "sql":
            _prune(folder)


#: Files this process wrote per folder: a folder is listed (and pruned) at the first and
#: then every `PRUNE_EVERY`-th write — listing a full folder costs more than a write.
_written: dict[Path, int] = {}
PRUNE_EVERY = 500


def _prune(folder: Path) -> None:
    count = _written.get(folder, 0)
    _written[folder] = count + 1
    if count % PRUNE_EVERY:
        return
    files = list(folder.glob("*.json"))
    if len(files) <= MAX_RESULTS:
        return
    files.sort(key=lambda p: p.stat().st_mtime)
    for old in files[: len(files) - MAX_RESULTS // 2]:
        old.unlink(missing_ok=True)
