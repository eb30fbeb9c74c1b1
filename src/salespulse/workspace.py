"""The workspace: a folder holding the analytical DuckDB file, the settings and the app
database (`app.db`, unless it is on PostgreSQL). `salespulse.open(path)` is the entry
point of the Python API."""

from __future__ import annotations

import contextlib
import os
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salespulse.database import DB_FILE
from salespulse.errors import UserError
from salespulse.model import settings as settings_file
from salespulse.model.settings import Settings
from salespulse.model.wording import plural
from salespulse.workspace_digest import Digests
from salespulse.workspace_progress import Progress

if TYPE_CHECKING:
    from salespulse.inventory import TableSummary
    from salespulse.io.findings import Report
    from salespulse.io.history import ImportRecord, Undone
    from salespulse.workspace_app import AppData

DEFAULT_DIR = "salespulse-workspace"
ENV_VAR = "SALESPULSE_WORKSPACE"
SETTINGS_FILE = "salespulse.toml"


def default_path() -> Path:
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR)


class Workspace(Progress, Digests):
    """A salespulse workspace folder: its DuckDB file (see `salespulse.database`), its
    settings, and the public API over the layers below — the numbers (KPIs, results,
    SQL, scorecard: `salespulse.workspace_numbers`), the weekly digest
    (`salespulse.workspace_digest`) and, here, imports and undo."""

    def __init__(self, path: Path, settings: Settings, wait: float | None = None) -> None:
        super().__init__(path, wait)
        self.settings = settings
        self._apps: dict[str | None, AppData] = {}

    @property
    def settings_path(self) -> Path:
        return self.path / SETTINGS_FILE

    def __repr__(self) -> str:
        return f"<salespulse workspace {str(self.path)!r}>"

    def import_file(
        self,
        table: str | None,
        path: Path | str,
        mapping: dict[str, str] | list[tuple[str, str]] | None = None,
        *,
        mode: str = "append",
        force: bool = False,
        skip_existing: bool = False,
        as_of: Any = None,
        dry_run: bool = False,
        set_values: dict[str, str] | None = None,
        fill: dict[str, str] | None = None,
        dayfirst: bool | None = None,
        multiplier: float = 1.0,
        progress: Any = None,
        sheet: str | None = None,
        on_error: str = "refuse",
        stages: dict[str, str] | None = None,
        missing: list[str] | None = None,
        file_name: str | None = None,
        user: str | None = None,
    ) -> Report:
        """Import a file into `table` (None: guess it from the headers).

        `mapping` maps the file's headers to contract columns ({"Close Value": "amount"};
        "" sets a header aside; as a list of (header, column) pairs one header can fill
        two columns). `mode` is "append", "replace" or "upsert" (keyed tables:
        update rows by key, add the others; a deals upsert records stage changes in
        deal_stages at `as_of`, default today). `skip_existing` leaves out rows already
        stored; `force` stores a repeated file or rows anyway. `sheet` names a
        spreadsheet's sheet (default: the first). `on_error="skip"` stores the good rows
        and writes the refused ones to `rejects/<import id>.csv` (default "refuse": a
        refused row refuses the file). `stages` reads stage names as a status for this
        import ({"Declined": "lost"}); `missing` adds values that mean missing in every
        column (["NA"]). `file_name` is the file's name as the import records it (an
        upload's own name, made safe: `model.safe_text.file_name`; default the path read)
        and `user` who imports (default the OS user). Returns the report; raises
        `ValidationFailed` (holding the report) when the file has errors, in which case
        nothing was stored.
        """
        from salespulse.errors import ValidationFailed
        from salespulse.io.importer import ImportOptions, run
        from salespulse.model.safe_text import file_name as safe_file_name
        from salespulse.model.stage_words import read_overrides

        if mode not in ("append", "replace", "upsert"):
            raise UserError(f"mode must be append, replace or upsert, not {mode!r}.")
        if on_error not in ("refuse", "skip"):
            raise UserError(f"on_error must be refuse or skip, not {on_error!r}.")
        if isinstance(as_of, datetime):
            as_of = as_of.date()
        elif as_of is not None and not isinstance(as_of, date):
            try:
                as_of = date.fromisoformat(str(as_of).strip())
            except ValueError:
                raise UserError(
                    f"as_of {as_of!r} is not a date.",
                    fix="Write it as YYYY-MM-DD, e.g. 2025-03-31.",
                ) from None
        options = ImportOptions(
            table=table,
            mapping=list(mapping.items() if isinstance(mapping, dict) else mapping or []),
            constants=dict(set_values or {}),
            fills=dict(fill or {}),
            mode=mode,  # type: ignore[arg-type]
            force=force,
            skip_existing=skip_existing,
            as_of=as_of,
            dry_run=dry_run,
            dayfirst=dayfirst,
            multiplier=multiplier,
            sheet=sheet,
            on_error=on_error,  # type: ignore[arg-type]
            stages=read_overrides((stages or {}).items()),
            missing=list(missing or []),
            file_name=None if file_name is None else safe_file_name(file_name),
            user=None if user is None or not user.strip() else user.strip(),
        )
        report = run(self, self.settings, path, options, progress)
        if not report.ok:
            first = report.errors[0]
            where = f" (line {first.line})" if first.line else ""
            raise ValidationFailed(
                f"{path} was not imported: {plural(len(report.errors), 'error')}, first: "
                f"{first.message}{where}.",
                report,
            )
        if report.stored:
            report.findings.extend(self._quota_scale(report))
        return report

    def _quota_scale(self, report: Report) -> list[Any]:
        """After an import of quotas or of what they measure, the quotas beside what the
        reps did: see `reports.quota_scale`."""
        from salespulse.reports.quota_scale import SIDES, scale_findings

        if report.table not in SIDES:
            return []
        engine = self.engine()
        try:
            return scale_findings(engine, report.file, self.imports())
        finally:
            engine.close()

    def validate(self, table: str | None, path: Path | str, **options: Any) -> Report:
        """Check a file as `import_file` would, storing nothing; returns the report."""
        from salespulse.io.importer import ImportOptions, run
        from salespulse.model.stage_words import read_overrides

        mapping = options.pop("mapping", None) or {}
        if "stages" in options:
            options["stages"] = read_overrides((options["stages"] or {}).items())
        opts = ImportOptions(table=table, mapping=list(mapping.items()), dry_run=True, **options)
        return run(self, self.settings, path, opts)

    def imports(self) -> list[ImportRecord]:
        """Every import into this workspace, oldest first (undone ones marked)."""
        from salespulse.io.history import list_imports

        if not self.db_path.exists():
            return []
        with self.connect(read_only=True) as con:
            return list_imports(con)

    def undo_import(self, import_id: int) -> Undone:
        """Remove exactly the rows of one import, and put back the rows it replaced (a
        replace or an upsert), in one transaction; the import stays listed as undone."""
        from salespulse.io.history import undo

        with self.connect() as con:
            return undo(con, import_id)

    def app(self, url: str | None = None) -> AppData:
        """The app database: goals, plans, one-on-ones, check-ins and users (see
        `salespulse.workspace_app`). At `url` (`postgresql://USER@HOST/DB[?schema=S]`),
        else SALESPULSE_APP_DB, else the `[app] database` setting, else `app.db` in the
        workspace; migrated to the newest revision when opened (once per session)."""
        if url not in self._apps:
            from salespulse.workspace_app import open_app

            self._apps[url] = open_app(self, url)
        return self._apps[url]

    def app_in_use(self, url: str | None = None) -> bool:
        """Whether the app database is in use: a URL is given (`url`, SALESPULSE_APP_DB or
        the `[app] database` setting), or the workspace's own `app.db` exists."""
        from salespulse.appdb.url import DEFAULT_FILE, choose

        chosen = choose(url, self.settings.app_database, self.path)
        return chosen.origin != "the default" or (self.path / DEFAULT_FILE).exists()

    def tables(self) -> list[TableSummary]:
        """Each stored table with its rows, date range, reps and source files."""
        from salespulse.inventory import summarise

        with self.connect(read_only=True) as con:
            return summarise(con)


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


