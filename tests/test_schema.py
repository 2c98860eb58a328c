"""The published JSON Schemas: valid draft 2020-12, printed by `renkei schema`, and every
command's real JSON output validates against its own (jsonschema is a test-only dependency)."""

from __future__ import annotations

import copy
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from jsonschema import Draft202012Validator
from typer.testing import Result

from renkei_cli.cli import app
from renkei_cli.records import RECORD_KEYS
from renkei_cli.schemas import CONTRACT_VERSION, load_schema, record_schema, schema_names

Run = Callable[..., Result]
INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"

# Invocations whose --json output each schema must describe; a schema without an entry is
# tested with `renkei NAME --json` alone. Add entries for commands that need arguments.
SAMPLES: dict[str, list[list[str]]] = {
    "list": [
        ["list"],
        ["list", "--area", "1"],
        ["list", "-a", "3", "-f", "1", "-i", "g"],
        ["list", "--no-reposts"],
    ],
    "show": [["show", "1-c-1"], ["show", "3-1-g-3"], ["show", "北九州空港の物流拠点化"]],
    "xref": [["xref"], ["xref", "--terms"], ["xref", "--terms", "--all"]],
    "tree": [["tree"], ["tree", "--depth", "1"], ["tree", "--depth", "2"], ["tree", "-d", "3"]],
    "search": [
        ["search", "北九州"],
        ["search", "福祉", "広域"],
        ["search", "kuukou", "--limit", "2"],
        ["search", "北九州空巷"],
        ["search", "LAB0"],
        ["search", "GX", "--area", "3"],
    ],
    "validate": [
        ["validate"],
        ["validate", str(INVALID / "unknown_key.yaml")],
        ["validate", str(INVALID / "many_problems.yaml")],
        ["validate", str(INVALID / "no_such_file.yaml")],
    ],
}
# Invocations that write another record shape of their schema than its first (default) one,
# by its `$defs` name: `xref --terms` writes terms, not projects.
RECORDS: dict[tuple[str, ...], str] = {
    ("xref", "--terms"): "term",
    ("xref", "--terms", "--all"): "term",
}
# Invocations that print their JSON and still exit non-zero: `validate` of an invalid file.
EXIT_CODES: dict[tuple[str, ...], int] = {tuple(args): 2 for args in SAMPLES["validate"][1:]}


def _samples(name: str) -> list[list[str]]:
    return SAMPLES.get(name, [[name]])


def _defs_named_in(prop: dict[str, Any]) -> list[str]:
    """The `$defs` names a property's value (or its items) may be, through `anyOf`/`oneOf`."""
    ref = prop.get("$ref", "")
    names = [ref.removeprefix("#/$defs/")] if ref.startswith("#/$defs/") else []
    for sub in (prop.get("items"), *prop.get("anyOf", ()), *prop.get("oneOf", ())):
        if isinstance(sub, dict):
            names += _defs_named_in(sub)
    return names


def _assert_keys_documented(
    schema: dict[str, Any], record: dict[str, Any], value: dict[str, Any], where: str
) -> None:
    """The object's keys are its schema's properties in order (all the required ones), and so
    are those of every object nested in it, each checked against the `$defs` record it is."""
    properties = record["properties"]
    assert set(record.get("required", ())) <= set(value), f"{where}: {list(value)}"
    assert list(value) == [key for key in properties if key in value], f"{where}: {list(value)}"
    for key, child in value.items():
        for index, item in enumerate(child if isinstance(child, list) else [child]):
            if not isinstance(item, dict):
                continue
            matches = [
                name
                for name in _defs_named_in(properties[key])
                if "properties" in schema["$defs"][name]
                and Draft202012Validator(
                    {"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"}
                ).is_valid(item)
            ]
            assert len(matches) == 1, f"{where}.{key}[{index}] is {matches}"
            nested = schema["$defs"][matches[0]]
            _assert_keys_documented(schema, nested, item, f"{where}.{key}[{index}]")


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
    defs = schema.get("$defs", {})
    for def_name, definition in defs.items():
        assert definition.get("description"), f"{name}: $defs/{def_name} has no description"
    records = [record_schema(schema), *(d for d in defs.values() if "properties" in d)]
    for record in records:
        for key, prop in record["properties"].items():
            assert prop.get("description"), f"{name}: key {key} has no description"


@pytest.mark.parametrize(
    ("name", "args"), [(name, args) for name in schema_names() for args in _samples(name)]
)
def test_json_output_validates_against_its_schema(run: Run, name: str, args: list[str]) -> None:
    schema = load_schema(name)
    result = run(*args, "--json")
    assert result.exit_code == EXIT_CODES.get(tuple(args), 0), result.stderr
    output = json.loads(result.stdout)
    Draft202012Validator(schema).validate(output)
    assert output
    # Every key the command writes is documented, and every documented key is written (a key
    # the schema does not require may be left out: tree's `children` where --depth cuts).
    record = record_schema(schema, RECORDS.get(tuple(args)))
    for index, item in enumerate(output if isinstance(output, list) else [output]):
        _assert_keys_documented(schema, record, item, f"{name}[{index}]")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        (name, args)
        for name in schema_names()
        if load_schema(name).get("type") == "array"  # one object (show, validate): no JSONL
        for args in _samples(name)
        if tuple(args) not in EXIT_CODES
    ],
)
def test_jsonl_lines_validate_as_records(run: Run, name: str, args: list[str]) -> None:
    schema = load_schema(name)
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


