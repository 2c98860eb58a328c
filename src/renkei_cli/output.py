"""Every output format in one place: a Rich table for people, TSV, CSV, JSON, JSONL, YAML and
Markdown for scripts and documents.

Rich is imported only when a table is printed and ruamel.yaml only when YAML is written; machine
formats are written as UTF-8 bytes whatever the locale, so a pipe never depends on the console's
encoding. How values become text in the flat formats (CSV, TSV, table, Markdown) is one rule,
`cell_text`: null is empty, booleans are `true`/`false`, lists are joined by one space.
"""

from __future__ import annotations

import enum
import errno
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from renkei_cli.errors import UsageError
from renkei_cli.safe_text import escape_lines
from renkei_cli.terminal import Environment, fallback_width

Record = dict[str, Any]


class Format(str, enum.Enum):
    """Output formats; `auto` is a table on a terminal and TSV in a pipe (gh's convention)."""

    AUTO = "auto"
    TABLE = "table"
    TSV = "tsv"
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"
    YAML = "yaml"
    MARKDOWN = "markdown"


# The formats that carry whole records (every key, typed values) rather than display columns.
RECORD_FORMATS = frozenset({Format.CSV, Format.JSON, Format.JSONL, Format.YAML})
# The formats --ascii applies to: they have an escape syntax for any character.
ASCII_FORMATS = frozenset({Format.JSON, Format.JSONL, Format.YAML})
LIST_SEPARATOR = " "  # joins list values (pages, placements) in CSV, TSV, table and Markdown


@dataclass(frozen=True, slots=True)
class OutputOptions:
    """How a command writes its records: the format and the options that shape it."""

    format: Format = Format.AUTO
    fields: tuple[str, ...] = ()  # the keys to write, in this order; () = the command's default
    excel: bool = False  # CSV with a UTF-8 BOM, so Excel (Japanese locale too) reads UTF-8
    ascii: bool = False  # escape every non-ASCII character (JSON, JSONL, YAML)
    no_color: bool = False

    @classmethod
    def from_args(
        cls,
        fmt: Format = Format.AUTO,
        json_output: bool = False,
        fields: str | None = None,
        excel: bool = False,
        ascii_only: bool = False,
        no_color: bool = False,
    ) -> OutputOptions:
        """Combine the command-line options into one value; UsageError if they contradict."""
        if json_output:
            if fmt not in (Format.AUTO, Format.JSON):
                raise UsageError(f"--json conflicts with --format {fmt.value}: give only one")
            fmt = Format.JSON
        if excel:
            if fmt is Format.AUTO:
                fmt = Format.CSV
            elif fmt is not Format.CSV:
                raise UsageError(f"--excel writes CSV and conflicts with --format {fmt.value}")
        if ascii_only and fmt not in ASCII_FORMATS:
            shown = "auto (table or tsv)" if fmt is Format.AUTO else fmt.value
            raise UsageError(f"--ascii applies to --format json, jsonl or yaml, not {shown}")
        return cls(
            format=fmt,
            fields=parse_fields(fields) if fields is not None else (),
            excel=excel,
            ascii=ascii_only,
            no_color=no_color,
        )


def parse_fields(text: str) -> tuple[str, ...]:
    """`id, name,id` -> ('id', 'name'): comma-separated names, blanks and repeats dropped."""
    names = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not names:
        raise UsageError("--fields needs at least one field name, e.g. --fields id,name")
    return names


