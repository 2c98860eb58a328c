"""`list` on a terminal: placements under the document's own headings, the name given the width.

The document's table has an area, a policy field and an initiative column beside each project;
repeated on every row they took most of a terminal and squeezed the names. Here they become
heading rows (area, policy field as `3(1)`, initiative with its letter and pages), so a row is
only its id, its name and the 【再掲】 marker, and at 80 columns a name up to 56 cells wide
stays on one line. TSV, CSV, JSON and Markdown keep the flat columns of views.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from renkei_cli.linebreak import text_width
from renkei_cli.output import displayable, emit, make_console
from renkei_cli.records import section_label
from renkei_cli.tablefit import Breaks, wrap_cell
from renkei_cli.terminal import Environment

Record = dict[str, Any]
ROW_INDENT = "    "  # rows sit under their initiative's heading
INITIATIVE_INDENT = "  "
GAP = "  "  # between the id and the name
MARKER_GAP = " "  # between the name and the marker (`→ 3-1-g-2`, itself led by an arrow)


def _marker(record: Record) -> str:
    return f"→ {record['primary_id']}" if record["repost"] else ""


def _pages(pages: Sequence[int]) -> str:
    first, last = pages
    return f"pp. {first}-{last}" if first != last else f"p. {first}"


def headings(previous: Record | None, record: Record) -> list[tuple[str, str]]:
    """The (label, title) heading rows that open before `record`: an area, a policy field,
    an initiative (with its theme), whichever changed since `previous`."""
    rows = []
    area_changed = previous is None or previous["area"] != record["area"]
    if area_changed:
        rows.append((f"Area {record['area']}", record["area_title"]))
    field_changed = previous is None or previous["field"] != record["field"]
    if record["field"] is not None and (area_changed or field_changed):
        rows.append((section_label(record), record["field_title"]))
    keys = ("initiative", "theme")
    if area_changed or field_changed or any(previous[k] != record[k] for k in keys):  # type: ignore[index]
        title = record["initiative_title"]
        if record.get("theme"):
            title = f"{title}－{record['theme']}"
        rows.append(
            (f"{INITIATIVE_INDENT}{record['initiative']}", f"{title}  {_pages(record['pages'])}")
        )
    return rows


def grouped_lines(
    records: Sequence[Record], width: int, breaks: Breaks = None, rule: str = "─"
) -> list[tuple[str, str]]:
    """The listing as (text, style) lines `width` cells wide: a header ruled off with `rule`,
    headings, rows."""
    id_width = max(text_width(r["id"]) for r in records)
    markers = [_marker(r) for r in records]
    marker_width = max(map(text_width, markers))
    marker_room = len(MARKER_GAP) + max(marker_width, text_width("再掲")) if marker_width else 0
    name_width = max(width - len(ROW_INDENT) - id_width - len(GAP) - marker_room, 8)
    header = f"{ROW_INDENT}{'ID'.ljust(id_width)}{GAP}{'Project'.ljust(name_width)}"
    if marker_room:
        header += f"{MARKER_GAP}再掲"
    lines: list[tuple[str, str]] = [(header.rstrip(), "bold"), (rule * width, "")]
    previous = None
    for record, marker in zip(records, markers, strict=True):
        for label, title in headings(previous, record):
            room = max(width - text_width(label) - 1, 8)
            wrapped = wrap_cell(title, room, breaks).split("\n")
            lines.append((f"{label} {wrapped[0]}", "bold"))
            lines += [(" " * (text_width(label) + 1) + more, "bold") for more in wrapped[1:]]
        previous = record
        # A row without a marker lends its name the marker's room.
        room = name_width if marker else name_width + marker_room
        name = wrap_cell(record["name"], room, breaks).split("\n")
        first = f"{ROW_INDENT}{record['id'].ljust(id_width)}{GAP}{name[0]}"
        if marker:
            padding = " " * (name_width - text_width(name[0]))
            first = f"{first}{padding}{MARKER_GAP}{marker}"
        lines.append((first, "dim" if record["repost"] else ""))
        blank = " " * (len(ROW_INDENT) + id_width + len(GAP))
        lines += [(blank + more, "dim" if record["repost"] else "") for more in name[1:]]
    return lines


def write_grouped_list(records: Sequence[Record], env: Environment, caption: str) -> None:
    """Print the grouped listing on the console (colour if it has any)."""
    from rich.text import Text

    console = make_console(env)
    encoding = console.encoding
    text = Text()
    # Box drawing is ambiguous-width on a Japanese console: an ASCII rule where not UTF.
    rule = "─" if encoding.lower().startswith("utf") else "-"
    for line, style in grouped_lines(records, console.width, env.breaks, rule):
        text.append(displayable(line, encoding) + "\n", style=style or None)
    text.append(displayable(caption, encoding), style="dim")
    with console.capture() as capture:
        console.print(text, overflow="ignore", crop=False, no_wrap=True)
    emit(capture.get(), env, encoding)