def test_show_and_tree_records_keep_the_list_record() -> None:
    """show begins with list's keys; its placement_details and tree's leaves are list records."""
    placement = record_schema(load_schema("list"))
    show = load_schema("show")
    assert tuple(show["properties"])[: len(RECORD_KEYS)] == RECORD_KEYS
    detail = dict(show["$defs"]["placement_detail"]["properties"])
    assert detail.pop("breadcrumb")
    assert detail == placement["properties"]
    leaf = load_schema("tree")["$defs"]["placement"]["properties"]
    assert {key: leaf[key] for key in leaf if key != "level"} == {
        key: placement["properties"][key] for key in leaf if key != "level"
    }


def _is_valid(name: str, output: Any) -> bool:
    return Draft202012Validator(load_schema(name)).is_valid(output)


def test_show_schema_rejects_broken_records(run_json: Callable[..., Any]) -> None:
    shown = run_json("show", "1-c-1")  # a name with a split correction
    split = shown["corrections"][0]
    broken = [
        {**shown, "repost": True},
        {**shown, "reading": "キタキュウシュウ"},
        {**shown, "corrections": []},  # source_text without corrections
        {**shown, "source_text": None},  # corrections without source_text
        {**shown, "corrections": [{**split, "from": "分!"}]},
        {**shown, "corrections": [{**split, "kind": "ocr"}]},
        {**shown, "placement_details": []},
        {**shown, "related": shown["related"][:1] * 11},  # at most 10
        {**shown, "related": [{**shown["related"][0], "shared": [], "topics": []}]},  # no link
        {**shown, "related": [{**shown["related"][0], "reasons": []}]},
        {**shown, "topic_details": [{"id": "airport", "title": "空港", "title_en": "Airport"}]},
        {k: v for k, v in shown.items() if k != "related"},
    ]
    assert _is_valid("show", copy.deepcopy(shown))
    for record in broken:
        assert not _is_valid("show", record), record


def test_xref_schema_rejects_broken_records(run_json: Callable[..., Any]) -> None:
    [project, *_] = run_json("xref")
    [term, *_] = run_json("xref", "--terms")
    broken = [
        [project, term],  # one array holds one shape
        [{**project, "placements": [project["id"]]}],
        [{**project, "id": "1-b"}],
        [{**term, "projects": term["projects"][:1]}],
        [{**term, "initiatives": ["1"]}],
        [{**term, "weight": "191.4"}],
        [{k: v for k, v in term.items() if k != "across_areas"}],
    ]
    assert _is_valid("xref", [project]) and _is_valid("xref", [term]) and _is_valid("xref", [])
    for output in broken:
        assert not _is_valid("xref", output), output


def test_tree_and_stats_schemas_reject_broken_records(run_json: Callable[..., Any]) -> None:
    areas = run_json("tree")
    area_1, _, area_3 = areas
    initiative = area_1["children"][0]
    leaf = initiative["children"][0]
    broken = [
        [{**area_1, "key": 1}],
        [{**area_1, "level": "field"}],
        [{**area_1, "children": [{**initiative, "children": [{**leaf, "repost": True}]}]}],
        [{**area_1, "children": [{**initiative, "children": [{**leaf, "id": "1-a"}]}]}],
        [{**area_1, "children": [{**initiative, "children": [area_3["children"][0]]}]}],
        [{**area_3, "children": [{**area_3["children"][0], "key": "3-1-a"}]}],
        [{k: v for k, v in area_1.items() if k != "reposts"}],
    ]
    assert _is_valid("tree", copy.deepcopy(areas))
    for output in broken:
        assert not _is_valid("tree", output), output
    rows = run_json("stats")
    area_row = rows[0]
    assert _is_valid("stats", rows)
    for row in ({**area_row, "key": "1-a"}, {**area_row, "projects": -1}, {**area_row, "level": 1}):
        assert not _is_valid("stats", [row]), row


def test_validate_schema_ties_valid_problems_and_counts(run: Run) -> None:
    valid = json.loads(run("validate", "--json").stdout)
    invalid = json.loads(run("validate", str(INVALID / "unknown_key.yaml"), "--json").stdout)
    problem = invalid["problems"][0]
    broken = [
        {**valid, "counts": None},
        {**valid, "problems": [problem]},
        {**invalid, "valid": True},
        {**invalid, "problems": []},
        {**invalid, "counts": valid["counts"]},
        {**invalid, "problems": [{**problem, "line": 0}]},
        {k: v for k, v in valid.items() if k != "counts"},
    ]
    assert _is_valid("validate", valid) and _is_valid("validate", invalid)
    for report in broken:
        assert not _is_valid("validate", report), report


@pytest.mark.slow
def test_the_wheel_ships_every_schema(wheel: Path) -> None:
    """`renkei schema` must work from an installed wheel: the JSON files are package data."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for name in schema_names():
        assert f"renkei_cli/schemas/{name}.json" in names
