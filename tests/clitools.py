"""Helpers for tests that run renkei as a real process: in a pipe, or on a pseudo-terminal."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ANSI_ESCAPE = "\x1b["
# Variables that change renkei's output; every process test starts without them.
OUTPUT_VARIABLES = (
    "NO_COLOR",
    "FORCE_COLOR",
    "COLUMNS",
    "LINES",
    "RENKEI_DATA",
    "RENKEI_LANG",
    "TERM",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
)
RENKEI = [sys.executable, "-m", "renkei_cli"]

# A small data file with what tables and CSV must survive: characters outside cp932 (𠮷 and
# the em dash), a comma, double quotes, a vertical bar, and an initiative of 【再掲】 rows only.
TRICKY_DATA = """\
schema_version: 1
source:
  title: テスト文書
  section: V テスト
areas:
  - number: 1
    title: 𠮷野の取組—試験
    pages: [1, 2]
    initiatives:
      - letter: a
        title: "カンマ, と \\"引用符\\" と | 縦棒"
        projects:
          - name: 𠮷田町の事業—その一
          - name: "yes"
      - letter: b
        title: 再掲だけの取組
        projects:
          - repost: 𠮷田町の事業—その一
"""


def write_tricky_data(directory: Path) -> Path:
    """Write TRICKY_DATA into `directory` and return its path."""
    path = directory / "tricky.yaml"
    path.write_text(TRICKY_DATA, encoding="utf-8")
    return path


def process_env(**overrides: str) -> dict[str, str]:
    """The current environment without the variables that steer output, plus `overrides`."""
    env = {k: v for k, v in os.environ.items() if k not in OUTPUT_VARIABLES}
    env.update(overrides)
    return env


@dataclass(frozen=True)
class Finished:
    """A finished process: exit code, and stdout (bytes) and stderr (text) apart."""

    returncode: int
    stdout: bytes
    stderr: str


def run_piped(*args: str, env: dict[str, str] | None = None) -> Finished:
    """Run renkei with stdout and stderr connected to pipes (as in `renkei list | cat`)."""
    done = subprocess.run(
        [*RENKEI, *args],
        env=env if env is not None else process_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return Finished(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))


def run_closed_pipe(*args: str, env: dict[str, str] | None = None) -> Finished:
    """Run renkei writing into a pipe whose reader has already gone (`renkei list | true`)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [*RENKEI, *args],
            env=env if env is not None else process_env(),
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    return Finished(done.returncode, b"", done.stderr.decode("utf-8", "replace"))


def pty_unavailable() -> str | None:
    """Why pseudo-terminal tests cannot run here, or None if they can."""
    try:
        import fcntl  # noqa: F401
        import pty
        import termios  # noqa: F401
    except ImportError:
        return "no pseudo-terminals on this platform (pty/termios modules missing)"
    try:
        master, slave = pty.openpty()
    except OSError as error:
        return f"no pseudo-terminal can be opened here: {error}"
    os.close(master)
    os.close(slave)
    return None


def run_in_pty(
    *args: str,
    env: dict[str, str] | None = None,
    columns: int = 80,
    rows: int = 200,
    stdin_tty: bool = False,
) -> Finished:
    """Run renkei with stdout (and with `stdin_tty` stdin too, as in an interactive shell) on a
    pseudo-terminal of the given size; stderr stays a pipe.

    The terminal's CR LF line ends are turned back into LF.
    """
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [*RENKEI, *args],
        env=env if env is not None else process_env(TERM="xterm-256color"),
        stdin=slave if stdin_tty else subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
    )
    os.close(slave)
    chunks = []
    with contextlib.suppress(OSError):  # Linux reports the closed terminal as EIO
        while chunk := os.read(master, 65536):
            chunks.append(chunk)
    os.close(master)
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    returncode = process.wait(timeout=60)
    return Finished(returncode, b"".join(chunks).replace(b"\r\n", b"\n"), stderr)
