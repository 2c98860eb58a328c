"""Help and documentation: every command and option is summarised in one line, every command
shows examples, and README.md / docs/json.md carry exactly what the program generates."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import typer
from typer.testing import Result

from renkei_cli.cli import app

from .conftest import ROOT


def _load_generator() -> Any:
    """tools/gen_docs.py, the documentation generator (a tool, not part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "tools" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


docs = _load_generator()

Run = Callable[..., Result]


def _group_and_commands() -> tuple[Any, list[tuple[str, Any]]]:
    group: Any = typer.main.get_command(app)
    with group.make_context("renkei", [], resilient_parsing=True) as ctx:
        return group, [(name, group.get_command(ctx, name)) for name in group.list_commands(ctx)]


GROUP, COMMANDS = _group_and_commands()
COMMAND_NAMES = [name for name, _ in COMMANDS]


def test_the_commands_are_registered() -> None:
    assert {"list", "schema", "completion"} <= set(COMMAND_NAMES)
    assert docs.command_names() == COMMAND_NAMES


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_has_a_one_line_summary_shown_whole(run: Run, name: str) -> None:
    command = dict(COMMANDS)[name]
    summary = (command.help or "").strip().splitlines()[0]
    assert summary.endswith("."), f"{name}: the first line of its help is not a sentence"
    listing = run("--help").stdout
    line = next(line for line in listing.splitlines() if line.strip().startswith(name + " "))
    assert line.split(None, 1)[1] == summary, f"{name}: summary cut in `renkei --help`"


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_shows_examples(run: Run, name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    text = result.stdout
    assert "\n  Examples:\n" in text, f"`renkei {name} --help` has no Examples section"
    examples = text.split("\n  Examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    # An example too wide for the terminal continues on lines indented deeper than it.
    examples = [line for line in examples if not line.startswith(" " * 5)]
    assert examples, f"{name}: empty Examples section"
    assert all(re.search(rf"renkei {name}\b", line) for line in examples), examples


def test_the_root_help_shows_examples_and_exit_codes(run: Run) -> None:
    text = run("--help").stdout
    assert "\n  Examples:\n    renkei list" in text
    assert "Exit codes:" in text and "141" in text and "130 interrupted" in text


@pytest.mark.parametrize("name", ["", *COMMAND_NAMES])
def test_every_option_and_argument_has_one_line_of_help(name: str) -> None:
    command = dict(COMMANDS)[name] if name else GROUP
    for param in command.params:
        if param.name == "help":
            continue
        text = getattr(param, "help", None)
        assert text, f"renkei {name}: {param.name} has no help"
        assert "\n" not in text.strip(), f"renkei {name}: {param.name} help is not one line"


def test_readme_command_reference_matches_help() -> None:
    """Fails until `python tools/gen_docs.py` is run after a command or option changes."""
    text = docs.README.read_text(encoding="utf-8")
    assert docs._replace_block(text, "commands", docs.commands_block()) == text
    for name in COMMAND_NAMES:
        assert f"### `renkei {name}`" in text


def test_json_doc_documents_every_schema_key() -> None:
    text = docs.JSON_DOC.read_text(encoding="utf-8")
    assert docs._replace_block(text, "schemas", docs.schemas_block()) == text
    assert "| `placements` |" in text


def test_generated_help_is_the_80_column_help(run: Run) -> None:
    assert docs.help_text("list") == run("list", "--help", env={"COLUMNS": "80"}).stdout
    assert max(len(line) for line in docs.commands_block().splitlines()) <= 100


def test_docs_check_mode_reports_nothing_stale() -> None:
    assert docs.main(["--check"]) == 0


def test_readme_tells_how_to_install_completion() -> None:
    text = docs.README.read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"renkei completion {shell}" in text


def test_readme_documents_every_exit_code() -> None:
    from renkei_cli.errors import ExitCode

    text = docs.README.read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", section, flags=re.M)}
    assert documented == {int(code) for code in ExitCode}
    root_help = docs.help_text()
    for code in ExitCode:
        assert str(int(code)) in root_help.split("Exit codes:", 1)[1]
