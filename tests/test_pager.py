"""The pager: used on a terminal when the output is taller than the screen, never otherwise."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from .clitools import Finished, process_env, pty_unavailable, run_in_pty, run_piped

pytestmark = pytest.mark.skipif(pty_unavailable() is not None, reason=str(pty_unavailable()))

MARK = "--- paged ---"


def interactive(*args: str, env: dict[str, str], rows: int = 24, columns: int = 80) -> Finished:
    """Run renkei with stdin and stdout on one pseudo-terminal of the given size."""
    return run_in_pty(*args, env=env, columns=columns, rows=rows, stdin_tty=True)


@pytest.fixture
def fake_pager(tmp_path: Path) -> str:
    """A pager that announces itself, then shows its input (as `cat` would)."""
    script = tmp_path / "fake-pager"
    script.write_text(f"#!/bin/sh\necho '{MARK}'\nexec cat\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def terminal_env(**overrides: str) -> dict[str, str]:
    env = process_env(TERM="xterm-256color")
    for name in ("PAGER", "RENKEI_PAGER", "LESS"):
        env.pop(name, None)
    env.update(overrides)
    return env


def test_output_taller_than_the_screen_goes_to_the_pager(fake_pager: str) -> None:
    done = interactive("list", env=terminal_env(RENKEI_PAGER=fake_pager), rows=24)
    text = done.stdout.decode()
    assert done.returncode == 0, done.stderr
    assert text.startswith(MARK)
    assert "3-1-c-1" in text and "82 placements" in text


def test_pager_falls_back_to_PAGER(fake_pager: str) -> None:
    done = interactive("list", env=terminal_env(PAGER=fake_pager), rows=24)
    assert done.stdout.decode().startswith(MARK)


def test_colour_reaches_the_pager(fake_pager: str) -> None:
    done = interactive("list", env=terminal_env(RENKEI_PAGER=fake_pager), rows=24)
    assert done.stdout.startswith(MARK.encode())
    assert b"\x1b[1m" in done.stdout  # bold headings and ids


def test_output_that_fits_is_printed_directly(fake_pager: str) -> None:
    done = interactive("list", "-a", "1", "-i", "a", env=terminal_env(RENKEI_PAGER=fake_pager))
    text = done.stdout.decode()
    assert done.returncode == 0
    assert MARK not in text and "1-a-1" in text


def test_no_pager_option_prints_directly(fake_pager: str) -> None:
    env = terminal_env(RENKEI_PAGER=fake_pager)
    done = interactive("--no-pager", "list", env=env, rows=24)
    text = done.stdout.decode()
    assert MARK not in text and "82 placements" in text


def test_renkei_pager_cat_means_no_pager(fake_pager: str) -> None:
    done = interactive("list", env=terminal_env(RENKEI_PAGER="cat", PAGER=fake_pager), rows=24)
    text = done.stdout.decode()
    assert MARK not in text and "82 placements" in text


def test_a_missing_pager_binary_means_printing_directly(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-pager")
    done = interactive("list", env=terminal_env(RENKEI_PAGER=missing), rows=24)
    assert done.returncode == 0, done.stderr
    assert "82 placements" in done.stdout.decode()
    assert "Traceback" not in done.stderr


def test_never_in_a_pipe(fake_pager: str) -> None:
    done = run_piped("list", env=terminal_env(RENKEI_PAGER=fake_pager, LINES="5"))
    assert MARK.encode() not in done.stdout
    assert done.stdout.count(b"\n") == 82  # TSV, one line a placement


def test_an_error_still_reaches_stderr_and_exits_with_its_code(fake_pager: str) -> None:
    done = interactive("list", "--area", "9", env=terminal_env(RENKEI_PAGER=fake_pager))
    assert done.returncode == 2
    assert "renkei: error:" in done.stderr
