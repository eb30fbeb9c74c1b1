"""The library's messages name no CLI flag: a `UserError` raised in engine/, reports/,
insights/, io/, kpis/ or model/ names a parameter in API terms, in backticks (`start`),
and the CLI's error printer shows it as its flag (--from). The CLI says what it said
before; a Python caller reads the names it passed."""

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


def test_library_messages_name_no_cli_flag() -> None:
    assert flags_in_library_messages() == set()


def test_the_scan_finds_a_flag(tmp_path: Path) -> None:
    tree = ast.parse('raise UserError("Use --period month.", fix="x")')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert _called(call) in ERRORS
    assert FLAG.findall(call.args[0].value) == ["--period"]  # type: ignore[attr-defined]


def _options() -> set[tuple[str, str]]:
    """(parameter name, flag) of every option of every CLI command, and (parameter name,
    metavar) of every argument (`bridge BASE CURRENT`)."""
    out: set[tuple[str, str]] = set()

    def walk(command: click.Command, ctx: click.Context) -> None:
        for param in command.params:
            if isinstance(param, click.Option) and param.name:
                out.update((param.name, flag) for flag in param.opts if flag.startswith("--"))
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
    renamed = {"stages": "--stage"}  # import_file(stages=...) is --stage NAME=STATUS
    missing = {
        (name, flag)
        for name, flag in FLAGS.items()
        if (name, flag) not in options and renamed.get(name) != flag
    }
    assert not missing


def test_the_printer_writes_flags_and_leaves_other_words() -> None:
    assert as_flags("`start` 2025-03-01 is after `end` 2025-01-01.") == (
        "--from 2025-03-01 is after --to 2025-01-01."
    )
    assert as_flags("Use `where` metric=revenue; `colour` is unknown.") == (
        "Use --where metric=revenue; `colour` is unknown."
    )


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