def exists(path: Path | str) -> bool:
    """Whether `path` is a salespulse workspace (its settings or its database is there)."""
    folder = Path(path)
    return (folder / SETTINGS_FILE).exists() or (folder / DB_FILE).exists()


def open(
    path: Path | str | None = None,
    *,
    create: bool = True,
    wait: float | None = None,
    **overrides: Any,
) -> Workspace:
    """Open a workspace (creating it on first use unless `create=False`).

    `wait`: seconds to wait for a lock another process holds (default 10). Keyword
    overrides replace settings for this session only, e.g. `currency="EUR"`.
    """
    folder = Path(path) if path is not None else default_path()
    if not exists(folder):
        if not create:
            where = f"salespulse --workspace {shlex.quote(str(folder))}"
            raise UserError(
                f"There is no salespulse workspace at {folder}.",
                fix=f"Make one with `{where} init`, import a file into it with "
                f"`{where} import TABLE FILE`, or try `{where} demo`.",
            )
        init(folder)
    ws = Workspace(folder, settings_file.load(folder / SETTINGS_FILE, **overrides), wait=0)
    # repair on open (skipped when the file was checked and not written since; see
    # salespulse.store_repair)
    if ws.db_path.exists() and not ws.repair_checked():
        import duckdb

        # A workspace busy with a writer is checked later by the command's own connection
        # (which waits for it): here, no waiting.
        with contextlib.suppress(UserError, duckdb.Error), ws.connect(read_only=True):
            pass
    ws.wait = Workspace(folder, ws.settings, wait).wait
    return ws


@contextmanager
def for_validation(
    path: Path | str | None = None, *, wait: float | None = None
) -> Iterator[Workspace]:
    """The workspace at `path` to check a file against; where there is none, a throwaway
    one with the default settings, removed afterwards: validating never creates a
    workspace."""
    import tempfile

    folder = Path(path) if path is not None else default_path()
    if exists(folder):
        yield open(folder, wait=wait)
        return
    with tempfile.TemporaryDirectory(prefix="salespulse-validate-") as scratch:
        yield open(Path(scratch) / "workspace", wait=wait)
