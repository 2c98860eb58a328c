"""A table whose repeated columns become heading rows, so the width goes to what varies.

`list`'s area, policy field and initiative are the same on every row of an initiative; repeated
in columns they took most of a terminal and squeezed the project names. A column with a
`heading` (views.py says which, and what its heading rows read) is drawn instead as heading
rows that open wherever its value changes, like the document's own table; a row is then only
the other columns (id, name, marker), the folding one (the name) taking the width the others
leave, and a row whose trailing cells are empty lending that room to it too. TSV, CSV, JSON and
Markdown keep the flat columns.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from renkei_cli.linebreak import text_width
from renkei_cli.output import Column, displayable, emit, fit_columns, make_console
from renkei_cli.safe_text import escape_lines, escape_value
from renkei_cli.tablefit import Breaks, column_widths, natural_width, wrap_cell
from renkei_cli.terminal import Environment, fallback_width

Record = dict[str, Any]
ROW_INDENT = "    "  # rows sit under their headings


def heading_rows(columns: Sequence[Column], record: Record) -> list[tuple[str, str]]:
    """Every (label, title) heading above a record, outermost first."""
    return [row for c in columns if c.heading is not None for row in c.heading(record)]


def _heading_lines(label: str, title: str, width: int, breaks: Breaks) -> list[str]:
    room = max(width - text_width(label) - 1, 8)
    wrapped = wrap_cell(title, room, breaks).split("\n")
    hanging = " " * (text_width(label) + 1)
    return [f"{label} {wrapped[0]}", *(hanging + more for more in wrapped[1:])]


def _row_lines(cells: Sequence[str], widths: Sequence[int]) -> list[str]:
    """One record's row: its wrapped cells side by side, one-cell dividers."""
    split = [cell.split("\n") for cell in cells]
    lines = []
    for number in range(max(len(parts) for parts in split)):
        pieces = [parts[number] if number < len(parts) else "" for parts in split]
        padded = [p + " " * (w - text_width(p)) for p, w in zip(pieces, widths, strict=True)]
        lines.append((ROW_INDENT + " ".join(padded)).rstrip())
    return lines


def grouped_lines(
    records: Sequence[Record],
    columns: Sequence[Column],
    width: int,
    breaks: Breaks = None,
    rule: str = "─",
) -> tuple[list[tuple[str, str]], list[Column]]:
    """The table as (text, style) lines `width` cells wide, and the columns hidden for room:
    a header ruled off with `rule`, then heading rows and rows."""
    row_columns = [c for c in columns if c.heading is None]
    room = width - len(ROW_INDENT)
    shown, hidden = fit_columns(records, row_columns, room)
    texts = [[(c.display or c.value)(r) for c in shown] for r in records]
    naturals = [natural_width([c.header, *(row[i] for row in texts)]) for i, c in enumerate(shown)]
    folds = [c.fold for c in shown]
    widths = column_widths(naturals, folds, [c.ratio for c in shown], room)
    header = _row_lines([c.header for c in shown], widths)[0]
    lines: list[tuple[str, str]] = [(header, "bold"), (rule * width, "")]
    previous: list[tuple[str, str]] = []
    for record, row in zip(records, texts, strict=True):
        headings = heading_rows(columns, record)
        pairs = enumerate(zip(previous, headings, strict=False))
        changed = next((n for n, (a, b) in pairs if a != b), min(len(previous), len(headings)))
        for label, title in headings[changed:]:
            lines += [(line, "bold") for line in _heading_lines(label, title, width, breaks)]
        previous = headings
        cells, row_widths = _fitted_cells(row, widths, folds, breaks)
        style = "dim" if record.get("repost") else ""
        lines += [(line, style) for line in _row_lines(cells, row_widths)]
    return lines, hidden


def _fitted_cells(
    row: Sequence[str], widths: Sequence[int], folds: Sequence[bool], breaks: Breaks
) -> tuple[list[str], list[int]]:
    """A row's cells wrapped to their widths; the last folding cell takes the room of empty
    cells after it (a row without a 再掲 marker lends it to the name)."""
    widths = list(widths)
    last_fold = max((i for i, fold in enumerate(folds) if fold), default=None)
    if last_fold is not None and not any(row[last_fold + 1 :]):
        widths[last_fold] += sum(w + 1 for w in widths[last_fold + 1 :])
    cells = [
        wrap_cell(t, w, breaks) if f else t for t, w, f in zip(row, widths, folds, strict=True)
    ]
    return cells, widths


def print_grouped(
    records: Sequence[Record], columns: Sequence[Column], env: Environment, caption: str | None
) -> None:
    """Print the grouped table: plain lines with ANSI bold and dim where the terminal has
    colour. No Rich: the lines are already fitted, and `list` is the command people run first."""
    if sys.platform == "win32":  # a Windows console needs Rich for its colour
        _print_with_rich(records, columns, env, caption)
        return
    encoding = env.encoding
    width = env.width or fallback_width(env.stdout)
    lines, caption = _lines_and_caption(records, columns, env, caption, width, encoding)
    out = []
    for line, style in lines:
        text = displayable(line, encoding)
        out.append(f"\x1b[{_SGR[style]}m{text}\x1b[0m" if env.color and style else text)
    emit("\n".join(out) + "\n", env, encoding)


_SGR = {"bold": "1", "dim": "2"}


def _lines_and_caption(
    records: Sequence[Record],
    columns: Sequence[Column],
    env: Environment,
    caption: str | None,
    width: int,
    encoding: str,
) -> tuple[list[tuple[str, str]], str | None]:
    """The grouped lines with the caption (saying which columns had no room) as the last."""
    # Box drawing is ambiguous-width on a Japanese console: an ASCII rule where not UTF.
    rule = "─" if encoding.lower().replace("-", "").startswith("utf") else "-"
    records = [escape_value(record) for record in records]  # control characters shown escaped
    lines, hidden = grouped_lines(records, columns, width, env.breaks, rule)
    if hidden:
        note = f"no room for {', '.join(c.header for c in hidden)}; see --fields"
        caption = f"{caption} ({note})" if caption else note
    if caption:
        lines.append((escape_lines(caption), "dim"))
    return lines, caption


def _print_with_rich(
    records: Sequence[Record], columns: Sequence[Column], env: Environment, caption: str | None
) -> None:
    from rich.text import Text

    console = make_console(env)
    encoding = console.encoding
    lines, caption = _lines_and_caption(records, columns, env, caption, console.width, encoding)
    text = Text("\n").join(Text(displayable(line, encoding), style or "") for line, style in lines)
    with console.capture() as capture:
        console.print(text, overflow="ignore", crop=False, no_wrap=True)
    emit(capture.get(), env, encoding)
