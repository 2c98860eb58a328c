"""The `renkei` command line: parse arguments, ask the query layer, hand records to output."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from renkei_cli import __version__, process
from renkei_cli.collation import SortOrder
from renkei_cli.completion import complete_placement_id, complete_schema_name
from renkei_cli.errors import ExitCode, UsageError
from renkei_cli.export_command import export_app
from renkei_cli.group import RenkeiGroup
from renkei_cli.labels import count, with_legend
from renkei_cli.options import (
    NESTED_FORMATS,
    AnyOption,
    AreaOption,
    ExportDateOption,
    ExportFileOption,
    FieldOption,
    FirstOption,
    GlobalOptions,
    InitiativeOption,
    Lang,
    LangOption,
    NoPagerOption,
    Shell,
    SortOption,
    TopicOption,
    global_options,
    output_of,
    output_options,
)
from renkei_cli.output import Column, Format, OutputOptions

PROG_NAME = "renkei"

if TYPE_CHECKING:
    from renkei_cli.api import LoadedCatalog
    from renkei_cli.terminal import Environment


app = typer.Typer(
    name=PROG_NAME,
    cls=RenkeiGroup,
    help="Query the cooperation projects (連携事業) of the Kitakyushu metropolitan area.",
    epilog=(
        "\b\nExamples:\n"
        "  renkei list --area 3\n"
        "  renkei list --area 1 -i b --json\n"
        "  renkei search くうこう\n"
        "  renkei show 1-c-1\n"
        "  renkei list --format csv --excel > renkei.csv\n"
        "\n\b\nExit codes:\n"
        "  0 ok, 1 no match, 2 usage or data error,\n"
        "  74 output not written, 130 interrupted, 141 output pipe closed"
    ),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"renkei {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        str | None,
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
    no_pager: NoPagerOption = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    lang: LangOption = Lang.JA,
) -> None:
    """Query the cooperation projects (連携事業) of the Kitakyushu metropolitan area."""
    ctx.obj = GlobalOptions(data=data, no_color=no_color, no_cache=no_cache, lang=lang.value)


def _loaded(ctx: typer.Context) -> LoadedCatalog:
    """The selected data file, loaded through the parse cache unless --no-cache."""
    from renkei_cli import api
    from renkei_cli.lang import require_language

    options = global_options(ctx)
    loaded = api.load(options.data, use_cache=not options.no_cache)
    ctx.meta["renkei.breaks"] = loaded.breaks  # tables break its names between phrases
    return require_language(loaded, options.lang, options.data)


def _view_lang(ctx: typer.Context, output: OutputOptions) -> str:
    """The language of this command's view: --lang, but both in JSON, JSONL and YAML (ja)."""
    from renkei_cli.lang import view_lang

    return view_lang(global_options(ctx).lang, output.format, _environment(ctx, output))


def write_output(
    ctx: typer.Context,
    output: OutputOptions,
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    caption: str | None = None,
    keys: Sequence[str] | None = None,
) -> None:
    """Write a command's records as asked; exit 1 (no match) when there are none.

    `keys` are the valid --fields names: by default the keys of the command's published schema,
    else (no schema yet) those of the first record.
    """
    from renkei_cli.completion import record_keys
    from renkei_cli.lang import english_caption, in_english
    from renkei_cli.output import write_records

    if keys is None:
        keys = record_keys(ctx.info_name)
    if _view_lang(ctx, output) == "en":
        records, columns, caption = *in_english(records, columns), english_caption(caption)
    write_records(records, columns, output, _environment(ctx, output), caption, keys=keys)
    exit_if_no_match(records)


def exit_if_no_match(records: Sequence[Any]) -> None:
    """The one rule for every command's exit status: nothing found is exit 1 (NO_MATCH)."""
    if not records:
        raise typer.Exit(int(ExitCode.NO_MATCH))


def _environment(ctx: typer.Context, output: OutputOptions) -> Environment:
    """The terminal facts for this command, with --no-color given globally or to the command."""
    from renkei_cli.terminal import Environment

    no_color = global_options(ctx).no_color or output.no_color
    return Environment.detect(no_color=no_color, breaks=ctx.meta.get("renkei.breaks"))


