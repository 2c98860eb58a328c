"""The published JSON Schemas: valid draft 2020-12, printed by `renkei schema`, and every
command's real JSON output validates against its own (jsonschema is a test-only dependency)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from jsonschema import Draft202012Validator
from typer.testing import Result

from renkei_cli.cli import app
from renkei_cli.query import RECORD_KEYS
from renkei_cli.schemas import CONTRACT_VERSION, load_schema, record_schema, schema_names

Run = Callable[..., Result]

# Invocations whose --json output each schema must describe; a schema without an entry is
# tested with `renkei NAME --json` alone. Add entries for commands that need arguments.
SAMPLES: dict[str, list[list[str]]] = {
    "list": [
        ["list"],
        ["list", "--area", "1"],
        ["list", "-a", "3", "-f", "1", "-i", "g"],
        ["list", "--no-reposts"],
    ],
}


def _samples(name: str) -> list[list[str]]:
    return SAMPLES.get(name, [[name]])


def _commands_with_format_option() -> list[str]:
    group: Any = typer.main.get_command(app)
    with group.make_context("renkei", [], resilient_parsing=True) as ctx:
        return [
            name
            for name in group.list_commands(ctx)
            if any("--format" in p.opts for p in group.get_command(ctx, name).params)
        ]


def test_list_is_published() -> None:
    assert "list" in schema_names()


@pytest.mark.parametrize("name", schema_names())
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:renkei-cli:schema:v{CONTRACT_VERSION}:{name}"
    assert schema.get("title") and schema.get("description")
    record = record_schema(schema)
    for key, prop in record["properties"].items():
        assert prop.get("description"), f"{name}: key {key} has no description"


@pytest.mark.parametrize(
    ("name", "args"), [(name, args) for name in schema_names() for args in _samples(name)]
)
def test_json_output_validates_against_its_schema(run: Run, name: str, args: list[str]) -> None:
    schema = load_schema(name)
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    Draft202012Validator(schema).validate(output)
    if schema.get("type") == "array":
        # Every key the command writes is documented, and every documented key is written.
        properties = list(record_schema(schema)["properties"])
        for record in output:
            assert list(record) == properties


@pytest.mark.parametrize(
    ("name", "args"), [(name, args) for name in schema_names() for args in _samples(name)]
)
def test_jsonl_lines_validate_as_records(run: Run, name: str, args: list[str]) -> None:
    schema = load_schema(name)
    if schema.get("type") != "array":
        pytest.skip(f"{name} --json is not an array of records, so it has no JSONL form")
    result = run(*args, "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    Draft202012Validator(schema).validate(records)


@pytest.mark.parametrize("name", schema_names())
def test_renkei_schema_prints_the_published_file(run: Run, name: str) -> None:
    result = run("schema", name)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == load_schema(name)


def test_renkei_schema_defaults_to_list(run: Run) -> None:
    assert json.loads(run("schema").stdout) == load_schema("list")


def test_an_unknown_schema_names_the_valid_ones(run: Run) -> None:
    result = run("schema", "lsit")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"renkei: error: no schema for 'lsit': schemas exist for {', '.join(schema_names())}"
    )


def test_every_command_with_json_output_has_a_schema() -> None:
    missing = [name for name in _commands_with_format_option() if name not in schema_names()]
    assert not missing, f"commands without src/renkei_cli/schemas/NAME.json: {missing}"


def test_list_schema_keys_are_the_record_keys() -> None:
    record = record_schema(load_schema("list"))
    assert tuple(record["properties"]) == RECORD_KEYS
    assert tuple(record["required"]) == RECORD_KEYS


def test_list_schema_rejects_broken_records(run_json: Callable[..., Any]) -> None:
    """The schema is not vacuous: each of these edits of a real record must fail."""
    records = run_json("list")
    validator = Draft202012Validator(load_schema("list"))
    repost = next(r for r in records if r["repost"])
    primary = next(r for r in records if not r["repost"])
    broken = [
        {**primary, "id": "1-B-1"},
        {**primary, "area": "1"},
        {**primary, "pages": [30]},
        {**primary, "pages": [30, 39, 40]},
        {**primary, "primary_id": "1-a-1"},  # only a 【再掲】 row has a primary
        {**repost, "primary_id": None},
        {**primary, "placements": []},
        {k: v for k, v in primary.items() if k != "theme"},
    ]
    assert validator.is_valid([copy.deepcopy(primary), copy.deepcopy(repost)])
    for record in broken:
        assert not validator.is_valid([record]), record


@pytest.mark.slow
def test_the_wheel_ships_every_schema(tmp_path: Path) -> None:
    """`renkei schema` must work from an installed wheel: the JSON files are package data."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [wheel] = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for name in schema_names():
        assert f"renkei_cli/schemas/{name}.json" in names
