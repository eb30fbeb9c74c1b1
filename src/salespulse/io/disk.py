"""A full disk, told as what it is: the import stops, nothing is stored, and the message
names the real cause ("no space left on device") and where space is needed."""

from __future__ import annotations

import errno
from pathlib import Path

from salespulse.errors import UserError

_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_WORDS = ("no space left on device", "disk quota exceeded", "not enough space")


def is_disk_full(exc: BaseException) -> bool:
    """An OSError with ENOSPC/EDQUOT, or a DuckDB error whose text says so."""
    if isinstance(exc, OSError) and exc.errno in _FULL:
        return True
    text = str(exc).lower()
    return any(w in text for w in _WORDS)


def disk_full_error(exc: BaseException, workspace: Path, file: Path) -> UserError:
    return UserError(
        f"{file} was not imported: the disk holding the workspace {workspace} is full "
        f"(no space left on device: {exc}). Nothing was stored; the workspace is as it was.",
        fix=f"Free some space on that disk (df -h '{workspace}' shows it), or move the "
        "workspace to a larger disk (`workspace`), and import the file again.",
        option="workspace",
    )