@app.command("list")
@output_options
def list_command(
    ctx: typer.Context,
    area: AreaOption = None,
    field: FieldOption = None,
    initiative: InitiativeOption = None,
    no_reposts: Annotated[
        bool, typer.Option("--no-reposts", help="Leave out 【再掲】 placements.")
    ] = False,
    topic: TopicOption = None,
    sort: SortOption = SortOrder.ID,
    limit: FirstOption = None,
) -> None:
    """List placements, filtered by area, field and initiative.

    -i needs its area (and field): -i b alone would mix 1-b, 2-b, 3(1)b... and is refused.
    In a pipe: TSV, one placement a line: id, area (3(1)), initiative (with its theme),
    project, the id a 【再掲】 row repeats; --header adds a line of column names.

    \b
    Examples:
      renkei list --area 3                     # area 3, all three policy fields
      renkei list -a 3 -f 2 --json             # area 3, field 2, as a JSON array
      renkei list -a 1 -i b --fields id,name   # initiative b of area 1, two columns
      renkei list --sort reading --limit 5     # the first five in gojūon order
      renkei list --format csv --excel > renkei.csv
    """
    from renkei_cli import api
    from renkei_cli.records import RECORD_KEYS
    from renkei_cli.views import LIST_COLUMNS

    output = output_of(ctx)
    loaded = _loaded(ctx)
    records = api.list_placements(
        loaded, area, field, initiative, not no_reposts, topic, sort.value, limit
    )
    caption = with_legend(count(len(records), "placement"), records)
    write_output(ctx, output, records, LIST_COLUMNS, caption, RECORD_KEYS)


@app.command("search")
@output_options
def search_command(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help="Words to find, all of them (--any: any one): kanji, kana, romaji, English.",
            show_default=False,
        ),
    ],
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", min=1, help="Show only the best N projects."),
    ] = None,
    area: AreaOption = None,
    field: FieldOption = None,
    initiative: InitiativeOption = None,
    any_word: AnyOption = False,
) -> None:
    """Find projects by name, reading, romaji, variant or typo.

    Best match first, each project once (a 【再掲】 project with all its placements), with how it
    matched: name, english (English names, titles), reading, variant, context (a title above
    it), fuzzy (a typo) or source (the raw text). Exit 1 with no match, 2 for an empty query.
    In a pipe: TSV, id, project, match, score, placements (a,b); --header names them.

    \b
    Examples:
      renkei search 空港                       # kanji in the name
      renkei search kuukou                     # romaji, through the reading くうこう
      renkei search 福祉 広域 --json           # two words, both required
      renkei search 北九州空巷                 # a typo: fuzzy match
      renkei search airports                   # English: airport, plurals, both spellings
      renkei search 環境 --area 3 --limit 3    # the best three placed in area 3
    """
    from renkei_cli.output import resolve_format
    from renkei_cli.records import RECORD_KEYS
    from renkei_cli.views import search_columns

    output = output_of(ctx)
    hits = _loaded(ctx).search(
        query, any=any_word, limit=limit, area=area, field=field, initiative=initiative
    )
    records = hits.to_records()
    if not records:
        typer.echo(f"renkei: {hits.no_match_message()}", err=True)
        # No empty table on a terminal: the message above says it all.
        if resolve_format(output.format, _environment(ctx, output)) is Format.TABLE:
            exit_if_no_match(records)
    by_id = {hit.id: hit for hit in hits}
    english = _view_lang(ctx, output) == "en"
    columns = search_columns(
        spans=lambda r: by_id[r["id"]].spans_en if english else by_id[r["id"]].spans,
        explanation=lambda r: by_id[r["id"]].explain(),
    )
    shown = f"{len(records)} of " if hits.total > len(records) else ""
    caption = with_legend(f"{shown}{count(hits.total, 'project')}, best first", records)
    write_output(ctx, output, records, columns, caption, (*RECORD_KEYS, "score", "match"))


@app.command("show")
@output_options(formats=NESTED_FORMATS)
def show_command(
    ctx: typer.Context,
    project: Annotated[
        str,
        typer.Argument(
            metavar="ID|NAME",
            help="A placement id (1-c-1, 3(1)g2) or a name.",
            autocompletion=complete_placement_id,
        ),
    ],
) -> None:
    """One project in context: placements, fixes, related.

    A name is found as search finds it (kana, romaji, variants); several matches print the
    candidates, none the nearest names and a search to try (exit 2). In a pipe: TSV, a key and
    its values: id, name, reading, placement/repost, source_text, correction, related.

    \b
    Examples:
      renkei show 1-c-1                 # by placement id
      renkei show '3(1)g2'              # an id as the document writes it (quoted for the shell)
      renkei show 物流拠点 --json        # by (part of) a name
      renkei show kuukou                # exit 2: romaji; three airport projects match
    """
    from renkei_cli.lang import show_record
    from renkei_cli.render import write_show

    output = output_of(ctx)
    loaded, lang = _loaded(ctx), _view_lang(ctx, output)
    record = show_record(loaded, project, lang)
    write_show(record, output, _environment(ctx, output), lang, loaded.catalog.source.english_note)