def check_fields(fields: Sequence[str], valid: Sequence[str]) -> None:
    """UsageError naming the valid fields if any requested one is not among them."""
    unknown = [name for name in fields if name not in valid]
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        raise UsageError(
            f"unknown field{plural} {', '.join(unknown)}: valid fields are {', '.join(valid)}"
        )


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table and TSV views: a header and how to get its text from a record."""

    header: str
    value: Callable[[Record], str]
    fold: bool = True  # wrap long Japanese text at any character; False keeps it on one line
    ratio: int | None = None
    display: Callable[[Record], str] | None = None  # the table's text, when it differs
    drop: int | None = None  # on a narrow terminal, columns are hidden in this order (1 first)
    min_width: int = 16  # the narrowest a folding column may get before it is hidden
    # [start, end) ranges of the table's text to highlight (search: the matched part of a name)
    spans: Callable[[Record], Sequence[tuple[int, int]]] | None = None
    # On a terminal, draw this column as heading rows instead: the (label, title) rows it opens
    # above a record, printed where they change (see grouped.py; list's area and initiative).
    heading: Callable[[Record], Sequence[tuple[str, str]]] | None = None


def cell_text(value: Any) -> str:
    """A value as flat text: null empty, booleans true/false, lists joined by one space; an
    object stands for its `id` when it has one (xref --terms' projects), else compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(cell_text(item) for item in value)
    if isinstance(value, dict):
        if "id" in value:
            return str(value["id"])
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def field_column(key: str) -> Column:
    """A column showing one record key under its own name (the columns of --fields)."""
    return Column(key, lambda record: cell_text(record.get(key)), fold=key != "id")


def resolve_format(fmt: Format, env: Environment) -> Format:
    """The concrete format: `auto` becomes table on a terminal, TSV otherwise."""
    if fmt is Format.AUTO:
        return Format.TABLE if env.is_tty else Format.TSV
    return fmt


def write_records(
    records: Sequence[Record],
    columns: Sequence[Column],
    options: OutputOptions,
    env: Environment,
    caption: str | None = None,
    *,
    keys: Sequence[str] | None = None,
) -> None:
    """Write records in the chosen format to the environment's stdout.

    `columns` are the default view of table, TSV and Markdown; CSV, JSON, JSONL and YAML carry
    every key. `keys` are the valid --fields names (default: the first record's keys).
    """
    fmt = resolve_format(options.format, env)
    valid = tuple(keys) if keys is not None else tuple(records[0]) if records else ()
    if options.fields:
        if valid:
            check_fields(options.fields, valid)
        columns = [field_column(key) for key in options.fields]
    if fmt in RECORD_FORMATS:
        chosen = options.fields or valid
        if options.fields:
            records = [{key: record.get(key) for key in chosen} for record in records]
        if fmt is Format.JSON:
            for piece in json_chunks(records, options):
                emit(piece, env)
        else:
            emit(_RECORD_WRITERS[fmt](records, chosen, options), env)
    elif fmt is Format.TABLE:
        print_table(records, columns, env, caption, fit=not options.fields)
    elif fmt is Format.MARKDOWN:
        emit(markdown_table(records, columns), env)
    else:
        emit("".join(tsv_line(column.value(r) for column in columns) for r in records), env)


def json_chunks(
    records: Sequence[Record], options: OutputOptions, chunk: int = 2000
) -> Iterator[str]:
    """One JSON array with one record per line (sqlite-utils' layout), in pieces.

    Each record goes through json's C encoder (`indent` would force the pure-Python one, at
    twice the time), and the array is produced a chunk at a time so a 100k-record listing is
    never one string in memory. UTF-8 text unless --ascii.
    """
    if not records:
        yield "[]\n"
        return
    dumps = json.JSONEncoder(ensure_ascii=options.ascii).encode
    for start in range(0, len(records), chunk):
        lines = ",\n ".join(dumps(record) for record in records[start : start + chunk])
        opening = "[" if start == 0 else ",\n "
        closing = "]\n" if start + chunk >= len(records) else ""
        yield opening + lines + closing


def json_text(records: Sequence[Record], keys: Sequence[str], options: OutputOptions) -> str:
    """One JSON array, one record per line; see json_chunks."""
    return "".join(json_chunks(records, options))


def jsonl_text(records: Sequence[Record], keys: Sequence[str], options: OutputOptions) -> str:
    """One JSON object per line (JSON Lines)."""
    return "".join(json.dumps(r, ensure_ascii=options.ascii) + "\n" for r in records)


def csv_text(records: Sequence[Record], keys: Sequence[str], options: OutputOptions) -> str:
    """RFC 4180 CSV: a header row of keys, CRLF line ends, quotes only where needed."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    for record in records:
        writer.writerow(cell_text(record.get(key)) for key in keys)
    bom = "\ufeff" if options.excel else ""
    return bom + buffer.getvalue()


# Plain strings a YAML 1.1 reader (PyYAML) would take for a boolean, null or number.
_YAML11_LOOKALIKE = (
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|~|null|Null|NULL|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?))"
)


def yaml_text(records: Sequence[Record], keys: Sequence[str], options: OutputOptions) -> str:
    """A YAML block sequence of mappings, keys in record order, readable by YAML 1.1 and 1.2."""
    return yaml_value_text(list(records), options)


def yaml_value_text(value: Any, options: OutputOptions) -> str:
    """Any JSON-like value as block-style YAML (ruamel.yaml is imported only here)."""
    import io
    import re

    from ruamel.yaml import YAML
    from ruamel.yaml.representer import SafeRepresenter

    lookalike = re.compile(_YAML11_LOOKALIKE)

    class _Representer(SafeRepresenter):
        def represent_str(self, data: str) -> Any:
            style = "'" if lookalike.fullmatch(data) else None
            return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    _Representer.add_representer(str, _Representer.represent_str)
    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = _Representer
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.allow_unicode = not options.ascii
    yaml.width = 4096  # never fold a long name over two lines
    buffer = io.StringIO()
    yaml.dump(value, buffer)
    return buffer.getvalue()


_RECORD_WRITERS: dict[Format, Callable[[Sequence[Record], Sequence[str], OutputOptions], str]] = {
    Format.CSV: csv_text,
    Format.JSON: json_text,
    Format.JSONL: jsonl_text,
    Format.YAML: yaml_text,
}


def tsv_line(values: Iterable[Any]) -> str:
    """One tab-separated line; tabs and newlines inside a value become spaces."""
    return "\t".join(_clean(str(value)) for value in values) + "\n"


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def markdown_table(records: Sequence[Record], columns: Sequence[Column]) -> str:
    """A GitHub-flavoured Markdown pipe table; `|` is escaped, line breaks become spaces."""

    def row(cells: Iterable[str]) -> str:
        return "| " + " | ".join(_clean(cell).replace("|", "\\|") for cell in cells) + " |\n"

    lines = [row(column.header for column in columns), row("---" for _ in columns)]
    lines += [row((c.display or c.value)(record) for c in columns) for record in records]
    return "".join(lines)


def emit(text: str, env: Environment, encoding: str = "utf-8") -> None:
    """Write text to stdout as bytes of `encoding` (UTF-8 for every machine format), bypassing
    the console's text layer where there is one; a closed pipe raises BrokenPipeError."""
    stream = env.stdout
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is None:
            stream.write(text)
            stream.flush()
            return
        stream.flush()
        write_all(buffer, text.encode(encoding, errors="replace"))
        buffer.flush()
    except OSError as error:
        # Windows reports a pipe whose reader has gone as EINVAL, not EPIPE.
        if sys.platform == "win32" and error.errno == errno.EINVAL:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe") from error
        raise


def write_all(buffer: Any, data: bytes) -> None:
    """Write every byte, or raise: a pipe whose reader leaves mid-write accepts only part of a
    large write, and BufferedWriter.write may report that short count instead of raising;
    the next write then fails with EPIPE (BrokenPipeError) as it should."""
    view = memoryview(data)
    while view:
        written = buffer.write(view)
        if not written:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe: nothing more could be written")
        view = view[written:]


# Pairs of characters that Japanese encodings map differently (the JIS X 0208 vs cp932
# mapping differences): where a console cannot show one, it shows the other. EM DASH is in no
# Japanese codec, its twin HORIZONTAL BAR in all; Shift_JIS and EUC-JP lack the full-width forms.
_TWIN_PAIRS = (
    ("\u2014", "\u2015"),  # EM DASH, HORIZONTAL BAR
    ("\u301c", "\uff5e"),  # WAVE DASH, FULLWIDTH TILDE
    ("\u2016", "\u2225"),  # DOUBLE VERTICAL LINE, PARALLEL TO
    ("\u2212", "\uff0d"),  # MINUS SIGN, FULLWIDTH HYPHEN-MINUS
    ("\u00a2", "\uffe0"),  # CENT SIGN, FULLWIDTH CENT SIGN
    ("\u00a3", "\uffe1"),  # POUND SIGN, FULLWIDTH POUND SIGN
    ("\u00ac", "\uffe2"),  # NOT SIGN, FULLWIDTH NOT SIGN
)
_CONSOLE_TWINS = {a: b for a, b in _TWIN_PAIRS} | {b: a for a, b in _TWIN_PAIRS}
GETA = "\u3013"  # 〓, the customary Japanese stand-in for a character that cannot be printed


def displayable(text: str, encoding: str) -> str:
    """Text a console of this encoding can print: what it cannot show is replaced, not fatal.

    A character becomes its twin in Japanese codecs if it has one (— to ―), else a wide one
    becomes 〓 (or `??` where even that is missing) and a narrow one `?`: columns keep width.
    """
    if encoding.lower().replace("-", "").startswith("utf"):
        return text
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    out = []
    for char in text:
        out.append(char if _encodable(char, encoding) else _stand_in(char, encoding))
    return "".join(out)


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _stand_in(char: str, encoding: str) -> str:
    twin = _CONSOLE_TWINS.get(char)
    if twin and _encodable(twin, encoding):
        return twin
    if unicodedata.east_asian_width(char) in "WF":
        return GETA if _encodable(GETA, encoding) else "??"
    return "?"


def make_console(env: Environment) -> Any:
    """The one Rich console factory: colour, width and terminal-ness come from the Environment.

    A closed pipe raises BrokenPipeError like every other write, instead of Rich's exit(1).
    """
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    return _Console(
        file=env.stdout,
        force_terminal=env.is_tty or env.color,
        no_color=not env.color,
        color_system="auto" if env.color else None,
        width=env.width or fallback_width(env.stdout),
        highlight=False,
        emoji=False,
        markup=False,
    )


def fit_columns(
    records: Sequence[Record], columns: Sequence[Column], width: int
) -> tuple[list[Column], list[Column]]:
    """The columns that fit a terminal `width` cells wide, and those hidden (by `drop` order).

    A table with n columns needs n - 1 cells besides its text (one-space dividers, no padding,
    no edges); a column that never wraps needs its widest cell, a folding one `min_width`.
    """
    from rich.cells import cell_len

    def need(column: Column) -> int:
        texts = [column.header, *((column.display or column.value)(r) for r in records)]
        widest = max(cell_len(text) for text in texts)
        return widest if not column.fold else min(widest, column.min_width)

    shown = list(columns)
    hidden: list[Column] = []
    droppable = sorted((c for c in columns if c.drop is not None), key=lambda c: c.drop or 0)
    while droppable and sum(map(need, shown)) + len(shown) - 1 > width:
        column = droppable.pop(0)
        shown.remove(column)
        hidden.append(column)
    return shown, hidden


def print_table(
    records: Sequence[Record],
    columns: Sequence[Column],
    env: Environment,
    caption: str | None = None,
    fit: bool = True,
) -> None:
    """A Rich table that folds Japanese text instead of truncating it.

    With `fit`, columns are hidden on a terminal too narrow for them (the caption says which).
    Text the console's encoding cannot show is replaced (see `displayable`), never fatal.
    """
    if fit and any(column.heading is not None for column in columns):
        from renkei_cli.grouped import print_grouped

        print_grouped(records, columns, env, caption)
        return
    from rich import box
    from rich.table import Table

    console = make_console(env)
    encoding = console.encoding
    shown, hidden = fit_columns(records, columns, console.width) if fit else (list(columns), [])
    if hidden:
        names = ", ".join(column.header for column in hidden)
        note = f"no room for {names}; see --fields"
        caption = f"{caption} ({note})" if caption else note
    # Rich swaps in a full ASCII grid where the encoding is not UTF; a rule under the header
    # is enough (and box-drawing characters are ambiguous-width on Japanese consoles anyway).
    ascii_rule = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)
    table = Table(
        box=box.SIMPLE_HEAD if console.encoding.startswith("utf") else ascii_rule,
        caption=displayable(escape_lines(caption), encoding) if caption else None,
        caption_justify="left",
        # No cell padding: the box's one-space divider separates the columns, and Rich renders
        # a third faster without a Padding around each of the ~400 cells.
        padding=0,
        show_edge=False,
    )
    from renkei_cli.tablefit import column_widths, natural_width

    texts = [[(c.display or c.value)(record) for c in shown] for record in records]
    naturals = [natural_width([c.header, *(row[i] for row in texts)]) for i, c in enumerate(shown)]
    folds = [c.fold for c in shown]
    widths = column_widths(naturals, folds, [c.ratio for c in shown], console.width)
    for column, width in zip(shown, widths, strict=True):
        table.add_column(
            displayable(column.header, encoding),
            overflow="fold",
            no_wrap=not column.fold,
            width=width if column.fold else None,
            style="bold" if column.header in ("ID", "id") else None,
        )
    for record, row in zip(records, texts, strict=True):
        cells = zip(shown, row, widths, strict=True)
        table.add_row(*(_cell(c, record, text, w, env, encoding) for c, text, w in cells))
    if console.legacy_windows:  # colour needs the Win32 console API: let Rich write itself
        console.print(table)
        return
    with console.capture() as capture:
        console.print(table)
    emit(capture.get(), env, encoding)


