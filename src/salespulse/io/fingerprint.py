"""A file's fingerprint: its SHA-256 (to recognise a file imported before), its size, and
its newlines (to number its rows when DuckDB reads it in place)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Files are read in chunks of this many bytes.
CHUNK_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    newlines: int
    ends_with_newline: bool


def fingerprint(path: Path, progress: Callable[[str, float], None] | None = None) -> Fingerprint:
    """The file's SHA-256, size and newlines (read once, in chunks)."""
    digest = hashlib.sha256()
    newlines = 0
    size = path.stat().st_size
    done = 0
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            done += len(chunk)
            last = chunk[-1:]
            if progress:
                progress("checking the file", done / max(size, 1))
    return Fingerprint(digest.hexdigest(), size, newlines, last == b"\n")