@app.command("xref")
@output_options
def xref_command(
    ctx: typer.Context,
    terms: Annotated[
        bool,
        typer.Option("--terms", help="The shared-term network linking different initiatives."),
    ] = False,
    all_terms: Annotated[
        bool,
        typer.Option("--all", help="With --terms: also terms shared within one initiative."),
    ] = False,
) -> None:
    """Reposted projects (【再掲】), or with --terms shared terms.

    In a pipe: TSV, one project a line: id, project, its placement ids (space-separated);
    with --terms: term, weight, project ids, project names (' / '), what the term links.

    \b
    Examples:
      renkei xref                       # projects listed in more than one place
      renkei xref --json
      renkei xref --terms               # terms linking different initiatives
      renkei xref --terms --all         # also terms shared within one initiative
    """
    from renkei_cli.lang import localized
    from renkei_cli.records import placement_record, short_breadcrumb, term_record, xref_record
    from renkei_cli.render import write_terms
    from renkei_cli.views import xref_columns
    from renkei_cli.xref import build_terms, reposted_projects, term_links

    output = output_of(ctx)
    if all_terms and not terms:
        raise UsageError("--all goes with --terms")
    catalog = _loaded(ctx).catalog
    env = _environment(ctx, output)
    lang = _view_lang(ctx, output)
    if terms:
        links = term_links(catalog, build_terms(catalog), within=all_terms)
        records = [term_record(catalog, term) for term in links]
        where = "" if all_terms else " across initiatives"
        write_terms(records, output, env, f"{count(len(records), 'shared term')}{where}", lang)
        exit_if_no_match(records)
        return
    records = [xref_record(catalog, project) for project in reposted_projects(catalog)]
    placed = [localized(placement_record(catalog, p), lang) for p in catalog.placements]
    labels = {record["id"]: short_breadcrumb(record) for record in placed}
    placements = sum(len(record["placements"]) for record in records)
    caption = f"{count(len(records), 'project')} in {count(placements, 'placement')}"
    write_output(ctx, output, records, xref_columns(labels), caption, ("id", "name", "placements"))


@app.command("tree")
@output_options(formats=NESTED_FORMATS)
def tree_command(
    ctx: typer.Context,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            "-d",
            metavar="N",
            min=1,
            help="Show N levels as drawn (1 = areas); default all.",
        ),
    ] = None,
) -> None:
    """The hierarchy, with counts at each level.

    Areas, policy fields, initiatives and projects, each level drawn under the one above:
    --depth 2 shows area 3's policy fields and the initiatives of areas 1 and 2, --depth 3
    adds area 3's initiatives and the projects of areas 1 and 2. In a pipe: the same lines
    as plain text, indented by two spaces a level.

    \b
    Examples:
      renkei tree                       # everything, as a tree
      renkei tree --depth 2             # areas, then area 3's fields, areas 1-2's initiatives
      renkei tree --json                # nested JSON
    """
    from renkei_cli.lang import reposts_counted, source_heading
    from renkei_cli.overview import totals
    from renkei_cli.records import build_tree
    from renkei_cli.render import write_tree

    output = output_of(ctx)
    catalog = _loaded(ctx).catalog
    counts = totals(catalog)
    lang = _view_lang(ctx, output)
    root = f"{source_heading(catalog.source, lang)} — {count(counts['projects'], 'project')}"
    root += f" + {reposts_counted(counts['reposts'], lang)}"
    write_tree(build_tree(catalog, depth), root, output, _environment(ctx, output), lang)


@app.command("stats")
@output_options
def stats_command(ctx: typer.Context) -> None:
    """Counts per area, field and initiative, with bars.

    【再掲】 placements (reposts) are counted apart from the projects listed there first. In a
    pipe: TSV, one row a line: level, key, title, projects, reposts, placements.

    \b
    Examples:
      renkei stats                      # bar charts on a terminal
      renkei stats --json
      renkei stats | grep ^initiative   # TSV in a pipe
    """
    from renkei_cli.lang import reposts_counted
    from renkei_cli.overview import totals
    from renkei_cli.records import stats_rows
    from renkei_cli.render import write_stats

    output, catalog = output_of(ctx), _loaded(ctx).catalog
    counts, lang = totals(catalog), _view_lang(ctx, output)
    placed = f"{count(counts['projects'], 'project')} in {count(counts['placements'], 'placement')}"
    caption = f"{placed} ({reposts_counted(counts['reposts'], lang)})"
    write_stats(stats_rows(catalog), caption, output, _environment(ctx, output), lang)


