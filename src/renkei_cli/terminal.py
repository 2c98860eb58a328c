"""Every fact about the terminal renkei writes to, decided once (httpie's Environment idea)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, slots=True)
class Environment:
    """Where output goes and how it may look: TTY or pipe, colour, width, encoding."""

    stdout: TextIO
    is_tty: bool
    color: bool
    width: int | None
    encoding: str
    # Where a cell's text may break (offsets), from the data's phrase table; None: linebreak's
    # plain boundaries. Looked up only when a table wraps text.
    breaks: Callable[[str], Sequence[int]] | None = None

    @classmethod
    def detect(
        cls,
        stdout: TextIO | None = None,
        no_color: bool = False,
        breaks: Callable[[str], Sequence[int]] | None = None,
    ) -> Environment:
        """Read the environment: NO_COLOR, FORCE_COLOR, TERM=dumb, COLUMNS and the stream itself."""
        stream = stdout if stdout is not None else sys.stdout
        try:
            is_tty = stream.isatty()
        except (AttributeError, ValueError):
            is_tty = False
        env = os.environ
        if no_color or env.get("NO_COLOR"):
            color = False
        elif env.get("FORCE_COLOR"):
            color = True
        else:
            color = is_tty and env.get("TERM") != "dumb"
        width = None
        columns = env.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            width = int(columns)
        encoding = getattr(stream, "encoding", None) or "utf-8"
        return cls(stream, is_tty, color, width, encoding, breaks)


def fallback_width(stream: TextIO) -> int:
    """The width when COLUMNS gives none (unset, 0, negative, not a number): the terminal's,
    else 80. Rich would read COLUMNS itself, and print nothing for COLUMNS=0."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80
