"""Every output format through the CLI (CliRunner): each parses back to the same records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import Result

from renkei_cli.model import Catalog
from renkei_cli.records import RECORD_KEYS, placement_record
from renkei_cli.schemas import load_schema, record_schema

from .clitools import write_tricky_data

Run = Callable[..., Result]


def decode_csv_value(text: str, prop: dict[str, Any]) -> Any:
    """A CSV field back to its JSON value, by the documented rule and the schema's types."""
    if "$ref" in prop or "oneOf" in prop:
        return None if text == "" and "oneOf" in prop else text
    kinds = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    if text == "" and "null" in kinds:
        return None
    if "array" in kinds:
        if text == "":
            return []
        item = (prop.get("prefixItems") or [prop.get("items", {})])[0]
        return [decode_csv_value(part, item) for part in text.split(" ")]
    if "integer" in kinds:
        return int(text)
    if "boolean" in kinds:
        assert text in ("true", "false")
        return text == "true"
    return text


def decode_csv(text: str, command: str = "list") -> list[dict[str, Any]]:
    """CSV output back to records, typed by the command's published schema."""
    properties = record_schema(load_schema(command))["properties"]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return [{k: decode_csv_value(v, properties[k]) for k, v in row.items()} for row in rows]


@pytest.fixture
def expected(catalog: Catalog) -> list[dict[str, Any]]:
    from renkei_cli.topics import load_topics

    return [placement_record(catalog, p, load_topics()) for p in catalog.placements]


def test_json_is_the_82_placement_records(run_json: Callable[..., Any], expected: list) -> None:
    records = run_json("list")
    assert len(records) == 82
    assert records == expected
    assert all(list(record) == list(RECORD_KEYS) for record in records)