@app.command("validate")
def validate_command(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help="The data file to check (default: --data, RENKEI_DATA, else the bundled one).",
            show_default=False,
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object: path, valid, problems, counts.")
    ] = False,
) -> None:
    """Check a data file and report every problem in it.

    Each problem is one line, FILE:LINE:COL: message, on stderr, and the exit code is 2.
    A valid file prints `PATH: ok (82 placements, 77 projects)` on stdout and exits 0;
    --json prints the report on stdout either way (the exit code still says which).

    \b
    Examples:
      renkei validate my.yaml
      renkei validate                   # the bundled file, or --data / RENKEI_DATA
      renkei validate --json my.yaml    # the report as one JSON object
    """
    import json

    from renkei_cli.loader import validate_file
    from renkei_cli.output import emit
    from renkei_cli.records import validation_record
    from renkei_cli.safe_text import escape_controls
    from renkei_cli.terminal import Environment

    options = global_options(ctx)
    report = validate_file(path if path is not None else options.data)
    if json_output:
        emit(
            json.dumps(validation_record(report), ensure_ascii=False, indent=2) + "\n",
            Environment.detect(),
        )
    elif report.valid:
        typer.echo(escape_controls(report.summary()))
    else:
        for line in report.lines():
            typer.echo(line, err=True)
    if not report.valid:
        raise typer.Exit(int(ExitCode.DATA))


@app.command("schema")
def schema_command(
    command: Annotated[
        str,
        typer.Argument(
            metavar="[COMMAND]",
            help="The command whose --json output to describe (default: list).",
            autocompletion=complete_schema_name,
            show_default=False,
        ),
    ] = "list",
) -> None:
    """Print the JSON Schema of a command's JSON output.

    \b
    Examples:
      renkei schema                   # the schema of `renkei list --json`
      renkei schema list > list.schema.json
    """
    from renkei_cli.output import emit
    from renkei_cli.schemas import schema_text
    from renkei_cli.terminal import Environment

    emit(schema_text(command), Environment.detect())


@app.command("completion")
def completion_command(
    shell: Annotated[
        Shell,
        typer.Argument(
            metavar="SHELL", help="bash, zsh, fish or powershell.", case_sensitive=False
        ),
    ],
) -> None:
    """Print the shell completion script for a shell.

    \b
    Examples:
      eval "$(renkei completion bash)"      # in ~/.bashrc
      renkei completion zsh > _renkei       # then move it onto your $fpath
      renkei completion fish > renkei.fish  # then into ~/.config/fish/completions/
    """
    from typer._completion_shared import get_completion_script

    from renkei_cli.output import emit
    from renkei_cli.terminal import Environment

    complete_var = f"_{PROG_NAME}_COMPLETE".upper()
    script = get_completion_script(
        prog_name=PROG_NAME, complete_var=complete_var, shell=shell.value
    )
    emit(script + "\n", Environment.detect())


app.add_typer(export_app)  # `renkei export` (export_command.py); its html command is below


@export_app.command("html")
def export_html_command(
    ctx: typer.Context,
    output: ExportFileOption = None,
    date: ExportDateOption = None,
) -> None:
    """Write the table as one HTML page that searches like `search`.

    Self-contained: the whole table in the document's structure, the counts of `stats`, and a
    search box with the semantics of `renkei search`. Its Content-Security-Policy forbids any
    network access; the table shows without JavaScript too. Without -o the page goes to
    stdout, which must not be a terminal.

    \b
    Examples:
      renkei export html -o renkei.html
      renkei export html > renkei.html
      SOURCE_DATE_EPOCH=0 renkei export html -o renkei.html   # reproducible
    """
    from renkei_cli.export import html

    if output is None and sys.stdout.isatty():
        raise UsageError("the page is HTML, not for a terminal: give -o FILE or redirect stdout")
    page = html.build_page(_loaded(ctx), global_options(ctx).data, date)
    if output is None:
        sys.stdout.buffer.write(page.encode("utf-8"))
    else:
        html.write_page(page, output)


def main() -> None:
    """Console-script entry point: the app, run as a process (see process.run)."""
    process.run(_run_app)


def _run_app() -> None:
    """Run the app; if it fails unexpectedly on what the cache served, drop that and run again
    from the data file, so a cache entry can never make a command fail for good."""
    try:
        app(prog_name=PROG_NAME)
    except Exception as error:
        cache = sys.modules.get("renkei_cli.cache")  # not imported yet: nothing was served
        if cache is None or not cache.discard_served(error):
            raise
        app(prog_name=PROG_NAME)


from renkei_cli import topics_command as _topics_command  # noqa: E402, F401 (renkei topics)
