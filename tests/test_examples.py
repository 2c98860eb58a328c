"""Every example runs as typed: each `renkei …` line of README.md, of docs/*.md (in sh, bash
and console blocks) and of every command's `--help` Examples is run through `bash -c` exactly
as written, so a quoting mistake fails, and must exit with its documented code.

The convention: an example exits 0 unless its comment starts `# exit N` (`renkei show kuukou
# exit 2: …`). Examples run in an empty directory (they may write files there) holding
`my.yaml`, a copy of the bundled data, for the examples that name a data file of one's own;
HOME and the cache point into that directory too, and the venv's bin comes first on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from renkei_cli.cli import PROG_NAME, app

from .clitools import process_env, pty_unavailable, run_in_pty
from .conftest import DATA, ROOT

_NO_PTY = pty_unavailable()
needs_pty = pytest.mark.skipif(_NO_PTY is not None, reason=f"pseudo-terminal tests: {_NO_PTY}")

# A line that runs renkei: at its start (after any VAR=value settings) or inside $(…).
COMMAND = re.compile(r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*renkei\b|\$\(renkei\b")
EXIT = re.compile(r"#\s*exit (\d+)\b")
FENCE = re.compile(r"^```(\w*)")
SHELL_BLOCKS = {"sh", "bash", "console", "shell"}


def markdown_examples(path: Path) -> list[str]:
    """The `renkei` command lines of a Markdown file's shell blocks (`$ ` prompts removed;
    in console blocks only prompted lines are commands)."""
    found, language = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        fence = FENCE.match(line)
        if fence:
            language = None if language is not None else fence.group(1)
            continue
        if language not in SHELL_BLOCKS:
            continue
        if language == "console":
            if not line.startswith("$ "):
                continue
            line = line[2:]
        if COMMAND.search(line.strip()):
            found.append(line.strip())
    return found


def command_paths(command: Any, path: list[str]) -> list[list[str]]:
    """The argument paths of a command and, for a group, of every command under it."""
    paths = [path]
    if hasattr(command, "list_commands"):
        with command.make_context(PROG_NAME, [], resilient_parsing=True) as ctx:
            for name in command.list_commands(ctx):
                paths += command_paths(command.get_command(ctx, name), [*path, name])
    return paths


def help_examples() -> list[str]:
    """The lines of the Examples section of every command's and group's `--help`."""
    import typer

    found = []
    for args in command_paths(typer.main.get_command(app), []):
        text = CliRunner().invoke(app, [*args, "--help"], prog_name=PROG_NAME).stdout
        section = text.split("\n  Examples:\n", 1)[1].split("\n\n", 1)[0]
        found += [line.strip() for line in section.splitlines() if COMMAND.search(line.strip())]
    return found


SOURCES = {
    "README.md": markdown_examples(ROOT / "README.md"),
    **{
        f"docs/{path.name}": markdown_examples(path)
        for path in sorted((ROOT / "docs").glob("*.md"))
    },
    "--help": help_examples(),
}
EXAMPLES = [(source, line) for source, lines in SOURCES.items() for line in lines]


def expected_exit(line: str) -> int:
    """The exit code an example documents: `# exit N` starts its comment, else 0."""
    comment = line.split(" #", 1)[1] if " #" in line else ""
    match = EXIT.match("#" + comment)
    return int(match.group(1)) if match else 0


def test_there_are_examples_everywhere() -> None:
    assert len(SOURCES["README.md"]) >= 8
    assert len(SOURCES["--help"]) >= 20
    assert any(expected_exit(line) != 0 for _, line in EXAMPLES)


@pytest.mark.parametrize(("source", "line"), EXAMPLES, ids=[f"{s}: {e}" for s, e in EXAMPLES])
def test_every_example_runs_as_typed(source: str, line: str, tmp_path: Path) -> None:
    shutil.copyfile(DATA, tmp_path / "my.yaml")
    bin_dir = str(Path(sys.executable).parent)
    env = {
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(
        ["bash", "-c", line],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == expected_exit(line), f"{source}: {line}\n{done.stderr}"
    assert "Traceback" not in done.stderr


@needs_pty
def test_the_readme_sample_is_real_output() -> None:
    """The sample under `<!-- sample: COMMAND -->` is what COMMAND prints on an 80-column
    terminal without colour (trailing spaces aside)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- sample: (renkei [^>]*?) -->\n```text\n(.*?)\n```", text, re.S)
    assert match, "README.md has no sample"
    env = process_env(TERM="xterm-256color", NO_COLOR="1")
    done = run_in_pty(*match.group(1).split()[1:], env=env, columns=80)
    assert done.returncode == 0, done.stderr
    printed = [line.rstrip() for line in done.stdout.decode("utf-8").splitlines()]
    assert printed == match.group(2).splitlines()