def test_jsonl_parses_back_to_the_82_records(run: Run, expected: list) -> None:
    result = run("list", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 82
    assert [json.loads(line) for line in lines] == expected


def test_yaml_parses_back_to_the_82_records(run: Run, expected: list) -> None:
    result = run("list", "--format", "yaml")
    assert result.exit_code == 0, result.stderr
    assert YAML(typ="safe").load(result.stdout) == expected
    assert "北九州" in result.stdout  # UTF-8 kept, not escaped
    assert not result.stdout.startswith(("%", "---"))  # plain: no directive, no marker
    block = result.stdout.replace(": []\n", ": \n")  # an empty list has no block form
    assert "{" not in block and "[" not in block  # block style only


def test_csv_parses_back_to_the_82_records(run: Run, expected: list) -> None:
    result = run("list", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(RECORD_KEYS)
    assert decode_csv(result.stdout) == expected


def test_csv_is_rfc_4180_with_crlf_and_quoting(run: Run, tmp_path: Path) -> None:
    data = write_tricky_data(tmp_path)
    result = run("--data", str(data), "list", "--format", "csv", "--fields", "id,initiative_title")
    raw = result.stdout_bytes
    assert raw.count(b"\r\n") == 4  # header + 3 records, every line CRLF-terminated
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert not raw.startswith(b"\xef\xbb\xbf")
    second_line = raw.split(b"\r\n")[1].decode("utf-8")
    # A field with a comma and quotes is quoted, its quotes doubled.
    assert second_line == '1-a-1,"カンマ, と ""引用符"" と | 縦棒"'


def test_excel_adds_a_utf8_bom_and_implies_csv(run: Run) -> None:
    result = run("list", "--excel")
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf" + b"id,name,")
    assert decode_csv(raw.decode("utf-8-sig"))[0]["id"] == "1-a-1"
    same = run("list", "--excel", "--format", "csv")
    assert same.stdout_bytes == raw


def test_tsv_is_the_default_in_a_pipe(run: Run, expected: list) -> None:
    result = run("list")
    lines = result.stdout.splitlines()
    assert len(lines) == 82
    assert lines[0].split("\t")[:2] == ["1-a-1", "1"]
    assert "\x1b[" not in result.stdout
    repost = next(r for r in expected if r["repost"])
    row = next(line for line in lines if line.startswith(repost["id"] + "\t"))
    assert row.split("\t")[-1] == repost["primary_id"]


def test_markdown_is_a_pipe_table_with_bars_escaped(run: Run, tmp_path: Path) -> None:
    result = run("--data", str(write_tricky_data(tmp_path)), "list", "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0] == "| ID | Area | Initiative | Project | 再掲 |"
    assert lines[1] == "| --- | --- | --- | --- | --- |"
    assert len(lines) == 2 + 3
    assert '| 1-a-1 | 1 | カンマ, と "引用符" と \\| 縦棒 | 𠮷田町の事業—その一 |  |' in lines
    assert lines[-1].endswith("| → 1-a-1 |")
    full = run("list", "--format", "markdown").stdout.splitlines()
    assert len(full) == 2 + 82


def test_fields_pick_and_order_keys_in_every_record_format(run: Run) -> None:
    fields = ("name", "id", "pages")
    as_json = json.loads(run("list", "-a", "2", "--json", "--fields", "name,id,pages").stdout)
    assert all(tuple(record) == fields for record in as_json)
    jsonl = run("list", "-a", "2", "--format", "jsonl", "--fields", "name, id,pages,id").stdout
    assert [json.loads(line) for line in jsonl.splitlines()] == as_json
    yaml = run("list", "-a", "2", "--format", "yaml", "--fields", "name,id,pages").stdout
    assert YAML(typ="safe").load(yaml) == as_json
    as_csv = run("list", "-a", "2", "--format", "csv", "--fields", "name,id,pages").stdout
    assert as_csv.splitlines()[0] == "name,id,pages"
    assert decode_csv(as_csv) == as_json


def test_fields_become_the_columns_of_tsv_and_markdown(run: Run) -> None:
    tsv = run("list", "-a", "3", "-f", "1", "-i", "g", "--fields", "id,primary_id,placements")
    assert tsv.stdout.splitlines()[1] == "3-1-g-2\t1-b-5\t1-b-5 3-1-g-2"
    assert tsv.stdout.splitlines()[0] == "3-1-g-1\t\t3-1-g-1"
    markdown = run("list", "-a", "1", "-i", "a", "--format", "markdown", "--fields", "repost,id")
    assert markdown.stdout.splitlines() == [
        "| repost | id |",
        "| --- | --- |",
        "| false | 1-a-1 |",
    ]


def test_an_unknown_field_gets_the_valid_ones(run: Run) -> None:
    result = run("list", "--fields", "id,title,nam")
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("renkei: error: unknown fields title, nam: valid fields are id,")
    assert message.endswith(", ".join(RECORD_KEYS))
    assert len(result.stderr.splitlines()) == 1


def test_empty_fields_are_refused(run: Run) -> None:
    result = run("list", "--fields", " , ")
    assert result.exit_code == 2
    assert "--fields needs at least one field name" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--json", "--format", "csv"), "--json conflicts with --format csv"),
        (("--excel", "--format", "json"), "--excel writes CSV and conflicts with --format json"),
        (("--ascii",), "--ascii applies to --format json, jsonl or yaml"),
        (("--ascii", "--format", "csv"), "--ascii applies to --format json, jsonl or yaml"),
        (("--format", "xml"), "'xml' is not one of"),
    ],
)
def test_contradictory_options_are_usage_errors(run: Run, args: tuple, message: str) -> None:
    result = run("list", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml"])
def test_ascii_escapes_every_non_ascii_character(run: Run, fmt: str, tmp_path: Path) -> None:
    data = str(write_tricky_data(tmp_path))
    plain = run("--data", data, "list", "--format", fmt)
    escaped = run("--data", data, "list", "--format", fmt, "--ascii")
    assert escaped.exit_code == 0, escaped.stderr
    assert escaped.stdout_bytes.isascii()
    assert not plain.stdout_bytes.isascii()
    if fmt == "yaml":
        assert YAML(typ="safe").load(escaped.stdout) == YAML(typ="safe").load(plain.stdout)
    else:
        lines = [escaped.stdout] if fmt == "json" else escaped.stdout.splitlines()
        plain_lines = [plain.stdout] if fmt == "json" else plain.stdout.splitlines()
        assert [json.loads(x) for x in lines] == [json.loads(x) for x in plain_lines]
    assert "\\U00020BB7" in escaped.stdout or "\\ud842\\udfb7" in escaped.stdout  # 𠮷


def test_yaml_quotes_strings_a_yaml_11_reader_would_retype(run: Run, tmp_path: Path) -> None:
    data = str(write_tricky_data(tmp_path))
    result = run("--data", data, "list", "--format", "yaml", "--fields", "id,name")
    assert "  name: 'yes'\n" in result.stdout  # PyYAML would read a plain yes as True
    assert "- id: 1-a-1\n" in result.stdout  # ordinary strings stay plain


def test_no_match_exits_1_with_valid_empty_output(run: Run, tmp_path: Path) -> None:
    data = str(write_tricky_data(tmp_path))
    as_json = run("--data", data, "list", "-i", "b", "--no-reposts", "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == []
    as_csv = run("--data", data, "list", "-i", "b", "--no-reposts", "--format", "csv")
    assert as_csv.exit_code == 1
    assert as_csv.stdout_bytes == (",".join(RECORD_KEYS) + "\r\n").encode()
    as_yaml = run("--data", data, "list", "-i", "b", "--no-reposts", "--format", "yaml")
    assert YAML(typ="safe").load(as_yaml.stdout) == []
    assert run("--data", data, "list", "-i", "b", "--no-reposts").stdout == ""
    assert run("--data", data, "list", "-i", "b").exit_code == 0


def test_lists_of_objects_are_flat_ids_in_csv(run: Run) -> None:
    import csv
    import io

    result = run("xref", "--terms", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    airport = next(row for row in rows if row["term"] == "北九州空港")
    assert airport["projects"] == "1-c-1 2-d-1 2-d-2"
    assert "{" not in result.stdout


def test_json_is_one_record_per_line_and_parses_back_in_chunks() -> None:
    from renkei_cli.output import OutputOptions, json_chunks

    records = [{"id": f"1-a-{n}", "name": "連携"} for n in range(1, 6)]
    pieces = list(json_chunks(records, OutputOptions(), chunk=2))
    assert len(pieces) == 3
    text = "".join(pieces)
    assert json.loads(text) == records
    assert text.splitlines()[1] == ' {"id": "1-a-2", "name": "連携"},'
    assert "".join(json_chunks([], OutputOptions())) == "[]\n"
