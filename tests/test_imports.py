"""Import hygiene and room sizes: the core is a library without Typer or Rich, heavy modules
load only on the paths that need them (start-up time is a feature; see docs/performance.md),
imports flow one way (docs/architecture.md), and no module, class or function outgrows its room."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SRC = str(ROOT / "src")
CORE = [
    "renkei_cli.api",
    "renkei_cli.answers",
    "renkei_cli.export.sqlite",
    "renkei_cli.builder",
    "renkei_cli.datafile",
    "renkei_cli.export",
    "renkei_cli.loader",
    "renkei_cli.paths",
    "renkei_cli.process",
    "renkei_cli.records",
    "renkei_cli.search.index",
    "renkei_cli.variants",
    "renkei_cli.views",
    "renkei_cli.yamlnodes",
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
    "renkei_cli.safe_text",
    "renkei_cli.collation",
    "renkei_cli.labels",
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
    return {name.split(".")[0] for name in modules_of_command(args, cache_home)}


def modules_of_command(args: list[str], cache_home: Path) -> set[str]:
    """Every module a warm `renkei ARGS` run imports (read from -X importtime)."""
    env = {**os.environ, "PYTHONPATH": SRC, "XDG_CACHE_HOME": str(cache_home)}
    command = [sys.executable, "-X", "importtime", "-m", "renkei_cli", *args]
    subprocess.run(command[:1] + command[3:], capture_output=True, env=env, check=False)  # warm
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    names = (line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line)
    return set(names)


@pytest.mark.parametrize(
    "args", [["list", "--json"], ["search", "空港", "--json"], ["show", "2-d-1", "--json"]]
)
def test_a_warm_run_imports_no_data_file_parser(args: list[str], tmp_path: Path) -> None:
    # The caches hold the catalog, the variants and the topics: validating them is for a miss.
    loaded = modules_of_command(args, tmp_path)
    assert "renkei_cli.cli" in loaded  # the probe sees imports at all
    parsers = {"renkei_cli.builder", "renkei_cli.yamlnodes", "renkei_cli.english"}
    assert not loaded & parsers


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


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "table"],
        ["search", "空港", "--format", "table"],
        ["show", "3-1-c-1", "--format", "table"],
        ["tree", "--format", "table"],
        ["stats", "--format", "table"],
        ["xref", "--terms", "--format", "table"],
    ],
)
def test_a_warm_table_imports_no_segmenter(args: list[str], tmp_path: Path) -> None:
    # The first run computes the phrase boundaries (BudouX) and caches them; later runs read them.
    loaded = imported_by_command(args, tmp_path)
    assert "typer" in loaded  # the probe sees imports at all
    assert "budoux" not in loaded


def test_a_cold_table_does_segment(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": SRC, "XDG_CACHE_HOME": str(tmp_path)}
    command = [sys.executable, "-X", "importtime", "-m", "renkei_cli", "list", "--format", "table"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert "budoux" in done.stderr


def test_the_table_and_a_typo_do_load_theirs(tmp_path: Path) -> None:
    # list's grouped table writes its own lines (grouped.py); search's is drawn by Rich.
    assert "rich" in imported_by_command(["search", "空港", "--format", "table"], tmp_path)
    assert "rapidfuzz" in imported_by_command(["search", "北九州空巷", "--json"], tmp_path)


PACKAGE = ROOT / "src" / "renkei_cli"
MAX_MODULE_LINES, MAX_CLASS_LINES, MAX_FUNCTION_LINES = 600, 250, 100
# The layers, lowest first: a module may import its own layer or lower ones, never higher.
LAYERS = [
    {"errors", "ids", "textnorm", "romaji", "paths", "terminal", "safe_text", "process", "labels"}
    | {"linebreak", "pager"},
    {"model", "datafile", "yamlnodes"},
    {
        "builder",
        "english",
        "variants",
        "loader",
        "cache",
        "query",
        "search",
        "xref",
        "overview",
        "collation",
        "topics",
        "phrases",
    },
    {"records", "api", "answers", "export"},
    {"output", "views", "render", "schemas", "completion", "lang", "tablefit", "grouped"},
    {
        "options",
        "usage",
        "group",
        "cli",
        "topics_command",
        "export_command",
        "__main__",
        "helpformat",
    },
]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _room(path: Path) -> str:
    """The layer name of a module: its first part under renkei_cli (search/index.py: search)."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def test_no_module_class_or_function_outgrows_its_room() -> None:
    too_big = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE)
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_big.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                limit = MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    too_big.append(f"{name}: {node.name} is {length} lines")
    assert too_big == []


def _imported_rooms(path: Path) -> set[str]:
    """The renkei_cli rooms a module imports, at the top or inside functions."""
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "renkei_cli" and len(parts) > 1:
                rooms.add(parts[1])
    return rooms


def test_imports_flow_one_way() -> None:
    """No module imports a room in a higher layer (the core never reaches the CLI)."""
    layer_of = {room: level for level, rooms in enumerate(LAYERS) for room in rooms}
    upward = []
    for path in _modules():
        room = _room(path)
        if room == "__init__":
            continue
        assert room in layer_of, f"{room} is in no layer: add it to LAYERS"
        for other in _imported_rooms(path) - {room, "__version__"}:
            if other in layer_of and layer_of[other] > layer_of[room]:
                upward.append(f"{path.relative_to(PACKAGE)} imports {other}")
    assert upward == []
