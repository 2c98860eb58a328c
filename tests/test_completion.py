"""Shell completion: `renkei completion SHELL` scripts, and values completed from the catalog."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from renkei_cli import completion
from renkei_cli.model import Catalog
from renkei_cli.records import RECORD_KEYS
from renkei_cli.schemas import schema_names

from .clitools import RENKEI, process_env

Run = Callable[..., Result]


def complete_bash(run: Run, words: str, **env: str) -> list[str]:
    """What Typer's bash protocol answers for the command line `words` (cursor at its end)."""
    parts = words.split(" ")
    result = run(
        env={
            "_RENKEI_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **env,
        }
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


def complete_zsh(run: Run, words: str) -> str:
    result = run(env={"_RENKEI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_commands_complete(run: Run) -> None:
    import typer.main

    from renkei_cli.cli import app

    registered = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {"list", "schema", "completion", "show"} <= set(registered)
    assert complete_bash(run, "renkei ") == registered
    assert complete_bash(run, "renkei sc") == ["schema"]


def test_area_numbers_complete(run: Run, catalog: Catalog) -> None:
    assert complete_bash(run, "renkei list --area ") == [str(a.number) for a in catalog.areas]


def test_field_numbers_complete_within_the_area(run: Run, catalog: Catalog) -> None:
    expected = [str(f.number) for f in catalog.fields_of(3)]
    assert complete_bash(run, "renkei list --area 3 --field ") == expected
    assert complete_bash(run, "renkei list -a 1 -f ") == []


def _listed_letters(run: Run, *filters: str) -> list[str]:
    """The initiative letters `renkei list` prints under a filter: the answer, found another way."""
    listed = run("list", *filters, "--json")
    assert listed.exit_code == 0, listed.stderr
    return sorted({record["initiative"] for record in json.loads(listed.stdout)})


def test_initiative_letters_complete_within_area_and_field(run: Run) -> None:
    area_2 = _listed_letters(run, "-a", "2")
    field_3 = _listed_letters(run, "-a", "3", "-f", "3")
    area_3 = _listed_letters(run, "-a", "3")
    # the filters matter: a completer ignoring the area or the field would fail below
    assert len({tuple(area_2), tuple(field_3), tuple(area_3)}) == 3
    assert complete_bash(run, "renkei list -a 2 -i ") == area_2
    assert complete_bash(run, "renkei list -a 3 -f 3 --initiative ") == field_3
    assert complete_bash(run, "renkei list -a 3 -i ") == area_3
    assert complete_bash(run, "renkei list -a 2 -i b") == ["b"]


def test_zsh_completion_shows_titles(run: Run, catalog: Catalog) -> None:
    out = complete_zsh(run, "renkei list --area ")
    for area in catalog.areas:
        assert f'"{area.number}":"{area.title}"' in out


def test_fields_complete_one_key_at_a_time(run: Run) -> None:
    assert complete_bash(run, "renkei list --fields na") == ["name", "name_en"]
    assert complete_bash(run, "renkei list --fields pr") == ["primary_id"]
    after = complete_bash(run, "renkei list --fields id,name,")
    assert after == [f"id,name,{key}" for key in RECORD_KEYS if key not in ("id", "name")]


def test_formats_schemas_and_shells_complete(run: Run) -> None:
    assert complete_bash(run, "renkei list --format j") == ["json", "jsonl"]
    assert complete_bash(run, "renkei schema ") == schema_names()
    assert complete_bash(run, "renkei completion ") == ["bash", "zsh", "fish", "powershell"]


def test_a_bad_data_file_completes_nothing_without_a_traceback(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("areas: [unclosed\n", encoding="utf-8")
    for source in ({"RENKEI_DATA": str(bad)}, {"RENKEI_DATA": str(tmp_path / "missing.yaml")}):
        result = run(
            env={
                "_RENKEI_COMPLETE": "complete_bash",
                "COMP_WORDS": "renkei list --area ",
                "COMP_CWORD": "3",
                **source,
            }
        )
        assert result.exit_code == 0
        assert result.stdout.strip() == ""
        assert result.stderr == ""
    words = f"renkei --data {bad} list -i "
    assert complete_bash(run, words) == []


def test_data_option_is_used_for_completion(run: Run, tmp_path: Path) -> None:
    from .clitools import write_tricky_data

    data = write_tricky_data(tmp_path)
    assert complete_bash(run, f"renkei --data {data} list -i ") == ["a", "b"]


def test_the_id_completer_offers_placements_reposts_included(catalog: Catalog) -> None:
    class Context:
        params: dict = {}  # noqa: RUF012

        def find_root(self) -> Context:
            return self

    offered = dict(completion.complete_placement_id(Context(), "3-1-g"))
    assert offered["3-1-g-1"] == catalog.project("3-1-g-1").name
    # 3-1-g-2 is a 【再掲】 row: a placement of project 1-b-5, offered with that project's name
    assert offered["3-1-g-2"] == catalog.project("1-b-5").name
    assert all(pid.startswith("3-1-g") for pid in offered)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_prints_a_script_for_each_shell(run: Run, shell: str) -> None:
    result = run("completion", shell)
    assert result.exit_code == 0, result.stderr
    assert "_RENKEI_COMPLETE" in result.stdout
    assert result.stdout.endswith("\n")


def test_an_unknown_shell_is_a_usage_error(run: Run) -> None:
    result = run("completion", "tcsh")
    assert result.exit_code == 2
    assert "'tcsh' is not one of" in result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_completes_in_a_real_bash(tmp_path: Path, catalog: Catalog) -> None:
    """Source the script as a user would and call its completion function."""
    shim = tmp_path / "renkei"
    shim.write_text(f'#!/bin/sh\nexec {" ".join(RENKEI)} "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    script = """
        source <(renkei completion bash)
        COMP_WORDS=(renkei list --area 3 --field "")
        COMP_CWORD=5
        _renkei_completion renkei
        echo "${COMPREPLY[*]}"
    """
    env = process_env(PATH=f"{tmp_path}:{process_env()['PATH']}")
    done = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(f.number) for f in catalog.fields_of(3)]
    assert done.stderr == ""


def test_show_completes_placement_ids(run: Run) -> None:
    assert complete_bash(run, "renkei show 3-1-g-") == [f"3-1-g-{n}" for n in range(1, 6)]
    assert complete_bash(run, "renkei show 1-e-3") == ["1-e-3"]
