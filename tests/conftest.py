"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _realdata() -> Path:
    """Public datasets shared on this machine (never copied into the repo): next to the
    checkout in ../shared/realdata, or where SALESPULSE_REALDATA says."""
    if os.environ.get("SALESPULSE_REALDATA"):
        return Path(os.environ["SALESPULSE_REALDATA"])
    for candidate in (ROOT / ".." / "shared" / "realdata", Path("/work/shared/realdata")):
        if candidate.is_dir():
            return candidate.resolve()
    return (ROOT / ".." / "shared" / "realdata").resolve()


REALDATA = _realdata()


@pytest.fixture
def workspace(tmp_path: Path):  # type: ignore[no-untyped-def]
    import salespulse

    return salespulse.open(tmp_path / "ws")


@pytest.fixture(scope="session")
def realdata() -> Path:
    assert REALDATA.is_dir(), f"the real datasets are expected in {REALDATA}"
    return REALDATA
