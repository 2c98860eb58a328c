"""Exit codes and the error types every layer raises; the CLI turns them into one-line messages."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ExitCode(enum.IntEnum):
    """The documented exit codes of every renkei command (README.md, "Exit codes")."""

    OK = 0
    NO_MATCH = 1  # ran, found nothing; the output is still valid (`[]`, a CSV header)
    USAGE = 2  # a bad option or value (click's own usage errors exit 2 as well)
    DATA = 2  # a data file that cannot be loaded
    # The output could not be written (a full disk, a closed descriptor, EIO): sysexits.h's
    # EX_IOERR, so a script never takes a half-written output for a result.
    IO_ERROR = 74
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT
    # The reader of stdout went away (`renkei list | head -n 1`): 128 + SIGPIPE, what a shell
    # reports for cat, grep or jq killed by SIGPIPE, so `set -o pipefail` treats renkei alike.
    BROKEN_PIPE = 141


class RenkeiError(Exception):
    """Base of the errors renkei reports to the user (never shown as a traceback)."""

    exit_code: ExitCode = ExitCode.USAGE

    def lines(self) -> list[str]:
        """The message, one line per problem."""
        return [str(self)]

    def details(self) -> list[str]:
        """Lines printed after the message as they are (candidates, hints); none by default."""
        return []


class UsageError(RenkeiError):
    """A bad argument: one line naming what is wrong and what is valid."""

    exit_code = ExitCode.USAGE


class AmbiguousError(UsageError):
    """A name that matches several things: the message, then one candidate per line."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates

    def details(self) -> list[str]:
        return list(self.candidates)


class NotFoundError(RenkeiError):
    """A lookup (id or name) found nothing; `details` are the lines after the message (the
    nearest names, what to try)."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self._details = list(details or [])

    def details(self) -> list[str]:
        return list(self._details)


class ExportError(RenkeiError):
    """An export that cannot be written (the file exists, a SQLite without FTS5, a full disk);
    the file it would replace is left as it was."""

    exit_code = ExitCode.USAGE


class ExportWriteError(ExportError):
    """An export's file could not be written (a full disk, no permission): nothing replaced."""

    exit_code = ExitCode.IO_ERROR


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a data file; lines and columns are 1-based."""

    line: int
    column: int
    message: str

    def format(self, path: str) -> str:
        """The `FILE:LINE:COL: message` form compilers and editors understand."""
        return f"{path}:{self.line}:{self.column}: {self.message}"


class DataError(RenkeiError):
    """A data file that cannot be loaded, with every problem found in it."""

    exit_code = ExitCode.DATA

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = sorted(problems, key=lambda p: (p.line, p.column))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """Every problem as `FILE:LINE:COL: message`."""
        return [problem.format(self.path) for problem in self.problems]
