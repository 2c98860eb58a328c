"""The command-line options several commands share, declared once, attached by visible decorators.

A command shows what it takes at its `def`: `@output_options` under `@app.command(...)` gives it
--format, --json, --fields, --excel, --ascii and --no-color (as sqlite-utils' `output_options`
does), its filter parameters use `AreaOption`, `FieldOption` and `InitiativeOption`, and an
export's `ExportFileOption` and `ExportDateOption` (`SqliteFileArgument`, `MetadataOption`,
`ForceOption` for SQLite). The output options are declared once, as
Typer parameters of `_output_declaration`, turned into click options by Typer's own code (so
help and parsing are Typer's), and read back in the command, combined and checked, with
`output_of(ctx)`; the options before the command (--data, --no-color, --no-cache) with
`global_options(ctx)`.
"""

from __future__ import annotations

import copy
import enum
import functools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar, overload

import typer
from typer._click.globals import get_current_context
from typer.core import TyperGroup

from renkei_cli.collation import SortOrder
from renkei_cli.completion import (
    complete_area,
    complete_field,
    complete_fields,
    complete_initiative,
)
from renkei_cli.helpformat import WrappingHelp
from renkei_cli.output import Format, OutputOptions

# -- the global options, given before the command -------------------------------------------


@dataclass(frozen=True, slots=True)
class GlobalOptions:
    """GlobalOptions given before the command, shared by every command."""

    data: str | None  # as the user typed it, so messages name the file the same way
    no_color: bool
    no_cache: bool = False
    lang: str = "ja"  # the language of titles and names in the human views (--lang)


def global_options(ctx: typer.Context) -> GlobalOptions:
    """The global options of the running command (the defaults when none were parsed)."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, GlobalOptions) else GlobalOptions(data=None, no_color=False)


# -- the filters of list and search: a placement's area, policy field and initiative -----------

AreaOption = Annotated[
    int | None,
    typer.Option(
        "--area", "-a", metavar="N", help="Only area N (1, 2, 3).", autocompletion=complete_area
    ),
]
FieldOption = Annotated[
    int | None,
    typer.Option(
        "--field",
        "-f",
        metavar="N",
        help="Only policy field N of area 3.",
        autocompletion=complete_field,
    ),
]
InitiativeOption = Annotated[
    str | None,
    typer.Option(
        "--initiative",
        "-i",
        metavar="LETTER",
        help="Only initiative LETTER (of --area, and --field in area 3).",
        autocompletion=complete_initiative,
    ),
]
TopicOption = Annotated[
    str | None,
    typer.Option(
        "--topic",
        "-t",
        metavar="TOPIC",
        help="Only projects of one of renkei's topics (id or title, any script; renkei's "
        "classification, not the document's): see `renkei topics`.",
        show_default=False,
    ),
]
AnyOption = Annotated[
    bool,
    typer.Option(
        "--any", help="Projects matching any word, ranked by how many they match, then score."
    ),
]

# -- the language of titles and names (a global option) ---------------------------------------


class Lang(str, enum.Enum):
    """The languages of titles and names: the document's Japanese, the project's English."""

    JA = "ja"
    EN = "en"


LangOption = Annotated[
    Lang,
    typer.Option(
        "--lang",
        envvar="RENKEI_LANG",
        metavar="LANG",
        case_sensitive=False,
        help="Titles and names in ja (the document) or en (the project's unofficial English); "
        "JSON has both (also RENKEI_LANG).",
    ),
]

# -- the options of an export: the file it is written to, the date it says it was made -------

ExportFileOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write the page here (atomically)."),
]
ExportDateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="The export date the page shows (default: SOURCE_DATE_EPOCH, else today).",
    ),
]

# -- the order and length of a listing (list) ------------------------------------------------

SortOption = Annotated[
    SortOrder,
    typer.Option(
        "--sort",
        metavar="ORDER",
        help="id (document order), reading (gojūon, 五十音順) or name.",
        case_sensitive=False,
    ),
]
FirstOption = Annotated[
    int | None,
    typer.Option("--limit", "-n", metavar="N", min=1, help="Show only the first N placements."),
]

SqliteFileArgument = Annotated[Path, typer.Argument(metavar="FILE", help="The database to write.")]
MetadataOption = Annotated[
    Path | None,
    typer.Option("--metadata", metavar="FILE", help="Also write Datasette metadata JSON."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace files that exist.")]


def _page_unless_refused(ctx: typer.Context, no_pager: bool) -> bool:
    """Hold the run's output for a pager (pager.py) unless --no-pager; released at the end."""
    if not no_pager and not ctx.resilient_parsing and sys.stdout.isatty():
        from renkei_cli.pager import paging

        ctx.with_resource(paging())
    return no_pager


NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Never page output (else $RENKEI_PAGER, $PAGER or less -FRX).",
        callback=_page_unless_refused,
    ),
]

# -- the shells of `renkei completion` --------------------------------------------------------


class Shell(str, enum.Enum):
    """The shells `renkei completion` writes a script for (Typer's completion)."""

    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"
    POWERSHELL = "powershell"


# -- the output options ----------------------------------------------------------------------

FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help="auto, table, tsv, csv, json, jsonl, yaml or markdown (auto: table on a terminal).",
        case_sensitive=False,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="KEY,...",
        help="Only these record keys, in this order (also the table's columns).",
        autocompletion=complete_fields,
        show_default=False,
    ),
]
ExcelOption = Annotated[
    bool, typer.Option("--excel", help="CSV with a UTF-8 BOM, for Excel (implies --format csv).")
]
AsciiOption = Annotated[
    bool, typer.Option("--ascii", help="Escape non-ASCII characters (json, jsonl, yaml).")
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="No colour in tables (also NO_COLOR).")
]
HeaderOption = Annotated[
    bool, typer.Option("--header", help="A first line of column names in tsv (csv has one).")
]


def _output_declaration(
    output_format: FormatOption = Format.AUTO,
    output_json: JsonOption = False,
    output_fields: FieldsOption = None,
    output_excel: ExcelOption = False,
    output_ascii: AsciiOption = False,
    output_no_color: NoColorOption = False,
    output_header: HeaderOption = False,
) -> None:
    """The output options as Typer parameters, in help order; read, never called."""


_OUTPUT_NAMES: tuple[str, ...] = ("output_format", "output_json", "output_fields")
_OUTPUT_NAMES += ("output_excel", "output_ascii", "output_no_color", "output_header")
# The options of flat listings only: a command whose formats lack csv has none of them.
_LISTING_NAMES = frozenset({"output_fields", "output_excel", "output_header"})
_DEFAULTS: dict[str, Any] = {"output_format": Format.AUTO, "output_fields": None}
ALL_FORMATS: tuple[Format, ...] = tuple(Format)
# show and tree print one nested value: no csv or markdown (and so no --fields or --excel).
NESTED_FORMATS: tuple[Format, ...] = (
    Format.AUTO,
    Format.TABLE,
    Format.TSV,
    Format.JSON,
    Format.JSONL,
    Format.YAML,
)
_OUTPUT_KEY = "renkei.output"
_EXTRA_PARAMS = "__renkei_extra_params__"  # the options a decorator declares (OptionsGroup)

Command = TypeVar("Command", bound=Callable[..., Any])


@functools.cache
def _output_params() -> tuple[list[Any], dict[str, Callable[[Any], Any]]]:
    """The click options of the output options, made by Typer, and their value convertors."""
    from typer.main import get_click_param
    from typer.utils import get_params_from_function

    params, convertors = [], {}
    for name, meta in get_params_from_function(_output_declaration).items():
        param, convertor = get_click_param(meta)
        params.append(param)
        if convertor is not None:
            convertors[name] = convertor
    return params, convertors


def _params_for(formats: Sequence[Format]) -> list[Any]:
    """The click options a command with these formats offers: --format lists only them, and
    the listing options (--fields, --excel, --header) come only with csv."""
    chosen = []
    for param in _output_params()[0]:
        if param.name in _LISTING_NAMES and Format.CSV not in formats:
            continue
        if param.name == "output_format" and tuple(formats) != ALL_FORMATS:
            param = copy.copy(param)
            param.type = copy.copy(param.type)
            param.type.choices = tuple(f.value for f in formats)
            names = [f.value for f in formats]
            param.help = f"{', '.join(names[:-1])} or {names[-1]} (auto: table on a terminal)."
        chosen.append(param)
    return chosen


@overload
def output_options(command: Command) -> Command: ...
@overload
def output_options(*, formats: Sequence[Format]) -> Callable[[Command], Command]: ...
def output_options(
    command: Command | None = None, *, formats: Sequence[Format] = ALL_FORMATS
) -> Any:
    """Give a command the output options; it reads them with `output_of(ctx)`.

    `@output_options` offers every format; `@output_options(formats=NESTED_FORMATS)` only
    those, so help never offers what the command refuses. The command's own signature is
    untouched (Typer reads it as written); the options are added to the click command by
    OptionsGroup (the app's `cls`), and their values are taken out of the call here.
    """
    if command is None:
        return functools.partial(_with_output_options, formats=tuple(formats))
    return _with_output_options(command, tuple(formats))


def _with_output_options(command: Command, formats: tuple[Format, ...]) -> Command:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        convertors = _output_params()[1]
        values = [kwargs.pop(name, _DEFAULTS.get(name, False)) for name in _OUTPUT_NAMES]
        values = [
            convertors[name](value) if name in convertors and value is not None else value
            for name, value in zip(_OUTPUT_NAMES, values, strict=True)
        ]
        output = OutputOptions.from_args(*values)
        get_current_context().meta[_OUTPUT_KEY] = output
        return command(*args, **kwargs)

    setattr(run, _EXTRA_PARAMS, lambda: _params_for(formats))
    return run  # type: ignore[return-value]


def output_of(ctx: typer.Context) -> OutputOptions:
    """The output options of the running command, combined and checked (see output_options)."""
    output = ctx.meta.get(_OUTPUT_KEY)
    if not isinstance(output, OutputOptions):
        raise TypeError(f"{ctx.info_name} has no @output_options")
    return output


class OptionsGroup(WrappingHelp, TyperGroup):
    """A Typer group that gives each command the options its decorators declare (and help
    wrapped by display width: WrappingHelp)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            declared = getattr(command.callback, _EXTRA_PARAMS, None)
            if declared is not None:
                command.params.extend(declared())
