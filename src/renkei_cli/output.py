"""Every output format in one place: a Rich table for people, TSV and JSON for scripts.

Rich is imported only when a table is printed; machine formats are written as UTF-8 bytes
whatever the locale, so a pipe never depends on the console's encoding.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from renkei_cli.query import section_label
from renkei_cli.terminal import Environment

Record = dict[str, Any]


class Format(str, enum.Enum):
    """Output formats; `auto` is a table on a terminal and TSV in a pipe (gh's convention)."""

    AUTO = "auto"
    TABLE = "table"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table and TSV views: a header and how to get its text from a record."""

    header: str
    value: Callable[[Record], str]
    fold: bool = True  # wrap long Japanese text at any character; False keeps it on one line
    ratio: int | None = None
    display: Callable[[Record], str] | None = None  # the table's text, when it differs
    # [start, end) ranges of the table's text to highlight (search: the matched part of a name)
    spans: Callable[[Record], Sequence[tuple[int, int]]] | None = None


def _initiative(record: Record) -> str:
    """The initiative's title (its letter is in the id), with the theme as the document shows it."""
    title = record["initiative_title"]
    return f"{title}－{record['theme']}" if record.get("theme") else title


LIST_COLUMNS: tuple[Column, ...] = (
    Column("ID", lambda r: r["id"], fold=False),
    Column("Area", section_label, fold=False),
    Column("Initiative", _initiative, ratio=2),
    Column("Project", lambda r: r["name"], ratio=3),
    Column(
        "再掲",
        lambda r: r["primary_id"] or "",
        fold=False,
        display=lambda r: f"→ {r['primary_id']}" if r["repost"] else "",
    ),
)


def resolve_format(fmt: Format, env: Environment) -> Format:
    """The concrete format: `auto` becomes table on a terminal, TSV otherwise."""
    if fmt is Format.AUTO:
        return Format.TABLE if env.is_tty else Format.TSV
    return fmt


def write_records(
    records: Sequence[Record],
    columns: Sequence[Column],
    fmt: Format,
    env: Environment,
    caption: str | None = None,
) -> None:
    """Write records in the chosen format to the environment's stdout."""
    fmt = resolve_format(fmt, env)
    if fmt is Format.TABLE:
        print_table(records, columns, env, caption)
    elif fmt is Format.JSON:
        emit(json.dumps(list(records), ensure_ascii=False, indent=2) + "\n", env)
    elif fmt is Format.JSONL:
        emit("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), env)
    else:
        emit("".join(tsv_line(column.value(r) for column in columns) for r in records), env)


def tsv_line(values: Any) -> str:
    """One tab-separated line; tabs and newlines inside a value become spaces."""
    return "\t".join(_clean(str(value)) for value in values) + "\n"


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def emit(text: str, env: Environment) -> None:
    """Write machine-readable text as UTF-8, bypassing the console encoding when possible."""
    stream = env.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def make_console(env: Environment) -> Any:
    """The one Rich console factory: colour, width and terminal-ness come from the Environment."""
    from rich.console import Console

    return Console(
        file=env.stdout,
        force_terminal=env.is_tty or env.color,
        no_color=not env.color,
        color_system="auto" if env.color else None,
        width=env.width,
        highlight=False,
        emoji=False,
        markup=False,
    )


def print_table(
    records: Sequence[Record],
    columns: Sequence[Column],
    env: Environment,
    caption: str | None = None,
) -> None:
    """A Rich table that folds Japanese text instead of truncating it."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, caption=caption, caption_justify="left", pad_edge=False)
    for column in columns:
        table.add_column(
            column.header,
            overflow="fold",
            no_wrap=not column.fold,
            ratio=column.ratio,
            style="bold" if column.header == "ID" else None,
        )
    for record in records:
        table.add_row(*(_cell(column, record) for column in columns))
    make_console(env).print(table)


HIGHLIGHT_STYLE = "bold red"  # grep's colour; bold alone where colour is off


def _cell(column: Column, record: Record) -> Any:
    """A table cell: the column's text, as Rich Text with its spans highlighted if it has any."""
    text = (column.display or column.value)(record)
    spans = column.spans(record) if column.spans is not None else ()
    if not spans:
        return text
    from rich.text import Text

    cell = Text(text)
    for start, end in spans:
        cell.stylize(HIGHLIGHT_STYLE, start, end)
    return cell


def search_columns(
    spans: Callable[[Record], Sequence[tuple[int, int]]],
    explanation: Callable[[Record], str],
) -> tuple[Column, ...]:
    """The columns of `search`: id, project (matched part highlighted), match, score, 再掲.

    TSV gets the match kind and every placement id (comma-separated); the table explains the
    match (`reading: くうこう`, `context: 福祉`) and lists the project's other placements.
    """
    return (
        Column("ID", lambda r: r["id"], fold=False),
        Column("Project", lambda r: r["name"], ratio=3, spans=spans),
        Column("Match", lambda r: r["match"], ratio=2, display=explanation),
        Column("Score", lambda r: f"{r['score']:.1f}", fold=False),
        Column("再掲", lambda r: ",".join(r["placements"]), fold=False, display=_other_placements),
    )


def _other_placements(record: Record) -> str:
    """`→ 1-b-5` on a 【再掲】 row, else the project's other placements (`+ 3-1-g-2`)."""
    if record["repost"]:
        return f"→ {record['primary_id']}"
    others = [p for p in record["placements"] if p != record["id"]]
    return "+ " + " ".join(others) if others else ""
