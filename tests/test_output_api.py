"""The output layer as other commands use it: @output_options, OutputOptions, write_records."""

from __future__ import annotations

import io
import json
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from renkei_cli.cli import write_output
from renkei_cli.errors import UsageError
from renkei_cli.options import OptionsGroup, output_of, output_options
from renkei_cli.output import (
    Column,
    Format,
    OutputOptions,
    cell_text,
    parse_fields,
    write_records,
)
from renkei_cli.terminal import Environment

RECORDS = [
    {"id": "1-a-1", "name": "一", "pages": [1, 2], "repost": False, "theme": None},
    {"id": "1-a-2", "name": "二", "pages": [3, 4], "repost": True, "theme": "主題"},
]
COLUMNS = (Column("ID", lambda r: r["id"], fold=False), Column("Name", lambda r: r["name"]))


def _pipe() -> Environment:
    return Environment(
        stdout=io.StringIO(), is_tty=False, color=False, width=None, encoding="utf-8"
    )


def _demo_app() -> typer.Typer:
    """A command written the way a new command adopts the output options: one decorator."""
    demo = typer.Typer(cls=OptionsGroup)

    @demo.command("demo")
    @output_options
    def demo_command(
        ctx: typer.Context,
        count: Annotated[int, typer.Option("--count", help="How many records.")] = 2,
    ) -> None:
        """A demonstration command."""
        write_output(ctx, output_of(ctx), RECORDS[:count], COLUMNS)  # no schema: the records' keys

    @demo.command("other")
    def other() -> None:
        """Keeps `demo` a subcommand."""

    return demo


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "1-a-1\t一\n1-a-2\t二\n"),
        (["--count", "1", "--json"], "[" + json.dumps(RECORDS[0], ensure_ascii=False) + "]\n"),
        (["--fields", "name,pages"], "一\t1 2\n二\t3 4\n"),
        (
            ["--format", "csv", "--fields", "id,repost"],
            "id,repost\r\n1-a-1,false\r\n1-a-2,true\r\n",
        ),
    ],
)
def test_output_options_gives_a_command_every_output_option(args: list, expected: str) -> None:
    result = CliRunner().invoke(_demo_app(), ["demo", *args])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.decode("utf-8") == expected


def test_output_options_options_appear_in_help() -> None:
    text = CliRunner().invoke(_demo_app(), ["demo", "--help"]).stdout
    for option in ("--count", "--format", "--json", "--fields", "--excel", "--ascii", "--no-color"):
        assert option in text


def test_output_options_refuses_unknown_fields_and_empty_results() -> None:
    bad = CliRunner().invoke(_demo_app(), ["demo", "--fields", "nope"])
    assert bad.exit_code != 0
    assert isinstance(bad.exception, UsageError)  # the renkei app's group turns it into exit 2
    assert (
        str(bad.exception) == "unknown field nope: valid fields are id, name, pages, repost, theme"
    )
    empty = CliRunner().invoke(_demo_app(), ["demo", "--count", "0", "--json"])
    assert empty.exit_code == 1
    assert json.loads(empty.stdout) == []


def test_output_of_needs_the_decorator() -> None:
    demo = typer.Typer(cls=OptionsGroup)

    @demo.command("bare")
    def bare(ctx: typer.Context) -> None:
        """No @output_options."""
        output_of(ctx)

    @demo.command("other")
    def other() -> None:
        """Keeps `bare` a subcommand."""

    result = CliRunner().invoke(demo, ["bare"])
    assert isinstance(result.exception, TypeError)
    assert "bare has no @output_options" in str(result.exception)


def test_write_records_still_accepts_a_bare_format() -> None:
    env = _pipe()
    write_records(RECORDS, COLUMNS, OutputOptions(Format.JSONL), env)
    lines = env.stdout.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == RECORDS


def test_write_records_checks_fields_against_the_given_keys() -> None:
    with pytest.raises(UsageError, match="unknown field score: valid fields are id, name"):
        write_records(
            [], COLUMNS, OutputOptions(Format.JSON, ("score",)), _pipe(), keys=["id", "name"]
        )


def test_options_combine() -> None:
    assert OutputOptions.from_args(Format.AUTO, json_output=True).format is Format.JSON
    assert OutputOptions.from_args(Format.JSON, json_output=True).format is Format.JSON
    assert OutputOptions.from_args(excel=True).format is Format.CSV
    assert OutputOptions.from_args(Format.YAML, ascii_only=True).ascii
    assert OutputOptions.from_args(fields="b, a,b").fields == ("b", "a")


def test_cell_text_flattens_values() -> None:
    assert [cell_text(v) for v in (None, True, False, [1, 2], ("a", "b"), 3, "x y")] == [
        "",
        "true",
        "false",
        "1 2",
        "a b",
        "3",
        "x y",
    ]


def test_parse_fields_refuses_nothing() -> None:
    with pytest.raises(UsageError):
        parse_fields(",,")
