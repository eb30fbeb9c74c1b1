"""What the relation builders (`relations`, `pipeline`, `quota`) see of a query's
`Context`: its tables, its other relations, its time bounds and its placing.

`Context.relation` calls the builders; typed against this Protocol instead of `Context`,
they do not import `context`, so the two form no import cycle. `Context` is checked to
satisfy it wherever it is passed to a builder (mypy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from salespulse.engine.query import Query
    from salespulse.model.settings import Settings


class BuilderContext(Protocol):
    @property
    def query(self) -> Query: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def kpi_name(self) -> str: ...

    def has(self, name: str) -> bool: ...

    def table(self, name: str, needed_for: str | None = None) -> Any: ...

    def relation(self, name: str) -> Any: ...

    def distinct(self, table: str, column: str) -> list[str]: ...

    def execute(self, expr: Any) -> Any: ...

    def as_of_end(self) -> Any | None: ...

    def before_as_of(self, column: Any) -> Any: ...

    def in_range(self, column: Any) -> Any: ...

    def period(self, column: Any) -> Any: ...

    def with_dims(self, t: Any, dims: tuple[str, ...]) -> Any: ...

    def place(self, t: Any, anchor: str | None) -> tuple[Any, list[str]]: ...
