"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Speed is measured in benchmarks, never in tests: no per-example deadline (the machine
# has 2 cores, shared by parallel test workers, and is noisy).
settings.register_profile("salespulse", deadline=None)
settings.load_profile("salespulse")

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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test` runs `-n auto`, with `--dist loadgroup` from the
    settings), every `spark` test goes to one worker: a local[2] Spark session takes ~10 s
    and ~1 GB to start, so one session serves them all, and the standalone cluster joins
    them (run beside them, it made the suite slower). So do the golden cases of the
    `pyspark` backend, whose session comes through `golden_sources` (scattered, each
    worker started a JVM of its own and warmed it up again). A `spark` test that uses
    neither (a CLI in its own process) runs anywhere. Without xdist the mark does
    nothing."""
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("backend") if callspec is not None else None
        if item.get_closest_marker("spark") is not None and (
            uses & {"spark", "spark_cluster"} or backend == "pyspark"
        ):
            item.add_marker(pytest.mark.xdist_group("spark"))


class XdistGroups:
    """pytest-xdist <= 3.8 groups a test by appending `@group` to its `_nodeid`, which pytest
    9.2 no longer reads (pytest-xdist issue #1386): the groups are silently ignored and every
    worker starts its own Spark. Until a fixed xdist is out, this appends the group to
    pytest 9.2's structured id instead, as pytest-xdist PR #1388 does. It does nothing when
    xdist's own suffix took, on an older pytest, or outside an xdist worker with
    `--dist loadgroup`."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        if not getattr(config.option, "loadgroup", False):
            return
        longest_first(items)
        try:
            from _pytest.nodeid import NodeId
        except ImportError:  # pytest < 9.2: xdist's `_nodeid` suffix works
            return
        for item in items:
            names = _groups(item)
            if names and "@" not in item.nodeid.rpartition("]")[2]:
                item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(names))}")


def longest_first(items: list[pytest.Item]) -> None:
    """The groups first, the longest (Spark's: several minutes on one worker) before the
    others: xdist hands the work out in this order, so one worker starts on the long
    group while the others share the rest, instead of finishing it alone at the end. The
    order within each group, and of the other tests, is kept."""
    rank = {"spark": 0, "browser": 1}
    items.sort(key=lambda item: min((rank.get(g, 2) for g in _groups(item)), default=3))


def _groups(item: pytest.Item) -> set[str]:
    return {
        str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
        for mark in item.iter_markers("xdist_group")
    }


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(XdistGroups(), "salespulse-xdist-groups")


@pytest.fixture(autouse=True, scope="session")
def _own_builder_strict() -> None:
    """A query the own builder (`salespulse.sql`) cannot build fails here instead of
    falling back to Ibis quietly: its gaps show in the suite."""
    from salespulse.engine.core import Engine

    Engine.strict_builder = True
