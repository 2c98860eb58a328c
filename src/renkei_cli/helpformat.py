"""`--help` that fits the terminal: wrapped by display width, between words and phrases.

Click's formatter counts characters, so a line with Japanese in it is wider than it thinks,
and the terminal then breaks it wherever the edge falls (`くう / こう`); its `\\b` blocks (the
examples) are never wrapped at all. This formatter measures cells (linebreak.text_width),
breaks English at spaces and Japanese at linebreak's plain boundaries (no segmenter: help
must start fast), never against kinsoku, and wraps an example line that is too wide under
its own comment. The WrappingHelp mixin installs it on a group and its commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from renkei_cli.linebreak import line_spans, plain_boundaries, text_width

_RAW = "\b"  # click's marker of a paragraph that keeps its line breaks


def _wrap_line(line: str, width: int, indent: str, hanging: str) -> list[str]:
    """One line of text wrapped to `width` cells: `indent` before the first, `hanging` before
    the others."""
    room = max(width - text_width(indent), 10)
    spans = line_spans(line, room, plain_boundaries(line))
    first = [indent + line[s:e] for s, e in spans[:1]]
    # Later lines have the hanging indent; rewrap the rest if that indent is wider.
    if len(spans) > 1 and text_width(hanging) > text_width(indent):
        rest = line[spans[1][0] :]
        return first + _wrap_line(rest, width, hanging, hanging)
    return first + [hanging + line[s:e] for s, e in spans[1:]]


def _raw_line(line: str, width: int, indent: str) -> list[str]:
    """A line of a `\\b` block: kept whole if it fits, else wrapped under its comment (`#`)
    or four cells in from its own indent."""
    if text_width(indent + line) <= width:
        return [indent + line]
    stripped = line.lstrip(" ")
    own = line[: len(line) - len(stripped)]
    comment = line.find("  # ")
    hanging = " " * (text_width(line[:comment]) + 4) if comment > 0 else own + "    "
    if text_width(indent + hanging) > width // 2:
        hanging = own + "    "
    return _wrap_line(stripped, width, indent + own, indent + hanging)


def wrap_help(
    text: str,
    width: int,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """click.formatting.wrap_text, by display width and between words and phrases."""
    text = text.expandtabs()
    if not preserve_paragraphs:
        line = " ".join(text.split())
        return "\n".join(_wrap_line(line, width, initial_indent, subsequent_indent))
    paragraphs: list[tuple[int, bool, list[str]]] = []
    for block in _blocks(text):
        raw = block[0].strip() == _RAW
        lines = block[1:] if raw else block
        if not lines:
            continue
        indent = len(lines[0]) - len(lines[0].lstrip())
        paragraphs.append((indent, raw, [line[indent:] if raw else line for line in lines]))
    out = []
    for indent, raw, lines in paragraphs:
        extra = " " * indent
        if raw:
            wrapped = [
                row for line in lines for row in _raw_line(line, width, initial_indent + extra)
            ]
        else:
            joined = " ".join(part.strip() for part in lines)
            wrapped = _wrap_line(joined, width, initial_indent + extra, subsequent_indent + extra)
        out.append("\n".join(wrapped))
    return "\n\n".join(out)


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs: runs of lines between empty lines."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


class WrappingHelpFormatter(HelpFormatter):
    """Click's help formatter, wrapping by display width between words and phrases."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = "Usage: " if prefix is None else prefix
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        hanging = " " * min(text_width(usage_prefix), self.width // 2)
        self.write(wrap_help(args, self.width, usage_prefix, hanging) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap_help(text, self.width, indent, indent, preserve_paragraphs=True) + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max((text_width(r[0]) for r in rows), default=0), col_max) + col_spacing
        margin = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if text_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - text_width(first)))
            else:
                self.write("\n" + margin)
            # Every line of the description, the first too, starts at the margin.
            text = wrap_help(second, self.width, margin, margin, preserve_paragraphs=True)
            self.write(text[len(margin) :] + "\n")


class WrappingContext(Context):
    """A click context whose help is drawn by WrappingHelpFormatter."""

    formatter_class = WrappingHelpFormatter


class WrappingHelp:
    """A click group mixin: the group's help and its commands' drawn by WrappingHelpFormatter."""

    context_class: type[Context] = WrappingContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in getattr(self, "commands", {}).values():
            command.context_class = WrappingContext