HIGHLIGHT_STYLE = "bold red"  # grep's colour; bold alone where colour is off


def _cell(
    column: Column, record: Record, original: str, width: int, env: Environment, encoding: str
) -> Any:
    """A table cell: the column's text wrapped to its width between phrases (see tablefit), as
    the console can show it (control characters escaped), as Rich Text with its spans
    highlighted if it has any (and neither escaping nor replacing characters changed a
    line's length, so the spans still fit)."""
    from renkei_cli.tablefit import wrap_spans

    escaped = escape_lines(original)
    lines = wrap_spans(escaped, width, env.breaks) if column.fold else [(0, len(escaped))]
    pieces = [displayable(escaped[start:end], encoding) for start, end in lines]
    spans = column.spans(record) if column.spans is not None else ()
    same = escaped == original and all(
        len(p) == e - s for p, (s, e) in zip(pieces, lines, strict=True)
    )
    if not spans or not same:
        return "\n".join(pieces)
    from rich.text import Text

    cell = Text()
    for number, (piece, (start, end)) in enumerate(zip(pieces, lines, strict=True)):
        line = Text(piece)
        for first, last in spans:
            if first < end and last > start:
                line.stylize(HIGHLIGHT_STYLE, max(first, start) - start, min(last, end) - start)
        cell.append_text(line)
        if number < len(lines) - 1:
            cell.append("\n")
    return cell
