"""The process around a command: its standard streams and arguments, the exit status, a fast exit.

No Typer and no Rich: what happens before the command line is parsed and after it has run.

- A closed stdout (`renkei list >&-`) becomes a descriptor that refuses writes (EBADF), so
  the run ends like any other failed write instead of with an AttributeError on None.
- A write to stdout that fails (a full disk, EIO, a closed descriptor) ends the run with one
  line on stderr and exit 74 (EX_IOERR); a closed pipe stays silent with 141.
- stderr escapes control and bidi characters (messages echo arguments and data) and never
  fails: a closed or full stderr cannot change the exit code of a run that succeeded.
- Arguments that arrive as undecodable bytes (a C locale) are decoded as UTF-8.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import sys
from collections.abc import Callable
from typing import Any

from renkei_cli.errors import ExitCode
from renkei_cli.safe_text import escape_lines


class SafeStderr(io.TextIOWrapper):
    """stderr for people: control and bidi characters escaped, write errors swallowed."""

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, ValueError):
            super().write(escape_lines(text))
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            super().flush()


def guard_standard_streams() -> None:
    """Make stdin, stdout and stderr safe to use whatever state they arrive in (see above)."""
    for descriptor in (0, 1, 2):
        _reserve_if_closed(descriptor)
    if sys.stdout is None:
        sys.stdout = _refusing_stream(1)
    stderr: Any = sys.stderr if sys.stderr is not None else _refusing_stream(2)
    buffer = getattr(stderr, "buffer", None)
    if buffer is None or isinstance(stderr, SafeStderr):
        return
    _replaced.append(stderr)  # collected, it would close the buffer the new stream writes to
    encoding = stderr.encoding or "utf-8"
    if encoding.lower().replace("-", "").replace("_", "") in ("ascii", "ansix3.41968"):
        encoding = "utf-8"  # as click would choose for a misconfigured (C locale) stream
    sys.stderr = SafeStderr(
        buffer,
        encoding=encoding,
        errors=stderr.errors or "backslashreplace",
        line_buffering=True,
        write_through=True,
    )


_replaced: list[Any] = []


def _reserve_if_closed(descriptor: int) -> None:
    """Open /dev/null read-only on a closed standard descriptor: writes to it then fail with
    EBADF, and no file renkei opens (a cache entry) can take its number."""
    try:
        os.fstat(descriptor)
        return
    except OSError:
        pass
    try:
        opened = os.open(os.devnull, os.O_RDONLY)
    except OSError:
        return
    if opened != descriptor:
        os.dup2(opened, descriptor)
        os.close(opened)


def _refusing_stream(descriptor: int) -> io.TextIOWrapper:
    """A text stream on a descriptor reserved by _reserve_if_closed: every write fails."""
    raw = io.FileIO(descriptor, "w", closefd=False)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", errors="replace")


def utf8_arguments(arguments: list[str]) -> list[str]:
    """Arguments as UTF-8 text: under a C locale, Python keeps non-ASCII bytes as surrogates
    (`空港` would be three lone surrogates per character); decode those bytes as UTF-8."""
    decoded = []
    for argument in arguments:
        if not argument.isascii():
            with contextlib.suppress(UnicodeError):
                argument = os.fsencode(argument).decode("utf-8")
        decoded.append(argument)
    return decoded


def run(command: Callable[[], object]) -> None:
    """Run a command line as this process: make its streams and arguments safe, turn how it
    ends into an exit status and a one-line message, then exit fast."""
    # One short run allocates hundreds of thousands of acyclic objects on a large dataset
    # (records, index keys); the cycle collector only slows that down (by 30-50%), and the
    # process ends before uncollected cycles could matter.
    gc.disable()
    guard_standard_streams()
    sys.argv = utf8_arguments(sys.argv)
    tolerate_console_encoding()
    code: int = int(ExitCode.OK)
    try:
        command()
    except SystemExit as done:
        code = exit_status(done.code)
    except KeyboardInterrupt:
        sys.stderr.write("renkei: interrupted\n")
        code = int(ExitCode.INTERRUPTED)
    except OSError as error:  # a failed write to stdout (--help and --version too)
        code = output_failed(error)
    fast_exit(code)


def output_failed(error: OSError) -> int:
    """Report a failed write to stdout in one line on stderr; the exit code to end with.
    A closed pipe is no failure to report: stdout is silenced and the code is 141."""
    if isinstance(error, BrokenPipeError):
        silence_stdout()
        return int(ExitCode.BROKEN_PIPE)
    reason = error.strerror or os.strerror(error.errno or errno.EIO)
    sys.stderr.write(f"renkei: error: cannot write the output: {reason}\n")
    sys.stderr.flush()
    return int(ExitCode.IO_ERROR)


def silence_stdout() -> None:
    """After the reader of a pipe has gone, point stdout at devnull so the final flush is quiet.

    CPython's advice (signal module, "Note on SIGPIPE"): don't restore SIG_DFL, redirect the
    descriptor, so the interpreter's flush at exit writes to devnull instead of raising again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def tolerate_console_encoding() -> None:
    """Let help and messages print on a console that cannot encode them (PYTHONIOENCODING=
    latin-1, a cp932 console): unencodable characters become `?` instead of a traceback.
    Machine formats and tables do not depend on this: they encode their own bytes."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            reconfigure(errors="replace")


def exit_status(code: object) -> int:
    """What SystemExit's argument means as a process status (as the interpreter reads it)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def fast_exit(code: int) -> None:
    """Flush the output, then end the process without tearing the interpreter down.

    Finalising the modules Typer loads costs ~20 ms, a third of a run; renkei registers no
    atexit work and has written everything (the cache included) by now, so once stdout and
    stderr are flushed there is nothing left for the teardown to do.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            silence_stdout()
            code = code or int(ExitCode.BROKEN_PIPE)
        except OSError as error:
            if stream is sys.stdout and code != ExitCode.IO_ERROR:  # not reported yet
                code = output_failed(error)
        except (ValueError, AttributeError):
            pass
    os._exit(code)
