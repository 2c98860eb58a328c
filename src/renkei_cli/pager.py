"""A pager on a terminal when the output is taller than the screen (git's and gh's convention).

While a command runs, its stdout is kept in memory; at the end it is written straight to the
terminal if it fits the screen, else piped to $RENKEI_PAGER, else $PAGER, else `less -FRX`
(LESS=FRX is set when LESS is unset, so a plain `less` keeps colour too). Only when both stdin
and stdout are terminals (someone is there to page), never in a pipe; `cat` or an empty value
means no pager, and a pager that cannot start means printing directly. No Typer, no Rich.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO

DEFAULT_PAGER = "less -FRX"


def pager_command(environ: dict[str, str] | os._Environ[str] = os.environ) -> list[str] | None:
    """The pager's argv: $RENKEI_PAGER, else $PAGER, else less -FRX; None for no pager (an
    empty value, `cat`, or one that cannot be split into words)."""
    import shlex

    text = environ.get("RENKEI_PAGER")
    if text is None:
        text = environ.get("PAGER", DEFAULT_PAGER)
    try:
        argv = shlex.split(text)
    except ValueError:
        return None
    if not argv or argv == ["cat"]:
        return None
    return argv


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def screen_rows(stream: TextIO) -> int:
    """The terminal's height in lines ($LINES first, as the shell sets it); 0 if unknown."""
    lines = os.environ.get("LINES", "")
    if lines.isdigit() and int(lines) > 0:
        return int(lines)
    try:
        return os.get_terminal_size(stream.fileno()).lines
    except (AttributeError, ValueError, OSError):
        return 0


class _HeldOutput(io.TextIOWrapper):
    """Stdout kept in memory, still a terminal to whoever asks (so tables keep their colour)."""

    def __init__(self, terminal: TextIO) -> None:
        super().__init__(
            io.BytesIO(),
            encoding=terminal.encoding or "utf-8",
            errors=terminal.errors or "strict",
            line_buffering=False,
        )
        self._terminal = terminal

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._terminal.fileno()

    def held(self) -> bytes:
        self.flush()
        data = self.buffer
        assert isinstance(data, io.BytesIO)
        return data.getvalue()


@contextlib.contextmanager
def paging() -> Iterator[None]:
    """Hold stdout while the block runs, then page it if it is taller than the screen."""
    terminal = sys.stdout
    interactive = _is_terminal(terminal) and _is_terminal(sys.stdin)
    rows = screen_rows(terminal) if interactive else 0
    argv = pager_command() if rows > 0 else None
    if argv is None:
        yield
        return
    held = _HeldOutput(terminal)
    sys.stdout = held
    try:
        yield
    finally:
        sys.stdout = terminal
        show(held.held(), rows, argv, terminal)


def show(data: bytes, rows: int, argv: list[str], terminal: TextIO) -> None:
    """Write data to the terminal, through the pager if it has more lines than the screen
    (less one, for the prompt); directly if the pager cannot start."""
    if data.count(b"\n") < rows or not run_pager(argv, data):
        terminal.flush()
        out: BinaryIO | None = getattr(terminal, "buffer", None)
        if out is None:
            terminal.write(data.decode(terminal.encoding or "utf-8", "replace"))
        else:
            out.write(data)
        terminal.flush()


def run_pager(argv: list[str], data: bytes) -> bool:
    """Feed data to the pager and wait for it; False if it could not be started."""
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the pager
    try:
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # the reader quit before the end
            process.stdin.write(data)
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True
