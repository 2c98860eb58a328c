"""Import hygiene: the core is a library without Typer or Rich, and heavy modules load only on
the paths that need them (start-up time is a feature; see docs/performance.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SRC = str(ROOT / "src")
CORE = [
    "renkei_cli.loader",
    "renkei_cli.model",
    "renkei_cli.query",
    "renkei_cli.search",
    "renkei_cli.textnorm",
    "renkei_cli.romaji",
    "renkei_cli.xref",
    "renkei_cli.overview",
    "renkei_cli.cache",
    "renkei_cli.ids",
    "renkei_cli.errors",
    "renkei_cli.render",
]


def imported_by(code: str) -> set[str]:
    """Top-level packages a fresh interpreter imports to run `code` (renkei from src/)."""
    probe = (
        "import sys; before = set(sys.modules); "
        + code
        + "; print(' '.join(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": SRC},
    )
    return set(out.stdout.split())


def imported_by_command(args: list[str], cache_home: Path) -> set[str]:
    """Top-level packages a real `renkei ARGS` run imports (read from -X importtime)."""
    env = {**os.environ, "PYTHONPATH": SRC, "XDG_CACHE_HOME": str(cache_home)}
    command = [sys.executable, "-X", "importtime", "-m", "renkei_cli", *args]
    subprocess.run(command[:1] + command[3:], capture_output=True, env=env, check=False)  # warm
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    names = (line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line)
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("module", CORE)
def test_the_core_imports_neither_typer_nor_rich(module: str) -> None:
    assert not imported_by(f"import {module}") & {"typer", "rich", "click"}


@pytest.mark.parametrize("module", ["renkei_cli.textnorm", "renkei_cli.romaji"])
def test_text_normalisation_is_stdlib_only(module: str) -> None:
    third_party = imported_by(f"import {module}") - set(sys.stdlib_module_names)
    assert third_party <= {"renkei_cli"}


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["--help"], {"rich", "ruamel", "rapidfuzz"}),
        (["list", "--json"], {"rich", "ruamel", "rapidfuzz"}),
        (["list"], {"rich", "ruamel", "rapidfuzz"}),  # piped: TSV, no table
        (["search", "空港", "--json"], {"rich", "ruamel", "rapidfuzz"}),
        (["show", "2-d-1", "--json"], {"rich", "ruamel", "rapidfuzz"}),
    ],
)
def test_heavy_modules_load_only_where_needed(
    args: list[str], absent: set[str], tmp_path: Path
) -> None:
    loaded = imported_by_command(args, tmp_path)
    assert "typer" in loaded  # the probe sees imports at all
    assert not loaded & absent


def test_the_table_and_a_typo_do_load_theirs(tmp_path: Path) -> None:
    assert "rich" in imported_by_command(["list", "--format", "table"], tmp_path)
    assert "rapidfuzz" in imported_by_command(["search", "北九州空巷", "--json"], tmp_path)
