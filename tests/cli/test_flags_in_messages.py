"""The library's messages name no CLI flag: a `UserError` raised in engine/, reports/,
insights/, io/, kpis/ or model/ names a parameter in API terms, in backticks (`start`),
and the CLI's error printer shows it as its flag (--from). So do the other texts of io/
(an import report's findings, notes and fixes: `mapping`, `on_error`, shown as --map,
--on-error) and of kpis/ (the KPI definitions, which say "the as-of date" and "the
query's start and end dates", for Python and CLI readers alike). The CLI says what it
said before; a Python caller reads the names it passed."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Any

import click
import pytest

import salespulse
from salespulse import errors
from salespulse.cli import cli
from salespulse.cli.errors import FLAGS, as_flags, run_safely
from salespulse.engine.query import make_query
from salespulse.errors import UserError
from salespulse.io.findings import CODES

SRC = Path(__file__).resolve().parents[2] / "src" / "salespulse"
LIBRARY = ("engine", "reports", "insights", "io", "kpis", "model")
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
ERRORS = {
    name
    for name, value in vars(errors).items()
    if inspect.isclass(value) and issubclass(value, UserError)
}
#: Declared exceptions: (file under src/salespulse, flag). None today; an import option
#: the importer cannot name otherwise would be listed here, with why.
EXCEPTIONS: set[tuple[str, str]] = set()
#: Packages whose every text (not only a UserError's) must name no flag: the import
#: report and the KPI registry reach users as they are.
EVERY_TEXT = ("io", "kpis")
#: Files of those packages whose texts are not scanned, with why.
TEXTS_EXEMPT = {
    # writes docs/kpis.md, the page that shows both faces side by side (`salespulse kpi
    # NAME --by ...` beside `ws.kpi(NAME, by=...)`) and the example command of each KPI
    "kpis/docs.py",
}


def _called(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def flags_in_library_messages() -> set[tuple[str, int, str]]:
    """(file, line, flag) for every flag written in a UserError's message or fix, or in
    the name a date parameter is given for its message (`to_date(value, "start")`)."""
    found = set()
    for package in LIBRARY:
        for path in sorted((SRC / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                if _called(node) in ERRORS:
                    parts: list[ast.AST] = [node]
                elif _called(node) == "to_date" and len(node.args) == 2:
                    parts = [node.args[1]]
                else:
                    continue
                for part in parts:
                    for sub in ast.walk(part):
                        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                            name = str(path.relative_to(SRC))
                            found |= {(name, node.lineno, f) for f in FLAG.findall(sub.value)}
    return {(name, line, flag) for name, line, flag in found if (name, flag) not in EXCEPTIONS}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _texts(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string in a module but its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


def flags_in_library_texts() -> set[tuple[str, int, str]]:
    """(file, line, flag) for every flag in a string of io/ or kpis/ (docstrings aside):
    finding messages and fixes, report notes, KPI definitions."""
    found = set()
    for package in EVERY_TEXT:
        for path in sorted((SRC / package).rglob("*.py")):
            name = str(path.relative_to(SRC))
            if name in TEXTS_EXEMPT:
                continue
            for line, text in _texts(path):
                found |= {(name, line, flag) for flag in FLAG.findall(text)}
    return found


def test_library_messages_name_no_cli_flag() -> None:
    assert flags_in_library_messages() == set()


def test_import_reports_and_kpi_definitions_name_no_cli_flag() -> None:
    assert flags_in_library_texts() == set()


def test_the_exempt_files_exist() -> None:
    """An exemption outliving its file would hide nothing but mislead."""
    assert all((SRC / name).is_file() for name in TEXTS_EXEMPT)


def test_the_text_scan_finds_a_flag_and_skips_docstrings() -> None:
    tree = ast.parse('"""Use --map."""\nNOTE = "map it with --map \'A=b\'"\n')
    skip = _docstrings(tree)
    texts = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and id(n) not in skip]
    assert [FLAG.findall(n.value) for n in texts] == [["--map"]]


def test_the_scan_finds_a_flag(tmp_path: Path) -> None:
    tree = ast.parse('raise UserError("Use --period month.", fix="x")')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert _called(call) in ERRORS
    assert FLAG.findall(call.args[0].value) == ["--period"]  # type: ignore[attr-defined]


def _options() -> set[tuple[str, str]]:
    """(parameter name, flag) of every option of every CLI command (--dayfirst and its
    other half --monthfirst both under dayfirst), and (parameter name, metavar) of every
    argument (`bridge BASE CURRENT`)."""
    out: set[tuple[str, str]] = set()

    def walk(command: click.Command, ctx: click.Context) -> None:
        for param in command.params:
            if isinstance(param, click.Option) and param.name:
                flags = [*param.opts, *param.secondary_opts]
                out.update((param.name, flag) for flag in flags if flag.startswith("--"))
            elif isinstance(param, click.Argument) and param.name:
                out.add((param.name, param.human_readable_name))
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    walk(sub, click.Context(sub, parent=ctx, info_name=name))

    walk(cli, click.Context(cli, info_name="salespulse"))
    return out


def test_every_parameter_the_cli_names_is_a_real_option() -> None:
    options = _options()
    # import_file's parameters whose CLI option is named otherwise in the command
    renamed = {
        "stages": "stage_words",  # --stage NAME=STATUS
        "mapping": "maps",  # --map HEADER=column
        "set_values": "sets",  # --set column=VALUE
        "fill": "fills",  # --fill column=VALUE
        # a team goal's split: the API's `how`, `manual` and `share` are --split and --share
        "how": "split",
        "manual": "shares",
        "share": "shares",
    }
    missing = {
        (name, flag)
        for name, flag in FLAGS.items()
        if (renamed.get(name, name.split("=")[0]), flag) not in options
    }
    assert not missing


def test_every_import_parameter_named_is_one_of_import_file() -> None:
    """The import's texts name `import_file`'s own parameters: a Python caller can pass
    each one named (the CLI flags beside them are checked above). `workspace` is the
    folder the workspace is opened at (`salespulse.open(path)`, --workspace)."""
    parameters = set(inspect.signature(salespulse.Workspace.import_file).parameters)
    named = set()
    for path in sorted((SRC / "io").rglob("*.py")):
        for _, text in _texts(path):
            found = re.findall(r"`([a-z_]+)(?:=\w+)?`", text)
            named |= {name for name in found if name in FLAGS}
    assert named and named <= parameters | {"workspace"}


def test_the_printer_writes_flags_and_leaves_other_words() -> None:
    assert as_flags("`start` 2025-03-01 is after `end` 2025-01-01.") == (
        "--from 2025-03-01 is after --to 2025-01-01."
    )
    assert as_flags("Use `where` metric=revenue; `colour` is unknown.") == (
        "Use --where metric=revenue; `colour` is unknown."
    )
    assert as_flags("Pass `dayfirst=True` or `dayfirst=False`; `mode=x` stays.") == (
        "Pass --dayfirst or --monthfirst; `mode=x` stays."
    )
    assert as_flags("(`set_values` won)") == "(--set won)"


def test_the_cli_shows_each_import_code_as_before() -> None:
    """docs/importing.md lists every finding code as the CLI prints it; written in API
    terms, each meaning and fix still reads there word for word through the printer (the
    table was written when the codes named the flags themselves)."""
    docs = (SRC.parents[1] / "docs" / "importing.md").read_text(encoding="utf-8")
    for code in CODES.values():
        row = f"| `{code.code}` | {as_flags(code.meaning)} | {as_flags(code.fix)} |"
        assert row in docs, row


def test_a_python_caller_reads_the_names_it_passed() -> None:
    with pytest.raises(UserError) as info:
        make_query("win_rate", start="2025-03-01", end="2025-01-01")
    assert "--" not in str(info.value) and info.value.option == "start"
    assert "`start`" in info.value.message and "`end`" in info.value.message


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return salespulse.init(tmp_path_factory.mktemp("flags") / "ws")


@pytest.mark.parametrize(
    ("args", "error", "fix"),
    [
        (
            ["kpi", "win_rate", "--from", "2025-03-01", "--to", "2025-01-01"],
            "Error: --from 2025-03-01 is after --to 2025-01-01.",
            "",
        ),
        (
            ["kpi", "win_rate", "--from", "yesterday"],
            "Error: --from 'yesterday' is not a date.",
            "",
        ),
        (
            ["kpi", "pipeline_open", "--from", "2025-01-01"],
            "--from/--to do not apply.",
            "Fix: Use --as-of DATE to see it at another date.",
        ),
        (["kpi", "win_rate", "--by", "rep,rep"], "Error: A dimension is repeated in --by", ""),
        (["kpi", "consistency", "--period", "month"], "cannot be computed by month", "--period"),
    ],
)
def test_the_cli_still_names_its_flags(
    ws: Any, args: list[str], error: str, fix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_safely(cli, ["--workspace", str(ws.path), *args])
    err = capsys.readouterr().err
    assert code == 1 and error in err and fix in err and "`" not in err
