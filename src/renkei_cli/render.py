"""Views of `show`, `xref`, `tree` and `stats`: Rich on a terminal, plain text in a pipe, JSON.

They follow `list`: the format is resolved once (auto = Rich on a terminal, plain text
otherwise); plain text has no colour and no truncation. Rich is imported only to draw.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from renkei_cli.errors import UsageError
from renkei_cli.lang import EN, JA, chrome, english_record, in_english
from renkei_cli.output import (
    Column,
    Format,
    OutputOptions,
    emit,
    make_console,
    resolve_format,
    tsv_line,
    write_records,
    yaml_value_text,
)
from renkei_cli.safe_text import escape_controls, escape_value
from renkei_cli.terminal import Environment
from renkei_cli.views import STATS_COLUMNS, TERM_COLUMNS, english_columns

Record = dict[str, Any]
BAR_WIDTH = 30  # the longest bar of `stats`, in characters


_NESTED_FORMATS = (Format.TABLE, Format.TSV, Format.JSON, Format.JSONL, Format.YAML)


def nested_options(options: OutputOptions, command: str) -> OutputOptions:
    """The options of a command whose output is one nested value (show, tree): no flat-only
    formats, no --fields."""
    if options.fields:
        raise UsageError(f"--fields applies to listing commands; {command} prints one value")
    if options.format not in (Format.AUTO, *_NESTED_FORMATS):
        valid = ", ".join(f.value for f in _NESTED_FORMATS)
        raise UsageError(f"{command} prints nested data: use --format {valid}")
    return options


def write_value(value: Any, fmt: Format, options: OutputOptions, env: Environment) -> bool:
    """Write a nested value in a machine format (json, jsonl, yaml); False for other formats."""
    if fmt is Format.JSONL:
        items = value if isinstance(value, list) else [value]
        emit("".join(json.dumps(item, ensure_ascii=options.ascii) + "\n" for item in items), env)
    elif fmt is Format.JSON:
        emit(json.dumps(value, ensure_ascii=options.ascii, indent=2) + "\n", env)
    elif fmt is Format.YAML:
        emit(yaml_value_text(value, options), env)
    else:
        return False
    return True


def _plain(lines: Sequence[Sequence[Any]], env: Environment) -> None:
    """Tab-separated lines (tabs and newlines inside a value become spaces)."""
    emit("".join(tsv_line(line) for line in lines), env)


# -- show ------------------------------------------------------------------------------------


def _correction_text(correction: Record) -> str:
    if correction["kind"] == "split":
        return f"part {correction['part']}"
    return f"{correction['from']} → {correction['to']}"


def _pages(pages: Sequence[int]) -> str:
    first, last = pages
    return f"{first}-{last}" if first != last else str(first)


def write_show(
    record: Record,
    options: OutputOptions,
    env: Environment,
    lang: str = JA,
    note: str | None = None,
) -> None:
    """One project in its whole context; in English (lang EN) the Japanese-only parts (reading,
    source text, shared terms) are left out and `note` says whose translation it is."""
    options = nested_options(options, "show")
    fmt = resolve_format(options.format, env)
    if write_value(record, fmt, options, env):
        return
    if lang == EN:
        record = {**english_record(record), "reading": None, "source_text": None}
        record["corrections"] = []
        record["related"] = [{**item, "shared": []} for item in record["related"]]
    if fmt is Format.TABLE:
        _print_show(escape_value(record), env, lang, note)
        return
    lines: list[list[Any]] = [["id", record["id"]], ["name", record["name"]]]
    if lang == EN and note:
        lines.append(["note", note])
    if record.get("reading"):
        lines.append(["reading", record["reading"]])
    for detail in record["placement_details"]:
        kind = "repost" if detail["repost"] else "placement"
        lines.append([kind, detail["id"], detail["breadcrumb"], _pages(detail["pages"])])
    if record.get("source_text"):
        lines.append(["source_text", record["source_text"]])
    for correction in record["corrections"]:
        lines.append(
            ["correction", correction["kind"], _correction_text(correction), correction["note"]]
        )
    for topic in record.get("topic_details", ()):
        lines.append(["topic", topic["id"], topic["title"], topic["why"], "renkei's own"])
    for related in record["related"]:
        why = ", ".join(related.get("reasons") or related["shared"])
        lines.append(["related", related["id"], related["name"], why, related["score"]])
    _plain(lines, env)


def _print_show(record: Record, env: Environment, lang: str, note: str | None) -> None:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from renkei_cli.tablefit import natural_width, wrap_cell

    console = make_console(env)
    width = console.width
    indent = " " * (natural_width([record["id"]]) + 2)
    name = wrap_cell(record["name"], width - len(indent), env.breaks).replace("\n", "\n" + indent)
    parts: list[Any] = [Text.assemble((record["id"], "bold"), "  ", (name, "bold"))]
    if lang == EN and note:
        parts.append(Text(note, style="dim"))
    if record.get("reading"):
        parts.append(Text(wrap_cell(record["reading"], width, env.breaks), style="dim"))
    details = Table.grid(padding=(0, 2))
    details.add_column(no_wrap=True, style="bold")
    details.add_column(no_wrap=True)
    details.add_column(overflow="fold")
    rows = [
        (
            d["id"],
            f"pp. {_pages(d['pages'])}",
            d["breadcrumb"] + (chrome(lang).repost_mark if d["repost"] else ""),
        )
        for d in record["placement_details"]
    ]
    room = width - natural_width([r[0] for r in rows]) - natural_width([r[1] for r in rows]) - 4
    for placement_id, pages, breadcrumb in rows:
        details.add_row(placement_id, pages, wrap_cell(breadcrumb, room, env.breaks))
    parts += [Text(""), Text("Placements", style="underline"), details]
    if record["corrections"]:
        fixes = Table.grid(padding=(0, 2))
        fixes.add_column(no_wrap=True)
        fixes.add_column(overflow="fold")
        kinds = ["source", *(c["kind"] for c in record["corrections"])]
        room = width - natural_width(kinds) - 2
        fixes.add_row("source", wrap_cell(record["source_text"], room, env.breaks))
        for correction in record["corrections"]:
            text = f"{_correction_text(correction)}: {correction['note']}"
            fixes.add_row(correction["kind"], wrap_cell(text, room, env.breaks))
        parts += [Text(""), Text("Corrections to the source text", style="underline"), fixes]
    if record.get("topic_details"):
        topics = Table.grid(padding=(0, 2))
        topics.add_column(no_wrap=True, style="bold")
        topics.add_column(overflow="fold")
        for topic in record["topic_details"]:
            topics.add_row(topic["title"], topic["why"])
        heading = "Topics (renkei's own classification, not the document's)"
        parts += [Text(""), Text(heading, style="underline"), topics]
    parts += [Text(""), Text("Related projects, strongest first", style="underline")]
    if record["related"]:
        parts.append(_related_table(record["related"], width, env, lang))
    else:
        parts.append(
            Text("none: it shares no topic and no specific term with another", style="dim")
        )
    console.print(Group(*parts))


def _related_table(items: Sequence[Record], width: int, env: Environment, lang: str) -> Any:
    """show's related projects, the names given the width (see tablefit); why they are
    related (topics, shared terms) only in Japanese."""
    from rich import box
    from rich.table import Table

    from renkei_cli.tablefit import column_widths, natural_width, wrap_cell

    rows = [
        (i["id"], i["name"], "\n".join(i.get("reasons") or i["shared"]), str(i["score"]))
        for i in items
    ]
    headers = ("ID", "Project", "Why", "Score")
    naturals = [natural_width([h, *(row[n] for row in rows)]) for n, h in enumerate(headers)]
    if lang == EN:
        naturals[2] = 0
    widths = column_widths(naturals, (False, True, True, False), (None, 3, 2, None), width)
    related = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=0)
    related.add_column("ID", no_wrap=True, style="bold")
    related.add_column("Project", overflow="fold", width=widths[1])
    if lang != EN:
        related.add_column("Why", overflow="fold", width=widths[2])
    related.add_column("Score", no_wrap=True, justify="right")
    for item_id, name, why, score in rows:
        reasons = [wrap_cell(why, widths[2], env.breaks)] if lang != EN else []
        related.add_row(item_id, wrap_cell(name, widths[1], env.breaks), *reasons, score)
    return related


# -- xref ------------------------------------------------------------------------------------


def write_terms(
    records: Sequence[Record],
    options: OutputOptions,
    env: Environment,
    caption: str,
    lang: str = JA,
) -> None:
    """The shared-term network; the table leaves out the names column (they are in Projects).
    In English the projects are named in English; the terms are words of the Japanese names."""
    columns: Sequence[Column] = TERM_COLUMNS
    if resolve_format(options.format, env) is Format.TABLE:
        columns = tuple(c for c in TERM_COLUMNS if c.header != "Names")
    if lang == EN:
        records, columns = in_english(records, columns)
    write_records(records, columns, options, env, caption)


# -- tree ------------------------------------------------------------------------------------


def _count_label(node: Record, lang: str = JA) -> str:
    projects = node["projects"]
    label = f"{projects} project" + ("" if projects == 1 else "s")
    return label + (f" + {node['reposts']} {chrome(lang).repost}" if node["reposts"] else "")


def _node_label(node: Record, lang: str = JA) -> str:
    level = node["level"]
    words = chrome(lang)
    if level == "placement":
        if node["repost"]:
            return f"{node['id']} {node['name']}" + words.repost_pointer.format(
                id=node["primary_id"]
            )
        theme = words.theme.format(theme=node["theme"]) if node.get("theme") else ""
        return f"{node['id']} {node['name']}{theme}"
    if level == "field":
        number = node["key"].rsplit("-", 1)[1]
        name = f"({number}) {node['title']}"
    elif level == "initiative":
        name = f"{node['key'].rsplit('-', 1)[1]} {node['title']}"
    else:
        name = f"{node['key']} {node['title']}"
    return f"{name} — {_count_label(node, lang)}"


def write_tree(
    nodes: list[Record],
    root_label: str,
    options: OutputOptions,
    env: Environment,
    lang: str = JA,
) -> None:
    """The hierarchy: a Rich tree on a terminal, two-space indented plain text in a pipe."""
    options = nested_options(options, "tree")
    fmt = resolve_format(options.format, env)
    if write_value(nodes, fmt, options, env):
        return
    if lang == EN:
        nodes = [english_record(node) for node in nodes]
    if fmt is Format.TABLE:
        from rich.tree import Tree

        from renkei_cli.tablefit import wrap_cell

        nodes = escape_value(nodes)

        console = make_console(env)
        root = Tree(
            wrap_cell(escape_controls(root_label), console.width, env.breaks), guide_style="dim"
        )

        def add(parent: Any, children: list[Record], depth: int) -> None:
            for child in children:
                style = "bold" if child["level"] in ("area", "field") else ""
                if child.get("repost"):
                    style = "dim"
                # A guide takes four cells a level: the label wraps in what is left.
                label = wrap_cell(_node_label(child, lang), console.width - 4 * depth, env.breaks)
                branch = parent.add(label, style=style)
                add(branch, child.get("children", []), depth + 1)

        add(root, nodes, 1)
        console.print(root)
        return
    lines = [root_label + "\n"]

    def walk(children: list[Record], depth: int) -> None:
        for child in children:
            lines.append("  " * depth + _node_label(child, lang).replace("\n", " ") + "\n")
            walk(child.get("children", []), depth + 1)

    walk(nodes, 1)
    emit("".join(lines), env)


# -- stats -----------------------------------------------------------------------------------

_LEVEL_HEADINGS = {"area": "Areas", "field": "Policy fields (area 3)", "initiative": "Initiatives"}


def bar(projects: int, reposts: int, largest: int, width: int = BAR_WIDTH) -> str:
    """█ per project and ░ per 【再掲】, scaled so `largest` placements fill `width`."""
    if largest <= 0:
        return ""
    scale = min(1.0, width / largest)
    solid = max(1, round(projects * scale)) if projects else 0
    light = max(1, round((projects + reposts) * scale) - solid) if reposts else 0
    return "█" * solid + "░" * light


def write_stats(
    rows: list[Record], caption: str, options: OutputOptions, env: Environment, lang: str = JA
) -> None:
    """Counts per area, field and initiative: bar charts on a terminal, TSV in a pipe."""
    if lang == EN:
        rows = [english_record(row) for row in rows]
    if resolve_format(options.format, env) is not Format.TABLE or options.fields:
        columns = english_columns(STATS_COLUMNS) if lang == EN else STATS_COLUMNS
        write_records(rows, columns, options, env, caption)
        return
    from rich import box
    from rich.cells import cell_len
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from renkei_cli.tablefit import wrap_cell

    rows, caption = escape_value(rows), escape_controls(caption)
    console = make_console(env)
    # Titles before bars: the title gets its width first (room permitting: the key, the counts
    # and the four one-cell dividers take theirs, a bar at least 8), the bar what is left.
    key_width = max(5, *(cell_len(r["key"]) for r in rows))
    fixed = key_width + cell_len("Projects") + cell_len(chrome(lang).repost.capitalize()) + 4
    title_width = max((cell_len(r["title"]) for r in rows), default=0)
    title_width = max(10, min(title_width, console.width - fixed - 8))
    bar_width = max(8, min(BAR_WIDTH, console.width - fixed - title_width))
    tables: list[Any] = []
    for level, heading in _LEVEL_HEADINGS.items():
        level_rows = [r for r in rows if r["level"] == level]
        if not level_rows:
            continue
        largest = max(r["placements"] for r in level_rows)
        table = Table(
            title=heading, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, padding=0
        )
        table.add_column("Key", no_wrap=True, style="bold", min_width=key_width)
        table.add_column("Title", overflow="fold", width=title_width)
        table.add_column("Projects", justify="right", no_wrap=True)
        table.add_column(chrome(lang).repost.capitalize(), justify="right", no_wrap=True)
        table.add_column("", no_wrap=True, width=bar_width, min_width=bar_width)
        for row in level_rows:
            table.add_row(
                row["key"],
                wrap_cell(row["title"], title_width, env.breaks),
                str(row["projects"]),
                str(row["reposts"] or ""),
                bar(row["projects"], row["reposts"], largest, bar_width),
            )
        tables.append(table)
    tables.append(Text(caption + f"   █ project  ░ {chrome(lang).repost}", style="dim"))
    console.print(Group(*tables))
