"""The workspace: a folder holding the analytical DuckDB file, the settings and (later)
the app database. `salespulse.open(path)` is the entry point of the Python API."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salespulse.errors import UserError
from salespulse.model import settings as settings_file
from salespulse.model.settings import Settings

if TYPE_CHECKING:
    import duckdb

    from salespulse.io.findings import Report

DEFAULT_DIR = "salespulse-workspace"
ENV_VAR = "SALESPULSE_WORKSPACE"
DB_FILE = "salespulse.duckdb"
SETTINGS_FILE = "salespulse.toml"


def default_path() -> Path:
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR)


@dataclass(frozen=True)
class ImportedFile:
    file: str
    imported_at: datetime
    rows: int
    mode: str


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    first: datetime | None
    last: datetime | None
    reps: int | None
    files: tuple[ImportedFile, ...]


class Workspace:
    """A salespulse workspace folder."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = path
        self.settings = settings

    @property
    def db_path(self) -> Path:
        return self.path / DB_FILE

    @property
    def settings_path(self) -> Path:
        return self.path / SETTINGS_FILE

    def __repr__(self) -> str:
        return f"<salespulse workspace {str(self.path)!r}>"

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection to the workspace file, closed on exit."""
        import duckdb

        from salespulse.store import IMPORTS_DDL

        if read_only and not self.db_path.exists():
            read_only = False
        try:
            con = duckdb.connect(str(self.db_path), read_only=read_only)
        except duckdb.IOException as exc:
            raise UserError(
                f"Cannot open the workspace database {self.db_path}: {exc}.",
                fix="Another salespulse command may be writing to it; try again when it ends.",
            ) from None
        try:
            if not read_only:
                con.execute(IMPORTS_DDL)
            yield con
        finally:
            con.close()

    def scratch_dir(self) -> Path:
        """A folder for an import's temporary files. Call it while holding the write
        connection: leftovers of an import that was killed are removed first."""
        import shutil

        folder = self.path / ".scratch"
        if folder.exists():
            for stale in folder.iterdir():
                shutil.rmtree(stale, ignore_errors=True)
        folder.mkdir(exist_ok=True)
        return folder

    def has_table(self, name: str) -> bool:
        from salespulse.store import existing_tables

        if not self.db_path.exists():
            return False
        with self.connect(read_only=True) as con:
            return name in existing_tables(con)

    def import_file(
        self,
        table: str | None,
        path: Path | str,
        mapping: dict[str, str] | None = None,
        *,
        mode: str = "append",
        force: bool = False,
        dry_run: bool = False,
        set_values: dict[str, str] | None = None,
        fill: dict[str, str] | None = None,
        dayfirst: bool | None = None,
        multiplier: float = 1.0,
        progress: Any = None,
        stages: dict[str, str] | None = None,
        missing: list[str] | None = None,
    ) -> Report:
        """Import a file into `table` (None: guess it from the headers).

        `mapping` maps the file's headers to contract columns ({"Close Value": "amount"};
        "" sets a header aside). `stages` reads stage names as a status for this import
        ({"Declined": "lost"}); `missing` adds values that mean missing in every column
        (["NA"]). Returns the report; raises `ValidationFailed` (holding
        the report) when the file has errors, in which case nothing was stored.
        """
        from salespulse.errors import ValidationFailed
        from salespulse.io.importer import ImportOptions, run
        from salespulse.model.stage_words import read_overrides

        if mode not in ("append", "replace"):
            raise UserError(f"mode must be append or replace, not {mode!r}.")
        options = ImportOptions(
            table=table,
            mapping=list((mapping or {}).items()),
            constants=dict(set_values or {}),
            fills=dict(fill or {}),
            mode=mode,  # type: ignore[arg-type]
            force=force,
            dry_run=dry_run,
            dayfirst=dayfirst,
            multiplier=multiplier,
            stages=read_overrides((stages or {}).items()),
            missing=list(missing or []),
        )
        report = run(self, path, options, progress)
        if not report.ok:
            first = report.errors[0]
            where = f" (line {first.line})" if first.line else ""
            raise ValidationFailed(
                f"{path} was not imported: {len(report.errors)} error(s), first: "
                f"{first.message}{where}.",
                report,
            )
        return report

    def validate(self, table: str | None, path: Path | str, **options: Any) -> Report:
        """Check a file as `import_file` would, storing nothing; returns the report."""
        from salespulse.io.importer import ImportOptions, run
        from salespulse.model.stage_words import read_overrides

        mapping = options.pop("mapping", None) or {}
        if "stages" in options:
            options["stages"] = read_overrides((options["stages"] or {}).items())
        opts = ImportOptions(table=table, mapping=list(mapping.items()), dry_run=True, **options)
        return run(self, path, opts)

    def tables(self) -> list[TableSummary]:
        """Each stored table with its rows, date range, reps and source files."""
        from salespulse.inventory import summarise

        with self.connect() as con:
            return summarise(con)

    def kpi(
        self,
        name: str,
        by: list[str] | str | None = None,
        period: str = "all",
        start: Any = None,
        end: Any = None,
        where: dict[str, Any] | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
        output: str = "pandas",
    ) -> Any:
        """A KPI as a pandas DataFrame (`output="arrow"` or `"polars"` for those): the
        `by` dimensions, `period` (unless "all"), value, numerator, denominator, n and the
        KPI's extras. `backend="pyspark"` or `source="postgresql://..."` compute it there."""
        from salespulse.engine import Engine
        from salespulse.engine.sources import open_source

        with Engine(open_source(self, backend, source), self.settings) as engine:
            return engine.kpi(
                name,
                by=by,
                period=period,
                start=start,
                end=end,
                where=where,
                as_of=as_of,
                output=output,
            )

    def explain(
        self,
        name: str,
        by: list[str] | str | None = None,
        period: str = "all",
        start: Any = None,
        end: Any = None,
        where: dict[str, Any] | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
    ) -> str:
        """The SQL that `kpi` with the same arguments runs."""
        from salespulse.engine import Engine
        from salespulse.engine.sources import open_source

        with Engine(open_source(self, backend, source), self.settings) as engine:
            return engine.explain(
                name, by=by, period=period, start=start, end=end, where=where, as_of=as_of
            )

    def scorecard(
        self,
        period: str = "month",
        team: str | None = None,
        as_of: Any = None,
        *,
        backend: str = "duckdb",
        source: str | None = None,
    ) -> Any:
        """The latest complete period's scorecard: each rep's key KPIs, the change on the
        previous period and the gap to the team median (by product with only sales)."""
        from salespulse.engine import Engine
        from salespulse.engine.query import to_date
        from salespulse.engine.scorecard import scorecard
        from salespulse.engine.sources import open_source

        with Engine(open_source(self, backend, source), self.settings) as engine:
            return scorecard(engine, period, team, to_date(as_of, "--as-of"))  # type: ignore[arg-type]


def init(path: Path | str | None = None, settings: Settings | None = None) -> Workspace:
    """Create the workspace folder and its settings file if missing; never overwrite."""
    folder = Path(path) if path is not None else default_path()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} exists and is not a folder.", fix="Choose another --workspace.")
    folder.mkdir(parents=True, exist_ok=True)
    settings_path = folder / SETTINGS_FILE
    if not settings_path.exists():
        settings_file.save(settings or Settings(), settings_path)
    return Workspace(folder, settings_file.load(settings_path))


def open(path: Path | str | None = None, *, create: bool = True, **overrides: Any) -> Workspace:
    """Open a workspace (creating it on first use unless `create=False`).

    Keyword overrides replace settings for this session only, e.g. `currency="EUR"`.
    """
    folder = Path(path) if path is not None else default_path()
    if not (folder / SETTINGS_FILE).exists() and not (folder / DB_FILE).exists():
        if not create:
            raise UserError(
                f"{folder} is not a salespulse workspace.",
                fix="Create it with: salespulse --workspace {folder} init",
            )
        ws = init(folder)
    else:
        ws = Workspace(folder, settings_file.load(folder / SETTINGS_FILE))
    if overrides:
        ws.settings = ws.settings.with_overrides(**overrides)
    return ws
