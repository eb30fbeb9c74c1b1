"""The generator's interface: tables, schema from the contract, determinism, chunking,
scale."""

from __future__ import annotations

import datetime
import inspect

import pyarrow as pa
import pytest

import salespulse.demo as demo_pkg
from salespulse.demo import STORIES, Story, generate, stories_for
from salespulse.model.contract import TABLES

from .common import AS_OF, Demo

EXPECTED_TYPES = {
    "text": pa.string(),
    "number": pa.float64(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
    "boolean": pa.bool_(),
}
TABLE_NAMES = {
    "products", "reps", "quotas", "leads", "activities", "deals", "deal_stages", "sales",
}  # fmt: skip


def test_generate_is_a_lazy_iterator_of_named_tables() -> None:
    gen = generate(seed=7, scale=1, as_of=AS_OF)
    assert inspect.isgenerator(gen)
    name, chunk = next(gen)
    assert name in TABLE_NAMES
    assert isinstance(chunk, pa.Table)
    gen.close()


def test_every_table_is_yielded(demo: Demo) -> None:
    assert {name for name, _ in demo.chunks} == TABLE_NAMES


def test_schema_is_exactly_the_stored_contract_columns(demo: Demo) -> None:
    for name, chunk in demo.chunks:
        stored = TABLES[name].stored
        assert chunk.schema.names == [c.name for c in stored], name
        assert "_import_id" not in chunk.schema.names
        for column in stored:
            assert chunk.schema.field(column.name).type == EXPECTED_TYPES[column.type], (
                f"{name}.{column.name}"
            )


def test_timestamps_are_naive_microseconds(demo: Demo) -> None:
    for _, chunk in demo.chunks:
        for field in chunk.schema:
            if pa.types.is_timestamp(field.type):
                assert field.type.tz is None and field.type.unit == "us"


def test_same_seed_gives_identical_data(demo: Demo) -> None:
    again = Demo(list(generate(seed=7, scale=1, as_of=AS_OF)))
    assert [n for n, _ in again.chunks] == [n for n, _ in demo.chunks]
    for (_, a), (_, b) in zip(again.chunks, demo.chunks, strict=True):
        assert a.equals(b)


def test_another_seed_gives_other_data_for_the_same_organisation(demo: Demo) -> None:
    other = Demo(list(generate(seed=8, scale=1, as_of=AS_OF))).arrow
    mine = demo.arrow
    assert other["reps"].equals(mine["reps"])
    for name in ("deals", "sales", "activities", "leads"):
        assert not other[name].equals(mine[name]), name


def test_as_of_defaults_to_today() -> None:
    today = datetime.date.today()
    sales = pa.concat_tables([c for n, c in generate(seed=1) if n == "sales"])
    last = max(sales.column("date").to_pylist())
    assert today - datetime.timedelta(days=40) <= last <= today


def test_scale_must_be_positive() -> None:
    with pytest.raises(ValueError):
        list(generate(scale=0))


def test_chunks_are_bounded_and_lose_nothing(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_pkg, "CHUNK_ROWS", 20_000)
    chunks = list(generate(seed=7, scale=2, as_of=AS_OF))
    by_table: dict[str, list[pa.Table]] = {}
    for name, chunk in chunks:
        by_table.setdefault(name, []).append(chunk)
        # A chunk is flushed once it reaches the threshold: at most one block more.
        assert chunk.num_rows < 20_000 + 120_000
    assert len(by_table["sales"]) == 2  # one per block: each reaches the threshold
    assert len(by_table["reps"]) == 1
    assert len(by_table["products"]) == 1 and by_table["products"][0].num_rows == 11
    single = demo.arrow
    for name, parts in by_table.items():
        if name == "products":  # the one catalogue, not a table per block
            continue
        rows = sum(p.num_rows for p in parts)
        assert single[name].num_rows * 1.6 < rows < single[name].num_rows * 2.4, name


def test_scale_two_doubles_the_organisation(demo: Demo) -> None:
    two = Demo(list(generate(seed=7, scale=2, as_of=AS_OF))).frames()
    reps = two["reps"]
    one = demo.arrow["reps"].to_pandas()
    assert len(reps) == 2 * len(one) == 48
    assert reps.rep.is_unique and reps.name.is_unique and reps.email.is_unique
    assert reps.team.nunique() == 6
    assert reps.manager.nunique() == 6
    # The first block of a larger scale is scale 1's block.
    assert reps.head(24).reset_index(drop=True).equals(one)
    for table, key in (("deals", "deal_id"), ("leads", "lead_id"), ("activities", "activity_id")):
        assert two[table][key].is_unique, table
    assert 1.8 < len(two["sales"]) / len(demo.arrow["sales"]) < 2.2


def test_stories_name_real_reps(demo: Demo) -> None:
    reps = demo.arrow["reps"].to_pandas().set_index("rep")
    keys = {
        "activity_drop",
        "poor_win_rate",
        "small_deals",
        "slow_inbound",
        "steady_top",
        "spiky",
        "fast_ramp",
        "mix_shift",
    }
    assert {s.key for s in STORIES} == keys
    assert all(isinstance(s, Story) for s in STORIES)
    assert len({s.rep for s in STORIES}) == len(STORIES)
    for story in STORIES:
        assert reps.loc[story.rep, "name"] == story.name
        assert story.summary and story.evidence
    assert stories_for(1) == STORIES
    two = stories_for(2)
    assert len(two) == 16 and len({s.rep for s in two}) == 16
