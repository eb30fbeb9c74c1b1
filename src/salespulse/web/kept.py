"""Pages kept on disk per data version, in the workspace's `.cache/web/pages/`: a server
restarted over unchanged data answers its first requests from here instead of computing
every page again. One folder per data version (the older ones are removed when the server
starts); a file per page key. Safe to delete, like the rest of `.cache/`."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


class KeptPages:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, version: str, key: object) -> Path:
        return self.folder / _digest(version) / _digest(key)

    def load(self, version: str, key: object, kind: type[Any]) -> Any:
        """The value kept for `key` on `version` (a page model of class `kind`, or text),
        else None."""
        try:
            text = self._path(version, key).read_text(encoding="utf-8")
        except OSError:
            return None
        if kind is str:
            return text
        try:
            return kind.model_validate_json(text)
        except ValidationError:  # kept by another version of salespulse: build it again
            return None

    def save(self, version: str, key: object, value: Any) -> None:
        text = value.model_dump_json() if isinstance(value, BaseModel) else str(value)
        path = self._path(version, key)
        with contextlib.suppress(OSError):  # a read-only workspace: keep it in memory only
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)

    def keep_only(self, version: str) -> None:
        """Remove the pages kept for every other data version."""
        if not self.folder.is_dir():
            return
        current = _digest(version)
        for old in self.folder.iterdir():
            if old.name != current:
                shutil.rmtree(old, ignore_errors=True)
