"""Shared demo data: generated once per test session at a fixed as_of."""

from __future__ import annotations

import pandas as pd
import pytest

from salespulse.demo import generate

from .common import AS_OF, Demo


@pytest.fixture(scope="session")
def demo() -> Demo:
    return Demo(list(generate(seed=7, scale=1, as_of=AS_OF)))


@pytest.fixture(scope="session")
def frames(demo: Demo) -> dict[str, pd.DataFrame]:
    return demo.frames()
