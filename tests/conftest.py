"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Public datasets shared by the projects on this machine; never copied into the repo.
REALDATA = (ROOT / ".." / "shared" / "realdata").resolve()


@pytest.fixture
def workspace(tmp_path: Path):  # type: ignore[no-untyped-def]
    import salespulse

    return salespulse.open(tmp_path / "ws")


@pytest.fixture(scope="session")
def realdata() -> Path:
    assert REALDATA.is_dir(), f"the real datasets are expected in {REALDATA}"
    return REALDATA
