"""The `renkei` command line: parse arguments, ask the query layer, hand records to output."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from renkei_cli import __version__
from renkei_cli.errors import DataError, ExitCode, RenkeiError
from renkei_cli.output import LIST_COLUMNS, Format

if TYPE_CHECKING:
    from renkei_cli.model import Catalog


class _Group(TyperGroup):
    """Turns renkei's errors, Ctrl-C and closed pipes into one-line messages and exit codes."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as error:
            for line in error.lines():
                typer.echo(line, err=True)
            raise typer.Exit(int(error.exit_code)) from None
        except RenkeiError as error:
            for line in error.lines():
                typer.echo(f"renkei: error: {line}", err=True)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            typer.echo("renkei: interrupted", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None


def _silence_stdout() -> None:
    """After the reader of a pipe has gone, point stdout at devnull so the final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = typer.Typer(
    name="renkei",
    cls=_Group,
    help="Query the cooperation projects (連携事業) of the Kitakyushu metropolitan area.",
    epilog="Examples: renkei list --area 3 | renkei list --area 1 -i b --json",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass(frozen=True, slots=True)
class Options:
    """Options given before the command, shared by every command."""

    data: Path | None
    no_color: bool
    no_cache: bool = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"renkei {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="RENKEI_DATA",
            metavar="PATH",
            help="Read this data file instead of the bundled one (also RENKEI_DATA).",
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour in tables (also NO_COLOR).")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Parse the data file afresh; don't read or write the cache."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Query the cooperation projects (連携事業) of the Kitakyushu metropolitan area."""
    ctx.obj = Options(data=data, no_color=no_color, no_cache=no_cache)


def _options(ctx: typer.Context) -> Options:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Options) else Options(data=None, no_color=False)


def _catalog(ctx: typer.Context) -> Catalog:
    """The catalog of the selected data file, through the parse cache unless --no-cache."""
    from renkei_cli import cache

    options = _options(ctx)
    return cache.load(options.data, use_cache=not options.no_cache)


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        help="Output format; auto = a table on a terminal, TSV in a pipe.",
        case_sensitive=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


@app.command("list")
def list_command(
    ctx: typer.Context,
    area: Annotated[
        int | None, typer.Option("--area", "-a", metavar="N", help="Only area N (1, 2, 3).")
    ] = None,
    field: Annotated[
        int | None,
        typer.Option("--field", "-f", metavar="N", help="Only policy field N of area 3."),
    ] = None,
    initiative: Annotated[
        str | None,
        typer.Option("--initiative", "-i", metavar="LETTER", help="Only initiative LETTER."),
    ] = None,
    no_reposts: Annotated[
        bool, typer.Option("--no-reposts", help="Leave out 【再掲】 placements.")
    ] = False,
    fmt: FormatOption = Format.AUTO,
    json_output: JsonOption = False,
) -> None:
    """List placements in document order, filtered by area, field and initiative.

    Examples: renkei list --area 3 | renkei list -a 3 -f 2 --json | renkei list -a 1 -i b
    """
    from renkei_cli.output import write_records
    from renkei_cli.query import placement_record, resolve_scope, select_placements
    from renkei_cli.terminal import Environment

    options = _options(ctx)
    catalog = _catalog(ctx)
    scope = resolve_scope(catalog, area=area, field=field, letter=initiative)
    placements = select_placements(catalog, scope, reposts=not no_reposts)
    records = [placement_record(catalog, p) for p in placements]
    env = Environment.detect(no_color=options.no_color)
    caption = f"{len(records)} placements"
    write_records(records, LIST_COLUMNS, Format.JSON if json_output else fmt, env, caption)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("renkei: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))
