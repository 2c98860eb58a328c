"""The process around a command: console encoding, closed pipes, the exit status, a fast exit.

No Typer and no Rich: what happens before the command line is parsed and after it has run.
"""

from __future__ import annotations

import os
import sys

from renkei_cli.errors import ExitCode


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
        except (OSError, ValueError):
            pass
    os._exit(code)
