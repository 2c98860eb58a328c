"""Usage errors speak with one voice: `renkei: error: MESSAGE`, at most one `hint:` line,
exit 2, no usage block (that is for -h), never soft-wrapped."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from typer.testing import Result

from .conftest import ROOT

Run = Callable[..., Result]

CASES = [
    (["lst"], ["renkei: error: unknown command 'lst'", "hint: did you mean 'list'?"]),
    (
        ["list", "--aera", "3"],
        ["renkei: error: unknown option '--aera'", "hint: did you mean '--area'?"],
    ),
    (["show"], ["renkei: error: missing argument ID|NAME", "hint: see 'renkei show --help'"]),
    (
        ["list", "--format", "xml"],
        [
            "renkei: error: invalid value for --format: 'xml' (choose from auto, table, tsv,"
            " csv, json, jsonl, yaml, markdown)",
            "hint: see 'renkei list --help'",
        ],
    ),
    (
        ["show", "1-c-1", "--format", "csv"],
        [
            "renkei: error: invalid value for --format: 'csv' (choose from auto, table, tsv,"
            " json, jsonl, yaml)",
            "hint: see 'renkei show --help'",
        ],
    ),
    (
        ["list", "--format", "jsn"],
        [
            "renkei: error: invalid value for --format: 'jsn' (choose from auto, table, tsv,"
            " csv, json, jsonl, yaml, markdown)",
            "hint: did you mean 'json'?",
        ],
    ),
    (
        ["list", "--area", "x"],
        [
            "renkei: error: invalid value for --area: 'x' is not a whole number",
            "hint: see 'renkei list --help'",
        ],
    ),
    (
        ["tree", "--depth", "-1"],
        [
            "renkei: error: invalid value for --depth: -1 is below the minimum 1",
            "hint: see 'renkei tree --help'",
        ],
    ),
    (
        ["list", "--limit", "0"],
        [
            "renkei: error: invalid value for --limit: 0 is below the minimum 1",
            "hint: see 'renkei list --help'",
        ],
    ),
    (
        ["search"],
        ["renkei: error: missing argument QUERY...", "hint: see 'renkei search --help'"],
    ),
    (
        ["search", ""],
        [
            "renkei: error: empty query: give a word to search for"
            " (spaces and punctuation alone match nothing)"
        ],
    ),
    (["list", "--area", "9"], ["renkei: error: no area 9: valid areas are 1, 2, 3"]),
    (["--bogus"], ["renkei: error: unknown option '--bogus'", "hint: see 'renkei --help'"]),
    (
        ["list", "extra"],
        ["renkei: error: unexpected argument: extra", "hint: see 'renkei list --help'"],
    ),
]


@pytest.mark.parametrize(("args", "lines"), CASES, ids=[" ".join(a) or "''" for a, _ in CASES])
def test_every_usage_error_is_one_line_and_at_most_one_hint(
    run: Run, args: list[str], lines: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == lines


def test_a_long_message_is_not_wrapped_on_a_narrow_terminal() -> None:
    """A real process with COLUMNS=40: the message stays on its one line."""
    done = subprocess.run(
        [sys.executable, "-m", "renkei_cli", "list", "--fields", "primary_id,nope"],
        capture_output=True,
        text=True,
        env={"COLUMNS": "40", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith("renkei: error: unknown field nope: valid fields are id, name,")
    assert "primary_id, placements" in line


def test_help_is_still_the_usage_block(run: Run) -> None:
    result = run("list", "-h")
    assert result.exit_code == 0 and result.stdout.startswith("Usage: renkei list")


def test_a_sub_group_speaks_with_the_same_voice() -> None:
    """A future command group (`renkei export …`) gets the same messages, whatever its class."""
    import typer
    from typer.testing import CliRunner

    from renkei_cli.group import RenkeiGroup

    root = typer.Typer(cls=RenkeiGroup, add_completion=False)
    export = typer.Typer()

    @root.command()
    def other() -> None:
        """Another command, so that the root is a group."""

    @export.command()
    def html(limit: int = typer.Option(1, min=1)) -> None:
        """Export something."""

    root.add_typer(export, name="export")
    runner = CliRunner()
    unknown = runner.invoke(root, ["export", "htm"], prog_name="renkei")
    assert unknown.exit_code == 2
    assert unknown.stderr.splitlines() == [
        "renkei: error: unknown command 'htm'",
        "hint: did you mean 'html'?",
    ]
    bad = runner.invoke(root, ["export", "html", "--limit", "0"], prog_name="renkei")
    assert bad.exit_code == 2
    assert bad.stderr.splitlines() == [
        "renkei: error: invalid value for --limit: 0 is below the minimum 1",
        "hint: see 'renkei export html --help'",
    ]


@pytest.mark.parametrize("args", [[], ["export"]])
def test_a_group_given_no_command_answers_with_its_help(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Usage: {' '.join(['renkei', *args])} [OPTIONS] COMMAND")
    assert "renkei: error" not in result.stderr
